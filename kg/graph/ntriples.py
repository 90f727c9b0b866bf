"""A report graph as ingest builds it: rdflib terms in, N-Triples out, without rdflib's in-memory store.

Building a report's graph in an rdflib `Graph` and serialising it took most of the time of reading a
report (its store indexes every triple three ways, and the serialiser walks them again). Ingest only adds
triples, asks whether a subject already has a property, and writes the graph out; `TripleSet` does that
with a dict of N-Triples lines, each term written by pyoxigraph (its terms print as N-Triples).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

def nt_term(term: Node) -> str:
    """Returns `term` written as N-Triples."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        return nt_literal(str(term), term.datatype)
    raise TypeError(f"no N-Triples form for {term!r} (blank nodes are not used in report graphs)")


def nt_literal(text: str, datatype: str | None = None) -> str:
    """Returns a literal of `text` (typed by the IRI `datatype`, if given) written as N-Triples."""
    return str(ox.Literal(text, datatype=ox.NamedNode(str(datatype)) if datatype else None))


def nt_quads(quads: Iterable[ox.Quad]) -> bytes:
    """Returns the triples of `quads` as N-Triples (the graph name is left out)."""
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)


class TripleSet:
    """The triples of one named graph, each kept once in the order added."""

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier
        self._lines: dict[str, None] = {}
        self._properties: set[tuple[str, str]] = set()

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        subject, predicate, value = triple
        self.add_nt(nt_term(subject), nt_term(predicate), nt_term(value))

    def add_nt(self, subject: str, predicate: str, value: str) -> None:
        """Adds a triple whose terms are already written as N-Triples (`nt_term`, `nt_literal`)."""
        self._lines[f"{subject} {predicate} {value} .\n"] = None
        self._properties.add((subject, predicate))

    def __contains__(self, pattern: tuple[Node, Node, Node | None]) -> bool:
        """(s, p, o) is in the set; (s, p, None): `s` has some value of `p`."""
        subject, predicate, value = pattern
        if value is None:
            return (nt_term(subject), nt_term(predicate)) in self._properties
        return f"{nt_term(subject)} {nt_term(predicate)} {nt_term(value)} .\n" in self._lines

    def __len__(self) -> int:
        return len(self._lines)

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def serialize(self, format: str = "nt", encoding: str = "utf-8") -> bytes:  # noqa: A002 - rdflib's name
        if format not in ("nt", "ntriples"):
            raise ValueError(f"a TripleSet is written as N-Triples, not {format!r}")
        return "".join(self._lines).encode(encoding)

    def to_graph(self) -> Graph:
        """Returns the triples as an rdflib graph (for pyshacl and tests)."""
        return Graph(identifier=self.identifier).parse(data=self.serialize(), format="nt")
