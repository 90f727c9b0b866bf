"""Executing a request: the graph templates it selects, run over the index's graph."""
from __future__ import annotations

from kg.answer.analyse import _topic_patterns, expanded_text
from kg.answer.evidence import PlanResult
from kg.answer.request import Request
from kg.answer.templates.aggregates import aggregate_plan
from kg.answer.templates.findings import findings_plan
from kg.answer.templates.key_questions import key_question_plan
from kg.answer.templates.labelled import labelled_plan
from kg.answer.templates.ownership import ownership_plan
from kg.answer.templates.ratings import rating_plan
from kg.answer.templates.recommendations import recommendation_plan

# A finding joins a list answer when 0.7 x its cosine to the question + 0.3 x its share of the question's
# words reaches this (calibrated on the dev list questions).
FINDINGS_THRESHOLD = 0.35


def run_templates(request: Request, retriever) -> list[PlanResult]:
    """Runs the template of each part of the request (a quoted list label first: it names its own list)."""
    index = retriever.index
    dataset = index.dataset
    labelled = labelled_plan(index, dataset, request.question)
    if labelled is not None and labelled.items:
        return [labelled]
    results = []
    for part in request.parts or [request]:
        question = part.question
        if part.template == "key questions":
            if part.aggregation in ("top in all", "spread") or part.standard_prefix:
                results.append(aggregate_plan(dataset, part))
            else:
                results.append(key_question_plan(dataset, question))
        elif part.template == "ratings":
            results.append(rating_plan(dataset, question))
        elif part.template == "ownership":
            results.append(ownership_plan(dataset, question, index.chunks, index.keywords))
        elif part.template == "recommendations":
            results.append(recommendation_plan(dataset, question, _topic_patterns()))
        elif part.template == "findings":
            vector = retriever.embed_query(expanded_text(question))
            results.append(findings_plan(index, retriever.embedder, question, vector, FINDINGS_THRESHOLD))
    return [plan for result in results for plan in [result, *result.companions]]
