"""Ingest: read reports, chunk them, embed the chunks and write the index directory."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ingest.chunking import Chunk, chunk_document
from ingest.metadata import report_title
from ingest.sections import build_section_tree
from ingest.sources import Document, SourceError, find_report_files, read_document
from kg.index.embedder import Embedder
from kg.errors import KgError
from kg.graph.store import provenance_quads, write_store
from kg.index.reading import ReadFailure, read_report_or_failure
from kg.graph.ids import chunk_iri, vector_id
from kg.index.sentences import SentenceVectors, assemble, chunk_sentences
from kg.index.load import empty_index, index_lock, load_index, new_manifest, ontology_hash, read_manifest, write_index
from kg.records import ChunkRecord, FindingRecord, ReportRecord
from kg.settings import INGEST_VERSION, setting


@dataclass
class IngestSummary:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, problem): not ingested
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): ingested already
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, warning): ingested, partly read
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase: read, extract, validate, embed, write
    chunks_embedded: int = 0
    total_reports: int = 0
    total_chunks: int = 0
    triples: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def describe(self) -> str:
        """Returns a one-paragraph human summary."""
        failed = f"; {len(self.failed)} failed (left out, retried by the next ingest)" if self.failed else ""
        if not self.changed:
            return f"Index is up to date: {len(self.unchanged)} report(s) unchanged{failed or ', nothing to do'}."
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.removed)} removed",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return (
            f"Ingested: {', '.join(parts)}; embedded {self.chunks_embedded} chunk(s). "
            f"Index now holds {self.total_reports} report(s), {self.total_chunks} chunk(s), {self.triples} triples."
        )


def embedding_text(record: ChunkRecord) -> str:
    """Returns the text embedded for a chunk: report title and section path give it context."""
    path = " > ".join(record.section_path)
    return f"{record.title}. {path}.\n{record.text}"


def chunk_records(document: Document, title: str, chunks: list[Chunk]) -> list[ChunkRecord]:
    """Returns the stored records of a document's chunks."""
    records = []
    for chunk in chunks:
        iri = chunk_iri(document.report_id, chunk.ordinal)
        records.append(
            ChunkRecord(
                iri=iri,
                vector_id=vector_id(iri),
                report_id=document.report_id,
                file_name=document.file_name,
                title=title,
                ordinal=chunk.ordinal,
                section_path=chunk.section_path,
                start_line=chunk.start_line,
                end_line=chunk.end_line,
                line_numbers=chunk.line_numbers,
                page=chunk.page,
                text=chunk.text,
            )
        )
    return records


def ingest(
    paths: list[str | Path],
    index_path: Path,
    embedder: Embedder,
    rebuild: bool = False,
    show_progress: bool = True,
) -> IngestSummary:
    """Brings the index at `index_path` up to date with the reports named by `paths`.

    Reports whose content is unchanged are not read again; a changed report replaces
    its chunks and named graph; a report that was ingested from one of the given
    folders and is no longer there is removed. Nothing is written unless something changed.
    """
    clock = _PhaseClock()
    files = find_report_files(paths)
    documents = []
    failures: list[tuple[str, str]] = []
    for file in files:
        # One unreadable file is reported and left out; the others of the run still ingest.
        try:
            documents.append(read_document(file))
        except SourceError as err:
            failures.append((str(file), str(err).removeprefix(f"{file}: ")))
    clock.lap("read")
    if not rebuild and (summary := _nothing_to_do(index_path, paths, documents, failures)) is not None:
        clock.lap("load")
        summary.timings = clock.timings
        return summary  # decided from the manifest alone: a large index is not loaded for nothing
    with index_lock(index_path):
        exists = read_manifest(index_path) is not None
        index = load_index(index_path, embedder) if exists and not rebuild else empty_index(index_path, embedder)
        summary = IngestSummary(failed=failures, timings=clock.timings)
        known_hashes = {r.sha256: rid for rid, r in index.reports.items()}
        unique = []
        for document in documents:
            twin = known_hashes.get(document.sha256)
            if twin is not None and twin != document.report_id:
                summary.skipped.append((document.path, f"same content as the ingested report {twin}"))
                continue
            known_hashes.setdefault(document.sha256, document.report_id)
            unique.append(document)
        documents = unique
        folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
        seen = {d.report_id for d in documents}
        for report_id, record in index.reports.items():
            if report_id not in seen and Path(record.source).parent in folders:
                summary.removed.append(report_id)
        changed: list[Document] = []
        # Reports read by an older version of the rules are read again, though unchanged.
        stale = (
            index.manifest.get("ingest_version") != INGEST_VERSION
            or index.manifest.get("ontology_hash") != ontology_hash()
        )
        for document in documents:
            previous = index.reports.get(document.report_id)
            if previous is None:
                summary.added.append(document.report_id)
                changed.append(document)
            elif previous.sha256 != document.sha256 or stale:
                summary.updated.append(document.report_id)
                changed.append(document)
            else:
                summary.unchanged.append(document.report_id)
        if not summary.changed and not rebuild:
            summary.total_reports = len(index.reports)
            summary.total_chunks = len(index.chunks)
            summary.triples = index.manifest.get("counts", {}).get("triples", 0)
            return summary

        clock.lap("load")
        new_reports: dict[str, ReportRecord] = {}
        new_chunks: dict[str, list[ChunkRecord]] = {}
        new_findings: dict[str, list[FindingRecord]] = {}
        trees = {}  # report id -> its section tree, built once for chunking and extraction
        for document in changed:
            title = report_title(document)
            trees[document.report_id] = build_section_tree(document)
            records = chunk_records(document, title, chunk_document(document, trees[document.report_id]))
            new_chunks[document.report_id] = records
            new_reports[document.report_id] = ReportRecord(
                report_id=document.report_id,
                file_name=document.file_name,
                source=str(Path(document.path).resolve()),
                sha256=document.sha256,
                title=title,
                line_count=document.line_count,
                chunk_count=len(records),
            )
        clock.lap("chunk")
        jobs = [(document, new_reports[document.report_id], new_chunks[document.report_id]) for document in changed]
        to_embed = [r for records in new_chunks.values() for r in records]
        index_path.parent.mkdir(parents=True, exist_ok=True)
        scratch = tempfile.TemporaryDirectory(prefix=f".{index_path.name}.read-", dir=index_path.parent)
        jobs = [job + (Path(scratch.name), trees[job[0].report_id]) for job in jobs]
        dropped = set(summary.removed) | set(new_chunks)
        previous = None if rebuild or not exists else index.dataset_path
        run_id = uuid.uuid4().hex
        endpoint = setting("sparql_endpoint") or index.manifest.get("graph_store") or ""
        store_path = Path(scratch.name) / "graph"
        workers = _reader_workers(jobs)
        store = None
        try:
            # Reading the reports (extraction, graph, shapes) is single-threaded Python: with several reports,
            # worker processes read them while the model embeds, and the store is written as soon as they are
            # done (Oxigraph's loader runs outside the GIL). The model leaves them their cores meanwhile.
            reader = _Readers(jobs, workers, embedder.leave_cores) if workers else None
            if reader is not None and not endpoint:
                store = _in_thread(_write_store_beside, embedder,
                                   lambda: _read_graphs(jobs, reader.results(), dropped, run_id), store_path, previous)
            vectors = _embed(embedder, to_embed, show_progress)
            new_sentences = _embed_sentences(embedder, to_embed, show_progress)
            clock.lap("embed")
            read = reader.results() if reader else [read_report_or_failure(*job) for job in jobs]
            clock.lap("read_reports")
            graphs, dropped, provenance = _read_graphs(jobs, read, dropped, run_id)
            failed = set()
            for (document, *_), result in zip(jobs, read):
                if isinstance(result, ReadFailure):
                    # Left out of this run; a report ingested before keeps its previous version.
                    summary.failed.append((document.path, result.reason))
                    failed.add(document.report_id)
                    continue
                warnings, findings, _, seconds = result
                summary.warnings += [(document.path, warning) for warning in warnings]
                new_findings[document.report_id] = findings
                for phase, spent in seconds.items():
                    summary.timings[f"{phase}_cpu"] = summary.timings.get(f"{phase}_cpu", 0.0) + spent
            if failed:
                summary.added = [r for r in summary.added if r not in failed]
                summary.updated = [r for r in summary.updated if r not in failed]
                kept_rows = [i for i, r in enumerate(to_embed) if r.report_id not in failed]
                to_embed, vectors = [to_embed[i] for i in kept_rows], vectors[kept_rows]
                new_chunks = {rid: records for rid, records in new_chunks.items() if rid not in failed}
                new_reports = {rid: record for rid, record in new_reports.items() if rid not in failed}
            if store is None and not endpoint:
                store = _in_thread(_write_store_beside, embedder, lambda: (graphs, dropped, provenance), store_path,
                                    previous)
            added_findings = [f for records in new_findings.values() for f in records]
            unseen = {f.text for f in added_findings} - new_sentences.row_of.keys()
            with tqdm(total=len(unseen), desc="Embedding findings", unit="finding", disable=not show_progress) as bar:
                added_finding_vectors = _embed_findings(embedder, added_findings, new_sentences, bar.update)
            clock.lap("embed")
        finally:
            embedder.leave_cores(0)

        index.vectors.remove([c.vector_id for c in index.chunks if c.report_id in dropped])
        index.vectors.add([r.vector_id for r in to_embed], vectors)
        chunks = [c for c in index.chunks if c.report_id not in dropped] + to_embed
        chunks.sort(key=lambda c: (c.report_id, c.ordinal))
        reports = {rid: r for rid, r in index.reports.items() if rid not in dropped} | new_reports

        kept = [i for i, f in enumerate(index.findings) if f.report_id not in dropped]
        findings = [index.findings[i] for i in kept] + added_findings
        finding_vectors = np.concatenate([index.finding_vectors[kept], added_finding_vectors]).astype(np.float32)
        manifest = new_manifest(embedder, reports, chunks, 0)
        old_sentences = None if rebuild or index.sentence_vectors is None else index.sentence_vectors
        if old_sentences is None and any(c.iri not in new_sentences for c in chunks):
            # An index written before sentence vectors were stored: every chunk gets them now.
            new_sentences = _embed_sentences(embedder, chunks, show_progress)
        sentence_vectors = assemble(chunks, new_sentences, old_sentences,
                                    index.sentence_offsets if old_sentences is not None else {}, embedder.dimension)
        if endpoint:
            from kg.graph.remote import write_remote

            manifest["graph_store"] = endpoint

            def write_graph(target: Path) -> int:
                target.mkdir()  # the graph is on the server; the folder only marks where it would be
                return write_remote(endpoint, set(summary.removed), set(new_chunks), graphs, provenance, rebuild)
        else:
            def write_graph(target: Path) -> int:
                triples = store.result()
                os.replace(store_path, target)
                return triples
        summary.triples = write_index(
            index_path, manifest, chunks, index.vectors, write_graph, findings, finding_vectors, sentence_vectors,
        )
        scratch.cleanup()
        clock.lap("write")
        summary.chunks_embedded = len(to_embed)
        summary.total_reports = len(reports)
        summary.total_chunks = len(chunks)
        return summary


def _read_graphs(jobs: list, read: list, dropped: set[str], run_id: str) -> tuple[list, set[str], list]:
    """Returns the graphs of the reports read, the report graphs to drop from the store and the run's provenance.

    A report that failed is not written, and a version of it ingested before is not dropped.
    """
    failed = {job[0].report_id for job, result in zip(jobs, read) if isinstance(result, ReadFailure)}
    graphs = [result[2] for result in read if not isinstance(result, ReadFailure)]
    written = sorted(job[0].report_id for job in jobs if job[0].report_id not in failed)
    return graphs, dropped - failed, provenance_quads(written, run_id)


def _write_store_beside(embedder: Embedder, settled: Callable[[], tuple[list, set[str], list]], target: Path,
                        previous: Path | None) -> int:
    """Writes the store (kg.graph.store.write_store) once the reports are read: `settled()` gives the report graphs,
    the graphs to drop and the provenance. The model embeds with one core fewer meanwhile."""
    report_graphs, dropped, provenance = settled()
    embedder.leave_cores(1)
    try:
        return write_store(target, previous, dropped, report_graphs, provenance)
    finally:
        embedder.leave_cores(0)


def _in_thread(function: Callable, *args) -> Future:
    """Runs `function(*args)` in a thread of its own; the future gives its value or raises its error."""
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(function, *args)
    pool.shutdown(wait=False)
    return future


class _Reader:
    """Feeds jobs to a worker process (kg/index/read_worker.py) from a thread, so the worker never waits on the
    parent while the parent embeds; `results` returns them in order, or raises the first error. `finished`
    is called once the worker has answered its last job."""

    def __init__(self, jobs: list, finished: Callable[[], None] = lambda: None) -> None:
        self.finished = finished
        self.process = subprocess.Popen([sys.executable, "-m", "kg.index.read_worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, cwd=str(Path(__file__).resolve().parents[2]))
        self.replies: list = []
        self.thread = threading.Thread(target=self._run, args=(jobs,), daemon=True)
        self.thread.start()

    def _run(self, jobs: list) -> None:
        try:
            for job in jobs:
                data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.write(len(data).to_bytes(8, "little") + data)
                self.process.stdin.flush()
                header = self.process.stdout.read(8)
                if len(header) < 8:
                    raise KgError("the report reader process stopped")
                self.replies.append(pickle.loads(self.process.stdout.read(int.from_bytes(header, "little"))))
                if self.replies[-1][0] == "error":
                    break
        except Exception as err:  # noqa: BLE001 - raised in the parent by results()
            self.replies.append(("error", err))
        finally:
            self.process.stdin.close()
            self.finished()

    def results(self) -> list:
        self.thread.join()
        self.process.wait()
        self.process.stdout.close()
        for status, value in self.replies:
            if status == "error":
                raise value
        return [value for _, value in self.replies]


class _Readers:
    """Several _Reader workers sharing the jobs; `results` keeps the jobs' order. `busy` is told how many
    workers are still reading whenever that changes (the embedder leaves them their cores)."""

    def __init__(self, jobs: list, workers: int, busy: Callable[[int], None] = lambda count: None) -> None:
        self.size = len(jobs)
        count = min(workers, len(jobs))
        self.busy, self.running, self.lock = busy, count, threading.Lock()
        busy(count)
        self.readers = [_Reader(jobs[i::workers], self._finished) for i in range(count)]

    def _finished(self) -> None:
        with self.lock:
            self.running -= 1
            self.busy(self.running)

    def results(self) -> list:
        parts = [reader.results() for reader in self.readers]
        ordered = [None] * self.size
        for offset, part in enumerate(parts):
            ordered[offset::len(parts)] = part
        return ordered


def _reader_workers(jobs: list) -> int:
    """Worker processes for reading reports: none for one small report (starting one costs ~2 s); else the
    `ingest_readers` setting (1: the embedding keeps the other core busy)."""
    lines = sum(job[0].line_count for job in jobs)
    if len(jobs) < 2 and lines < 3000 or (os.cpu_count() or 1) < 2:
        return 0
    return max(1, int(setting("ingest_readers")))


def _nothing_to_do(index_path: Path, paths, documents: list[Document], failures: list) -> IngestSummary | None:
    """The summary of an ingest that changes nothing, when the manifest shows it: every document is
    ingested with the same content by the current rules, and no ingested report left its folder."""
    manifest = read_manifest(index_path)
    if manifest is None or manifest.get("ingest_version") != INGEST_VERSION or manifest.get("ontology_hash") != ontology_hash():
        return None
    reports = manifest.get("reports", {})
    if any(reports.get(d.report_id, {}).get("sha256") != d.sha256 for d in documents):
        return None
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    seen = {d.report_id for d in documents}
    if any(rid not in seen and Path(r["source"]).parent in folders for rid, r in reports.items()):
        return None
    counts = manifest.get("counts", {})
    return IngestSummary(unchanged=[d.report_id for d in documents], failed=failures,
                         total_reports=len(reports), total_chunks=counts.get("chunks", 0), triples=counts.get("triples", 0))


class _PhaseClock:
    """Adds the time since the last lap to a phase's total."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = self.timings.get(phase, 0.0) + now - self._last
        self._last = now


def _embed_sentences(embedder: Embedder, records: list[ChunkRecord], show_progress: bool) -> SentenceVectors:
    """Returns the vectors of the informative sentences of `records`, which answers score at query time,
    each distinct text embedded once."""
    rows: dict[str, list[int]] = {}
    row_of: dict[str, int] = {}
    for record in records:
        rows[record.iri] = [row_of.setdefault(text, len(row_of)) for _, text in chunk_sentences(record)]
    texts = list(row_of)
    with tqdm(total=len(texts), desc="Embedding sentences", unit="sentence", disable=not show_progress) as bar:
        vectors = embedder.embed(texts, progress=bar.update).astype(np.float16)
    return SentenceVectors(vectors, row_of, rows)


def _embed_findings(embedder: Embedder, findings: list[FindingRecord], sentences: SentenceVectors,
                    progress) -> np.ndarray:
    """Returns the vectors of `findings`; a finding whose text is a sentence already embedded (most are)
    takes that sentence's vector instead of being embedded again."""
    out = np.zeros((len(findings), embedder.dimension), dtype=np.float32)
    missing = sorted({f.text for f in findings if f.text not in sentences.row_of})
    vectors = dict(zip(missing, embedder.embed(missing, progress=progress)))
    for row, finding in enumerate(findings):
        known = sentences.vector(finding.text)
        out[row] = known if known is not None else vectors[finding.text]
    return out


def _embed(embedder: Embedder, records: list[ChunkRecord], show_progress: bool):
    with tqdm(total=len(records), desc="Embedding chunks", unit="chunk", disable=not show_progress) as bar:
        return embedder.embed([embedding_text(r) for r in records], progress=bar.update)


def remove_reports(report_ids: list[str], index_path: Path, embedder: Embedder) -> IngestSummary:
    """Removes reports, their chunks, vectors and named graphs from the index at `index_path`."""
    with index_lock(index_path):
        index = load_index(index_path, embedder)
        unknown = [r for r in report_ids if r.removesuffix(".txt") not in index.reports and r not in index.reports]
        if unknown:
            known = ", ".join(sorted(index.reports)) or "none"
            raise KgError(f"no report {unknown[0]!r} in the index (reports: {known})")
        dropped = {r if r in index.reports else r.rsplit(".", 1)[0] for r in report_ids}
        summary = IngestSummary(removed=sorted(dropped))
        index.vectors.remove([c.vector_id for c in index.chunks if c.report_id in dropped])
        chunks = [c for c in index.chunks if c.report_id not in dropped]
        reports = {rid: r for rid, r in index.reports.items() if rid not in dropped}
        manifest = new_manifest(embedder, reports, chunks, 0)
        kept = [i for i, f in enumerate(index.findings) if f.report_id not in dropped]
        sentences = None
        if index.sentence_vectors is not None:
            sentences = assemble(chunks, None, index.sentence_vectors, index.sentence_offsets, embedder.dimension)
        summary.triples = write_index(
            index_path, manifest, chunks, index.vectors,
            lambda target: write_store(target, index.dataset_path, dropped, [], []),
            [index.findings[i] for i in kept], index.finding_vectors[kept], sentences,
        )
        summary.total_reports = len(reports)
        summary.total_chunks = len(chunks)
        return summary
