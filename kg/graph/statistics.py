"""Corpus-wide tallies of the findings, a data cube rebuilt at every ingest in a graph of its own.

Counting 356,600 findings by topic in SPARQL joins every finding's topics (seconds in Oxigraph); the same
counts as a few thousand observations are read in milliseconds. `pkg:FindingTally` counts the findings of
every report on a topic with a polarity; `pkg:ProviderFindingTally` counts those about one provider. Each
finding is counted once per topic it carries, and about each provider it names (every provider of its
report when it names none), as the report graphs record them. The cube is derived data: it is rebuilt from
the findings whenever reports are added, changed or removed.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Literal, URIRef

from ingest.topics import TOPIC_NS
from kg.graph.facts import PKG, entity_iri
from kg.graph.ids import BASE_IRI, slug
from kg.graph.ntriples import TripleSet

STATISTICS_GRAPH = URIRef(BASE_IRI + "graph/statistics")
_TALLY = BASE_IRI + "statistics/"


def statistics_graph(findings) -> TripleSet:
    """The tallies of `findings` (FindingRecords) as one graph."""
    tallies: Counter = Counter()
    for finding in findings:
        polarity = "strength" if finding.polarity == "strength" else "weakness"
        for topic in finding.topics:
            tallies[(None, topic, polarity)] += 1
            for name, provider_type in dict.fromkeys(finding.providers):
                tallies[(str(entity_iri(name, provider_type)), topic, polarity)] += 1
    graph = TripleSet(STATISTICS_GRAPH)
    for (provider, topic, polarity), count in sorted(tallies.items(), key=lambda item: str(item[0])):
        key = f"{topic}-{polarity}" + (f"-{provider.rsplit('/', 1)[-1]}" if provider else "")
        node = URIRef(_TALLY + ("provider-tally/" if provider else "tally/") + slug(key))
        graph.add((node, RDF.type, PKG.ProviderFindingTally if provider else PKG.FindingTally))
        graph.add((node, PKG.tallyTopic, URIRef(TOPIC_NS + topic)))
        graph.add((node, PKG.tallyPolarity, PKG.Strength if polarity == "strength" else PKG.Weakness))
        graph.add((node, PKG.findingCount, Literal(count)))
        if provider:
            graph.add((node, PKG.tallyProvider, URIRef(provider)))
    return graph


def replace_statistics(store_path: Path, findings) -> int:
    """Replaces the statistics graph of the Oxigraph store at `store_path` (in its named graph and in the
    default graph, the union the store keeps); returns the number of triples written."""
    store = ox.Store(str(store_path))
    name = ox.NamedNode(str(STATISTICS_GRAPH))
    old = list(store.quads_for_pattern(None, None, None, name))
    for quad in old:
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    if old:
        store.remove_graph(name)
    data = statistics_graph(findings).serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    store.flush()
    return data.count(b"\n")
