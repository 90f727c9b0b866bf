"""The RDF dataset: one named graph per report, persistent in Oxigraph, queried through rdflib (oxrdflib)."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ingest.extract.report import Extraction
from kg.graph.facts import OA, ORG, QB, add_extraction
from kg.graph.ntriples import TripleSet, nt_quads
from kg.graph.reference import REFERENCE_GRAPH, reference_graph
from kg.graph.ids import BASE_IRI, ONTOLOGY_NS, RUN_NS, report_graph_iri, report_iri, slug
from kg.records import ChunkRecord, ReportRecord

PKG = Namespace(ONTOLOGY_NS)
PREFIXES = {
    "pkg": PKG, "dcterms": DCTERMS, "prov": PROV, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "owl": OWL,
    "org": ORG, "oa": OA, "qb": QB,
    "topic": Namespace(BASE_IRI + "topic/"), "rating": Namespace(BASE_IRI + "rating/"),
    "std": Namespace(BASE_IRI + "standard/"), "kgorg": Namespace(BASE_IRI + "org/"),
}
# The PREFIX lines of every query the project writes itself.
SPARQL_PROLOGUE = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
# Ingest runs are recorded apart from the report graphs, so that a report's graph depends only on the report.
PROVENANCE_GRAPH = URIRef(BASE_IRI + "graph/provenance")
# The ontology and its concept schemes (frameworks, ratings, topics) live in a graph of their own,
# so queries can use their labels; it is rewritten on every ingest.
ONTOLOGY_GRAPH = URIRef(BASE_IRI + "graph/ontology")
ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ONTOLOGY_FILES = ("probation.ttl", "frameworks.ttl", "topics.ttl")


def report_graph(
    report: ReportRecord, chunks: Iterable[ChunkRecord], extraction: Extraction | None = None, lines: tuple[str, ...] = ()
) -> TripleSet:
    """Returns the named graph of one report: the report, its chunks and line spans, and what was read from it."""
    graph = TripleSet(URIRef(report_graph_iri(report.report_id)))
    chunks = list(chunks)
    node = URIRef(report_iri(report.report_id))
    graph.add((node, RDF.type, PKG.Report))
    graph.add((node, DCTERMS.identifier, Literal(report.report_id)))
    graph.add((node, DCTERMS.title, Literal(report.title)))
    graph.add((node, RDFS.label, Literal(report.title)))
    graph.add((node, PKG.fileName, Literal(report.file_name)))
    graph.add((node, PKG.contentHash, Literal(report.sha256)))
    graph.add((node, PKG.lineCount, Literal(report.line_count, datatype=XSD.integer)))
    for chunk in chunks:
        chunk_node = URIRef(chunk.iri)
        graph.add((chunk_node, RDF.type, PKG.Chunk))
        graph.add((chunk_node, DCTERMS.isPartOf, node))
        graph.add((chunk_node, PKG.ordinal, Literal(chunk.ordinal, datatype=XSD.integer)))
        graph.add((chunk_node, PKG.startLine, Literal(chunk.start_line, datatype=XSD.integer)))
        graph.add((chunk_node, PKG.endLine, Literal(chunk.end_line, datatype=XSD.integer)))
        graph.add((chunk_node, PKG.section, Literal(chunk.section)))
        if chunk.section:
            # The heading as a node: a query about headings filters their few distinct texts, not every chunk's.
            heading = heading_iri(chunk.section)
            graph.add((chunk_node, PKG.heading, heading))
            graph.add((heading, RDF.type, PKG.Heading))
            graph.add((heading, SKOS.prefLabel, Literal(chunk.section)))
        graph.add((chunk_node, PKG.sectionPath, Literal(" > ".join(chunk.section_path))))
        graph.add((chunk_node, PKG.text, Literal(chunk.text)))
        if chunk.page is not None:
            graph.add((chunk_node, PKG.page, Literal(chunk.page, datatype=XSD.integer)))
        graph.add((chunk_node, PROV.wasDerivedFrom, node))
    if extraction is not None:
        add_extraction(graph, extraction, lines, chunks)
    return graph


def heading_iri(text: str) -> URIRef:
    """One node per distinct heading text ("2.4. Reviewing" and "2.4 Reviewing" are two)."""
    return URIRef(f"{BASE_IRI}heading/{slug(text)[:60]}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}")


def provenance_quads(report_ids: Iterable[str], run_id: str) -> list[ox.Quad]:
    """Returns the record of one ingest run that generated the graphs of `report_ids`."""
    graph = ox.NamedNode(str(PROVENANCE_GRAPH))
    run = ox.NamedNode(RUN_NS + run_id)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    quads = [
        ox.Quad(run, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PKG.IngestRun)), graph),
        ox.Quad(run, ox.NamedNode(str(PROV.endedAtTime)), ox.Literal(now, datatype=ox.NamedNode(str(XSD.dateTime))), graph),
    ]
    for report_id in report_ids:
        quads.append(ox.Quad(ox.NamedNode(report_iri(report_id)), ox.NamedNode(str(PROV.wasGeneratedBy)), run, graph))
    return quads


def write_store(
    target: Path,
    previous: Path | None,
    dropped: set[str],
    graphs: Iterable[TripleSet],
    provenance: list[ox.Quad],
) -> int:
    """Writes a new Oxigraph store at `target`: the previous store's graphs but `dropped`, then `graphs`.

    Returns the number of quads in the report graphs.
    """
    store = ox.Store(str(target))
    dropped_graphs = {report_graph_iri(r) for r in dropped}
    dropped_reports = {report_iri(r) for r in dropped}
    default = ox.DefaultGraph()

    report_triples = 0

    def load(data: bytes, name: ox.NamedNode) -> None:
        nonlocal report_triples
        # Every triple goes to its named graph and to the default graph, which is thus the union of the
        # named graphs with each triple once: queries without GRAPH join over it without repeats.
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=default)
        if name.value != str(PROVENANCE_GRAPH):
            report_triples += data.count(b"\n")  # N-Triples: one triple per line, each once in a graph

    if previous is not None and previous.exists():
        old = ox.Store.read_only(str(previous))
        for name in old.named_graphs():
            if name.value in dropped_graphs or name.value in (str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)):
                continue
            if name.value == str(PROVENANCE_GRAPH):
                quads = [q for q in old.quads_for_pattern(None, None, None, name) if q.subject.value not in dropped_reports]
                data = nt_quads(quads)
            else:
                data = old.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
            load(data, name)
        del old
    for graph in graphs:
        load(graph.serialize(format="nt", encoding="utf-8"), ox.NamedNode(str(graph.identifier)))
    load(nt_quads(provenance), ox.NamedNode(str(PROVENANCE_GRAPH)))
    for name in ONTOLOGY_FILES:
        for target_graph in (ox.NamedNode(str(ONTOLOGY_GRAPH)), default):
            store.bulk_load(path=str(ONTOLOGY_DIR / name), format=ox.RdfFormat.TURTLE, to_graph=target_graph)
    # Reference facts (ownership over time, succession) are not report evidence: they stay in their own
    # graph, out of the default graph, and a query reads them with GRAPH <…/graph/reference>.
    store.bulk_load(reference_graph().serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(str(REFERENCE_GRAPH)))
    # Bulk loading leaves many small table files; compacting them once halves the time of the example
    # queries (bundled reports: 0.2 s of compaction, findings-per-topic 64 -> 26 ms).
    store.optimize()
    store.flush()
    del store
    return report_triples


def open_dataset(path: Path) -> Dataset:
    """Returns the dataset of the Oxigraph store at `path`, read-only; the default graph is the union of the
    named graphs."""
    inner = ox.Store.read_only(str(path)) if path.exists() else ox.Store()
    # The store's default graph holds the union of its named graphs (write_store), each triple once.
    dataset = Dataset(store=OxigraphStore(store=inner), default_union=False)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    # User queries run in worker processes that open the same store (kg.graph.sparql.bounded_query).
    dataset.oxigraph_path = path.resolve() if path.exists() else None  # this generation, not the next
    return dataset


def ontology_graph() -> Graph:
    """Returns the ontology, the framework schemes and the topic scheme as one graph."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph
