"""The shapes of ontology/shapes.ttl compiled to SPARQL and run on Oxigraph: the ingest-time check.

pyshacl (kg.graph.validate) is the reference validator and `probation-kg validate` uses it; on a report graph of
~20,000 triples it takes most of a second. The same constraints written as SPARQL queries over an
in-memory Oxigraph store take a few milliseconds each. The compiler covers the SHACL Core constraints
the shapes file uses (minCount, maxCount, datatype, nodeKind, class, in, minInclusive, maxInclusive,
minLength, pattern, lessThanOrEquals, node; targets by class and subjects-of) and refuses any other,
so a shapes file that outgrows it falls back to pyshacl rather than being checked partly. A test checks
that both validators agree on every bundled report and on graphs that break each constraint.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

_SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH["in"], SH.minInclusive,
    SH.maxInclusive, SH.minLength, SH.pattern, SH.lessThanOrEquals, SH.node, SH.message, SH.name, SH.description,
}
_NODE_KINDS = {
    SH.IRI: "!isIRI(?v)", SH.BlankNode: "!isBlank(?v)", SH.Literal: "!isLiteral(?v)",
    SH.BlankNodeOrIRI: "isLiteral(?v)", SH.IRIOrLiteral: "isBlank(?v)", SH.BlankNodeOrLiteral: "isIRI(?v)",
}


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    shape: str
    path: str
    constraint: str
    message: str
    query: str


def _path(shapes: Graph, node) -> str:
    if isinstance(node, URIRef):
        return node.n3()
    if (node, RDF.first, None) in shapes:
        return "/".join(_path(shapes, step) for step in Collection(shapes, node))
    raise UnsupportedShape(f"property path {node!r}")


def _targets(shapes: Graph, shape) -> list[str]:
    patterns = [f"?focus a {c.n3()} ." for c in shapes.objects(shape, SH.targetClass)]
    patterns += [f"?focus {p.n3()} ?target_ ." for p in shapes.objects(shape, SH.targetSubjectsOf)]
    for other in (SH.targetNode, SH.targetObjectsOf):
        if (shape, other, None) in shapes:
            raise UnsupportedShape(f"{other} on {shape}")
    return patterns


def _node_checks(shapes: Graph, shape, focus: str, depth: int = 0) -> list[Check]:
    """Checks of every property shape of `shape`, for focus nodes matched by the pattern `focus` (binds ?focus)."""
    if depth > 4:
        raise UnsupportedShape(f"sh:node nested too deep at {shape}")
    checks = []
    for prop in shapes.objects(shape, SH.property):
        used = {p for p, _ in shapes.predicate_objects(prop)}
        if used - _SUPPORTED:
            raise UnsupportedShape(f"{sorted(str(u) for u in used - _SUPPORTED)} on {shape}")
        path = _path(shapes, shapes.value(prop, SH.path))
        message = str(shapes.value(prop, SH.message) or "")
        select = "SELECT DISTINCT ?focus ?v WHERE {"

        def add(constraint: str, query: str) -> None:
            checks.append(Check(str(shape), path, constraint, message or f"{constraint} on {path}", query + " LIMIT 20"))

        for value in shapes.objects(prop, SH.minCount):
            add(f"minCount {value}", f"SELECT ?focus (COUNT(?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?focus {path} ?v }} }} "
                                     f"GROUP BY ?focus HAVING (COUNT(?v) < {int(value)})")
        for value in shapes.objects(prop, SH.maxCount):
            add(f"maxCount {value}", f"SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} ?focus {path} ?v }} "
                                     f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {int(value)})")
        conditions = []
        for value in shapes.objects(prop, SH.datatype):
            conditions.append((f"datatype {value}", f"!(isLiteral(?v) && datatype(?v) = {value.n3()})"))
        for value in shapes.objects(prop, SH.nodeKind):
            if value not in _NODE_KINDS:
                raise UnsupportedShape(f"sh:nodeKind {value}")
            conditions.append((f"nodeKind {value}", _NODE_KINDS[value]))
        for value in shapes.objects(prop, SH["class"]):
            conditions.append((f"class {value}", f"NOT EXISTS {{ ?v a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* {value.n3()} }}"))
        for value in shapes.objects(prop, SH["in"]):
            members = ", ".join(m.n3() for m in Collection(shapes, value))
            conditions.append(("in", f"?v NOT IN ({members})"))
        for value in shapes.objects(prop, SH.minInclusive):
            conditions.append((f"minInclusive {value}", f"!COALESCE(?v >= {value.n3()}, false)"))
        for value in shapes.objects(prop, SH.maxInclusive):
            conditions.append((f"maxInclusive {value}", f"!COALESCE(?v <= {value.n3()}, false)"))
        for value in shapes.objects(prop, SH.minLength):
            conditions.append((f"minLength {value}", f"isBlank(?v) || !COALESCE(STRLEN(STR(?v)) >= {int(value)}, false)"))
        for value in shapes.objects(prop, SH.pattern):
            pattern = Literal(str(value)).n3()
            conditions.append((f"pattern {value}", f"isBlank(?v) || !COALESCE(REGEX(STR(?v), {pattern}), false)"))
        for constraint, condition in conditions:
            add(constraint, f"{select} {focus} ?focus {path} ?v . FILTER({condition}) }}")
        for value in shapes.objects(prop, SH.lessThanOrEquals):
            add(f"lessThanOrEquals {value}",
                f"{select} {focus} ?focus {path} ?v . ?focus {value.n3()} ?w . FILTER(!COALESCE(?v <= ?w, false)) }}")
        for nested in shapes.objects(prop, SH.node):
            outer = f"?outer{depth}"
            inner_focus = focus.replace("?focus", outer) + f" {outer} {path} ?focus ."
            checks += _node_checks(shapes, nested, inner_focus, depth + 1)
    return checks


@lru_cache(maxsize=4)
def compile_shapes(shapes: Graph) -> tuple[Check, ...]:
    """Returns the SPARQL checks of every targeted node shape in `shapes`.

    Raises:
        UnsupportedShape: a shape uses a feature not translated here.
    """
    checks = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        for constraint in (SH.sparql, SH["or"], SH["and"], SH["not"], SH.xone, SH.closed, SH.qualifiedValueShape):
            if (shape, constraint, None) in shapes:
                raise UnsupportedShape(f"{constraint} on {shape}")
        for focus in _targets(shapes, shape):
            checks += _node_checks(shapes, shape, focus)
    return tuple(checks)


def violations(ntriples: bytes, shapes: Graph, limit: int = 20) -> list[tuple[str, str, str]]:
    """Returns up to `limit` violations (focus node, path, message) of `shapes` in a graph given as
    N-Triples; none when it conforms."""
    store = ox.Store()
    store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    found = []
    for check in compile_shapes(shapes):
        for solution in store.query(check.query):
            found.append((solution["focus"].value, check.path, check.message))
            if len(found) >= limit:
                return sorted(found)
    return sorted(found)
