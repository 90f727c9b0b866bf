"""The ontology's own words for its standards: a standard asked about by what it covers ("the standard about the
breadth and quality of the interventions on offer") is matched to its notation by the labels, alternative
labels and definition the ontology gives it, by shared words and by meaning (the embedder)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from kg.index.keyword import term_set
from kg.graph.sparql import select_rows

# "the standard about …", "the standard covering …", "on the domain for …"
_DESCRIBED = re.compile(r"\b(?:standard|domain)\s+(?:about|on|for|covering|concerning|that covers|dealing with|"
                        r"which covers|assessing|judging)\s+(?P<phrase>[^,;?]+?)(?=\s*(?:[,;?]|\band how\b|\band which\b|$))",
                        re.I)
_STANDARDS = """
SELECT ?scheme ?notation ?label (GROUP_CONCAT(DISTINCT ?alt; separator="; ") AS ?alts) (SAMPLE(?definition) AS ?def)
WHERE {
  ?s a pkg:Standard ; skos:inScheme ?scheme ; skos:notation ?notation ; skos:prefLabel ?label .
  OPTIONAL { ?s skos:altLabel ?alt } OPTIONAL { ?s skos:hiddenLabel ?alt } OPTIONAL { ?s skos:definition ?definition }
} GROUP BY ?scheme ?notation ?label"""
MIN_SCORE = 0.45  # of 0.7 × cosine + 0.3 × shared words, for a described standard to be read as meant
MIN_MARGIN = 0.03  # over the second best


@dataclass(frozen=True)
class Standard:
    scheme: str
    notation: str
    label: str
    text: str  # label, alternative labels and definition, as embedded


class StandardVocabulary:
    """Standards of the index's ontology, matched to the phrase a question describes one with."""

    def __init__(self, retriever) -> None:
        self._dataset = retriever.index.dataset
        self._retriever = retriever
        self._standards: list[Standard] | None = None
        self._vectors: np.ndarray | None = None

    def _load(self) -> None:
        standards = []
        for row in select_rows(self._dataset, _STANDARDS):
            parts = [str(row["label"]), str(row.get("alts") or ""), str(row.get("def") or "")]
            scheme = str(row["scheme"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            standards.append(Standard(scheme, str(row["notation"]), str(row["label"]), ". ".join(p for p in parts if p)))
        self._standards = standards
        self._vectors = self._retriever.embedder.embed([s.text for s in standards]) if standards else np.zeros((0, 1))

    def described(self, question: str, scheme: str | None = None) -> Standard | None:
        """The standard a question describes by what it covers, or None when it describes none clearly."""
        match = _DESCRIBED.search(question)
        if match is None:
            return None
        if self._standards is None:
            self._load()
        phrase = match.group("phrase")
        candidates = [i for i, s in enumerate(self._standards) if scheme is None or s.scheme == scheme]
        if not candidates:
            return None
        vector = self._retriever.embed_query(phrase)
        words = term_set(phrase)
        scored = []
        for i in candidates:
            standard = self._standards[i]
            shared = len(words & term_set(standard.text)) / max(len(words), 1)
            scored.append((0.7 * float(self._vectors[i] @ vector) + 0.3 * shared, standard))
        scored.sort(key=lambda pair: -pair[0])
        best = scored[0]
        second = scored[1][0] if len(scored) > 1 else 0.0
        return best[1] if best[0] >= MIN_SCORE and best[0] - second >= MIN_MARGIN else None
