"""Recommendations on the asked topics, by addressee."""
from __future__ import annotations

from collections import OrderedDict

from kg.answer.analyse import Question
from kg.answer.evidence import (EVIDENCE, Item, PlanResult, add_evidence, framework_ok, provider_ok, provider_type,
                                run_query, year_ok)
from kg.graph.facts import entity_iri
from kg.index.keyword import term_set


def recommendation_plan(dataset, question: Question, topic_patterns) -> PlanResult:
    """Recommendations whose text speaks of the question's topics (or its words), by addressee."""
    rows = run_query(dataset, """
    SELECT DISTINCT ?fact ?number ?text ?plabel ?ptype ?file ?title ?published ?framework WHERE { GRAPH ?g {
      ?fact a pkg:Recommendation ; pkg:number ?number ; pkg:text ?text ; pkg:addressedTo ?p ; pkg:inReport ?report .
      ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
    """ + EVIDENCE + "} }")
    words = term_set(question.text) - _QUESTION_WORDS
    rows = add_evidence(dataset, rows)
    items: "OrderedDict[str, Item]" = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["plabel"], r["number"])):
        text = str(row["text"])
        if question.topics:
            # A question that names topics asks for recommendations on them, whatever else they share.
            if not any(pattern.search(text) for topic, pattern in topic_patterns if topic in question.topics):
                continue
        elif len(words & term_set(text)) / max(len(words), 1) < 0.5:
            continue
        if not provider_ok(question, row["plabel"], provider_type(row)) or not year_ok(question, row):
            continue
        if not framework_ok(question, row):
            continue
        label, ptype = row["plabel"], provider_type(row)
        item = items.setdefault(label, Item(label, ptype, str(entity_iri(label, ptype))))
        part = f"recommendation {row['number']}: {text}"
        item.add(part, row)
    return PlanResult("recommendations", list(items.values()), "recommendations on " + (", ".join(question.topics) or "this"),
                      False, "Recommendations")


_QUESTION_WORDS = term_set(
    "which what who crc crcs report reports inspection inspections rated recommendation recommendations made number "
    "each three provider providers made about its it")


