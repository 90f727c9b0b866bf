"""Aggregations over key-question results, compiled to SPARQL: per key question the highest and lowest
percentage and the gap between them (GROUP BY), then the provider that tops every key question of a standard,
the widest and narrowest gaps, or the leader of each question."""
from __future__ import annotations

from collections import OrderedDict

from rdflib import Literal

from kg.answer.evidence import (EVIDENCE, Item, PlanResult, add_evidence, framework_ok, narrowing, provider_ok,
                                provider_type, row_evidence, run_query)
from kg.answer.request import Request
from kg.graph.facts import entity_iri

_ROWS = """
SELECT DISTINCT ?fact ?qid ?qtext ?percent ?plabel ?ptype ?file ?title ?published ?framework WHERE { GRAPH ?g {
  ?fact a pkg:KeyQuestionResult ; pkg:provider ?p ; pkg:standardId ?qid ; pkg:questionText ?qtext ;
        pkg:percent ?percent ; pkg:inReport ?report .
  ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
  %s %s
""" + EVIDENCE + "} }"
# Per key question: how many providers report it, the highest and lowest percentage, and the gap.
_STATS = """
SELECT ?qid (COUNT(DISTINCT ?p) AS ?providers) (MAX(?percent) AS ?high) (MIN(?percent) AS ?low)
       ((MAX(?percent) - MIN(?percent)) AS ?gap) WHERE { GRAPH ?g {
  ?fact a pkg:KeyQuestionResult ; pkg:provider ?p ; pkg:standardId ?qid ; pkg:percent ?percent .
  ?p skos:prefLabel ?plabel ; a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
  %s %s
} } GROUP BY ?qid ORDER BY ?qid"""


def aggregate_plan(dataset, request: Request) -> PlanResult:
    """Key-question results of a standard (or all) aggregated as the request asks: "top in all", "spread",
    "max"/"min" (the leader of each key question), or the results themselves by provider."""
    question = request.question
    prefix = request.standard_prefix
    scope = (f'FILTER(STRSTARTS(?qid, {Literal(prefix + ".").n3()}))' if prefix else "", narrowing(question))
    rows = [row for row in run_query(dataset, _ROWS % scope)
            if provider_ok(question, row["plabel"], provider_type(row)) and framework_ok(question, row)]
    providers = {row["plabel"] for row in rows}
    stats = [row for row in run_query(dataset, _STATS % scope) if int(row["providers"]) >= 2 or len(providers) < 2]
    stats = [row for row in stats if any(r["qid"] == row["qid"] for r in rows)]
    where = f"the key questions of standard {prefix}" if prefix else "the key questions"
    if not rows or not stats:
        return PlanResult("key-question aggregate", [], f"key-question results for {where}", True)
    by_question: dict[str, list[dict]] = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["qid"], -float(r["percent"]))):
        by_question.setdefault(str(row["qid"]), []).append(row)
    if request.aggregation == "spread":
        return _spread(dataset, stats, by_question, where)
    if request.aggregation in ("top in all", "max", "min"):
        return _leaders(dataset, by_question, where, request.aggregation)
    return _listed(dataset, by_question, where)


def _spread(dataset, stats: list[dict], by_question: dict[str, list[dict]], where: str) -> PlanResult:
    """The key questions with the widest and the narrowest gap between the highest and lowest provider."""
    gaps = {str(row["qid"]): float(row["gap"]) for row in stats}
    widest, narrowest = max(gaps.values()), min(gaps.values())
    items = []
    for name, gap in (("widest", widest), ("narrowest", narrowest)):
        for qid in (q for q, g in gaps.items() if g == gap):
            rows = by_question[qid]
            rows = add_evidence(dataset, [rows[0], rows[-1], *rows[1:-1]])
            high, low = rows[0], rows[1]
            detail = (f"{name} gap, {gap:g} points: {_percent(high)} ({high['plabel']}) to {_percent(low)} "
                      f"({low['plabel']}) — {high['qtext']}")
            items.append(Item(qid, "KeyQuestion", str(high["fact"]), detail, [e for r in rows if (e := row_evidence(r))]))
    return PlanResult("key-question aggregate", items, f"the gap between providers on {where}", True,
                      f"Gap between the highest and lowest provider on {where}",
                      evidence_depth=max(len(rows) for rows in by_question.values()))


def _leaders(dataset, by_question: dict[str, list[dict]], where: str, aggregation: str) -> PlanResult:
    """The provider that tops (or trails) each key question; with "top in all", the one that tops every one."""
    lowest = aggregation == "min"
    leaders: dict[str, list[dict]] = OrderedDict()
    for qid, rows in by_question.items():
        best = rows[-1] if lowest else rows[0]
        leaders[qid] = [r for r in rows if float(r["percent"]) == float(best["percent"])]
    counts: dict[str, int] = {}
    for rows in leaders.values():
        for row in rows:
            counts[row["plabel"]] = counts.get(row["plabel"], 0) + 1
    word = "lowest" if lowest else "highest"
    if aggregation == "top in all":
        everywhere = [label for label, n in counts.items() if n == len(leaders)]
        if everywhere:
            return _provider_items(dataset, everywhere, by_question,
                                   f"the provider {word} on every one of {where}", f"{word.capitalize()} on every one of {where}")
    items = []
    for qid, rows in leaders.items():
        rows = add_evidence(dataset, rows)
        names = ", ".join(f"{r['plabel']} {_percent(r)}" for r in rows)
        items.append(Item(qid, "KeyQuestion", str(rows[0]["fact"]), f"{word}: {names} — {rows[0]['qtext']}",
                          [e for r in rows if (e := row_evidence(r))]))
    return PlanResult("key-question aggregate", items, f"the {word} provider on each of {where}", True,
                      f"{word.capitalize()} provider on each of {where}")


def _provider_items(dataset, labels: list[str], by_question: dict[str, list[dict]], looked_for: str,
                    heading: str) -> PlanResult:
    """Each of `labels` with its results on every key question, then the other providers' results as context."""
    chosen, others = [], []
    for qid, rows in by_question.items():
        for row in rows:
            (chosen if row["plabel"] in labels else others).append(row)
    items = _by_provider(add_evidence(dataset, chosen))
    context = _by_provider(add_evidence(dataset, others))
    first = PlanResult("key-question aggregate", list(items.values()), looked_for, True, heading)
    second = PlanResult("key-question aggregate", list(context.values()), "the other providers' results", True,
                        "The others", entities=False)
    first.companions = [second]
    return first


def _by_provider(rows: list[dict]) -> "OrderedDict[str, Item]":
    """One item per provider, its detail the results it got ("2.4.1: 69%; 2.4.2: 63%"), each with its evidence."""
    items: "OrderedDict[str, Item]" = OrderedDict()
    for row in rows:
        label, ptype = row["plabel"], provider_type(row)
        item = items.setdefault(label, Item(label, ptype, str(entity_iri(label, ptype))))
        part = f"{row['qid']}: {_percent(row)}"
        item.add(part, row)
    return items


def _listed(dataset, by_question: dict[str, list[dict]], where: str) -> PlanResult:
    """Every provider's results on the key questions, by provider."""
    labels = list(dict.fromkeys(row["plabel"] for rows in by_question.values() for row in rows))
    return _provider_items(dataset, labels, by_question, f"results on {where}", f"Results on {where}")


def _percent(row: dict) -> str:
    return f"{float(row['percent']):g}%"
