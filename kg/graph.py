"""The RDF dataset: one named graph per report, held in oxrdflib's Oxigraph store."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.ids import ONTOLOGY_NS, RUN_NS, report_graph_iri, report_iri
from kg.records import ChunkRecord, ReportRecord

PKG = Namespace(ONTOLOGY_NS)
PREFIXES = {"pkg": PKG, "dcterms": DCTERMS, "prov": PROV, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}


def report_graph(report: ReportRecord, chunks: Iterable[ChunkRecord], run_id: str) -> Graph:
    """Returns the named graph of one report: the report, its chunks and their line spans."""
    graph = Graph(identifier=URIRef(report_graph_iri(report.report_id)))
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    report_node = URIRef(report_iri(report.report_id))
    run = URIRef(RUN_NS + run_id)
    graph.add((report_node, RDF.type, PKG.Report))
    graph.add((report_node, DCTERMS.identifier, Literal(report.report_id)))
    graph.add((report_node, DCTERMS.title, Literal(report.title)))
    graph.add((report_node, PKG.fileName, Literal(report.file_name)))
    graph.add((report_node, PKG.contentHash, Literal(report.sha256)))
    graph.add((report_node, PKG.lineCount, Literal(report.line_count, datatype=XSD.integer)))
    graph.add((report_node, PROV.wasGeneratedBy, run))
    graph.add((run, RDF.type, PROV.Activity))
    graph.add((run, PROV.endedAtTime, Literal(datetime.now(timezone.utc).replace(microsecond=0), datatype=XSD.dateTime)))
    for chunk in chunks:
        node = URIRef(chunk.iri)
        graph.add((node, RDF.type, PKG.Chunk))
        graph.add((node, DCTERMS.isPartOf, report_node))
        graph.add((node, PKG.ordinal, Literal(chunk.ordinal, datatype=XSD.integer)))
        graph.add((node, PKG.startLine, Literal(chunk.start_line, datatype=XSD.integer)))
        graph.add((node, PKG.endLine, Literal(chunk.end_line, datatype=XSD.integer)))
        graph.add((node, PKG.section, Literal(chunk.section)))
        graph.add((node, PKG.sectionPath, Literal(" > ".join(chunk.section_path))))
        graph.add((node, PKG.text, Literal(chunk.text)))
        if chunk.page is not None:
            graph.add((node, PKG.page, Literal(chunk.page, datatype=XSD.integer)))
        graph.add((node, PROV.wasDerivedFrom, report_node))
    return graph


def new_dataset() -> Dataset:
    """Returns an empty in-memory dataset in the Oxigraph store, querying the union of graphs by default."""
    dataset = Dataset(store="Oxigraph", default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    return dataset


def load_dataset(path: Path) -> Dataset:
    """Returns the dataset stored as N-Quads at `path`, bulk-loaded into Oxigraph."""
    dataset = new_dataset()
    if path.exists() and path.stat().st_size:
        dataset.parse(str(path), format="ox-nquads", transactional=False)
    return dataset


def replace_report_graphs(dataset: Dataset, removed: Iterable[str], graphs: Iterable[Graph]) -> None:
    """Drops the named graphs of `removed` reports, then adds `graphs` in bulk."""
    for report_id in removed:
        dataset.remove_graph(URIRef(report_graph_iri(report_id)))
    for graph in graphs:
        dataset.addN((s, p, o, dataset.graph(graph.identifier)) for s, p, o in graph)


def save_dataset(dataset: Dataset, path: Path) -> None:
    """Writes the dataset as N-Quads with Oxigraph's serialiser."""
    with path.open("wb") as handle:
        dataset.serialize(handle, format="ox-nquads")


def triple_count(dataset: Dataset) -> int:
    """Returns the number of quads in all named graphs."""
    result = dataset.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(next(iter(result))[0])
