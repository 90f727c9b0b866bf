import json

import pytest

from kg.errors import KgError
from kg.index.load import load_index
from kg.graph.sparql import run_query

REPORT_TITLES = "SELECT ?id ?title WHERE { ?r a pkg:Report ; dcterms:identifier ?id ; dcterms:title ?title } ORDER BY ?id"


@pytest.fixture(scope="module")
def dataset(hashing_index, hashing_embedder):
    return load_index(hashing_index, hashing_embedder).dataset


def test_json_is_sparql_results_json(dataset):
    data = json.loads(run_query(dataset, REPORT_TITLES, "json"))
    assert data["head"]["vars"] == ["id", "title"]
    rows = data["results"]["bindings"]
    assert len(rows) == 5
    assert rows[2]["id"] == {"type": "literal", "value": "merseyside-crc-2018"}
    assert rows[2]["title"]["value"] == "An inspection of Merseyside Community Rehabilitation Company"


def test_csv_and_table(dataset):
    csv_text = run_query(dataset, REPORT_TITLES, "csv")
    assert csv_text.splitlines()[0] == "id,title"
    assert csv_text.splitlines()[4] == "merseyside-omi-2007,OFFENDER MANAGEMENT INSPECTION A report on Offender Management in Merseyside"
    table = run_query(dataset, REPORT_TITLES, "table")
    assert table.splitlines()[-1] == "(5 rows)"


def test_each_report_has_its_own_named_graph(dataset):
    query = "SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a pkg:Chunk } } GROUP BY ?g"
    assert len(json.loads(run_query(dataset, query, "json"))["results"]["bindings"]) == 5


def test_chunks_carry_their_line_spans(dataset):
    query = """SELECT ?start ?end WHERE {
        ?c a pkg:Chunk ; pkg:startLine ?start ; pkg:endLine ?end ; pkg:section "2.4. Reviewing" ;
           dcterms:isPartOf/dcterms:identifier "merseyside-crc-2018" } ORDER BY ?start LIMIT 1"""
    assert run_query(dataset, query, "csv").splitlines()[1] == "501,506"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "only read-only queries"),
        ("PREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }", "only read-only queries"),
        ("SELECT WHERE {", "SPARQL query failed"),
        ("  ", "empty SPARQL query"),
    ],
)
def test_updates_and_bad_queries_are_refused(dataset, query, message):
    with pytest.raises(KgError, match=message):
        run_query(dataset, query)


def test_rows_are_capped(dataset):
    from kg.graph.sparql import bounded_query

    result = bounded_query(dataset, "SELECT ?s WHERE { ?s ?p ?o }", max_rows=7)
    assert len(list(result)) == 7 and result.truncated
    small = bounded_query(dataset, "SELECT ?r WHERE { ?r a pkg:Report }", max_rows=7)
    assert len(list(small)) == 5 and not small.truncated


def test_a_query_past_the_time_limit_is_stopped_and_the_next_one_answers(dataset):
    import time

    from kg.graph.sparql import bounded_query

    assert dataset.oxigraph_path is not None  # user queries run in worker processes
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(KgError, match=r"^SPARQL query stopped after the time limit of 1 s$"):
        bounded_query(dataset, endless, time_limit=1)
    assert time.monotonic() - started < 5
    result = bounded_query(dataset, "SELECT ?r WHERE { ?r a pkg:Report }", time_limit=1)
    assert len(list(result)) == 5
    # The same limit holds in-process when disabled (0): the query runs here, unbounded in time.
    in_process = bounded_query(dataset, "ASK { ?r a pkg:Report }", time_limit=0)
    assert in_process.askAnswer is True


def test_construct_and_ask_through_the_workers(dataset):
    from kg.graph.sparql import bounded_query

    graph = bounded_query(dataset, "CONSTRUCT { ?r a pkg:Report } WHERE { ?r a pkg:Report }").graph
    assert len(graph) == 5
    assert bounded_query(dataset, "ASK { ?r a pkg:Nothing }").askAnswer is False
    with pytest.raises(KgError, match="SPARQL query failed: "):
        bounded_query(dataset, "SELECT ?x WHERE { ?x ")
