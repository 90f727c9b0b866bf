"""Ratings of standards, or overall ratings, by provider."""
from __future__ import annotations

import re
from collections import OrderedDict

from rdflib import Literal

from kg.answer.analyse import Question, rating_labels
from kg.answer.evidence import (EVIDENCE, Item, PlanResult, add_evidence, fact_values, facts_about, framework_ok, merged,
                                provider_ok, provider_type, run_query, year_ok)
from kg.graph.facts import entity_iri


def rating_plan(dataset, question: Question, overall: bool | None = None) -> PlanResult:
    """Ratings of standards (or overall ratings) by provider, read from the graph.

    A question that names no standard and finds no rating of one ("How was North Yorkshire PDU rated?") is
    answered by the overall rating: a press release prints only that.
    """
    if overall is None:
        asked = bool(re.search(r"\boverall\b", question.text, re.I))
        result = rating_plan(dataset, question, asked)
        if asked or question.standards:
            return result
        if question.rating_values:
            # "Which PDUs were rated 'Good'?": an overall rating of that value answers as well as a standard's.
            return merged(rating_plan(dataset, question, True), result)
        if result.items or not question.providers:
            return result
        return rating_plan(dataset, question, True)
    selected = add_evidence(dataset, _selected(dataset, question, overall))
    looked_for = ("an overall rating" if overall else "ratings") + (
        f" of standard {', '.join(question.standards)}" if question.standards else "") + (
        f" for {', '.join(p.canonical for p in question.providers)}" if question.providers else "")
    items = _by_provider(selected)
    if question.asks_count:
        for item in items.values():
            item.detail = f"{len(item.evidence)} ({item.detail})"
    return PlanResult("ratings", list(items.values()), looked_for, True, "Ratings")




def _selected(dataset, question: Question, overall: bool) -> list[dict]:
    """The rating facts of the asked standards (or overall), values, providers, years and frameworks."""
    rows = run_query(dataset, """
    SELECT DISTINCT ?fact ?sid ?sname ?rating ?plabel ?ptype ?file ?title ?published ?framework WHERE {
    """ + facts_about(dataset, "pkg:Rating", question) + """
        ?fact pkg:standardId ?sid ; pkg:inReport ?report .
        ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
    """ + (f'FILTER(?sid {"=" if overall else "!="} "overall")') + (
        f" VALUES ?sid {{ {' '.join(Literal(s).n3() for s in question.standards)} }}" if question.standards else "") + EVIDENCE + """ }
    }""")
    # The standard's label (in the ontology graph; an overall rating has none) is read for these facts only.
    rows = fact_values(dataset, rows, {"rating": "pkg:ratingText", "sname": "pkg:standard/skos:prefLabel"})
    selected = []
    for row in rows:
        rating = str(row.get("rating") or "")
        if (row["sid"] == "overall") != overall:
            continue  # an overall rating answers only a question about the overall rating
        if question.standards and row["sid"] not in question.standards:
            continue
        if question.rating_values and not any(rating.lower() in rating_labels(v) for v in question.rating_values):
            continue
        if not provider_ok(question, row["plabel"], provider_type(row)) or not year_ok(question, row):
            continue
        if framework_ok(question, row):
            selected.append(row)
    return selected


def _by_provider(rows: list[dict]) -> "OrderedDict[str, Item]":
    """One item per provider, its detail each rating it got; with several inspections of one provider, each
    rating says which (its year, or its report's title): the change between them."""
    reports_of: dict[str, set[str]] = {}
    for row in rows:
        reports_of.setdefault(row["plabel"], set()).add(str(row["file"]))
    items: "OrderedDict[str, Item]" = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["plabel"], str(r.get("published") or ""), r["sid"])):
        label, ptype = row["plabel"], provider_type(row)
        item = items.setdefault(label, Item(label, ptype, str(entity_iri(label, ptype))))
        name = row.get("sname") or ""
        standard = "overall rating" if row["sid"] == "overall" else f"{row['sid']} {name}".strip()
        part = f"{standard}: {row.get('rating') or 'no rating printed'}"
        if len(reports_of[label]) > 1:
            part += f" ({str(row.get('published') or '')[:4] or row['title']})"
        item.add(part, row)
    return items
