"""The Explore view: owner -> provider -> report -> finding elements, their layout, and a node's cited facts."""
import pytest

from ingest.sources import read_document
from kg.serve import explore
from kg.serve.engine import Engine
from kg.serve.explore import (COLUMN_WIDTH, Selection, column_layout, graph_view, label_from_iri, node_facts, node_links,
                        owners, short_label)
from tests.conftest import REPORTS

PURPLE_FUTURES_CRCS = {"Merseyside CRC", "Cheshire & Greater Manchester CRC", "Hampshire & Isle of Wight CRC",
                       "West Yorkshire CRC", "Humberside, Lincolnshire & North Yorkshire CRC"}


@pytest.fixture(scope="module")
def engine(hashing_index, hashing_embedder):
    return Engine.open(hashing_index, embedder=hashing_embedder)


def names(view, kind):
    return {n["data"]["full_name"] for n in view.nodes if n["data"]["label"] == kind}


def test_owners_come_from_the_graph(engine):
    assert owners(engine) == ["Purple Futures", "Reducing Reoffending Partnership", "Sodexo Justice Services"]


def test_an_owner_shows_every_crc_it_owns_and_their_reports(engine):
    view = graph_view(engine, Selection(owner="Purple Futures"), max_findings=24)
    assert names(view, "OWNER") == {"Purple Futures"}
    assert names(view, "PROVIDER") == PURPLE_FUTURES_CRCS
    assert {n["data"]["published"] for n in view.nodes if n["data"]["label"] == "REPORT"} == {"2018-09", "2017-02"}
    owns = {(e["data"]["source"], e["data"]["target"]) for e in view.edges if e["data"]["label"] == "OWNS"}
    assert len(owns) == 5
    # More findings match than are drawn, and the view says so.
    assert (view.findings_matched, view.findings_shown) == (64, 24)
    assert all(n["data"]["name"] for n in view.nodes)
    assert Selection(owner="Purple Futures").narrowing() == "a topic, a polarity or a year"
    assert Selection(provider="Merseyside CRC", topic="risk_of_harm", polarity="weakness").narrowing() == "a year"


def test_findings_are_coloured_by_polarity(engine):
    view = graph_view(engine, Selection(provider="Merseyside CRC", polarity="weakness", topic="domestic_abuse"))
    kinds = {n["data"]["label"] for n in view.nodes}
    assert kinds == {"OWNER", "PROVIDER", "REPORT", "CRITICISM"}
    finding = next(n["data"] for n in view.nodes if n["data"]["label"] == "CRITICISM")
    assert finding["report"] == "merseyside-crc-2018.txt" and finding["polarity"] == "weakness"


def test_a_year_keeps_only_its_reports_and_their_providers(engine):
    view = graph_view(engine, Selection(year="2007"))
    assert names(view, "PROVIDER") == {"Merseyside Probation Area"}
    assert names(view, "OWNER") == set()


def test_nodes_without_labels_are_named_from_their_iri(engine, monkeypatch):
    """An owner row without a label crashed the page: every node gets a name."""
    rows = {"providers": [{"p": "https://w3id.org/probation-kg/org/essex-crc",
                           "o": "https://w3id.org/probation-kg/org/sodexo-justice-services"}]}
    monkeypatch.setattr(explore, "_providers", lambda engine, selection: rows["providers"])
    view = graph_view(engine, Selection(owner="Sodexo Justice Services"))
    assert names(view, "OWNER") == {"Sodexo Justice Services"} and names(view, "PROVIDER") == {"Essex CRC"}
    assert label_from_iri("https://w3id.org/probation-kg/org/nps-north-west-division") == "NPS North West Division"
    assert short_label("Staff were stretched to deliver high-quality work", 30) == "Staff were stretched to…"


def test_layout_reads_left_to_right_without_overlaps(engine):
    view = graph_view(engine, Selection(owner="Purple Futures"))
    x = {n["data"]["label"]: set() for n in view.nodes}
    for n in view.nodes:
        x[n["data"]["label"]].add(n["position"]["x"])
    assert x["OWNER"] == {0} and x["PROVIDER"] == {COLUMN_WIDTH} and x["REPORT"] == {2 * COLUMN_WIDTH}
    assert x["CRITICISM"] | x["PRAISE"] == {3 * COLUMN_WIDTH}
    seen = set()
    for n in view.nodes:
        spot = (n["position"]["x"], n["position"]["y"])
        assert spot not in seen
        seen.add(spot)
    # A report sits within the rows of its findings.
    by_id = {n["data"]["id"]: n for n in view.nodes}
    for report in (n for n in view.nodes if n["data"]["label"] == "REPORT"):
        rows = [by_id[e["data"]["target"]]["position"]["y"] for e in view.edges if e["data"]["source"] == report["data"]["id"]]
        assert min(rows) <= report["position"]["y"] <= max(rows)


def test_column_layout_places_a_childless_parent_on_its_own_row():
    nodes = [{"data": {"id": i, "label": kind, "full_name": i}} for i, kind in
             (("o", "OWNER"), ("a", "PROVIDER"), ("b", "PROVIDER"))]
    edges = [{"data": {"source": "o", "target": "a"}}, {"data": {"source": "o", "target": "b"}}]
    placed = {n["data"]["id"]: n["position"] for n in column_layout(nodes, edges, dx=10, dy=1)}
    assert placed == {"o": {"x": 0, "y": 0.5}, "a": {"x": 10, "y": 0}, "b": {"x": 10, "y": 1}}


def test_a_node_shows_its_facts_with_verbatim_citations(engine):
    view = graph_view(engine, Selection(provider="Merseyside CRC"))
    crc = next(n["data"]["id"] for n in view.nodes if n["data"]["full_name"] == "Merseyside CRC")
    facts = node_facts(engine, crc)
    assert {"kind": "rating", "what": "2.4 Reviewing", "value": "Inadequate", "report": "merseyside-crc-2018.txt",
            "line": 166, "end_line": 166, "quote": "2.4\tReviewing\tInadequate"} in facts
    assert {f["report"] for f in facts} >= {"merseyside-crc-2018.txt", "greater-manchester-qi-2017.txt"}
    for fact in facts:
        lines = read_document(REPORTS / fact["report"]).lines
        cited = " ".join(" ".join(lines[fact["line"] - 1: fact["end_line"]]).split())
        for piece in fact["quote"].split("…"):
            assert " ".join(piece.split()) in cited
    links = node_links(view, crc)
    assert {"link": "owns", "from": "Purple Futures", "to": "Merseyside CRC"} in links
