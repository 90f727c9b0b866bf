import csv
import io
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.graph.store import PKG
from kg.index.load import load_index
from kg.graph.sparql import run_query

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


def test_every_ontology_term_has_a_label_and_a_comment():
    from rdflib.namespace import OWL, RDFS

    ontology = Graph().parse(ONTOLOGY / "probation.ttl")
    terms = set()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        terms |= set(ontology.subjects(RDF.type, kind))
    assert len(terms) > 60
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_topic_scheme_has_the_words_people_use():
    from rdflib.namespace import SKOS

    topics = Graph().parse(ONTOLOGY / "topics.ttl")
    domestic = URIRef("https://w3id.org/probation-kg/topic/domestic_abuse")
    words = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for o in topics.objects(domestic, p)}
    assert {"Domestic abuse", "DV", "domestic violence", "IPV"} <= words
    assert len(set(topics.subjects(RDF.type, SKOS.Concept))) == 26


def test_rating_scales_and_standard_mappings():
    from rdflib.namespace import SKOS

    frameworks = Graph().parse(ONTOLOGY / "frameworks.ttl")
    std = "https://w3id.org/probation-kg/standard/"
    assert (URIRef(std + "omi-1.5"), SKOS.relatedMatch, URIRef(std + "rated-2.2")) in frameworks
    scale = URIRef("https://w3id.org/probation-kg/rating/scale")
    labels = sorted(str(frameworks.value(c, SKOS.prefLabel)) for c in frameworks.subjects(SKOS.inScheme, scale))
    assert labels == ["Good", "Inadequate", "Not rated", "Outstanding", "Requires improvement"]
