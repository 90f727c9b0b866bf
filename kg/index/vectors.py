"""Dense vectors in FAISS: an inner-product index keyed by ids derived from chunk IRIs.

Up to FLAT_LIMIT vectors the index is exact (flat); above it, an inverted-file index (IVF) whose lists
are searched a share (PROBE_SHARE) at a time, which keeps a search in milliseconds at millions of vectors. Both keep
ids, removal and reconstruction, so ingest works the same on either.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

import faiss
import numpy as np


FLAT_LIMIT = 100_000
# The share of an IVF index's lists a search probes. Chosen on MiniLM vectors of 100 synthetic reports
# (`python -m benchmarks --size 100` prints the sweep): the smallest share whose recall@10 against exact
# search is at least 0.95.
PROBE_SHARE = 0.03


def _threads(count: int) -> None:
    """FAISS's OpenMP threads: one for a single query (a second thread's start and spin cost more than the
    search itself: 0.65 ms against 0.04 ms over 728 vectors on two busy cores), every core for bulk work."""
    faiss.omp_set_num_threads(count)


class VectorIndex:
    """FAISS `IndexIDMap2` over a flat inner-product index (cosine on normalised vectors), or an IVF index
    once there are more than FLAT_LIMIT vectors."""

    def __init__(self, dimension: int, index: faiss.Index | None = None, read_only: bool = False) -> None:
        self.dimension = dimension
        self.read_only = read_only  # memory-mapped for serving: adding to it would abort the process
        self._index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        if isinstance(self._index, faiss.IndexIVF):
            self.probe_share = PROBE_SHARE

    @property
    def probe_share(self) -> float | None:
        """The share of lists an IVF search probes (None for a flat index)."""
        if not isinstance(self._index, faiss.IndexIVF):
            return None
        return self._index.nprobe / self._index.nlist

    @probe_share.setter
    def probe_share(self, share: float) -> None:
        self._index.nprobe = min(self._index.nlist, max(1, math.ceil(share * self._index.nlist)))

    @property
    def nprobe(self) -> int | None:
        return self._index.nprobe if isinstance(self._index, faiss.IndexIVF) else None

    @property
    def nlist(self) -> int | None:
        return self._index.nlist if isinstance(self._index, faiss.IndexIVF) else None

    @property
    def kind(self) -> str:
        return "ivf" if isinstance(self._index, faiss.IndexIVF) else "flat"

    def all_vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Returns (ids, vectors) of everything stored."""
        if isinstance(self._index, faiss.IndexIVF):
            invlists = self._index.invlists
            ids, vectors = [], []
            for lst in range(self._index.nlist):
                size = invlists.list_size(lst)
                if size:
                    ids.append(faiss.rev_swig_ptr(invlists.get_ids(lst), size).copy())
                    codes = faiss.rev_swig_ptr(invlists.get_codes(lst), size * self.dimension * 4).copy()
                    vectors.append(codes.view(np.float32).reshape(size, self.dimension))
            if not ids:
                return np.zeros(0, dtype=np.int64), np.zeros((0, self.dimension), dtype=np.float32)
            return np.concatenate(ids), np.concatenate(vectors)
        ids = faiss.vector_to_array(self._index.id_map).astype(np.int64)
        flat = faiss.downcast_index(self._index.index)
        vectors = faiss.rev_swig_ptr(flat.get_xb(), len(ids) * self.dimension).copy().reshape(len(ids), self.dimension)
        return ids, vectors

    def fit_to_size(self, flat_limit: int = FLAT_LIMIT) -> str:
        """Rebuilds the index as IVF above `flat_limit` vectors and as flat below half of it; returns the kind."""
        size = len(self)
        _threads(os.cpu_count() or 1)
        if self.kind == "flat" and size > flat_limit:
            ids, vectors = self.all_vectors()
            nlist = int(4 * np.sqrt(size))
            quantizer = faiss.IndexFlatIP(self.dimension)
            ivf = faiss.IndexIVFFlat(quantizer, self.dimension, nlist, faiss.METRIC_INNER_PRODUCT)
            rng = np.random.default_rng(0)
            sample = vectors[rng.choice(size, size=min(size, nlist * 64), replace=False)]
            ivf.train(sample)
            ivf.set_direct_map_type(faiss.DirectMap.Hashtable)
            ivf.add_with_ids(vectors, ids)
            quantizer.this.disown()  # owned by the IVF index from here on
            ivf.own_fields = True
            self._index = ivf
            self.probe_share = PROBE_SHARE
        elif self.kind == "ivf" and size < flat_limit // 2:
            ids, vectors = self.all_vectors()
            self._index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dimension))
            self.add(list(ids), vectors)
        return self.kind

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, ids: list[int], vectors: np.ndarray) -> None:
        """Adds `vectors` under `ids`."""
        if not ids:
            return
        self._writable()
        _threads(os.cpu_count() or 1)
        self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))

    def remove(self, ids: list[int]) -> None:
        """Removes the vectors stored under `ids`."""
        if ids:
            self._writable()
            self._index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Returns up to `k` (id, cosine) pairs, best first."""
        if len(self) == 0 or k <= 0:
            return []
        _threads(1)
        scores, ids = self._index.search(np.asarray(vector, dtype=np.float32).reshape(1, -1), min(k, len(self)))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i != -1]

    def reconstruct(self, vector_id: int) -> np.ndarray:
        """Returns the stored vector of `vector_id`."""
        return self._index.reconstruct(int(vector_id))

    def _writable(self) -> None:
        if self.read_only:
            raise ValueError("a memory-mapped vector index is read-only; load the index for writing to change it")

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, dimension: int, mapped: bool = False) -> "VectorIndex":
        """Reads the index; `mapped` maps a flat index's vectors from the file (pages shared with the page cache,
        not copied: for serving, which never changes them). An IVF index is read into memory either way."""
        index = faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC if mapped else 0)
        if index.d != dimension:
            raise ValueError(f"{path}: vectors have dimension {index.d}, expected {dimension}")
        return cls(dimension, index, read_only=mapped)
