"""Executing a request: the graph templates it selects, run over the index's graph."""
from __future__ import annotations

import re

from kg.answer.analyse import _topic_patterns, expanded_text
from kg.answer.evidence import PlanResult
from kg.answer.request import Request
from kg.answer.templates import rating_aggregates
from kg.answer.templates.aggregates import aggregate_plan
from kg.answer.templates.findings import findings_plan
from kg.answer.templates.key_questions import key_question_plan
from kg.answer.templates.labelled import labelled_plan
from kg.answer.templates.ownership import ownership_plan
from kg.answer.templates.people import people_plan
from kg.answer.templates.ratings import rating_plan
from kg.answer.templates.recommendations import recommendation_plan

# A finding joins a list answer when 0.7 x its cosine to the question + 0.3 x its share of the question's
# words reaches this (calibrated on the dev list questions).
FINDINGS_THRESHOLD = 0.35
_OTHERS = re.compile(r"\bthe others?\b|\bthe other (?:\w+ )?(?:two|three|four|ones?|providers?|crcs?)\b", re.I)


def run_templates(request: Request, retriever) -> list[PlanResult]:
    """Runs the template of each part of the request (a quoted list label first: it names its own list)."""
    labelled = labelled_plan(retriever.index, retriever.index.dataset, request.question)
    if labelled is not None and labelled.items:
        return [labelled]
    results = [(part, result) for part in request.parts or [request]
               if (result := _run(part, retriever)) is not None]
    _drop_repeated(results)
    return [plan for _, result in results for plan in [result, *result.companions]]


def _run(part: Request, retriever) -> PlanResult | None:
    """The result of the template a part of the request selects, or None when it selects none."""
    index, question = retriever.index, part.question
    if part.template == "key questions":
        if part.aggregation in ("top in all", "spread") or part.standard_prefix:
            return aggregate_plan(index.dataset, part)
        return key_question_plan(index.dataset, question)
    if part.template == "ratings":
        if rating_aggregates.applies(part):
            return rating_aggregates.rating_aggregate_plan(index.dataset, part)
        return rating_plan(index.dataset, question)
    if part.template == "people":
        return people_plan(index.dataset, question)
    if part.template == "ownership":
        return ownership_plan(index.dataset, question, index.chunks, index.keywords)
    if part.template == "recommendations":
        return recommendation_plan(index.dataset, question, _topic_patterns())
    if part.template == "findings":
        vector = retriever.embed_query(expanded_text(question))
        return findings_plan(index, retriever.embedder, question, vector, FINDINGS_THRESHOLD)
    return None


def _drop_repeated(results: list[tuple[Request, PlanResult]]) -> None:
    """A later clause about "the other two" lists the items the earlier clauses did not."""
    seen: set[str] = set()
    for position, (part, result) in enumerate(results):
        if position and _OTHERS.search(part.text):
            result.items = [item for item in result.items if item.label not in seen]
        seen |= {item.label for item in result.items}
