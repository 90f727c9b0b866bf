"""Prints the median run time of every example query in ontology/queries over an index.

Usage: python benchmarks/queries.py [INDEX_DIR] [RUNS]
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from kg.index import make_embedder
from kg.index import load_index
from kg.settings import setting
from kg.graph import run_query

QUERIES = Path(__file__).resolve().parent.parent / "ontology" / "queries"


def main() -> None:
    index_path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(setting("index"))
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    index = load_index(index_path, make_embedder())
    dataset = index.dataset
    print(f"index: {index.manifest['counts']}  runs per query: {runs}")
    print(f"{'query':<34} {'rows':>5} {'median ms':>10}")
    for file in sorted(QUERIES.glob("*.rq")):
        query = file.read_text(encoding="utf-8")
        times = []
        rows = 0
        for _ in range(runs):
            started = time.perf_counter()
            rows = len(run_query(dataset, query, "csv").splitlines()) - 1
            times.append((time.perf_counter() - started) * 1000)
        print(f"{file.stem:<34} {rows:>5} {statistics.median(times):>10.1f}")


if __name__ == "__main__":
    main()
