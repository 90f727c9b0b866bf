"""Export the dataset, or one report's named graph, with Oxigraph's serialisers."""
from __future__ import annotations

import io
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.errors import KgError
from kg.graph.store import PREFIXES
from kg.graph.ids import report_graph_iri
from kg.index.load import LoadedIndex

_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def _store(index: LoadedIndex) -> ox.Store:
    return index.dataset.store._inner  # the Oxigraph store behind oxrdflib


def export_graph(index: LoadedIndex, output_format: str, report_id: str | None = None) -> bytes:
    """Returns the whole dataset, or the named graph of `report_id`, serialised."""
    store = _store(index)
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    buffer = io.BytesIO()
    if report_id is None:
        if output_format == "turtle":
            raise KgError("Turtle holds one graph: export the dataset as nquads, trig or jsonld, or pass --report")
        store.dump(buffer, format=_FORMATS[output_format], prefixes=prefixes if output_format == "trig" else None)
        return buffer.getvalue()
    report_id = report_id.rsplit(".", 1)[0] if report_id.endswith((".txt", ".pdf", ".html")) else report_id
    if report_id not in index.reports:
        raise KgError(f"no report {report_id!r} in the index (reports: {', '.join(sorted(index.reports))})")
    graph = ox.NamedNode(report_graph_iri(report_id))
    if output_format in ("nquads", "trig", "jsonld"):
        quads = list(store.quads_for_pattern(None, None, None, graph))
        return ox.serialize(quads, format=_FORMATS[output_format]) or b""
    store.dump(buffer, format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=prefixes)
    return buffer.getvalue()


def report_graphs(index: LoadedIndex) -> Iterator[tuple[str, Graph]]:
    """Yields (report id, rdflib Graph) for every report's named graph."""
    store = _store(index)
    for report_id in sorted(index.reports):
        data = ox.serialize(store.quads_for_pattern(None, None, None, ox.NamedNode(report_graph_iri(report_id))),
                            format=ox.RdfFormat.N_QUADS)
        graph = Graph(identifier=URIRef(report_graph_iri(report_id)))
        graph.parse(data=data, format="nquads")
        yield report_id, graph
