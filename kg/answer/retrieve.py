"""Retrieval over the text: the sentences of the best chunks, scored against the question."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from kg.index.keyword import term_set
from kg.index.search import Hit
from kg.index.sentences import chunk_sentences

# Weights of the sentence score: meaning (cosine to the question), the share of the
# question's weighted terms the sentence contains, and the rank of its chunk.
DENSE_WEIGHT = 0.50
LEXICAL_WEIGHT = 0.40
RANK_WEIGHT = 0.10
# Each further citation from a report already cited loses this much, so that list
# questions reach every report that answers them.
SAME_REPORT_PENALTY = 0.03
CHUNKS_CONSIDERED = 12


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer the question."""

    text: str
    line: int
    hit: Hit
    hit_rank: int
    score: float = 0.0

class SentenceRanker:
    """Scores the sentences of retrieved chunks by meaning, the question's weighted terms and chunk rank."""

    def __init__(self, retriever) -> None:
        self.retriever = retriever
        self._idf = _inverse_document_frequency([c.text for c in retriever.index.chunks])

    def score(        self, question: str, query_vector: np.ndarray, hits: list[Hit], parts: list[str] | None = None
    ) -> list[Candidate]:
        """Returns the sentences of `hits` scored against the question, best first.

        With `parts` (the clauses of a question that asks several things), the best sentence for each
        clause comes first, so that every clause gets an answer.
        """
        candidates: list[Candidate] = []
        rows: list[int] = []
        seen: set[tuple[str, int, str]] = set()
        index = self.retriever.index
        stored = index.sentence_vectors
        for rank, hit in enumerate(hits):
            first = index.sentence_rows(hit.chunk.iri) if stored is not None else 0
            for position, (line, text) in enumerate(chunk_sentences(hit.chunk)):
                key = (hit.chunk.report_id, line, text)
                if key in seen:
                    continue
                seen.add(key)
                candidates.append(Candidate(text, line, hit, rank))
                rows.append(first + position)
        if not candidates:
            return []
        # Sentence vectors are stored at ingest; an index written before they were is embedded here.
        vectors = (np.asarray(stored[rows], dtype=np.float32) if stored is not None
                   else self.retriever.embedder.embed([c.text for c in candidates]))
        context_terms: dict[str, set[str]] = {}
        sentence_terms = []
        for candidate in candidates:
            chunk = candidate.hit.chunk
            if chunk.iri not in context_terms:
                # A sentence is read in its report and section: "Cumbria" in the question is
                # matched by the report's title, so the sentence itself need not repeat it.
                context_terms[chunk.iri] = term_set(chunk.title + " " + " ".join(chunk.section_path))
            sentence_terms.append(term_set(candidate.text) | context_terms[chunk.iri])
        scored = self.rank(candidates, vectors, sentence_terms, question, query_vector)
        if not parts or len(parts) < 2:
            return scored
        leaders: list[Candidate] = []
        for part in parts:
            ranked = self.rank(candidates, vectors, sentence_terms, part, self.retriever.embed_query(part))
            best = next((c for c in ranked if (c.text, c.line) not in {(l.text, l.line) for l in leaders}), None)
            if best is not None:
                leaders.append(best)
        # The best sentence for the whole question leads; then the best for each clause.
        leaders = [scored[0]] + [c for c in leaders if (c.text, c.line) != (scored[0].text, scored[0].line)]
        chosen = {(c.text, c.line) for c in leaders}
        return leaders + [c for c in scored if (c.text, c.line) not in chosen]

    def rank(self, candidates, vectors, sentence_terms, question: str, query_vector: np.ndarray) -> list[Candidate]:
        question_terms = term_set(question)
        total = sum(self._idf.get(t, self._idf_default) for t in question_terms) or 1.0
        cosines = vectors @ query_vector
        scored = []
        for candidate, cosine, words in zip(candidates, cosines, sentence_terms):
            covered = sum(self._idf.get(t, self._idf_default) for t in question_terms & words) / total
            prior = 1.0 - candidate.hit_rank / CHUNKS_CONSIDERED
            score = DENSE_WEIGHT * float(cosine) + LEXICAL_WEIGHT * covered + RANK_WEIGHT * prior
            scored.append(Candidate(candidate.text, candidate.line, candidate.hit, candidate.hit_rank, score))
        scored.sort(key=lambda c: -c.score)
        return scored

    @property
    def _idf_default(self) -> float:
        return self._idf.get("\x00", 1.0)


def _inverse_document_frequency(texts: list[str]) -> dict[str, float]:
    """Returns term -> smoothed IDF over `texts`; key "\\x00" holds the value for unseen terms."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(term_set(text))
    n = max(len(texts), 1)
    idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in counts.items()}
    idf["\x00"] = math.log(1 + (n + 0.5) / 0.5)
    return idf


def select(candidates: list[Candidate], k: int) -> list[Candidate]:
    """Returns up to `k` candidates, best first, spreading citations across reports."""
    chosen: list[Candidate] = []
    remaining = list(candidates[: 10 * k])
    per_report: Counter[str] = Counter()
    while remaining and len(chosen) < k:
        best = max(remaining, key=lambda c: c.score - SAME_REPORT_PENALTY * per_report[c.hit.chunk.report_id])
        remaining.remove(best)
        chosen.append(best)
        per_report[best.hit.chunk.report_id] += 1
    return chosen

