"""networkx projections of the graph: owner -> CRC -> inspection -> finding, and co-mentioned organisations."""
from __future__ import annotations

from itertools import combinations

import networkx as nx
from rdflib import Dataset

from ingest.extract.providers import PROVIDER_TYPES
from kg.errors import KgError

ORGANISATION_TYPES = PROVIDER_TYPES + ("Owner", "OwnerMember", "PartnerOrganisation", "Prison")

_ENTITIES = """
SELECT DISTINCT ?node ?label ?type WHERE {
  ?node skos:prefLabel ?label ; a ?class .
  FILTER(STRSTARTS(STR(?class), STR(pkg:)))
  BIND(STRAFTER(STR(?class), "#") AS ?type)
  FILTER(?type IN ("CRC", "NPSDivision", "ProbationArea", "ProbationTrust", "PDU", "Region", "ProbationService",
                   "Owner", "OwnerMember", "PartnerOrganisation", "Prison", "Intervention", "Person", "OperatingModel",
                   "ApprovedPremises", "Place"))
}"""
_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE {
  VALUES ?p { pkg:ownedBy pkg:resettlementPrisonOf pkg:partnerOf pkg:usesModel pkg:delivers
              pkg:sharesChiefExecutiveWith org:hasMember }
  ?s ?p ?o .
}"""
_REPORTS = """
SELECT DISTINCT ?report ?title ?provider WHERE {
  ?report a pkg:Report ; dcterms:title ?title .
  OPTIONAL { ?report pkg:inspects ?provider }
}"""
_FINDINGS = """
SELECT DISTINCT ?finding ?label ?polarity ?report ?provider WHERE {
  ?finding a pkg:Finding ; rdfs:label ?label ; pkg:polarity ?p ; pkg:inReport ?report .
  OPTIONAL { ?finding pkg:provider ?provider }
  BIND(STRAFTER(STR(?p), "#") AS ?polarity)
}"""
_MENTIONS = """
SELECT DISTINCT ?node ?report WHERE {
  ?node pkg:mentionedIn ?report ; a ?class .
  FILTER(STRAFTER(STR(?class), "#") IN ("CRC", "NPSDivision", "ProbationArea", "ProbationTrust", "PDU", "Region",
                                         "ProbationService", "Owner", "OwnerMember", "PartnerOrganisation", "Prison"))
}"""


def _rows(dataset: Dataset, query: str):
    return list(dataset.query(query))


def knowledge_graph(dataset: Dataset, with_findings: bool = True) -> nx.MultiDiGraph:
    """Returns organisations, people, interventions, reports and (optionally) findings, with their links."""
    graph = nx.MultiDiGraph()
    for node, label, kind in _rows(dataset, _ENTITIES):
        graph.add_node(str(node), label=str(label), type=str(kind))
    for subject, predicate, obj in _rows(dataset, _EDGES):
        name = str(predicate).rsplit("#", 1)[-1]
        for node in (subject, obj):
            graph.add_node(str(node), **{"label": graph.nodes.get(str(node), {}).get("label", str(node).rsplit("/", 1)[-1]),
                                         "type": graph.nodes.get(str(node), {}).get("type", "Organisation")})
        graph.add_edge(str(subject), str(obj), key=name, relation=name)
    for report, title, provider in _rows(dataset, _REPORTS):
        graph.add_node(str(report), label=str(title), type="Report")
        if provider is not None:
            graph.add_edge(str(provider), str(report), key="inspectedIn", relation="inspectedIn")
    if with_findings:
        for finding, label, polarity, report, provider in _rows(dataset, _FINDINGS):
            graph.add_node(str(finding), label=str(label), type="Finding", polarity=str(polarity))
            graph.add_edge(str(report), str(finding), key="finding", relation="finding")
            if provider is not None:
                graph.add_edge(str(finding), str(provider), key="about", relation="about")
    return graph


def co_mention_graph(dataset: Dataset) -> nx.Graph:
    """Returns organisations linked when one report names both; `weight` counts such reports."""
    by_report: dict[str, set[str]] = {}
    for node, report in _rows(dataset, _MENTIONS):
        by_report.setdefault(str(report), set()).add(str(node))
    labels = {str(n): str(l) for n, l, kind in _rows(dataset, _ENTITIES) if str(kind) in ORGANISATION_TYPES}
    graph = nx.Graph()
    for nodes in by_report.values():
        for a, b in combinations(sorted(nodes), 2):
            weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
    for node in graph.nodes:
        graph.nodes[node]["label"] = labels.get(node, node.rsplit("/", 1)[-1])
    return graph


def find_node(graph: nx.Graph, label: str) -> str:
    """Returns the node whose label is `label` (case-insensitive), or raises KgError."""
    wanted = label.strip().lower()
    for node, data in graph.nodes(data=True):
        if data.get("label", "").lower() == wanted:
            return node
    raise KgError(f"no node labelled {label!r} in the graph")


def ego(graph: nx.Graph, label: str, radius: int = 1) -> nx.Graph:
    """Returns the neighbourhood of the node labelled `label`, following links either way."""
    return nx.ego_graph(graph.to_undirected(as_view=True), find_node(graph, label), radius=radius)


def path_between(graph: nx.Graph, source: str, target: str) -> list[str]:
    """Returns the labels along a shortest path between two labelled nodes, links followed either way."""
    try:
        nodes = nx.shortest_path(graph.to_undirected(as_view=True), find_node(graph, source), find_node(graph, target))
    except nx.NetworkXNoPath:
        raise KgError(f"no path between {source!r} and {target!r}") from None
    return [graph.nodes[n].get("label", n) for n in nodes]


def centrality(graph: nx.Graph, measure: str = "degree", top: int = 10, types: tuple[str, ...] | None = None) -> list[tuple[str, float]]:
    """Returns the `top` (label, score) pairs by degree, betweenness or PageRank centrality."""
    undirected = nx.Graph(graph.to_undirected(as_view=True))
    if measure == "degree":
        scores = nx.degree_centrality(undirected)
    elif measure == "betweenness":
        scores = nx.betweenness_centrality(undirected)
    elif measure == "pagerank":
        scores = nx.pagerank(undirected)
    else:
        raise KgError(f"unknown centrality {measure!r}; use degree, betweenness or pagerank")
    ranked = sorted(
        ((graph.nodes[n].get("label", n), s) for n, s in scores.items() if types is None or graph.nodes[n].get("type") in types),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:top]
