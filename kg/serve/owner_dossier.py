"""An owner's dossier: the providers it owned or ran, side by side, and the changes of ownership."""
from __future__ import annotations


def owner_dossier(dossiers, subject: dict) -> dict:
    """The providers `subject` (an owner) owned or ran, each with its latest overall rating, its standard
    ratings, its key-question figures and its criticisms by topic; and the changes of ownership."""
    iri = subject["iri"]
    rows = dossiers.rows(f"""
    SELECT DISTINCT ?p ?provider ?published ?file ?start ?end ?quote WHERE {{
      ?fact a pkg:OwnershipStatement ; pkg:owner <{iri}> ; pkg:provider ?p ; pkg:inReport ?report .
      ?p skos:prefLabel ?provider .
      OPTIONAL {{ ?report pkg:publicationDate ?published }}
      OPTIONAL {{ ?fact pkg:evidence/oa:hasTarget ?target .
                 ?target oa:hasSource/pkg:fileName ?file ; pkg:startLine ?start ; pkg:endLine ?end ;
                         oa:hasSelector/oa:exact ?quote . }}
    }} ORDER BY ?provider ?published""")
    providers: dict[str, dict] = {}
    for row in rows:
        entry = providers.setdefault(str(row["p"]), {"name": row["provider"], "iri": str(row["p"]), "owned_as_of": [],
                                                     "citations": []})
        if row.get("published") and str(row["published"]) not in entry["owned_as_of"]:
            entry["owned_as_of"].append(str(row["published"]))
        if (cited := dossiers.cite(row)) and cited not in entry["citations"]:
            entry["citations"].append(cited)
    taken, subjects = dossiers.ownership_changes(iri, "pkg:newOwner"), dossiers.subjects()
    for reference in taken:
        # An owner named only by the reference data (the 2015 share sale, a later takeover) still ran it.
        match = next((p for p in providers.values() if p["name"] == reference["provider"]), None)
        if match is None:
            subject_row = next((s for s in subjects if s["label"] == reference["provider"]), None)
            if subject_row is not None:
                providers[subject_row["iri"]] = {"name": reference["provider"], "iri": subject_row["iri"],
                                                 "owned_as_of": [], "citations": []}
    side_by_side = []
    for entry in sorted(providers.values(), key=lambda p: p["name"]):
        inspections = dossiers.inspections(entry["iri"])
        latest = next((i for i in reversed(inspections) if i["overall_rating"]), None)
        findings = dossiers.findings(entry["iri"])
        side_by_side.append({
            **entry,
            "latest_overall_rating": latest["overall_rating"] if latest else "",
            "latest_overall_rating_citation": (latest["citations"].get("overall rating") if latest else None),
            "inspections": len(inspections),
            "standards": dossiers.standards(entry["iri"]),
            "key_questions": dossiers.key_questions(entry["iri"]),
            "criticisms": findings["totals"]["criticisms"], "praise": findings["totals"]["praise"],
            "criticisms_by_topic": {g["topic"]: g["count"] for g in findings["criticisms"]},
            "praise_by_topic": {g["topic"]: g["count"] for g in findings["praise"]},
        })
    changes = taken + dossiers.ownership_changes(iri, "pkg:previousOwner")
    members = dossiers.rows(f"""SELECT DISTINCT ?member WHERE {{ <{iri}> org:hasMember/skos:prefLabel ?member }}
                                ORDER BY ?member""")
    return {"kind": "owner", "name": subject["label"], "type": "Owner", "iri": iri,
            "members": [str(m["member"]) for m in members], "providers": side_by_side,
            "ownership_changes": sorted(changes, key=lambda c: (c["from"], c["provider"]))}
