"""The read-only SPARQL endpoint, queried with rdflib's SPARQLStore as the client."""
import threading
import urllib.error
import urllib.request

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.index.load import load_index
from kg.serve.endpoint import make_server


@pytest.fixture(scope="module")
def endpoint(hashing_index, hashing_embedder):
    server = make_server(load_index(hashing_index, hashing_embedder).dataset, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_sparqlstore_client_reads_the_graph(endpoint):
    graph = Graph(SPARQLStore(query_endpoint=endpoint, returnFormat="json"))
    rows = graph.query("""
        PREFIX pkg: <https://w3id.org/probation-kg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?crc WHERE { ?c a pkg:CRC ; pkg:ownedBy/skos:prefLabel "Purple Futures" ; skos:prefLabel ?crc }
        ORDER BY ?crc""")
    assert [str(r.crc) for r in rows][:2] == ["Cheshire & Greater Manchester CRC", "Hampshire & Isle of Wight CRC"]
    xml_graph = Graph(SPARQLStore(query_endpoint=endpoint, returnFormat="xml"))
    count = list(xml_graph.query("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/probation-kg/ontology#Report> }"))
    assert int(count[0][0]) == 5


def test_updates_are_refused(endpoint):
    request = urllib.request.Request(
        endpoint, data=b"update=INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 400
    query = urllib.parse.quote("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{endpoint}?query={query}", timeout=10)
    assert error.value.code == 400
    assert b"only read-only queries" in error.value.read()


def test_csv_results_by_content_negotiation(endpoint):
    query = urllib.parse.quote("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://w3id.org/probation-kg/ontology#Report> }")
    request = urllib.request.Request(f"{endpoint}?query={query}", headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.read().decode().replace("\r\n", "\n") == "n\n5\n"


def test_any_origin_may_read_it_and_other_paths_are_not_found(endpoint):
    query = urllib.parse.quote("ASK { ?s ?p ?o }")
    request = urllib.request.Request(f"{endpoint}?query={query}", headers={"Origin": "http://example.org"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")
        assert response.read() == b'{"head": {}, "boolean": true}'
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(endpoint.replace("/sparql", "/nothing"), timeout=10)
    assert error.value.code == 404 and error.value.read() == b"not found: the endpoint is /sparql\n"
