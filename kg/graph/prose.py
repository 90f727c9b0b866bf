"""What a report states in prose, as RDF: providers of every era, the inspection, ratings, owners and people.

Each fact carries its evidence line like the table facts (kg.graph.facts), so the same answer plans and
queries read a rating printed in a press release and a rating printed in a table.
"""
from __future__ import annotations

from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from kg.graph.facts import ORG, PKG, _Builder, entity_iri, rating_concept
from kg.graph.ids import BASE_IRI, slug

KIND = Namespace(BASE_IRI + "kind/")
# The ontology class of each provider type the prose extractor names.
PROVIDER_CLASS = {"CRC": PKG.CRC, "NPSDivision": PKG.NPSDivision, "ProbationArea": PKG.ProbationArea,
                  "ProbationTrust": PKG.ProbationTrust, "PDU": PKG.PDU, "Region": PKG.Region,
                  "ProbationService": PKG.ProbationService, "Other": PKG.Provider}
_ROLES = {"Chief Inspector of Probation": PKG.ChiefInspector, "lead inspector": PKG.LeadInspector,
          "inspection programme manager": PKG.ProgrammeManager}
_HMIP = URIRef(BASE_IRI + "org/hm-inspectorate-of-probation")


def add_prose_facts(b: _Builder) -> None:
    """Adds the providers, inspection, prose ratings, ownership statements and roles a report states."""
    prose = b.extraction.prose
    for provider in prose.providers:
        node = entity_iri(provider.name, provider.type)
        b.add(node, RDF.type, PROVIDER_CLASS.get(provider.type, PKG.Provider))
        b.add(node, SKOS.prefLabel, Literal(provider.name))
        b.add(node, RDFS.label, Literal(provider.name))
        b.add(node, PKG.mentionedIn, b.report)
        b.annotate(node, URIRef(f"{b.report}/named/{slug(provider.name)}"), provider.line)
    _inspection(b)
    if not b.extraction.scores.overall_rating:
        # A table of ratings is the report's own statement of them; prose ratings stand in where there is none.
        _prose_ratings(b)
    for statement in prose.owners:
        provider, owner = entity_iri(statement.provider, "CRC"), _owner_node(b, statement.owner)
        b.add(provider, RDF.type, PKG.CRC)  # "the six CRCs owned by Sodexo are: …" may name CRCs only there
        b.add(provider, SKOS.prefLabel, Literal(statement.provider))
        b.add(provider, RDFS.label, Literal(statement.provider))
        node = b.fact("ownership", f"{statement.provider}-{statement.owner}", PKG.OwnershipStatement,
                      f"{statement.provider} owned by {statement.owner}")
        b.add(node, PKG.provider, provider)
        b.add(node, PKG.owner, owner)
        b.add(provider, PKG.ownedBy, owner)
        b.evidence(node, statement.line)
    for person in prose.people:
        _role(b, person)
    types = {p.name: p.type for p in prose.providers}
    for index, figure in enumerate(prose.figures):
        node = b.fact("figure", f"{figure.line}-{index}", PKG.KeyFact, f"{figure.what}: {figure.value}")
        b.add(node, PKG.value, Literal(figure.value))
        b.add(node, PKG.text, Literal(figure.what))
        b.add(node, PKG.factKind, Literal("figure"))
        if figure.provider:
            b.add(node, PKG.provider, entity_iri(figure.provider, types.get(figure.provider, "CRC")))
        b.evidence(node, figure.line)


def _owner_node(b: _Builder, printed: str) -> URIRef:
    """Returns the owner a statement names ("Sodexo Justice Services in partnership with Nacro" is Sodexo's)."""
    from ingest.gazetteer import load_gazetteer

    found = [e for _, _, e in load_gazetteer().find(printed) if e.type == "Owner"]
    name = found[0].canonical if found else printed
    node = entity_iri(name, "Owner")
    b.add(node, RDF.type, PKG.Owner)
    b.add(node, SKOS.prefLabel, Literal(name))
    b.add(node, RDFS.label, Literal(name))
    return node


def _inspection(b: _Builder) -> None:
    """The inspection the publication reports on, as a PROV activity with its kind and providers."""
    meta = b.extraction.meta
    inspection = URIRef(f"{b.report}/inspection")
    b.add(inspection, RDF.type, PKG.Inspection)
    b.add(inspection, RDF.type, PROV.Activity)
    b.add(inspection, RDFS.label, Literal(f"Inspection reported in {b.extraction.report_file}"))
    b.add(b.report, PKG.reportsOn, inspection)
    b.add(b.report, PKG.documentKind, KIND[slug(meta.document_kind)])
    b.add(inspection, PKG.inspectionKind, KIND[_KIND_SLUGS.get(meta.inspection_kind, "other")])
    for provider in b.providers.values():
        b.add(inspection, PKG.inspectionOf, provider)
    if meta.fieldwork_date:
        b.add(inspection, PKG.fieldworkDate, Literal(meta.fieldwork_date, datatype=XSD.gYearMonth))


_KIND_SLUGS = {"offender management inspection": "offender-management", "quality & impact inspection": "quality-and-impact",
               "CRC inspection": "crc", "NPS division inspection": "nps-division",
               "inspection of NPS central functions": "nps-central-functions", "PDU inspection": "pdu",
               "regional inspection": "regional", "dynamic inspection of public protection": "dynamic-public-protection",
               "thematic inspection": "thematic", "joint thematic inspection": "joint-thematic",
               "reinspection": "reinspection"}


def _prose_ratings(b: _Builder) -> None:
    types = {p.name: p.type for p in b.extraction.prose.providers}
    for rating in b.extraction.prose.ratings:
        standard = rating.standard or "overall"
        node = b.fact("rating", f"{standard}-{rating.provider}", PKG.Rating,
                      "Overall rating" if rating.standard is None else rating.standard.capitalize())
        b.add(node, PKG.standardId, Literal(standard))
        b.add(node, PKG.ratingText, Literal(rating.rating))
        if (concept := rating_concept(rating.rating)) is not None:
            b.add(node, PKG.ratingValue, concept)
        b.add(node, PKG.provider, entity_iri(rating.provider, types.get(rating.provider, "CRC")))
        b.evidence(node, rating.line)
    overall = {r.rating for r in b.extraction.prose.ratings if r.standard is None}
    if len(overall) == 1 and (concept := rating_concept(overall.pop())) is not None:
        b.add(b.report, PKG.overallRating, concept)


def _role(b: _Builder, person) -> None:
    """A person in a role, as an org:Membership of the inspectorate stated by this report."""
    node = entity_iri(person.name, "Person")
    b.add(node, RDF.type, PKG.Person)
    b.add(node, SKOS.prefLabel, Literal(person.name))
    b.add(node, RDFS.label, Literal(person.name))
    role = _ROLES.get(person.role, PKG.LeadInspector)
    b.add(_HMIP, RDF.type, ORG.Organization)
    b.add(_HMIP, SKOS.prefLabel, Literal("HM Inspectorate of Probation"))
    b.add(_HMIP, RDFS.label, Literal("HM Inspectorate of Probation"))
    membership = b.fact("role", f"{person.role}-{person.name}", ORG.Membership, f"{person.name}, {person.role}")
    b.add(membership, ORG.member, node)
    b.add(membership, ORG.organization, _HMIP)
    b.add(membership, ORG.role, role)
    b.add(node, PKG.heldRole, membership)
    b.evidence(membership, person.line)
    if role == PKG.ChiefInspector:
        b.add(b.report, PKG.chiefInspector, node)
    elif role == PKG.LeadInspector:
        b.add(b.report, PKG.leadInspector, node)
