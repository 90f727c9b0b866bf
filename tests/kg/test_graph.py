"""The knowledge graph: SHACL conformance, evidence, stable IRIs, remove and re-add, export."""
import json
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.index.build import ingest, remove_reports
from kg.cli import cli
from kg.index.embedder import HashingEmbedder
from kg.errors import KgError
from kg.index.export import export_graph, report_graphs
from kg.index.load import load_index
from kg.graph.sparql import run_query
from kg.graph.validate import GraphInvalid, check_report_graph, validate_graph
from tests.conftest import report_path


def test_every_report_graph_conforms(hashing_index, hashing_embedder):
    graphs = dict(report_graphs(load_index(hashing_index, hashing_embedder)))
    assert len(graphs) == 5
    for report_id, graph in graphs.items():
        assert validate_graph(graph) == (True, []), report_id


def test_a_graph_that_breaks_a_shape_is_refused():
    graph = Graph()
    graph.parse(data="""
        @prefix pkg: <https://w3id.org/probation-kg/ontology#> .
        <urn:r> a pkg:Recommendation ; pkg:number 0 .
    """, format="turtle")
    with pytest.raises(GraphInvalid, match="bad.txt: its graph does not conform"):
        check_report_graph(graph, "bad.txt")
    backwards = Graph().parse(data="""
        @prefix pkg: <https://w3id.org/probation-kg/ontology#> .
        <urn:c> a pkg:Chunk ; pkg:startLine 9 ; pkg:endLine 3 .
    """, format="turtle")
    conforms, messages = validate_graph(backwards)
    assert not conforms and any(m.endswith("a chunk ends before it starts") for m in messages)


def test_every_finding_quote_is_verbatim_at_its_lines(hashing_index, hashing_embedder, document):
    from kg.citations import quote_is_verbatim

    dataset = load_index(hashing_index, hashing_embedder).dataset
    rows = json.loads(run_query(dataset, """
        SELECT DISTINCT ?f ?file ?start ?end ?quote WHERE {
          ?f a pkg:Finding ; pkg:evidence/oa:hasTarget ?t .
          ?t oa:hasSource/pkg:fileName ?file ; pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSelector/oa:exact ?quote .
        }""", "json"))["results"]["bindings"]
    assert len(rows) == 1783  # 322 listed findings and 1,461 judgements in running text
    for row in rows:
        lines = document(row["file"]["value"].removesuffix(".txt")).lines
        assert quote_is_verbatim(lines, int(row["start"]["value"]), int(row["end"]["value"]), row["quote"]["value"])


def test_positions_select_the_cited_lines(hashing_index, hashing_embedder):
    dataset = load_index(hashing_index, hashing_embedder).dataset
    rows = json.loads(run_query(dataset, """
        SELECT ?start ?end ?from ?to WHERE {
          ?r a pkg:Rating ; pkg:standardId "2.4" ; pkg:inReport/dcterms:identifier "merseyside-crc-2018" ;
             pkg:evidence/oa:hasTarget ?t .
          ?t pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSelector ?s .
          ?s oa:start ?from ; oa:end ?to .
        }""", "json"))["results"]["bindings"]
    text = report_path("merseyside-crc-2018").read_text(encoding="utf-8")
    row = rows[0]
    assert (row["start"]["value"], row["end"]["value"]) == ("166", "166")
    assert text[int(row["from"]["value"]) : int(row["to"]["value"])] == "2.4\tReviewing\tInadequate\t"


def test_one_node_per_organisation_across_reports(hashing_index, hashing_embedder):
    dataset = load_index(hashing_index, hashing_embedder).dataset
    rows = json.loads(run_query(dataset, """
        SELECT DISTINCT ?o ?report WHERE { ?o skos:prefLabel "Purple Futures" ; pkg:mentionedIn/dcterms:identifier ?report }
        ORDER BY ?report""", "json"))["results"]["bindings"]
    assert {r["o"]["value"] for r in rows} == {"https://w3id.org/probation-kg/org/purple-futures"}
    assert [r["report"]["value"] for r in rows] == ["greater-manchester-qi-2017", "merseyside-crc-2018"]


def test_remove_then_add_gives_an_isomorphic_graph(tmp_path, reports_copy):
    embedder = HashingEmbedder()
    index_path = tmp_path / "index"
    ingest([reports_copy], index_path, embedder, show_progress=False)
    before = dict(report_graphs(load_index(index_path, embedder)))["merseyside-crc-2018"]
    summary = remove_reports(["merseyside-crc-2018"], index_path, embedder)
    assert summary.removed == ["merseyside-crc-2018"]
    index = load_index(index_path, embedder)
    assert "merseyside-crc-2018" not in index.reports
    assert all(c.report_id != "merseyside-crc-2018" for c in index.chunks)
    assert len(index.vectors) == len(index.chunks)
    ingest([reports_copy / "merseyside-crc-2018.txt"], index_path, embedder, show_progress=False)
    after = dict(report_graphs(load_index(index_path, embedder)))["merseyside-crc-2018"]
    assert isomorphic(before, after)


def test_removing_an_unknown_report_is_one_clear_error(hashing_index, hashing_embedder, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(hashing_index, copy)
    with pytest.raises(KgError, match="no report 'nothing-here' in the index"):
        remove_reports(["nothing-here"], copy, hashing_embedder)


def test_export_formats(hashing_index, hashing_embedder):
    index = load_index(hashing_index, hashing_embedder)
    turtle = export_graph(index, "turtle", "merseyside-crc-2018")
    graph = Graph().parse(data=turtle, format="turtle")
    assert (URIRef("https://w3id.org/probation-kg/report/merseyside-crc-2018"), None, None) in graph
    assert isomorphic(graph, dict(report_graphs(index))["merseyside-crc-2018"])
    jsonld = json.loads(export_graph(index, "jsonld", "merseyside-crc-2018"))
    assert jsonld
    nquads = export_graph(index, "nquads").decode()
    assert nquads.count("\n") > len(graph)
    with pytest.raises(KgError, match="Turtle holds one graph"):
        export_graph(index, "turtle")


def test_validate_and_service_through_the_cli(hashing_env):
    runner = CliRunner()
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert "merseyside-crc-2018: conforms" in result.output
    refused = runner.invoke(cli, ["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"])
    assert refused.exit_code == 1
    assert refused.output == "Error: SERVICE is not allowed: queries run on the local store only\n"
    allowed = runner.invoke(cli, ["sparql", 'ASK { ?o skos:prefLabel "NPS North West division" }', "--format", "csv"])
    assert allowed.output == "ask\ntrue\n"


def test_a_report_whose_graph_does_not_conform_keeps_the_previous_index(tmp_path, reports_copy, monkeypatch):
    import kg.index.reading

    embedder = HashingEmbedder()
    index_path = tmp_path / "index"
    ingest([reports_copy], index_path, embedder, show_progress=False)
    before = (index_path / "manifest.json").read_text()
    report = reports_copy / "merseyside-omi-2007.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    def refuse(graph, name, ntriples=None):
        raise GraphInvalid(f"{name}: its graph does not conform to ontology/shapes.ttl: (test)")

    monkeypatch.setattr(kg.index.reading, "check_report_graph", refuse)
    monkeypatch.setattr("kg.index.build._reader_workers", lambda jobs, uses_cores=True: 0)  # read here, where the check is refused
    summary = ingest([reports_copy], index_path, embedder, show_progress=False)
    assert summary.failed == [(str(report), "its graph does not conform to ontology/shapes.ttl: (test)")]
    after = json.loads((index_path / "manifest.json").read_text())
    assert after["reports"] == json.loads(before)["reports"]  # the previous version of the report stays
    assert len(load_index(index_path, embedder).chunks) == json.loads(before)["counts"]["chunks"]


@pytest.mark.parametrize("query", ["LOAD <http://example.org/data.ttl>", "CLEAR ALL", "DROP GRAPH <urn:g>",
                                   "PREFIX p: <urn:p>\n# comment\nDELETE DATA { <urn:a> <urn:b> <urn:c> }"])
def test_updates_are_refused(hashing_index, hashing_embedder, query):
    with pytest.raises(KgError, match="only read-only queries"):
        run_query(load_index(hashing_index, hashing_embedder).dataset, query)


def test_a_crc_named_without_its_owner_still_conforms(tmp_path):
    """A report may name a CRC and never its owner: the owner is typed from the reference data."""
    from kg.index.build import chunk_records, report_title
    from kg.index.reading import read_report
    from ingest.chunking import chunk_document
    from ingest.sections import build_section_tree
    from ingest.sources import read_document
    from kg.records import ReportRecord

    path = tmp_path / "note.txt"
    path.write_text("1. Context\n\nWe inspected Northumbria Community Rehabilitation Company in 2018 and found "
                    "management oversight was not effective.\n", encoding="utf-8")
    document = read_document(path)
    title = report_title(document)
    records = chunk_records(document, title, chunk_document(document, build_section_tree(document)))
    report = ReportRecord(document.report_id, document.file_name, document.path, document.sha256, title,
                          document.line_count, len(records))
    _, _, graph_file, _ = read_report(document, report, records, tmp_path)  # raises if it did not conform
    triples = Graph().parse(data=graph_file.serialize().decode("utf-8"), format="nt")
    rows = list(triples.query("""
        SELECT ?label WHERE { ?crc <https://w3id.org/probation-kg/ontology#ownedBy> ?owner .
                              ?owner a <https://w3id.org/probation-kg/ontology#Owner> ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"""))
    assert [str(r[0]) for r in rows] == ["Sodexo Justice Services"]
