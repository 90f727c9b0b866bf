"""Writing an ingest's graph store: the report graphs once read, beside the embedding, and the findings' tallies."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kg.graph.statistics import replace_statistics
from kg.graph.store import provenance_quads, write_store
from kg.index.embedder import Embedder
from kg.index.reading import ReadFailure


def read_graphs(jobs: list, read: list, dropped: set[str], run_id: str) -> tuple[list, set[str], list]:
    """Returns the graphs of the reports read, the report graphs to drop from the store and the run's provenance.

    A report that failed is not written, and a version of it ingested before is not dropped.
    """
    failed = {job[0].report_id for job, result in zip(jobs, read) if isinstance(result, ReadFailure)}
    graphs = [result[2] for result in read if not isinstance(result, ReadFailure)]
    written = sorted(job[0].report_id for job in jobs if job[0].report_id not in failed)
    return graphs, dropped - failed, provenance_quads(written, run_id)


def write_store_beside(embedder: Embedder, settled: Callable[[], tuple[list, set[str], list]], target: Path,
                        previous: Path | None) -> int:
    """Writes the store (kg.graph.store.write_store) once the reports are read: `settled()` gives the report graphs,
    the graphs to drop and the provenance. The model embeds with one core fewer meanwhile."""
    report_graphs, dropped, provenance = settled()
    embedder.leave_cores(1)
    try:
        return write_store(target, previous, dropped, report_graphs, provenance)
    finally:
        embedder.leave_cores(0)


def store_without(previous: Path, dropped: set[str], findings: list) -> Callable[[Path], int]:
    """Writes the store at a target: the previous one without the graphs of `dropped`, the tallies of `findings`."""
    def write(target: Path) -> int:
        triples = write_store(target, previous, dropped, [], [])
        replace_statistics(target, findings)
        return triples

    return write
