import csv
import io
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.graph import PKG
from kg.index import load_index
from kg.sparql import run_query

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def test_every_term_the_graph_uses_is_declared(hashing_index, hashing_embedder):
    ontology = Graph().parse(ONTOLOGY / "probation.ttl")
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    dataset = load_index(hashing_index, hashing_embedder).dataset
    used = {p for _, p, _ in dataset.triples((None, None, None)) if str(p).startswith(str(PKG))}
    used |= {o for _, _, o in dataset.triples((None, RDF.type, None)) if str(o).startswith(str(PKG))}
    assert used and used <= declared
    assert (URIRef(str(PKG) + "Chunk"), RDF.type, OWL.Class) in ontology


def test_reports_query(hashing_index, hashing_embedder):
    index = load_index(hashing_index, hashing_embedder)
    text = run_query(index.dataset, (ONTOLOGY / "queries" / "reports.rq").read_text(), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["report"] for r in rows] == sorted(index.reports)
    merseyside = next(r for r in rows if r["report"] == "merseyside-crc-2018")
    assert int(merseyside["chunks"]) == index.reports["merseyside-crc-2018"].chunk_count


def test_chunks_in_section_query(hashing_index, hashing_embedder):
    index = load_index(hashing_index, hashing_embedder)
    text = run_query(index.dataset, (ONTOLOGY / "queries" / "chunks-in-section.rq").read_text(), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {"report": "merseyside-crc-2018", "section": "2.4. Reviewing", "start": "501", "end": "506"} in rows
