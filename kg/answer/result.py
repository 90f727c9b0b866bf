"""An answer: its text, items, citations, and how it was found (request, queries, plans)."""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.citations import Citation


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    items: list[dict] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    plans: list[dict] = field(default_factory=list)
    request: dict = field(default_factory=dict)  # what the question was read as asking
    sparql: list[str] = field(default_factory=list)  # the queries run over the graph to answer it

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "items": self.items,
            "citations": [c.to_json() for c in self.citations],
            "confidence": round(self.confidence, 4),
            "plans": self.plans,
            "request": self.request,
            "sparql": self.sparql,
        }
