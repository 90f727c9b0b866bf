"""Items of a list the question names in quotes ('Organisational strength', 'Sharing good practice')."""
from __future__ import annotations

import re

from kg.answer.analyse import Question
from kg.answer.evidence import EVIDENCE, Evidence, Item, PlanResult, add_evidence, row_evidence, run_query
from kg.citations import shorten_quote

_QUOTED = re.compile(r"['‘\"“]([^'’\"”]{4,60})['’\"”]")
_CRITERION = re.compile(r"\bcriterion\s+(\d\.\d)\b", re.I)


def quoted_labels(text: str) -> list[str]:
    """Returns the phrases a question quotes ("'Organisational strength'"), rating words left out."""
    return [p.strip() for p in _QUOTED.findall(text) if p.strip().lower() not in
            ("inadequate", "good", "outstanding", "requires improvement")]


def reports_named(index, question: Question) -> set[str] | None:
    """Reports a question points at by a place or provider in their title, or by year ("the 2007 Merseyside report")."""
    if not re.search(r"\b(report|inspection)\b", question.text, re.I):
        return None
    words = {w.lower() for w in re.findall(r"\b[A-Z][a-z]{3,}\b", question.text)} - _GENERIC_TITLE_WORDS
    chosen = set()
    for report_id, record in index.reports.items():
        title = record.title.lower()
        if words & set(re.findall(r"[a-z]+", title)):
            chosen.add(report_id)
    if question.years:
        chosen = {r for r in chosen if any(str(y) in r for y in question.years)} or chosen
    return chosen or None


_GENERIC_TITLE_WORDS = {"which", "what", "report", "reports", "inspection", "inspections", "sharing", "good", "practice",
                        "organisational", "strength", "community", "rehabilitation", "company", "quality", "impact",
                        "offender", "management", "probation", "criterion", "examples", "according", "annex"}


def labelled_plan(index, dataset, question: Question) -> PlanResult | None:
    """Items of a list the question names in quotes: findings under that label or examples in that section."""
    phrases = quoted_labels(question.text)
    if not phrases:
        return None
    reports = reports_named(index, question)
    wanted = [p.lower().rstrip(":") for p in phrases]
    items: list[Item] = []
    for record in index.findings:
        if reports and record.report_id not in reports:
            continue
        if any(w in record.list.lower() for w in wanted):
            provider = ", ".join(name for name, _ in record.providers)
            words = record.text.split()
            label = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
            items.append(Item(label, "Finding", record.iri, f"{provider}: {shorten_quote(record.text, 45)}",
                              [Evidence(record.file_name, record.title, record.section.rsplit(" > ", 1)[-1], record.line,
                                        record.line, record.page, shorten_quote(record.quote), 1.0)]))
    criterion = _CRITERION.search(question.text)
    rows = run_query(dataset, """
    SELECT DISTINCT ?fact ?label ?text ?criterion ?psection ?file ?title ?published ?framework ?rid WHERE { GRAPH ?g {
      ?fact a pkg:PracticeExample ; rdfs:label ?label ; pkg:text ?text ; pkg:inReport ?report .
      ?report dcterms:identifier ?rid .
      OPTIONAL { ?fact pkg:standardId ?criterion } OPTIONAL { ?fact pkg:section ?psection }
    """ + EVIDENCE + "} }")
    rows = add_evidence(dataset, rows)
    for row in rows:
        if reports and row["rid"] not in reports:
            continue
        section = str(row.get("psection") or "").lower()
        if not any(w in section for w in wanted):
            continue
        if criterion and str(row.get("criterion") or "") != criterion.group(1):
            continue
        evidence = [e] if (e := row_evidence(row)) else []
        items.append(Item(str(row["label"]), "PracticeExample", str(row["fact"]), shorten_quote(str(row["text"]), 30), evidence))
    return PlanResult("labelled list", items, f"items listed as {', '.join(repr(p) for p in phrases)}", False,
                      f"Listed as {phrases[0]}")
