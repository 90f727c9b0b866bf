"""The reference data as RDF: who owned each CRC and when, and how providers succeeded each other.

W3C ORG models each change as an org:ChangeEvent: in June 2014 each probation trust's work passed to a CRC
and an NPS division (org:originalOrganization / org:resultingOrganization); on 1 February 2015 owners took
their CRCs; a later owner took some over ("Seetec from February 2019"); in June 2021 the CRCs and the NPS
were folded into the Probation Service. These are public facts, not report evidence: they live in a graph
of their own, and answers show them as reference data, never as citations.
"""
from __future__ import annotations

import csv
import re

from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from ingest.extract.providers import load_areas
from ingest.gazetteer import REFERENCE, load_gazetteer
from kg.graph.facts import ORG, PKG, entity_iri
from kg.graph.ids import BASE_IRI, slug
from kg.graph.ntriples import TripleSet

REFERENCE_GRAPH = URIRef(BASE_IRI + "graph/reference")
CHANGE = Namespace(BASE_IRI + "change/")
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), start=1)}


def reference_graph() -> TripleSet:
    """Returns the ownership and succession events of data/reference as one graph."""
    graph = TripleSet(REFERENCE_GRAPH)
    gazetteer = load_gazetteer()
    service = entity_iri("Probation Service", "ProbationService")
    _label(graph, service, "Probation Service")
    unification = _event(graph, "unification-2021", "The CRCs and the NPS divisions folded into the Probation Service",
                         "2021-06-26")
    graph.add((unification, ORG.resultingOrganization, service))
    with (REFERENCE / "crcs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            crc = entity_iri(row["name"], "CRC")
            _label(graph, crc, row["name"])
            graph.add((unification, ORG.originalOrganization, crc))
            first = gazetteer.resolve(re.sub(r"\s*\(.*?\)", "", row["owner_at_2015_share_sale"]).strip())
            if first is None:
                continue
            owner = entity_iri(first.canonical, "Owner")
            _label(graph, owner, first.canonical)
            sale = _event(graph, f"share-sale-{slug(row['name'])}", f"{first.canonical} took {row['name']}", "2015-02-01")
            graph.add((sale, PKG.newOwner, owner))
            graph.add((sale, PKG.ownershipOf, crc))
            if (later := re.match(r"(?P<owner>[A-Z][\w ]+?) from (?P<month>\w+) (?P<year>\d{4})", row["later_ownership"])) \
                    and (taker := gazetteer.resolve(later.group("owner"))) is not None:
                new_owner = entity_iri(taker.canonical, "Owner")
                _label(graph, new_owner, taker.canonical)
                month = _MONTHS.get(later.group("month").lower(), 1)
                takeover = _event(graph, f"takeover-{slug(row['name'])}", f"{taker.canonical} took over {row['name']}",
                                  f"{later.group('year')}-{month:02d}-01")
                graph.add((takeover, PKG.previousOwner, owner))
                graph.add((takeover, PKG.newOwner, new_owner))
                graph.add((takeover, PKG.ownershipOf, crc))
                graph.add((sale, PKG.followedBy, takeover))
    for area in {a.name: a for a in load_areas().values()}.values():
        trust = entity_iri(f"{area.name} Probation Trust", "ProbationTrust")
        _label(graph, trust, f"{area.name} Probation Trust")
        split = _event(graph, f"split-2014-{slug(area.name)}",
                       f"{area.name} Probation Trust's work passed to {area.crc} and the {area.nps_division}", "2014-06-01")
        graph.add((split, ORG.originalOrganization, trust))
        for successor in (entity_iri(area.crc, "CRC"), entity_iri(area.nps_division, "NPSDivision")):
            graph.add((split, ORG.resultingOrganization, successor))
            graph.add((trust, ORG.changedBy, split))
        _label(graph, entity_iri(area.nps_division, "NPSDivision"), area.nps_division)
    return graph


def _label(graph: TripleSet, node: URIRef, label: str) -> None:
    # Labelled, not typed: what the reports say a node is stays the reports' word (a remote server's default
    # graph is the union of every graph, this one included).
    graph.add((node, SKOS.prefLabel, Literal(label)))
    graph.add((node, RDFS.label, Literal(label)))


def _event(graph: TripleSet, key: str, label: str, date: str) -> URIRef:
    node = CHANGE[key]
    graph.add((node, RDF.type, ORG.ChangeEvent))
    graph.add((node, RDF.type, PROV.Activity))
    graph.add((node, RDFS.label, Literal(label)))
    graph.add((node, PROV.atTime, Literal(date, datatype=XSD.date)))
    return node
