"""Key-question percentages ("% yes") for one question across providers, or every question of one provider."""
from __future__ import annotations

import re

from rdflib import Literal

from kg.answer.analyse import Question
from kg.answer.evidence import (EVIDENCE, Item, PlanResult, add_evidence, fact_values, facts_about, provider_ok, provider_type,
                                row_evidence, run_query)
from kg.graph.facts import entity_iri

_ASKS_PERCENT = re.compile(r"\bwhat (?:percentage|proportion|share)\b|\bhow many per ?cent\b", re.I)
_AT_LEAST = re.compile(r"(\d{1,3})\s*%\s*or\s*(?:more|above|higher)|at least\s*(\d{1,3})\s*%|above\s*(\d{1,3})\s*%", re.I)
_AT_MOST = re.compile(r"(\d{1,3})\s*%\s*or\s*(?:less|below|lower)|below\s*(\d{1,3})\s*%|under\s*(\d{1,3})\s*%", re.I)


def key_question_plan(dataset, question: Question) -> PlanResult:
    """Key-question percentages: for one question across providers, or every question of one provider."""
    rows = run_query(dataset, """
    SELECT DISTINCT ?fact ?qid ?qtext ?percent ?printed ?plabel ?ptype ?file ?title ?published ?framework WHERE {
    """ + facts_about(dataset, "pkg:KeyQuestionResult", question) + """
      ?fact pkg:ratingText ?printed ; pkg:standardId ?qid ; pkg:questionText ?qtext ; pkg:inReport ?report .
      ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
    """ + (f" FILTER(?qid = {Literal(question.key_question).n3()})" if question.key_question else "")
        + EVIDENCE + "} }")
    # A figure printed as "-" has no percentage: read for these facts only.
    rows = fact_values(dataset, rows, {"percent": "pkg:percent"})
    least = _first_number(_AT_LEAST.search(question.text))
    most = _first_number(_AT_MOST.search(question.text))
    selected = []
    for row in rows:
        if question.key_question and row["qid"] != question.key_question:
            continue
        if not provider_ok(question, row["plabel"], provider_type(row)):
            continue
        percent = float(row["percent"]) if row.get("percent") is not None else None
        if least is not None and (percent is None or percent < least):
            continue
        if most is not None and (percent is None or percent > most):
            continue
        if percent is None and question.key_question and question.providers and _ASKS_PERCENT.search(question.text):
            continue  # printed as "-": the percentage asked of this provider is not in the report
        selected.append((percent, row))
    with_evidence = add_evidence(dataset, [row for _, row in selected])
    selected = [(percent, row) for (percent, _), row in zip(selected, with_evidence)]
    descending = bool(re.search(r"\b(highest|best|most|top)\b", question.text, re.I))
    selected.sort(key=lambda pair: (pair[0] is None, -(pair[0] or 0) if descending else (pair[0] or 0), pair[1]["qid"]))
    items = []
    by_question = question.key_question is None and len({r["plabel"] for _, r in selected}) == 1
    for percent, row in selected:
        value = row.get("printed") or ("-" if percent is None else f"{percent:g}%")
        evidence = [e] if (e := row_evidence(row)) else []
        if by_question:
            items.append(Item(row["qid"], "KeyQuestion", str(row["fact"]), f"{value}: {row['qtext']}", evidence))
        else:
            label, ptype = row["plabel"], provider_type(row)
            items.append(Item(label, ptype, str(entity_iri(label, ptype)), f"{row['qid']}: {value}", evidence))
    looked_for = f"key question {question.key_question}" if question.key_question else "key-question results"
    return PlanResult("key questions", items, looked_for, True, "Key-question results (% yes)")


def _first_number(match: re.Match | None) -> float | None:
    return float(next(g for g in match.groups() if g)) if match else None


