"""Question answering: the best-matching sentences of the best chunks, each cited at its line."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ingest.text import split_sentences, word_count
from kg.citations import Citation, shorten_quote
from kg.keyword import terms
from kg.search import Hit, Mode, Retriever

# Weights of the sentence score: meaning (cosine to the question), the share of the
# question's weighted terms the sentence contains, and the rank of its chunk.
DENSE_WEIGHT = 0.50
LEXICAL_WEIGHT = 0.40
RANK_WEIGHT = 0.10
# Each further citation from a report already cited loses this much, so that list
# questions reach every report that answers them.
SAME_REPORT_PENALTY = 0.03
MIN_SENTENCE_WORDS = 4
CHUNKS_CONSIDERED = 12


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer the question."""

    text: str
    line: int
    hit: Hit
    hit_rank: int
    score: float = 0.0


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    items: list[dict] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "items": self.items,
            "citations": [c.to_json() for c in self.citations],
            "confidence": round(self.confidence, 4),
        }


class Answerer:
    """Answers questions over one index with cited sentences, or abstains."""

    def __init__(self, retriever: Retriever, abstain_below: float) -> None:
        self.retriever = retriever
        self.abstain_below = abstain_below
        self._idf = _inverse_document_frequency([c.text for c in retriever.index.chunks])

    def ask(self, question: str, k: int = 5, mode: Mode = "hybrid") -> Answer:
        """Returns the answer to `question` with at most `k` citations."""
        question = question.strip()
        if not question:
            return Answer(question, "Ask a question about the inspection reports.", True)
        query_vector = self.retriever.embed_query(question)
        hits = self.retriever.search(question, k=CHUNKS_CONSIDERED, mode=mode, query_vector=query_vector)
        candidates = self._score(question, query_vector, hits)
        chosen = _select(candidates, k)
        confidence = chosen[0].score if chosen else 0.0
        if not chosen or confidence < self.abstain_below:
            return Answer(
                question,
                "The ingested reports do not appear to answer this question.",
                True,
                confidence=confidence,
            )
        citations = [
            Citation(
                id=number,
                report=c.hit.chunk.file_name,
                title=c.hit.chunk.title,
                section=c.hit.chunk.section,
                start_line=c.line,
                end_line=c.line,
                page=c.hit.chunk.page,
                quote=shorten_quote(c.text),
            )
            for number, c in enumerate(chosen, start=1)
        ]
        answer = " ".join(f"{citation.quote} [{citation.id}]" for citation in citations)
        return Answer(question, answer, False, [], citations, confidence)

    def _score(self, question: str, query_vector: np.ndarray, hits: list[Hit]) -> list[Candidate]:
        question_terms = set(terms(question))
        total = sum(self._idf.get(t, self._idf_default) for t in question_terms) or 1.0
        candidates: list[Candidate] = []
        seen: set[tuple[str, int, str]] = set()
        for rank, hit in enumerate(hits):
            for line, text in hit.chunk.text_lines():
                for sentence in split_sentences(text):
                    key = (hit.chunk.report_id, line, sentence.text)
                    if key in seen or not _informative(sentence.text):
                        continue
                    seen.add(key)
                    candidates.append(Candidate(sentence.text, line, hit, rank))
        if not candidates:
            return []
        vectors = self.retriever.embedder.embed([c.text for c in candidates])
        cosines = vectors @ query_vector
        scored = []
        context_terms: dict[str, set[str]] = {}
        for candidate, cosine in zip(candidates, cosines):
            chunk = candidate.hit.chunk
            if chunk.iri not in context_terms:
                # A sentence is read in its report and section: "Cumbria" in the question is
                # matched by the report's title, so the sentence itself need not repeat it.
                context_terms[chunk.iri] = set(terms(chunk.title + " " + " ".join(chunk.section_path)))
            sentence_terms = set(terms(candidate.text)) | context_terms[chunk.iri]
            covered = sum(self._idf.get(t, self._idf_default) for t in question_terms & sentence_terms) / total
            prior = 1.0 - candidate.hit_rank / CHUNKS_CONSIDERED
            score = DENSE_WEIGHT * float(cosine) + LEXICAL_WEIGHT * covered + RANK_WEIGHT * prior
            scored.append(Candidate(candidate.text, candidate.line, candidate.hit, candidate.hit_rank, score))
        scored.sort(key=lambda c: -c.score)
        return scored

    @property
    def _idf_default(self) -> float:
        return self._idf.get("\x00", 1.0)


def _informative(sentence: str) -> bool:
    """A sentence can answer only if it says something: headings and labels cannot."""
    words = word_count(sentence)
    if words < MIN_SENTENCE_WORDS:
        return False
    if words < 8:
        return sentence.rstrip("*").endswith((".", "!", "?")) or any(c.isdigit() for c in sentence)
    return True


def _inverse_document_frequency(texts: list[str]) -> dict[str, float]:
    """Returns term -> smoothed IDF over `texts`; key "\\x00" holds the value for unseen terms."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(terms(text)))
    n = max(len(texts), 1)
    idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in counts.items()}
    idf["\x00"] = math.log(1 + (n + 0.5) / 0.5)
    return idf


def _select(candidates: list[Candidate], k: int) -> list[Candidate]:
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
