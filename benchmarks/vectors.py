"""Recall of an approximate (IVF) vector index against exact search, over an index's own chunk vectors.

The sweep builds the IVF index ingest builds above `FLAT_LIMIT` vectors (same list count, same training)
from the vectors at hand, whatever their number, and searches it with each probe share; the queries are
the benchmark's questions and those of ../shared/eval when present. With real (MiniLM) vectors this is
the measurement `PROBE_SHARE` is chosen from: the smallest share reaching recall@10 ≥ `TARGET`.
"""
from __future__ import annotations

import time

import numpy as np

SHARES = (0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2)
TARGET = 0.95


def recall_at_10(index, exact_ids: np.ndarray, vectors: np.ndarray, queries: np.ndarray) -> tuple[float, float]:
    """Mean recall@10 of `index` against exact inner-product search, and its mean search time in ms.

    A result counts when it is as close as the exact tenth: texts printed in many reports have equal vectors,
    and which of the tied ones exact search lists is arbitrary."""
    hits, spent = [], 0.0
    for query in queries:
        tenth = np.sort(vectors @ query)[-10] if len(vectors) >= 10 else -1.0
        started = time.perf_counter()
        found = index.search(query, 10)
        spent += time.perf_counter() - started
        hits.append(sum(1 for _, score in found if score >= tenth - 1e-5) / min(10, len(vectors)))
    return round(float(np.mean(hits)), 3), round(1000 * spent / len(queries), 3)


def sweep(vectors_index, queries: np.ndarray) -> dict:
    """recall@10 and search ms of an IVF index over `vectors_index`'s vectors at each probe share, and the
    share chosen (the smallest reaching TARGET)."""
    from kg.index import PROBE_SHARE, VectorIndex

    ids, vectors = vectors_index.all_vectors()
    ivf = VectorIndex(vectors_index.dimension)
    ivf.add(list(ids), vectors)
    ivf.fit_to_size(flat_limit=0)
    table = {}
    for share in SHARES:
        ivf.probe_share = share
        recall, ms = recall_at_10(ivf, ids, vectors, queries)
        table[str(share)] = {"nprobe": ivf.nprobe, "recall_at_10": recall, "search_ms": ms}
    chosen = next((float(s) for s, row in table.items() if row["recall_at_10"] >= TARGET), None)
    return {"vectors": len(ids), "nlist": ivf.nlist, "queries": len(queries), "by_probe_share": table,
            "share_reaching_target": chosen, "share_in_use": PROBE_SHARE}
