"""SHACL validation of report graphs against ontology/shapes.ttl."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from kg.errors import KgError

SHAPES = Path(__file__).resolve().parents[2] / "ontology" / "shapes.ttl"


class GraphInvalid(KgError):
    """A report's graph does not conform to the shapes."""


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def validate_graph(graph: Graph) -> tuple[bool, list[str]]:
    """Returns whether `graph` conforms to the shapes, and one message per violation."""
    from pyshacl import validate
    from rdflib.namespace import SH

    conforms, results, _ = validate(graph, shacl_graph=shapes_graph(), inference="none", advanced=True,
                                    allow_warnings=True)
    messages = []
    if not conforms:
        for result in results.subjects(SH.resultSeverity, SH.Violation):
            focus = results.value(result, SH.focusNode)
            path = results.value(result, SH.resultPath)
            message = results.value(result, SH.resultMessage)
            messages.append(f"{focus} {path or ''}: {message}")
    return conforms, sorted(messages)


def check_report_graph(graph, name: str, ntriples: bytes | None = None) -> None:
    """Raises GraphInvalid, naming the first violation, when a report's graph (an rdflib Graph or a
    kg.graph.ntriples.TripleSet) does not conform.

    The shapes run as SPARQL on Oxigraph (kg.graph.shapes), several times faster than pyshacl, unless
    they use a feature that compiler does not cover; then pyshacl checks them.
    """
    from kg.graph.shapes import UnsupportedShape, violations

    try:
        data = ntriples if ntriples is not None else graph.serialize(format="nt", encoding="utf-8")
        found = violations(data, shapes_graph())
        conforms, messages = not found, [f"{focus} {path}: {message}" for focus, path, message in found]
    except UnsupportedShape:
        conforms, messages = validate_graph(graph.to_graph() if hasattr(graph, "to_graph") else graph)
    if not conforms:
        more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
        raise GraphInvalid(f"{name}: its graph does not conform to ontology/shapes.ttl: {messages[0]}{more}")
