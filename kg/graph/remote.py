"""The graph on a remote SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB …) through rdflib's SPARQLUpdateStore.

Set `sparql_endpoint` (PROBATION_KG_SPARQL_ENDPOINT) to the server's base URL and ingest writes each
report's named graph there instead of into the index folder; the manifest records the endpoint, so every
reader of that index (CLI, app, endpoint, answers) queries the server with the same SPARQL. The server must
treat the default graph as the union of the named graphs (Oxigraph: `serve --union-default-graph`).
The FAISS, BM25 and chunk files stay in the index folder. A remote write is not part of the atomic
generation switch: the graphs of a report are replaced (DROP then INSERT) before the new generation is.
`ingest --rebuild` drops every report graph on the server first.
"""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

from kg.errors import KgError
from kg.graph.store import ONTOLOGY_DIR, ONTOLOGY_FILES, ONTOLOGY_GRAPH, PREFIXES, PROVENANCE_GRAPH
from kg.graph.reference import REFERENCE_GRAPH, reference_graph
from kg.graph.statistics import STATISTICS_GRAPH
from kg.graph.ids import REPORT_NS, report_graph_iri, report_iri
from kg.graph.ntriples import nt_quads

INSERT_BATCH = 5000  # triples per INSERT DATA request


def endpoints(base: str) -> tuple[str, str]:
    """Returns the query and update URLs of a server ("http://host:7878" -> /query and /update)."""
    base = base.rstrip("/")
    if base.endswith(("/query", "/sparql")):
        return base, base.rsplit("/", 1)[0] + "/update"
    return f"{base}/query", f"{base}/update"


def open_remote_dataset(base: str) -> Dataset:
    """Returns an rdflib Dataset backed by the remote server; its default graph is the server's union."""
    query, update = endpoints(base)
    store = SPARQLUpdateStore(query_endpoint=query, update_endpoint=update, returnFormat="json")
    dataset = Dataset(store=store, default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    dataset.oxigraph_path = None  # queries go to the server, which enforces its own time limit
    return dataset


def write_remote(base: str, dropped: set[str], replaced: Iterable[str], graphs: Iterable, provenance: list[ox.Quad],
                 rebuild: bool = False, statistics=None) -> int:
    """Replaces report graphs on the server: drops those of `dropped` and `replaced` (on `rebuild`, every
    report graph and the provenance there), inserts `graphs`, and refreshes the provenance and ontology
    graphs, and the findings' tallies (`statistics`, kg.graph.statistics). Returns the number of triples in the
    report graphs."""
    query, update = endpoints(base)
    store = SPARQLUpdateStore(query_endpoint=query, update_endpoint=update, returnFormat="json")
    try:
        if rebuild:
            # A rebuild starts from nothing: graphs of reports ingested earlier, and no longer, go too.
            for (graph,) in store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                        f"FILTER(STRSTARTS(STR(?g), \"{REPORT_NS}\") && STRENDS(STR(?g), \"/graph\")) }}"):
                store.update(f"DROP SILENT GRAPH <{graph}>")
            store.update(f"DROP SILENT GRAPH <{PROVENANCE_GRAPH}>")
        for report_id in sorted(set(dropped) | set(replaced)):
            store.update(f"DROP SILENT GRAPH <{report_graph_iri(report_id)}>")
            store.update(f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{ <{report_iri(report_id)}> ?p ?o }} }}")
        for graph in graphs:
            _insert(store, str(graph.identifier), graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
        _insert(store, str(PROVENANCE_GRAPH), nt_quads(provenance).decode("utf-8"))
        store.update(f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH}>")
        ontology = ox.Store()
        for name in ONTOLOGY_FILES:
            ontology.bulk_load(path=str(ONTOLOGY_DIR / name), format=ox.RdfFormat.TURTLE)
        _insert(store, str(ONTOLOGY_GRAPH), ontology.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode("utf-8"))
        store.update(f"DROP SILENT GRAPH <{REFERENCE_GRAPH}>")
        _insert(store, str(REFERENCE_GRAPH), reference_graph().serialize(format="nt", encoding="utf-8").decode("utf-8"))
        if statistics is not None:
            store.update(f"DROP SILENT GRAPH <{STATISTICS_GRAPH}>")
            _insert(store, str(STATISTICS_GRAPH), statistics.serialize(format="nt", encoding="utf-8").decode("utf-8"))
        rows = list(store.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{PROVENANCE_GRAPH}>, "
            f"<{ONTOLOGY_GRAPH}>, <{REFERENCE_GRAPH}>, <{STATISTICS_GRAPH}>)) }}"))
        return int(rows[0][0])
    except KgError:
        raise
    except Exception as err:  # noqa: BLE001 - network and server errors become one line
        raise KgError(f"the SPARQL server at {base} failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None


def _insert(store: SPARQLUpdateStore, graph: str, ntriples: str) -> None:
    lines = [line for line in ntriples.splitlines() if line.strip()]
    for start in range(0, len(lines), INSERT_BATCH):
        body = "\n".join(lines[start : start + INSERT_BATCH])
        store.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
