"""Findings of the asked polarity and topics, grouped by provider."""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

import numpy as np

from ingest.extract.providers import PROVIDER_TYPES
from ingest.gazetteer import name_key
from ingest.topics import topics_of
from kg.answer.analyse import Question, expanded_text
from kg.answer.evidence import Evidence, Item, PlanResult
from kg.citations import shorten_quote
from kg.graph.facts import entity_iri
from kg.graph.ids import report_iri
from kg.index.keyword import term_set


def findings_plan(index, embedder, question: Question, query_vector: np.ndarray, threshold: float) -> PlanResult:
    """Findings of the asked polarity and topics, grouped by the provider they are about, best first."""
    records = index.findings
    if not records:
        return PlanResult("findings", [], "findings", False)
    allowed = set(question.answer_types or PROVIDER_TYPES)
    words = term_set(expanded_text(question)) - _FINDING_QUESTION_WORDS
    # Of several topics, the most specific one decides ("home visits" more than "risk of harm").
    frequency = _topic_frequency(index)
    required = min(question.topics, key=lambda t: frequency.get(t, 0)) if question.topics else None
    items: "OrderedDict[str, Item]" = OrderedDict()
    ranked = []
    # Masks first (polarity, topic: a sentence under "4.2 Through the Gate" is about Through the Gate though
    # it does not say so), then cosines over the findings they leave only, then Python over the few that can
    # pass: a finding's score is at most 0.7 × cosine + 0.3, so one whose cosine is below
    # (threshold - 0.3) / 0.7 cannot.
    polarity_masks, topic_masks = _finding_masks(index)
    keep = polarity_masks.get(question.polarity) if question.polarity else None
    if required:
        topic = topic_masks.get(required, np.zeros(len(records), dtype=bool))
        keep = topic if keep is None else keep & topic
    candidates = np.arange(len(records)) if keep is None else np.nonzero(keep)[0]
    vectors = index.finding_vectors if keep is None else index.finding_vectors[candidates]
    scores = np.asarray(vectors, dtype=np.float32) @ query_vector
    passing = scores >= (threshold - 0.3) / 0.7
    for row, cosine in zip(candidates[passing], scores[passing]):
        record = records[row]
        providers = [(name, ptype) for name, ptype in record.providers if ptype in allowed]
        if question.providers:
            providers = [(n, t) for n, t in providers if any(name_key(n) == name_key(p.canonical) for p in question.providers)]
        if not providers:
            continue
        overlap = len(words & term_set(record.text)) / max(len(words), 1)
        score = 0.7 * float(cosine) + 0.3 * overlap
        ranked.append((score, record, providers))
    ranked.sort(key=lambda item: -item[0])
    if question.asks_reports:
        # "In which reports …": one item per report, named by the providers it inspected.
        named = _report_labels(index)
        ranked = [(score, record, [(named[record.file_name], "Report")]) for score, record, _ in ranked]
    for score, record, providers in ranked:
        if score < threshold:
            break
        for name, ptype in providers:
            iri = report_iri(record.report_id) if ptype == "Report" else str(entity_iri(name, ptype))
            item = items.setdefault(name, Item(name, ptype, iri, score=score))
            if len(item.evidence) < 2:
                item.evidence.append(Evidence(record.file_name, record.title, record.section.rsplit(" > ", 1)[-1],
                                              record.line, record.line, record.page, shorten_quote(record.quote), score))
    polarity = {"weakness": "criticised", "strength": "praised"}.get(question.polarity or "", "discussed")
    looked_for = f"findings where providers are {polarity}" + (f" on {', '.join(question.topics)}" if question.topics else "")
    heading = f"Reports where providers are {polarity}" if question.asks_reports else f"Providers {polarity}"
    return PlanResult("findings", list(items.values()), looked_for, False, heading)


def warm_findings(index) -> None:
    """Builds the findings' tables the template reads."""
    _finding_masks(index), _topic_frequency(index), _report_labels(index)


def _finding_masks(index) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per polarity which findings have it, and per topic which findings carry it or sit in a section about it."""
    def compute(index) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        polarity = np.array([record.polarity for record in index.findings])
        # A finding of mixed polarity is both a criticism and a praise.
        by_polarity = {p: (polarity == p) | (polarity == "mixed") for p in ("weakness", "strength")}
        masks: dict[str, np.ndarray] = {}
        for row, record in enumerate(index.findings):
            for topic in set(record.topics) | _section_topics(record.section):
                masks.setdefault(topic, np.zeros(len(index.findings), dtype=bool))[row] = True
        return by_polarity, masks

    return index.derived("finding_masks", compute)


def _report_labels(index) -> dict[str, str]:
    """Report file -> the providers its findings are about, in order of mention ("X CRC and Y division")."""
    def compute(index) -> dict[str, str]:
        names: dict[str, dict[str, None]] = {}
        for record in index.findings:
            for name, _ in record.providers:
                names.setdefault(record.file_name, {})[name] = None
        return {file: " and ".join(providers) for file, providers in names.items()}

    return index.derived("report_labels", compute)


def _topic_frequency(index) -> dict[str, int]:
    """How many findings of the index carry each topic."""
    def compute(index) -> dict[str, int]:
        counts: dict[str, int] = {}
        for record in index.findings:
            for topic in record.topics:
                counts[topic] = counts.get(topic, 0) + 1
        return counts

    return index.derived("topic_frequency", compute)


@lru_cache(maxsize=4096)
def _section_topics(section: str) -> frozenset[str]:
    return frozenset(topics_of(section.rsplit(" > ", 1)[-1]))


_FINDING_QUESTION_WORDS = term_set(
    "which what who crc crcs provider providers report reports inspection inspections found criticised faulted praised "
    "commended were was for their its in of the privately run probation companies company public sector")


