"""A dossier of one provider or one owner, read from the graph: every fact with the report lines it came from.

A provider's dossier holds its owners, its inspections in time order (kind, fieldwork, publication, overall
rating, the inspection it follows up), its standard ratings and key-question figures beside the national
picture of the same framework, the recommendations of each inspection, its findings by topic (criticisms and
praise apart) and the providers named as its predecessors or successors. An owner's dossier holds the
providers it owned side by side and the changes of ownership. Facts read from a report cite it (file, lines,
verbatim quote, and the Reports page's link to that line); ownership changes come from the reference data
and cite its published source.
"""
from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from ingest.gazetteer import name_key
from kg.answer.enumerations import report_lines
from kg.answer.evidence import add_evidence, report_facts, values_of
from kg.errors import KgError
from kg.graph.reference import REFERENCE_GRAPH
from kg.graph.sparql import select_rows
from kg.serve.views import reports_link

# Findings quoted per topic and polarity; every finding is counted.
QUOTES_PER_TOPIC = 3

def citation(row: dict) -> dict | None:
    """The citation of a row holding ?file ?start ?end ?quote, with the Reports page's link to its line."""
    if not row.get("file") or row.get("start") is None:
        return None
    file = str(row["file"])
    return {"report": file, "start_line": int(row["start"]), "end_line": int(row.get("end") or row["start"]),
            "quote": str(row["quote"]), "link": reports_link(file, int(row["start"]))}


class Dossiers:
    """Builds dossiers over one loaded index."""

    def __init__(self, index) -> None:
        self.index = index

    def rows(self, query: str) -> list[dict]:
        return select_rows(self.index.dataset, query)

    def cite(self, row: dict) -> dict | None:
        return citation(row)

    def cited_rows(self, query: str) -> list[dict]:
        """The rows of `query` (which selects ?fact) with each fact's evidence (?file ?start ?end ?quote), read
        for the found facts only (kg.answer.evidence.add_evidence)."""
        return add_evidence(self.index.dataset, self.rows(query))

    # --- who is asked for ---------------------------------------------------------------------

    def subjects(self) -> list[dict]:
        """Every provider and owner of the graph: iri, label, type and kind ("provider" or "owner")."""
        return self.index.derived("dossier_subjects", lambda index: self._subjects())

    def _subjects(self) -> list[dict]:
        rows = self.rows("""
        SELECT DISTINCT ?s ?label ?class WHERE {
          { ?s a ?class . ?class rdfs:subClassOf* pkg:Provider } UNION { ?s a pkg:Owner . BIND(pkg:Owner AS ?class) }
          ?s skos:prefLabel ?label .
        }""")
        found: dict[str, dict] = {}
        for row in rows:
            kind = "owner" if str(row["class"]).endswith("#Owner") else "provider"
            ptype = str(row["class"]).rsplit("#", 1)[-1]
            entry = found.setdefault(str(row["s"]), {"iri": str(row["s"]), "label": str(row["label"]), "type": ptype,
                                                     "kind": kind})
            # The most specific class names the type (a probation trust is also a probation area).
            if ptype not in ("Provider", "ProbationArea", "Owner") or entry["type"] == "Provider":
                entry["type"] = ptype
        return sorted(found.values(), key=lambda s: (s["kind"], s["label"]))

    def resolve(self, name: str, kind: str | None = None) -> dict:
        """The provider or owner `name` means: its label, or a spelling of it ("&"/"and", "CRC" spelled out)."""
        candidates = [s for s in self.subjects() if kind is None or s["kind"] == kind]
        wanted = name_key(name)
        exact = [s for s in candidates if name_key(s["label"]) == wanted or s["iri"] == name]
        if exact:
            return exact[0]
        near = difflib.get_close_matches(wanted, [name_key(s["label"]) for s in candidates], n=3, cutoff=0.6)
        labels = [s["label"] for key in near for s in candidates if name_key(s["label"]) == key]  # closest first
        hint = f"; did you mean {', '.join(repr(l) for l in labels)}?" if labels else ""
        raise KgError(f"no {kind or 'provider or owner'} named {name!r} in the index{hint}")

    def dossier(self, name: str, kind: str | None = None) -> dict:
        subject = self.resolve(name, kind)
        if subject["kind"] == "owner":
            from kg.serve.owner_dossier import owner_dossier

            return owner_dossier(self, subject)
        return self.provider(subject)

    # --- a provider ---------------------------------------------------------------------------

    def provider(self, subject: dict) -> dict:
        iri = subject["iri"]
        inspections = self.inspections(iri)
        return {
            "kind": "provider", "name": subject["label"], "type": subject["type"], "iri": iri,
            "rating_scale": self.rating_scale(),
            "owners": self.owners_of(iri),
            "ownership_changes": self.ownership_changes(iri, "pkg:ownershipOf"),
            "inspections": inspections,
            "ratings_over_time": [{"published": i["published"], "rating": i["overall_rating"], "report": i["report"],
                                   "rank": i["rating_rank"]} for i in inspections if i["rating_rank"] is not None],
            "standards": self.standards(iri),
            "key_questions": self.key_questions(iri),
            "recommendations": self.recommendations(iri),
            "findings": self.findings(iri),
            "predecessors": self.related(iri, "org:resultingOrganization", "org:originalOrganization"),
            "successors": self.related(iri, "org:originalOrganization", "org:resultingOrganization"),
        }

    def owners_of(self, iri: str) -> list[dict]:
        rows = self.cited_rows(f"""
        SELECT DISTINCT ?fact ?owner ?o ?report WHERE {{
          ?fact a pkg:OwnershipStatement ; pkg:provider <{iri}> ; pkg:owner ?o ; pkg:inReport ?report .
          ?o skos:prefLabel ?owner .
        }}""")
        reports = self.reports()
        out = [{"owner": r["owner"], "owner_iri": str(r["o"]), "as_of": reports[str(r["report"])]["published"],
                "citation": self.cite(r)} for r in rows]
        return sorted(out, key=lambda o: (o["as_of"], o["owner"]))

    def reports(self) -> dict[str, dict]:
        """Report IRI -> file, title, publication and fieldwork dates ("" when not printed) of every report."""
        return {iri: {**report, "published": str(report["published"] or ""), "fieldwork": str(report["fieldwork"] or "")}
                for iri, report in report_facts(self.index.dataset).items()}

    def rating_scale(self) -> dict[int, str]:
        """The four-point rating scale of ontology/frameworks.ttl: notation (1 lowest) -> label."""
        return self.index.derived("dossier_rating_scale", lambda index: {
            int(r["n"]): str(r["label"]) for r in self.rows(
                "SELECT ?n ?label WHERE { ?c skos:inScheme rating:scale ; skos:notation ?n ; skos:prefLabel ?label }")})

    def values(self, subjects, path: str) -> dict[str, list]:
        return values_of(self.index.dataset, subjects, path)

    def annotations(self, annotations) -> dict[str, dict]:
        """Annotation IRI -> its citation."""
        terms = " ".join(sorted({f"<{a}>" for a in annotations}))
        if not terms:
            return {}
        rows = self.rows(f"""SELECT ?a ?file ?start ?end ?quote WHERE {{ VALUES ?a {{ {terms} }}
          ?a oa:hasTarget ?target . ?target oa:hasSource/pkg:fileName ?file ; pkg:startLine ?start ; pkg:endLine ?end ;
          oa:hasSelector/oa:exact ?quote . }}""")
        return {str(r["a"]): self.cite(r) for r in rows}

    def ownership_changes(self, iri: str, role: str) -> list[dict]:
        """Changes of ownership from the reference data (`role`: pkg:ownershipOf for a provider, pkg:newOwner
        or pkg:previousOwner for an owner)."""
        rows = self.rows(f"""
        SELECT DISTINCT ?provider ?new ?previous ?from WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{
          ?change {role} <{iri}> ; pkg:ownershipOf/skos:prefLabel ?provider ; pkg:newOwner/skos:prefLabel ?new ;
                  prov:atTime ?from .
          OPTIONAL {{ ?change pkg:previousOwner/skos:prefLabel ?previous }}
        }} }} ORDER BY ?provider ?from""")
        return [{"provider": r["provider"], "from": str(r["from"])[:10], "previous_owner": r.get("previous") or "",
                 "new_owner": r["new"], "source": "reference data"} for r in rows]

    def inspections(self, iri: str) -> list[dict]:
        """The provider's inspections in time order: kind, dates, overall rating and the inspection each follows up,
        each fact cited (the rating's line, the lines printing the dates, else the report's title line)."""
        rows = self.rows(f"""SELECT DISTINCT ?report ?inspection WHERE {{
          ?inspection pkg:inspectionOf <{iri}> . ?report pkg:reportsOn ?inspection }}""")
        reports, inspection_of = self.reports(), {str(r["report"]): str(r["inspection"]) for r in rows}
        kinds = self.values(inspection_of.values(), "pkg:inspectionKind/skos:prefLabel")
        followed = self.values(inspection_of.values(), "pkg:followsUp/^pkg:reportsOn/pkg:fileName")
        published = self.annotations(a for values in self.values(inspection_of, "pkg:publicationDateEvidence").values()
                                     for a in values)
        fieldwork = self.annotations(a for values in self.values(inspection_of, "pkg:fieldworkDateEvidence").values()
                                     for a in values)
        overall = {} if not inspection_of else {str(r["report"]): r for r in self.cited_rows(f"""
          SELECT DISTINCT ?fact ?report ?rating WHERE {{ VALUES ?report {{ {" ".join(f"<{r}>" for r in inspection_of)} }}
            ?fact pkg:standardId "overall" ; pkg:provider <{iri}> ; pkg:inReport ?report ; pkg:ratingText ?rating }}""")}
        # The place of a rating on the scale is its concept's notation, whatever the words printed.
        ranks = self.values((r["fact"] for r in overall.values()), "pkg:ratingValue/skos:notation")
        out = []
        for report, inspection in inspection_of.items():
            known, rating = reports.get(report, {}), overall.get(report)
            citations = {}
            if rating and (cited := self.cite(rating)):
                citations["overall rating"] = cited
            for role, found in (("publication", published), ("fieldwork", fieldwork)):
                cited = next((c for a, c in found.items() if a.startswith(report + "/")), None)
                if cited:
                    citations[role] = cited
            if not citations:
                citations["report"] = self._title_citation(known.get("file", ""), known.get("title", ""))
            out.append({"report": known.get("file", ""), "title": known.get("title", ""),
                        "kind": str((kinds.get(inspection) or [""])[0]), "published": known.get("published", ""),
                        "fieldwork": known.get("fieldwork", ""), "overall_rating": str(rating["rating"]) if rating else "",
                        "rating_rank": int(ranks[str(rating["fact"])][0]) if rating and ranks.get(str(rating["fact"])) else None,
                        "follows_up": str((followed.get(inspection) or [""])[0]),
                        "citations": {k: v for k, v in citations.items() if v}})
        return sorted(out, key=lambda e: (e["published"] or "9999", e["report"]))

    def _title_citation(self, file: str, title: str) -> dict | None:
        """A report known only by its title is cited at the first line printing that title."""
        wanted = " ".join(title.split())
        for number, printed in (report_lines(self.index, Path(file).stem) or [])[:80]:
            line = " ".join(printed.split())
            # The title printed whole, or a line of it long enough to be more than a word or two.
            if wanted and wanted in line or len(line) >= 20 and line in wanted:
                return self.cite({"file": file, "start": number, "end": number, "quote": line})
        return None

    def standards(self, iri: str) -> list[dict]:
        """The provider's standard ratings, each beside the same standard's ratings across every provider."""
        rows = self.cited_rows(f"""
        SELECT DISTINCT ?fact ?id ?rating ?report WHERE {{
          ?fact a pkg:Rating ; pkg:provider <{iri}> ; pkg:standardId ?id ; pkg:ratingText ?rating ; pkg:inReport ?report .
          FILTER(?id != "overall")
        }}""")
        names = self.values((r["fact"] for r in rows), "pkg:standard/skos:prefLabel")
        national, reports = self._national_ratings(), self.reports()
        out = []
        for r in rows:
            name = str((names.get(str(r["fact"])) or [""])[0])
            out.append({"standard": str(r["id"]), "name": name, "rating": str(r["rating"]),
                        "published": reports.get(str(r["report"]), {}).get("published", ""),
                        "national": national.get(name or str(r["id"]), {}), "citation": self.cite(r)})
        return sorted(out, key=lambda s: (s["published"], s["standard"]))

    def _national_ratings(self) -> dict[str, dict[str, int]]:
        def compute(index) -> dict[str, dict[str, int]]:
            rows = self.rows("""
            SELECT DISTINCT ?fact ?id ?name ?rating WHERE {
              ?fact a pkg:Rating ; pkg:standardId ?id ; pkg:ratingText ?rating . FILTER(?id != "overall")
              OPTIONAL { ?fact pkg:standard/skos:prefLabel ?name }
            }""")
            counts: dict[str, Counter] = {}
            for r in rows:
                counts.setdefault(str(r.get("name") or r["id"]), Counter())[str(r["rating"])] += 1
            return {key: dict(counter.most_common()) for key, counter in counts.items()}

        return self.index.derived("dossier_national_ratings", compute)

    def key_questions(self, iri: str) -> list[dict]:
        rows = self.cited_rows(f"""
        SELECT DISTINCT ?fact ?id ?text WHERE {{
          ?fact a pkg:KeyQuestionResult ; pkg:provider <{iri}> ; pkg:standardId ?id ; pkg:questionText ?text .
        }}""")
        percents = self.values((r["fact"] for r in rows), "pkg:percent")
        national = self._national_key_questions()
        out = []
        for r in rows:
            if not percents.get(str(r["fact"])):
                continue  # printed as "-": no figure
            mean, measured = national.get(str(r["id"]), (None, 0))
            out.append({"question": str(r["id"]), "text": r["text"], "percent": float(percents[str(r["fact"])][0]),
                        "national_mean": mean, "providers_measured": measured, "citation": self.cite(r)})
        return sorted(out, key=lambda q: q["question"])

    def _national_key_questions(self) -> dict[str, tuple[float, int]]:
        def compute(index) -> dict[str, tuple[float, int]]:
            rows = self.rows("""
            SELECT ?id (AVG(?percent) AS ?mean) (COUNT(DISTINCT ?p) AS ?providers) WHERE {
              ?fact a pkg:KeyQuestionResult ; pkg:standardId ?id ; pkg:percent ?percent ; pkg:provider ?p .
            } GROUP BY ?id""")
            return {str(r["id"]): (round(float(r["mean"]), 1), int(r["providers"])) for r in rows}

        return self.index.derived("dossier_national_key_questions", compute)

    def recommendations(self, iri: str) -> list[dict]:
        rows = self.cited_rows(f"""
        SELECT DISTINCT ?fact ?text ?report WHERE {{
          ?report pkg:inspects <{iri}> . ?fact a pkg:Recommendation ; pkg:inReport ?report ; pkg:text ?text .
        }}""")
        reports = self.reports()
        out = [{"report": reports.get(str(r["report"]), {}).get("file", ""),
                "published": reports.get(str(r["report"]), {}).get("published", ""),
                "recommendation": str(r["text"]), "citation": self.cite(r)} for r in rows]
        return sorted(out, key=lambda r: (r["published"], r["report"], r["citation"]["start_line"] if r["citation"] else 0))

    def findings(self, iri: str) -> dict:
        """Findings about the provider by polarity and topic, with counts and the first quotes of each."""
        rows = self.cited_rows(f"""
        SELECT DISTINCT ?fact ?p WHERE {{ ?fact a pkg:Finding ; pkg:provider <{iri}> ; pkg:polarity ?p . }}""")
        topics = self.values((r["fact"] for r in rows), "pkg:topic/skos:prefLabel")
        groups: dict[str, dict[str, dict]] = {"criticisms": {}, "praise": {}}
        for r in sorted(rows, key=lambda r: (str(r.get("file")), int(r.get("start") or 0))):
            side = "praise" if str(r["p"]).endswith("#Strength") else "criticisms"
            for topic in topics.get(str(r["fact"])) or ["other"]:
                group = groups[side].setdefault(str(topic), {"count": 0, "quotes": []})
                group["count"] += 1
                if len(group["quotes"]) < QUOTES_PER_TOPIC and (cited := self.cite(r)):
                    group["quotes"].append(cited)
        out = {side: [{"topic": topic, "count": g["count"], "quotes": g["quotes"]}
                      for topic, g in sorted(found.items(), key=lambda item: (-item[1]["count"], item[0]))]
               for side, found in groups.items()}
        # A finding of several topics counts once in each: the totals count findings.
        praised = sum(1 for r in rows if str(r["p"]).endswith("#Strength"))
        out["totals"] = {"criticisms": len(rows) - praised, "praise": praised}
        return out

    def related(self, iri: str, mine: str, theirs: str) -> list[dict]:
        """Providers this one succeeded (mine = org:resultingOrganization) or that succeeded it, from the
        reference data: the 2014 split of the probation trusts and the 2021 unification."""
        rows = self.rows(f"""
        SELECT DISTINCT ?other ?label ?when ?event WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{
          ?change {mine} <{iri}> ; {theirs} ?other ; prov:atTime ?when ; rdfs:label ?event .
          ?other skos:prefLabel ?label .
        }} }} ORDER BY ?when ?label""")
        return [{"name": r["label"], "iri": str(r["other"]), "when": str(r["when"])[:10], "event": r["event"],
                 "source": "reference data"} for r in rows]
