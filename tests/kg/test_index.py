import json

import pytest

from kg.index.build import ingest, remove_reports
from kg.index.embedder import HashingEmbedder
from kg.errors import IndexMismatch, IndexMissing
from kg.graph.ids import chunk_iri, vector_id
from kg.index.load import load_index
from kg.settings import INDEX_FORMAT_VERSION
from tests.conftest import REPORTS


def test_manifest_records_model_hashes_and_counts(hashing_index, document):
    manifest = json.loads((hashing_index / "manifest.json").read_text())
    assert manifest["format_version"] == INDEX_FORMAT_VERSION
    assert manifest["model"] == {"name": "hashing-bow", "dimension": 384}
    report = manifest["reports"]["merseyside-crc-2018"]
    assert report["sha256"] == document("merseyside-crc-2018").sha256
    assert report["title"] == "An inspection of Merseyside Community Rehabilitation Company"
    assert manifest["counts"]["reports"] == 5
    assert manifest["counts"]["chunks"] == sum(r["chunk_count"] for r in manifest["reports"].values())


def test_vector_ids_are_derived_from_chunk_iris(hashing_index, hashing_embedder):
    index = load_index(hashing_index, hashing_embedder)
    chunk = index.chunks[0]
    assert chunk.iri == chunk_iri(chunk.report_id, chunk.ordinal)
    assert chunk.vector_id == vector_id(chunk.iri)
    assert len(index.vectors) == len(index.chunks)
    assert len({c.vector_id for c in index.chunks}) == len(index.chunks)


def test_unchanged_reports_do_no_work(tmp_path, reports_copy):
    embedder = HashingEmbedder()
    index = tmp_path / "index"
    first = ingest([reports_copy], index, embedder, show_progress=False)
    assert sorted(first.added) == sorted(p.stem for p in reports_copy.glob("*.txt"))
    before = {p.name: p.stat().st_mtime_ns for p in index.iterdir()}
    second = ingest([reports_copy], index, embedder, show_progress=False)
    assert not second.changed
    assert second.describe() == "Index is up to date: 5 report(s) unchanged, nothing to do."
    assert {p.name: p.stat().st_mtime_ns for p in index.iterdir()} == before


def test_a_changed_report_replaces_its_chunks_and_graph(tmp_path, reports_copy):
    embedder = HashingEmbedder()
    index_path = tmp_path / "index"
    ingest([reports_copy], index_path, embedder, show_progress=False)
    report = reports_copy / "merseyside-omi-2007.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\nA closing line about zebra crossings.\n", encoding="utf-8")
    summary = ingest([reports_copy], index_path, embedder, show_progress=False)
    assert summary.updated == ["merseyside-omi-2007"]
    assert summary.chunks_embedded == load_index(index_path, embedder).reports["merseyside-omi-2007"].chunk_count
    index = load_index(index_path, embedder)
    assert any("zebra crossings" in c.text for c in index.chunks if c.report_id == "merseyside-omi-2007")
    assert len(index.vectors) == len(index.chunks)
    count = index.dataset.query(
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a pkg:Chunk ; dcterms:isPartOf ?r . ?r dcterms:identifier 'merseyside-omi-2007' }"
    )
    assert int(next(iter(count))[0]) == index.reports["merseyside-omi-2007"].chunk_count


def test_a_removed_report_leaves_the_index(tmp_path, reports_copy):
    embedder = HashingEmbedder()
    index_path = tmp_path / "index"
    ingest([reports_copy], index_path, embedder, show_progress=False)
    (reports_copy / "greater-manchester-qi-2017.txt").unlink()
    summary = ingest([reports_copy], index_path, embedder, show_progress=False)
    assert summary.removed == ["greater-manchester-qi-2017"]
    index = load_index(index_path, embedder)
    assert "greater-manchester-qi-2017" not in index.reports
    assert all(c.report_id != "greater-manchester-qi-2017" for c in index.chunks)
    graphs = index.dataset.query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?r a pkg:Report } }")
    assert int(next(iter(graphs))[0]) == 4
    # The findings' tallies are rebuilt without the report's findings, in the statistics graph only.
    tallied = index.dataset.query("SELECT (SUM(?n) AS ?all) WHERE { ?t a pkg:FindingTally ; pkg:findingCount ?n }")
    counted = index.dataset.query("SELECT (COUNT(*) AS ?all) WHERE { ?f a pkg:Finding ; pkg:topic ?topic }")
    assert int(next(iter(tallied))[0]) == int(next(iter(counted))[0]) > 0
    remove_reports(["merseyside-crc-2018"], index_path, embedder)
    index = load_index(index_path, embedder)
    tallied = index.dataset.query("SELECT (SUM(?n) AS ?all) WHERE { ?t a pkg:FindingTally ; pkg:findingCount ?n }")
    counted = index.dataset.query("SELECT (COUNT(*) AS ?all) WHERE { ?f a pkg:Finding ; pkg:topic ?topic }")
    assert int(next(iter(tallied))[0]) == int(next(iter(counted))[0]) > 0


def test_an_index_from_another_model_is_refused(hashing_index):
    class OtherModel(HashingEmbedder):
        name = "another-model"

    with pytest.raises(IndexMismatch, match="built with model hashing-bow"):
        load_index(hashing_index, OtherModel())


def test_an_index_of_another_format_is_refused(tmp_path, hashing_index, hashing_embedder):
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(hashing_index, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["format_version"] = INDEX_FORMAT_VERSION + 1
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="format version"):
        load_index(copy, hashing_embedder)


def test_missing_index_says_how_to_build_one(tmp_path, hashing_embedder):
    with pytest.raises(IndexMissing, match="run `probation-kg ingest` first"):
        load_index(tmp_path / "nothing", hashing_embedder)


def test_an_index_read_by_older_rules_is_read_again(tmp_path, reports_copy):
    embedder = HashingEmbedder()
    index_path = tmp_path / "index"
    ingest([reports_copy], index_path, embedder, show_progress=False)
    manifest = json.loads((index_path / "manifest.json").read_text())
    manifest["ingest_version"] = -1
    (index_path / "manifest.json").write_text(json.dumps(manifest))
    summary = ingest([reports_copy], index_path, embedder, show_progress=False)
    assert sorted(summary.updated) == sorted(p.stem for p in reports_copy.glob("*.txt"))
    assert json.loads((index_path / "manifest.json").read_text())["ingest_version"] != -1


def test_reader_processes_give_the_same_index(tmp_path, monkeypatch, hashing_index, hashing_embedder):
    """Reports read by two worker processes while the chunks embed give the same index as one process."""
    import json

    from kg.index.build import ingest
    from tests.conftest import REPORTS

    monkeypatch.setenv("PROBATION_KG_INGEST_READERS", "2")
    summary = ingest([REPORTS], tmp_path / "index", hashing_embedder, show_progress=False)
    assert summary.timings["extract_cpu"] > 0 and summary.timings["validate_cpu"] > 0
    ours = json.loads((tmp_path / "index" / "manifest.json").read_text())
    reference = json.loads((hashing_index / "manifest.json").read_text())
    assert ours["counts"] == reference["counts"]
    assert (tmp_path / "index" / "findings.jsonl").read_text() == (hashing_index / "findings.jsonl").read_text()
    assert not list(tmp_path.glob(".index.read-*"))  # the scratch graphs are gone


class _Recording(HashingEmbedder):
    """The hashing embedder, recording what it is asked to embed and the cores it is told to leave."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.left: list[int] = []

    def embed(self, texts, progress=None):
        self.texts += list(texts)
        return super().embed(texts, progress)

    def leave_cores(self, count: int) -> None:
        self.left.append(count)


def test_findings_that_quote_a_sentence_take_its_vector(tmp_path, hashing_embedder):
    """Of the 371 findings of Merseyside CRC 2018, 325 are sentences already embedded for answers: only the
    other 46 are embedded again, and each finding's vector is its own text's vector (to float16 precision)."""
    import numpy as np

    from kg.index.sentences import chunk_sentences
    from tests.conftest import report_path

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "merseyside-crc-2018.txt").write_bytes(report_path("merseyside-crc-2018").read_bytes())
    embedder = _Recording()
    ingest([folder], tmp_path / "index", embedder, show_progress=False)
    index = load_index(tmp_path / "index", hashing_embedder)
    texts = {f.text for f in index.findings}
    assert len(index.findings) == 371 and len(texts) == 371
    assert len(embedder.texts) == len(set(embedder.texts))  # nothing embedded twice
    sentences = {text for chunk in index.chunks for _, text in chunk_sentences(chunk)}
    assert len(texts - sentences) == 46
    assert len(embedder.texts) == len(index.chunks) + len(sentences) + 46
    expected = hashing_embedder.embed([f.text for f in index.findings])
    assert np.allclose(index.finding_vectors, expected, atol=1e-3)  # sentence vectors are kept as float16


def test_the_model_leaves_reader_processes_their_cores(tmp_path, monkeypatch):
    """While two reader processes read, the model is told to leave them two cores; it gets them all back
    once the reports are read and the store is written, and keeps them after the ingest."""
    from tests.conftest import REPORTS

    monkeypatch.setenv("PROBATION_KG_INGEST_READERS", "2")
    embedder = _Recording()
    ingest([REPORTS], tmp_path / "index", embedder, show_progress=False)
    assert embedder.left[0] == 2
    assert 1 in embedder.left  # one reader done, or the store being written
    assert embedder.left[-1] == 0


def test_minilm_threads_follow_the_cores_left(monkeypatch):
    torch = pytest.importorskip("torch")
    from kg.index.embedder import MiniLMEmbedder

    before = torch.get_num_threads()
    embedder = MiniLMEmbedder()
    embedder._threads = 2  # as if loaded on a two-core machine
    try:
        embedder.leave_cores(1)
        embedder._set_threads()
        assert torch.get_num_threads() == 1
        embedder.leave_cores(5)
        embedder._set_threads()
        assert torch.get_num_threads() == 1  # never fewer than one
        embedder.leave_cores(0)
        embedder._set_threads()
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_one_failure_of_each_kind_leaves_the_batch_in(tmp_path, monkeypatch):
    """Unreadable source, extraction error, shape violation: each is one failure line; the rest lands."""
    import shutil

    from kg.index import build, reading
    from kg.graph.validate import GraphInvalid

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("merseyside-crc-2018", "merseyside-omi-2007", "cumbria-lancashire-crc-2019"):
        shutil.copy(REPORTS / f"{name}.txt", folder)
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02 binary junk")
    real_extract, real_check = reading.extract_report, reading.check_report_graph

    def extract(document, tree=None):
        if document.report_id == "merseyside-omi-2007":
            raise IndexError("list index out of range")
        return real_extract(document, tree)

    def check(graph, file_name, data=None):
        if file_name == "cumbria-lancashire-crc-2019.txt":
            raise GraphInvalid(f"{file_name}: its graph does not conform to ontology/shapes.ttl: a finding without text")
        return real_check(graph, file_name, data)

    # Read in this process, where the rules can be broken (reader processes import the real ones).
    monkeypatch.setattr(build, "_reader_workers", lambda jobs, uses_cores=True: 0)
    monkeypatch.setattr(reading, "extract_report", extract)
    monkeypatch.setattr(reading, "check_report_graph", check)
    embedder, index_path = HashingEmbedder(), tmp_path / "index"
    summary = ingest([folder], index_path, embedder, show_progress=False)
    assert sorted(summary.failed) == [
        (str(folder / "cumbria-lancashire-crc-2019.txt"),
         "its graph does not conform to ontology/shapes.ttl: a finding without text"),
        (str(folder / "junk.txt"), "binary content in a text report"),
        (str(folder / "merseyside-omi-2007.txt"), "could not read it (IndexError: list index out of range)"),
    ]
    assert summary.added == ["merseyside-crc-2018"]
    assert summary.describe().startswith("Ingested: 1 added, 0 updated, 0 removed, 0 unchanged, 3 failed;")
    index = load_index(index_path, embedder)
    assert list(index.reports) == ["merseyside-crc-2018"]
    assert {c.report_id for c in index.chunks} == {"merseyside-crc-2018"} and len(index.vectors) == len(index.chunks)
    ids = {str(r[0]) for r in index.dataset.query("SELECT DISTINCT ?id WHERE { ?r a pkg:Report ; dcterms:identifier ?id }")}
    assert ids == {"merseyside-crc-2018"}
    # A later ingest retries the reports that failed.
    monkeypatch.setattr(reading, "extract_report", real_extract)
    monkeypatch.setattr(reading, "check_report_graph", real_check)
    again = ingest([folder], index_path, embedder, show_progress=False)
    assert sorted(again.added) == ["cumbria-lancashire-crc-2019", "merseyside-omi-2007"]
    assert again.unchanged == ["merseyside-crc-2018"]
    assert again.failed == [(str(folder / "junk.txt"), "binary content in a text report")]


def test_a_reader_process_hands_back_a_failure_not_an_error():
    from kg.index.readers import _Reader
    from kg.index.reading import ReadFailure

    replies = _Reader([(None, None, None, None, None)]).results()
    assert replies == [ReadFailure("could not read it (AttributeError: 'NoneType' object has no attribute "
                                   "'lines')")]


def test_a_changed_report_that_fails_keeps_its_previous_version(tmp_path, monkeypatch, reports_copy):
    from kg.index import build, reading

    monkeypatch.setattr(build, "_reader_workers", lambda jobs, uses_cores=True: 0)
    embedder, index_path = HashingEmbedder(), tmp_path / "index"
    ingest([reports_copy], index_path, embedder, show_progress=False)
    report = reports_copy / "merseyside-omi-2007.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\nA closing line about zebra crossings.\n", encoding="utf-8")

    def broken(document, tree=None):
        raise ValueError("no such standard")

    monkeypatch.setattr(reading, "extract_report", broken)
    summary = ingest([reports_copy], index_path, embedder, show_progress=False)
    assert summary.updated == [] and summary.failed == [(str(report), "could not read it (ValueError: no such standard)")]
    index = load_index(index_path, embedder)
    assert len(index.reports) == 5 and len(index.vectors) == len(index.chunks)
    assert not any("zebra crossings" in c.text for c in index.chunks)
    count = index.dataset.query(
        "SELECT (COUNT(?c) AS ?n) WHERE { ?c a pkg:Chunk ; dcterms:isPartOf ?r . ?r dcterms:identifier 'merseyside-omi-2007' }")
    assert int(next(iter(count))[0]) == index.reports["merseyside-omi-2007"].chunk_count > 0
