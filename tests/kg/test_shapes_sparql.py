"""The SPARQL-compiled shapes (the ingest check) agree with pyshacl (the reference validator)."""
import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kg.index.load import load_index
from kg.index.export import report_graphs
from kg.graph.shapes import UnsupportedShape, compile_shapes, violations
from kg.graph.validate import shapes_graph, validate_graph

PREFIXES = """
@prefix pkg: <https://w3id.org/probation-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
REPORT = """
<urn:r> a pkg:Report ; dcterms:identifier "r" ; dcterms:title "T" ; pkg:fileName "r.txt" ;
    pkg:contentHash "%s" ; pkg:lineCount 10 ; pkg:documentKind <urn:press-release> ; pkg:reportsOn <urn:i> .
<urn:i> a pkg:Inspection ; pkg:inspectionKind <urn:pdu-inspection> .
""" % ("a" * 64)
BROKEN = {
    "minCount": '<urn:x> a pkg:Report .',
    "maxCount": '<urn:r> dcterms:title "Another title" .',
    "datatype": '<urn:r2> a pkg:Report ; dcterms:identifier "r2" ; dcterms:title "T" ; pkg:fileName "r2.txt" ; '
                'pkg:contentHash "%s" ; pkg:lineCount "ten" .' % ("b" * 64),
    "pattern": '<urn:r2> a pkg:Report ; dcterms:identifier "r2" ; dcterms:title "T" ; pkg:fileName "r2.txt" ; '
               'pkg:contentHash "not a hash" ; pkg:lineCount 3 .',
    "in": '<urn:r> pkg:framework pkg:SomethingElse .',
    "minInclusive": '<urn:r2> a pkg:Report ; dcterms:identifier "r2" ; dcterms:title "T" ; pkg:fileName "r2.txt" ; '
                    'pkg:contentHash "%s" ; pkg:lineCount 0 .' % ("c" * 64),
    "nodeKind": '<urn:r> pkg:inspects "Merseyside CRC" .',
    "class": '<urn:c> a pkg:Chunk ; dcterms:isPartOf <urn:nothing> ; pkg:ordinal 0 ; pkg:startLine 1 ; pkg:endLine 2 ; '
             'pkg:text "t" ; pkg:section "s" .',
    "lessThanOrEquals": '<urn:c> a pkg:Chunk ; dcterms:isPartOf <urn:r> ; pkg:ordinal 0 ; pkg:startLine 9 ; pkg:endLine 2 ; '
                        'pkg:text "t" ; pkg:section "s" .',
    "minLength": '<urn:c> a pkg:Chunk ; dcterms:isPartOf <urn:r> ; pkg:ordinal 0 ; pkg:startLine 1 ; pkg:endLine 2 ; '
                 'pkg:text "" ; pkg:section "s" .',
    "node": '<urn:e> a pkg:Evidence ; oa:hasBody <urn:r> ; oa:hasTarget <urn:t> . <urn:t> oa:hasSource <urn:r> .',
}


def _both(turtle: str) -> tuple[set[str], set[str], bool]:
    graph = Graph().parse(data=PREFIXES + REPORT + turtle, format="turtle")
    conforms, _ = validate_graph(graph)
    from pyshacl import validate

    _, results, _ = validate(graph, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True)
    reference = {str(results.value(r, SH.focusNode)) for r in results.subjects(SH.resultSeverity, SH.Violation)}
    ours = {focus for focus, _, _ in violations(graph.serialize(format="nt", encoding="utf-8"), shapes_graph())}
    return reference, ours, conforms


def test_a_valid_graph_conforms_to_both():
    reference, ours, conforms = _both("")
    assert conforms and reference == set() and ours == set()


@pytest.mark.parametrize("constraint", sorted(BROKEN))
def test_each_broken_constraint_is_found_by_both(constraint):
    reference, ours, conforms = _both(BROKEN[constraint])
    assert not conforms and ours
    if constraint == "node":
        # pyshacl reports the evidence node whose target breaks its shape, and the target; the SPARQL check,
        # the target itself.
        assert reference == {"urn:e", "urn:t"} and ours == {"urn:t"}
    else:
        assert ours == reference


def test_every_report_graph_conforms_to_the_compiled_shapes(hashing_index, hashing_embedder):
    for report_id, graph in report_graphs(load_index(hashing_index, hashing_embedder)):
        assert violations(graph.serialize(format="nt", encoding="utf-8"), shapes_graph()) == [], report_id


def test_shapes_the_compiler_does_not_cover_are_refused():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:uniqueLang true ] .
    """, format="turtle")
    with pytest.raises(UnsupportedShape):
        compile_shapes(shapes)
