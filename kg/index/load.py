"""The index directory: manifest, chunk records, FAISS, BM25 and the RDF dataset, written atomically."""
from __future__ import annotations

import fcntl
import json

import numpy as np
import os
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from rdflib import Dataset

from kg.index.embedder import Embedder
from kg.errors import IndexBusy, IndexMismatch, IndexMissing
from kg.graph.store import open_dataset
from kg.index.keyword import KeywordIndex
from kg.records import ChunkRecord, FindingRecord, ReportRecord
from kg.settings import INDEX_FORMAT_VERSION, INGEST_VERSION
from kg.index.vectors import VectorIndex

MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
VECTORS = "vectors.faiss"
FINDINGS = "findings.jsonl"
FINDING_VECTORS = "findings.npy"
SENTENCE_VECTORS = "sentences.npy"  # float16, the informative sentences of every chunk in chunk order
BM25 = "bm25"
GRAPH = "oxigraph"


@dataclass
class LoadedIndex:
    """Everything in one index directory, in memory."""

    path: Path
    manifest: dict
    reports: dict[str, ReportRecord]
    chunks: list[ChunkRecord]
    vectors: VectorIndex
    keywords: KeywordIndex
    dataset_path: Path
    findings: list[FindingRecord] = field(default_factory=list)
    finding_vectors: np.ndarray | None = field(default=None, repr=False)
    sentence_vectors: np.ndarray | None = field(default=None, repr=False)
    _dataset: Dataset | None = field(default=None, repr=False)
    _by_vector_id: dict[int, int] | None = field(default=None, repr=False)
    _sentence_offsets: dict[str, tuple[int, int]] | None = field(default=None, repr=False)
    _derived: dict[str, object] = field(default_factory=dict, repr=False)

    def derived(self, name: str, compute: Callable[["LoadedIndex"], object]):
        """Returns `compute(self)`, computed once for this loaded index (tables the answerer derives from it)."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    @property
    def sentence_offsets(self) -> dict[str, tuple[int, int]]:
        """Chunk IRI -> (first row, count) of its sentences in `sentence_vectors`."""
        if self._sentence_offsets is None:
            from kg.index.sentences import sentence_offsets

            self._sentence_offsets = sentence_offsets(self.chunks)
        return self._sentence_offsets

    def sentence_rows(self, chunk_iri: str) -> int:
        """Returns the first row of a chunk's sentences in `sentence_vectors`."""
        return self.sentence_offsets[chunk_iri][0]

    @property
    def dataset(self) -> Dataset:
        """Returns the RDF dataset, loaded on first use."""
        if self._dataset is None:
            endpoint = self.manifest.get("graph_store")
            if endpoint:
                from kg.graph.remote import open_remote_dataset

                self._dataset = open_remote_dataset(endpoint)
            else:
                self._dataset = open_dataset(self.dataset_path)
        return self._dataset

    def row_of_vector(self, vector_id: int) -> int:
        """Returns the chunk row holding `vector_id`."""
        if self._by_vector_id is None:
            self._by_vector_id = {c.vector_id: row for row, c in enumerate(self.chunks)}
        return self._by_vector_id[vector_id]


def read_manifest(path: Path) -> dict | None:
    """Returns the manifest of the index at `path`, or None if there is no index there."""
    manifest_path = path / MANIFEST
    if not manifest_path.exists():
        return None
    try:
        return json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise IndexMismatch(f"{manifest_path}: unreadable manifest ({err}); run `probation-kg ingest --rebuild`") from None


def check_manifest(manifest: dict, embedder: Embedder, path: Path) -> None:
    """Raises IndexMismatch when the index was built by another format or model."""
    version = manifest.get("format_version")
    if version != INDEX_FORMAT_VERSION:
        raise IndexMismatch(
            f"index at {path} has format version {version}, this program reads version {INDEX_FORMAT_VERSION}; "
            "run `probation-kg ingest --rebuild`"
        )
    model = manifest.get("model", {})
    if model.get("name") != embedder.name or model.get("dimension") != embedder.dimension:
        raise IndexMismatch(
            f"index at {path} was built with model {model.get('name')} ({model.get('dimension')}-d), "
            f"not {embedder.name} ({embedder.dimension}-d); run `probation-kg ingest --rebuild`"
        )


def load_index(path: Path, embedder: Embedder, serving: bool = False) -> LoadedIndex:
    """Returns the index at `path` after checking it matches this program and `embedder`."""
    manifest = read_manifest(path)
    if manifest is None:
        raise IndexMissing(f"no index at {path}; run `probation-kg ingest` first")
    check_manifest(manifest, embedder, path)
    reports = {rid: ReportRecord.from_json(r) for rid, r in manifest["reports"].items()}
    chunks = [ChunkRecord.from_json(json.loads(line)) for line in (path / CHUNKS).read_text(encoding="utf-8").split("\n") if line]
    # Serving maps the vectors from their files (as it does findings' and sentences'); ingest reads them to change them.
    vectors = VectorIndex.load(path / VECTORS, embedder.dimension, mapped=serving)
    if len(vectors) != len(chunks):
        raise IndexMismatch(f"index at {path} is inconsistent ({len(vectors)} vectors, {len(chunks)} chunks); run `probation-kg ingest --rebuild`")
    findings = [FindingRecord.from_json(json.loads(line)) for line in (path / FINDINGS).read_text(encoding="utf-8").split("\n") if line]
    finding_vectors = np.load(path / FINDING_VECTORS, mmap_mode="r")  # read from the page cache, not copied
    if len(finding_vectors) != len(findings):
        raise IndexMismatch(f"index at {path} is inconsistent (findings and their vectors); run `probation-kg ingest --rebuild`")
    sentences = np.load(path / SENTENCE_VECTORS, mmap_mode="r") if (path / SENTENCE_VECTORS).exists() else None
    return LoadedIndex(path, manifest, reports, chunks, vectors, KeywordIndex.load(path / BM25), path / GRAPH,
                       findings, finding_vectors, sentences)


def empty_index(path: Path, embedder: Embedder) -> LoadedIndex:
    """Returns an empty in-memory index for a first ingest into `path`."""
    manifest = new_manifest(embedder, {}, [], 0)
    return LoadedIndex(path, manifest, {}, [], VectorIndex(embedder.dimension), KeywordIndex.build([]), path / GRAPH,
                       [], np.zeros((0, embedder.dimension), dtype=np.float32))


def ontology_hash() -> str:
    """Returns a hash of the ontology files that the report graphs are built and checked with."""
    import hashlib

    from kg.graph.store import ONTOLOGY_DIR

    digest = hashlib.sha256()
    for file in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def new_manifest(embedder: Embedder, reports: dict[str, ReportRecord], chunks: list[ChunkRecord], triples: int) -> dict:
    return {
        "format_version": INDEX_FORMAT_VERSION,
        "ingest_version": INGEST_VERSION,
        "ontology_hash": ontology_hash(),
        "model": embedder.describe(),
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "reports": {rid: reports[rid].to_json() for rid in sorted(reports)},
        "counts": {"reports": len(reports), "chunks": len(chunks), "triples": triples},
    }


def write_index(
    path: Path,
    manifest: dict,
    chunks: list[ChunkRecord],
    vectors: VectorIndex,
    write_graph: Callable[[Path], int],
    findings: list[FindingRecord] = (),
    finding_vectors: np.ndarray | None = None,
    sentence_vectors: np.ndarray | None = None,
) -> int:
    """Writes a complete index to `path`, replacing what was there only once all of it is written.

    `write_graph` writes the RDF store into the folder it is given and returns its triple count,
    which the manifest records. Returns that count.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.parent / f".{path.name}.gen-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        with (staging / CHUNKS).open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
        manifest["vector_index"] = vectors.fit_to_size()  # flat while small, IVF when large
        vectors.save(staging / VECTORS)
        with (staging / FINDINGS).open("w", encoding="utf-8") as handle:
            for finding in findings:
                handle.write(json.dumps(finding.to_json(), ensure_ascii=False) + "\n")
        np.save(staging / FINDING_VECTORS, finding_vectors if finding_vectors is not None
                else np.zeros((0, vectors.dimension), dtype=np.float32))
        if sentence_vectors is not None:
            np.save(staging / SENTENCE_VECTORS, np.asarray(sentence_vectors, dtype=np.float16))
        (staging / BM25).mkdir()
        KeywordIndex.build([c.text for c in chunks]).save(staging / BM25)
        triples = write_graph(staging / GRAPH)
        manifest = {**manifest, "counts": {**manifest.get("counts", {}), "triples": triples}}
        # The manifest is written last: a folder without one is never mistaken for an index.
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _fsync_tree(staging)
        _switch_generation(path, staging)
        return triples
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _switch_generation(path: Path, generation: Path) -> None:
    """Makes `path` point at `generation` in one atomic step.

    `path` is a symbolic link to the current generation folder; a new link replaces it with
    os.replace, so a reader or a killed writer only ever sees the old index or the new one. The
    previous generation is kept for readers that still have its files open; older ones are removed.
    """
    if path.exists() and not path.is_symlink():
        # An index written before generations were used: it becomes the previous generation.
        legacy = path.parent / f".{path.name}.gen-{uuid.uuid4().hex[:8]}"
        os.replace(path, legacy)
        os.symlink(legacy.name, path)
    previous = os.readlink(path) if path.is_symlink() else None
    link = path.parent / f".{path.name}.link-{uuid.uuid4().hex[:8]}"
    os.symlink(generation.name, link)
    os.replace(link, path)
    _fsync_folder(path.parent)
    keep = {generation.name, previous}
    for old in path.parent.glob(f".{path.name}.gen-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def index_lock(path: Path) -> Iterator[None]:
    """Holds an exclusive lock so that two ingests never write the same index at once."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.parent / f".{path.name}.lock"
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another ingest is writing {path}; try again when it has finished") from None
        # What a killed ingest left behind is removed by the next writer (it holds the lock): generation
        # folders that are neither the current one nor the one before, and unused links.
        current = os.readlink(path) if path.is_symlink() else None
        for leftover in path.parent.glob(f".{path.name}.link-*"):
            leftover.unlink(missing_ok=True)
        for leftover in path.parent.glob(f".{path.name}.read-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # scratch graphs of a killed ingest
        generations = sorted(path.parent.glob(f".{path.name}.gen-*"), key=lambda p: p.stat().st_mtime)
        keep = {current} | ({generations[-1].name} if generations and generations[-1].name != current else set())
        for leftover in generations:
            if leftover.name not in keep and (leftover / MANIFEST).exists() is False:
                shutil.rmtree(leftover, ignore_errors=True)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_tree(folder: Path) -> None:
    for file in folder.rglob("*"):
        if file.is_file():
            with file.open("rb") as handle:
                os.fsync(handle.fileno())
