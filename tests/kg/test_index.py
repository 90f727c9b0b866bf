import json

import pytest

from kg.build import ingest
from kg.embedder import HashingEmbedder
from kg.errors import IndexMismatch, IndexMissing
from kg.ids import chunk_iri, vector_id
from kg.index import load_index
from kg.settings import INDEX_FORMAT_VERSION


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

    from kg.build import ingest
    from tests.conftest import REPORTS

    monkeypatch.setenv("PROBATION_KG_INGEST_READERS", "2")
    summary = ingest([REPORTS], tmp_path / "index", hashing_embedder, show_progress=False)
    assert summary.timings["extract_cpu"] > 0 and summary.timings["validate_cpu"] > 0
    ours = json.loads((tmp_path / "index" / "manifest.json").read_text())
    reference = json.loads((hashing_index / "manifest.json").read_text())
    assert ours["counts"] == reference["counts"]
    assert (tmp_path / "index" / "findings.jsonl").read_text() == (hashing_index / "findings.jsonl").read_text()
    assert not list(tmp_path.glob(".index.read-*"))  # the scratch graphs are gone
