"""Hybrid retrieval: BM25 and dense ranks fused by reciprocal rank fusion."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

import numpy as np

from kg.index.embedder import Embedder
from kg.index.load import LoadedIndex
from kg.records import ChunkRecord

Mode = Literal["hybrid", "bm25", "dense"]
MODES: tuple[Mode, ...] = ("hybrid", "bm25", "dense")

# The usual RRF constant (Cormack et al., 2009): damps the weight of the very first ranks.
RRF_K = 60


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the rank it had in each retriever (1-based)."""

    chunk: ChunkRecord
    score: float
    bm25_rank: int | None
    dense_rank: int | None


QUERY_VECTORS_KEPT = 512


class Retriever:
    """Searches one loaded index with keywords, vectors or both."""

    def __init__(self, index: LoadedIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        # The vectors of recent queries: an answer embeds its question's clauses and topics in one batch, and
        # the app asks the same question again on every rerun of its page.
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def forget_queries(self) -> None:
        """Drops the kept query vectors (a benchmark's new questions)."""
        with self._lock:
            self._vectors.clear()

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[np.ndarray]:
        """The vectors of `texts`, those not embedded recently embedded together in one batch."""
        with self._lock:
            missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            vectors = self.embedder.embed(missing)
            with self._lock:
                for text, vector in zip(missing, vectors):
                    self._vectors[text] = vector
                while len(self._vectors) > QUERY_VECTORS_KEPT:
                    self._vectors.popitem(last=False)
        with self._lock:
            found = []
            for text in texts:
                vector = self._vectors.get(text)
                if vector is None:  # pushed out by other threads' queries meanwhile
                    vector = self.embedder.embed([text])[0]
                else:
                    self._vectors.move_to_end(text)
                found.append(vector)
            return found

    def search(
        self,
        query: str,
        k: int = 10,
        mode: Mode = "hybrid",
        query_vector: np.ndarray | None = None,
        depth: int | None = None,
        reports: set[str] | None = None,
    ) -> list[Hit]:
        """Returns the best `k` chunks for `query`, best first, from `reports` only when given."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        depth = depth or max(50, 5 * k)
        if reports:
            # Filtering after ranking needs a deeper list: the reports asked for may rank low overall.
            depth = max(depth, 400)
        bm25_ranks: dict[int, int] = {}
        dense_ranks: dict[int, int] = {}
        if mode in ("hybrid", "bm25"):
            for rank, (row, _) in enumerate(self.index.keywords.search(query, depth), start=1):
                bm25_ranks[row] = rank
        if mode in ("hybrid", "dense"):
            vector = query_vector if query_vector is not None else self.embed_query(query)
            for rank, (vid, _) in enumerate(self.index.vectors.search(vector, depth), start=1):
                dense_ranks[self.index.row_of_vector(vid)] = rank
        if reports:
            chunks = self.index.chunks
            bm25_ranks = _rerank({r: n for r, n in bm25_ranks.items() if chunks[r].report_id in reports})
            dense_ranks = _rerank({r: n for r, n in dense_ranks.items() if chunks[r].report_id in reports})
        fused: dict[int, float] = {}
        for ranks in (bm25_ranks, dense_ranks):
            for row, rank in ranks.items():
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank)
        ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [
            Hit(self.index.chunks[row], score, bm25_ranks.get(row), dense_ranks.get(row))
            for row, score in ordered
        ]


def _rerank(ranks: dict[int, int]) -> dict[int, int]:
    """Returns ranks renumbered 1, 2, 3 … in their order, after filtering."""
    return {row: index for index, row in enumerate(sorted(ranks, key=ranks.get), start=1)}
