"""Keyword search with bm25s over stemmed terms."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import bm25s
import Stemmer

# Numbers keep their decimal points ("15.5", "2.3.3") because questions quote them.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_][\w'’]*[^\W_]|\w\w+")
# Question words carry no content: "which", "what" and "according" appear in questions, rarely in answers.
_STOPWORDS = frozenset(bm25s.stopwords.STOPWORDS_EN) | {
    "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "did", "does", "do",
    "according", "report", "reports",
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Returns the stemmed, lower-cased, stop-word-free terms of `text`."""
    words = [w.replace("’", "'").removesuffix("'s") for w in _TOKEN.findall(text.lower())]
    words = [w for w in words if w not in _STOPWORDS]
    return _stemmer().stemWords(words)


@lru_cache(maxsize=65536)
def term_set(text: str) -> frozenset[str]:
    """The set of `terms(text)`, kept for recent texts: answers compare the same sentences' terms again and again."""
    return frozenset(terms(text))


class KeywordIndex:
    """A BM25 index whose rows are the chunk rows of the index directory."""

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self._size = size

    @classmethod
    def build(cls, texts: list[str]) -> "KeywordIndex":
        retriever = bm25s.BM25()
        # bm25s cannot index an empty corpus; a one-row placeholder keeps an empty index usable.
        retriever.index([terms(t) or ["\x00"] for t in texts] or [["\x00"]], show_progress=False)
        return cls(retriever, len(texts))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Returns up to `k` (row, score) pairs with a positive score, best first."""
        query_terms = [t for t in terms(query) if t in self._retriever.vocab_dict]
        if not query_terms or self._size == 0:
            return []
        rows, scores = self._retriever.retrieve([query_terms], k=min(k, self._size), show_progress=False)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if s > 0]

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)
        (folder / "size").write_text(str(self._size))

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        retriever = bm25s.BM25.load(str(folder), mmap=False)
        return cls(retriever, int((folder / "size").read_text()))
