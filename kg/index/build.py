"""Ingest: read reports, chunk them, embed the chunks and write the index directory."""
from __future__ import annotations

import os
import tempfile
import time
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest.chunking import Chunk, chunk_document
from ingest.metadata import report_title
from ingest.sections import build_section_tree
from ingest.sources import Document, SourceError, find_report_files, read_document
from kg.errors import KgError
from kg.graph.ids import chunk_iri, vector_id
from kg.index.embedder import Embedder
from kg.index.load import empty_index, index_lock, load_index, new_manifest, ontology_hash, read_manifest, write_index
from kg.index.readers import Readers, in_thread
from kg.graph.statistics import replace_statistics, statistics_graph
from kg.index.store_writing import read_graphs, store_without, write_store_beside
from kg.index.readers import reader_workers as _reader_workers
from kg.index.reading import ReadFailure, read_report_or_failure
from kg.index.sentences import assemble, embed_findings, embed_sentences
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
    The stages: plan (what changed) → chunk → read and embed (side by side) → write.
    """
    clock = _PhaseClock()
    documents, failures = _read_documents(find_report_files(paths))
    clock.lap("read")
    if not rebuild and (summary := _nothing_to_do(index_path, paths, documents, failures)) is not None:
        clock.lap("load")
        summary.timings = clock.timings
        return summary  # decided from the manifest alone: a large index is not loaded for nothing
    with index_lock(index_path):
        exists = read_manifest(index_path) is not None
        index = load_index(index_path, embedder) if exists and not rebuild else empty_index(index_path, embedder)
        summary = IngestSummary(failed=failures, timings=clock.timings)
        changed = _plan(index, paths, documents, summary)
        if not summary.changed and not rebuild:
            summary.total_reports = len(index.reports)
            summary.total_chunks = len(index.chunks)
            summary.triples = index.manifest.get("counts", {}).get("triples", 0)
            return summary
        clock.lap("load")
        run = _Run(index, index_path, embedder, summary, rebuild, show_progress, exists)
        run.chunk(changed)
        clock.lap("chunk")
        run.read_and_embed(clock)
        run.write()
        clock.lap("write")
        return summary


def _read_documents(files) -> tuple[list[Document], list[tuple[str, str]]]:
    """The documents of `files`; one unreadable file is a failure of its own, the others still ingest."""
    documents, failures = [], []
    for file in files:
        try:
            documents.append(read_document(file))
        except SourceError as err:
            failures.append((str(file), str(err).removeprefix(f"{file}: ")))
    return documents, failures


def _plan(index, paths, documents: list[Document], summary: IngestSummary) -> list[Document]:
    """Sorts the documents into added, updated, unchanged and skipped (the same content as another report), and
    the reports gone from their folders into removed; returns the documents to read."""
    known_hashes = {r.sha256: rid for rid, r in index.reports.items()}
    unique = []
    for document in documents:
        twin = known_hashes.get(document.sha256)
        if twin is not None and twin != document.report_id:
            summary.skipped.append((document.path, f"same content as the ingested report {twin}"))
            continue
        known_hashes.setdefault(document.sha256, document.report_id)
        unique.append(document)
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    seen = {d.report_id for d in unique}
    for report_id, record in index.reports.items():
        if report_id not in seen and Path(record.source).parent in folders:
            summary.removed.append(report_id)
    # Reports read by an older version of the rules are read again, though unchanged.
    stale = index.manifest.get("ingest_version") != INGEST_VERSION or index.manifest.get("ontology_hash") != ontology_hash()
    changed: list[Document] = []
    for document in unique:
        previous = index.reports.get(document.report_id)
        if previous is None:
            summary.added.append(document.report_id)
            changed.append(document)
        elif previous.sha256 != document.sha256 or stale:
            summary.updated.append(document.report_id)
            changed.append(document)
        else:
            summary.unchanged.append(document.report_id)
    return changed


class _Run:
    """One ingest run that changes the index: its new records, vectors and graphs, until they are written."""

    def __init__(self, index, index_path: Path, embedder: Embedder, summary: IngestSummary, rebuild: bool,
                 show_progress: bool, exists: bool) -> None:
        self.index, self.index_path, self.embedder, self.summary = index, index_path, embedder, summary
        self.rebuild, self.show_progress = rebuild, show_progress
        self.new_reports: dict[str, ReportRecord] = {}
        self.new_chunks: dict[str, list[ChunkRecord]] = {}
        self.new_findings: dict[str, list[FindingRecord]] = {}
        self.previous = None if rebuild or not exists else index.dataset_path
        self.endpoint = setting("sparql_endpoint") or index.manifest.get("graph_store") or ""
        index_path.parent.mkdir(parents=True, exist_ok=True)
        self.scratch = tempfile.TemporaryDirectory(prefix=f".{index_path.name}.read-", dir=index_path.parent)
        self.store_path = Path(self.scratch.name) / "graph"
        self.store: Future | None = None

    def chunk(self, changed: list[Document]) -> None:
        """Chunks each changed report (its section tree built once, for chunking and extraction)."""
        trees = {}
        for document in changed:
            title = report_title(document)
            trees[document.report_id] = build_section_tree(document)
            records = chunk_records(document, title, chunk_document(document, trees[document.report_id]))
            self.new_chunks[document.report_id] = records
            self.new_reports[document.report_id] = ReportRecord(
                report_id=document.report_id, file_name=document.file_name, source=str(Path(document.path).resolve()),
                sha256=document.sha256, title=title, line_count=document.line_count, chunk_count=len(records))
        self.jobs = [(document, self.new_reports[document.report_id], self.new_chunks[document.report_id],
                      Path(self.scratch.name), trees[document.report_id]) for document in changed]
        self.to_embed = [r for records in self.new_chunks.values() for r in records]
        self.dropped = set(self.summary.removed) | set(self.new_chunks)

    def read_and_embed(self, clock: "_PhaseClock") -> None:
        """Reads the reports (extraction, graph, shapes) in worker processes while the model embeds, and writes
        the store as soon as they are read (Oxigraph's loader runs outside the GIL); the model leaves the
        workers their cores meanwhile."""
        run_id = uuid.uuid4().hex
        workers = _reader_workers(self.jobs, self.embedder.uses_cores)
        try:
            reader = Readers(self.jobs, workers, self.embedder.leave_cores) if workers else None
            if reader is not None and not self.endpoint:
                self.store = in_thread(write_store_beside, self.embedder, lambda: read_graphs(
                    self.jobs, reader.results(), self.dropped, run_id), self.store_path, self.previous)
            self.vectors = _embed(self.embedder, self.to_embed, self.show_progress)
            self.new_sentences = embed_sentences(self.embedder, self.to_embed, self.show_progress)
            clock.lap("embed")
            read = reader.results() if reader else [read_report_or_failure(*job) for job in self.jobs]
            clock.lap("read_reports")
            self.graphs, self.dropped, self.provenance = read_graphs(self.jobs, read, self.dropped, run_id)
            self._settle(read)
            if self.store is None and not self.endpoint:
                self.store = in_thread(write_store_beside, self.embedder,
                                        lambda: (self.graphs, self.dropped, self.provenance), self.store_path,
                                        self.previous)
            self.added_findings = [f for records in self.new_findings.values() for f in records]
            unseen = {f.text for f in self.added_findings} - self.new_sentences.row_of.keys()
            with tqdm(total=len(unseen), desc="Embedding findings", unit="finding", disable=not self.show_progress) as bar:
                self.added_finding_vectors = embed_findings(self.embedder, self.added_findings, self.new_sentences,
                                                             bar.update)
            clock.lap("embed")
        finally:
            self.embedder.leave_cores(0)

    def _settle(self, read: list) -> None:
        """Takes each report's findings, warnings and timings; a report that failed is left out of this run (one
        ingested before keeps its previous version)."""
        summary, failed = self.summary, set()
        for (document, *_), result in zip(self.jobs, read):
            if isinstance(result, ReadFailure):
                summary.failed.append((document.path, result.reason))
                failed.add(document.report_id)
                continue
            warnings, findings, _, seconds = result
            summary.warnings += [(document.path, warning) for warning in warnings]
            self.new_findings[document.report_id] = findings
            for phase, spent in seconds.items():
                summary.timings[f"{phase}_cpu"] = summary.timings.get(f"{phase}_cpu", 0.0) + spent
        if failed:
            summary.added = [r for r in summary.added if r not in failed]
            summary.updated = [r for r in summary.updated if r not in failed]
            kept_rows = [i for i, r in enumerate(self.to_embed) if r.report_id not in failed]
            self.to_embed, self.vectors = [self.to_embed[i] for i in kept_rows], self.vectors[kept_rows]
            self.new_chunks = {rid: records for rid, records in self.new_chunks.items() if rid not in failed}
            self.new_reports = {rid: record for rid, record in self.new_reports.items() if rid not in failed}

    def write(self) -> None:
        """Writes the new index generation: vectors, chunks, findings, sentences, manifest and graph."""
        index, dropped = self.index, self.dropped
        index.vectors.remove([c.vector_id for c in index.chunks if c.report_id in dropped])
        index.vectors.add([r.vector_id for r in self.to_embed], self.vectors)
        chunks = [c for c in index.chunks if c.report_id not in dropped] + self.to_embed
        chunks.sort(key=lambda c: (c.report_id, c.ordinal))
        reports = {rid: r for rid, r in index.reports.items() if rid not in dropped} | self.new_reports
        kept = [i for i, f in enumerate(index.findings) if f.report_id not in dropped]
        findings = [index.findings[i] for i in kept] + self.added_findings
        finding_vectors = np.concatenate([index.finding_vectors[kept], self.added_finding_vectors]).astype(np.float32)
        manifest = new_manifest(self.embedder, reports, chunks, 0)
        old_sentences = None if self.rebuild or index.sentence_vectors is None else index.sentence_vectors
        if old_sentences is None and any(c.iri not in self.new_sentences for c in chunks):
            # An index written before sentence vectors were stored: every chunk gets them now.
            self.new_sentences = embed_sentences(self.embedder, chunks, self.show_progress)
        sentence_vectors = assemble(chunks, self.new_sentences, old_sentences,
                                    index.sentence_offsets if old_sentences is not None else {}, self.embedder.dimension)
        if self.endpoint:
            manifest["graph_store"] = self.endpoint
        self.findings = findings
        self.summary.triples = write_index(self.index_path, manifest, chunks, index.vectors, self._write_graph, findings,
                                           finding_vectors, sentence_vectors)
        self.scratch.cleanup()
        self.summary.chunks_embedded = len(self.to_embed)
        self.summary.total_reports = len(reports)
        self.summary.total_chunks = len(chunks)

    def _write_graph(self, target: Path) -> int:
        """Puts the graph at `target`: the store written beside, or (for a remote store) the graphs sent to the
        server, the folder then only marking where the graph would be."""
        if self.endpoint:
            from kg.graph.remote import write_remote

            target.mkdir()
            return write_remote(self.endpoint, set(self.summary.removed), set(self.new_chunks), self.graphs,
                                self.provenance, self.rebuild, statistics_graph(self.findings))
        triples = self.store.result()
        os.replace(self.store_path, target)
        replace_statistics(target, self.findings)
        return triples


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
            store_without(index.dataset_path, dropped, [index.findings[i] for i in kept]),
            [index.findings[i] for i in kept], index.finding_vectors[kept], sentences,
        )
        summary.total_reports = len(reports)
        summary.total_chunks = len(chunks)
        return summary
