"""The graph layer on a remote SPARQL 1.1 server: the `oxigraph` server from PyPI on 127.0.0.1."""
import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kg.index.build import ingest
from kg.serve.engine import Engine
from kg.index.load import load_index
from kg.graph.sparql import run_query
from tests.conftest import REPORTS

QUERIES = sorted((Path(__file__).parents[2] / "ontology" / "queries").glob("*.rq"))
SERVER = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _die_with_parent() -> None:
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: the server stops with the tests


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from _serve(tmp_path_factory)


@pytest.fixture
def own_server(tmp_path_factory):
    """A server of its own, for a test that empties it."""
    yield from _serve(tmp_path_factory)


def _serve(tmp_path_factory):
    if not Path(SERVER).exists():
        pytest.skip("the oxigraph server (PyPI package oxigraph) is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [SERVER, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph", "--timeout-s", "30"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the oxigraph server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def remote_index(server, tmp_path_factory, hashing_embedder):
    path = tmp_path_factory.mktemp("remote") / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROBATION_KG_SPARQL_ENDPOINT", server)
        summary = ingest([REPORTS], path, hashing_embedder, show_progress=False)
    assert summary.total_reports == 5
    return path


def _rows(text: str) -> list[str]:
    header, *rows = text.splitlines()
    return [header] + sorted(rows)


def test_example_queries_give_the_same_results_on_the_server(remote_index, hashing_index, hashing_embedder):
    remote = load_index(remote_index, hashing_embedder)
    embedded = load_index(hashing_index, hashing_embedder)
    assert remote.manifest["graph_store"].startswith("http://127.0.0.1:")
    assert remote.manifest["counts"]["triples"] == embedded.manifest["counts"]["triples"]
    for file in QUERIES:
        query = file.read_text(encoding="utf-8")
        assert _rows(run_query(remote.dataset, query, "csv")) == _rows(run_query(embedded.dataset, query, "csv")), file.name


def test_answers_are_the_same_from_the_server(remote_index, hashing_index, hashing_embedder):
    question = "Which CRCs were criticised for domestic abuse checks?"
    remote = Engine.open(remote_index, hashing_embedder).ask(question).to_json()
    embedded = Engine.open(hashing_index, hashing_embedder).ask(question).to_json()
    assert remote["answer"] == embedded["answer"] and remote["items"] == embedded["items"]


def test_a_changed_report_replaces_its_graph_on_the_server(server, remote_index, hashing_embedder, tmp_path):
    copy = tmp_path / "merseyside-crc-2018.txt"
    copy.write_text((REPORTS / copy.name).read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    before = load_index(remote_index, hashing_embedder).manifest["counts"]["triples"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROBATION_KG_SPARQL_ENDPOINT", server)
        ingest([copy], remote_index, hashing_embedder, show_progress=False)
    index = load_index(remote_index, hashing_embedder)
    reports = run_query(index.dataset, "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a pkg:Report }", "csv")
    assert reports == "n\n5\n"  # replaced, not added twice
    lines = run_query(index.dataset, 'SELECT ?n WHERE { ?r pkg:fileName "merseyside-crc-2018.txt" ; pkg:lineCount ?n }', "csv")
    assert lines.splitlines()[1:] == [str(len(copy.read_text(encoding="utf-8").splitlines()))]
    assert index.manifest["counts"]["triples"] >= before


def test_a_rebuild_drops_report_graphs_no_longer_ingested(own_server, hashing_embedder, tmp_path):
    """`ingest --rebuild` of one report into a server that holds five leaves only that report's graph."""
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "merseyside-omi-2007.txt").write_bytes((REPORTS / "merseyside-omi-2007.txt").read_bytes())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROBATION_KG_SPARQL_ENDPOINT", own_server)
        before = ingest([REPORTS], tmp_path / "five", hashing_embedder, show_progress=False)
        after = ingest([folder], tmp_path / "index", hashing_embedder, rebuild=True, show_progress=False)
    index = load_index(tmp_path / "index", hashing_embedder)
    graphs = run_query(index.dataset, "SELECT ?g WHERE { GRAPH ?g { ?r a pkg:Report } }", "csv")
    assert graphs.splitlines()[1:] == ["https://w3id.org/probation-kg/report/merseyside-omi-2007/graph"]
    assert after.triples < before.triples
    runs = run_query(index.dataset, "SELECT ?r WHERE { GRAPH ?g { ?r prov:wasGeneratedBy ?run } }", "csv")
    assert runs.splitlines()[1:] == ["https://w3id.org/probation-kg/report/merseyside-omi-2007"]
