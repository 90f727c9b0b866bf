"""What extraction reads from a report, as RDF: entities, ratings, results, recommendations, facts, findings.

Every fact carries its evidence: `prov:wasDerivedFrom` the chunk that holds its lines, and a Web
Annotation whose target selects the quoted text by quote and by character position in the file.
"""
from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS, XSD

from ingest.extract.report import Extraction
from ingest.topics import TOPIC_NS
from kg.citations import shorten_quote
from ingest.gazetteer import load_gazetteer
from kg.graph.ids import BASE_IRI, ONTOLOGY_NS, report_iri, slug
from kg.graph.ntriples import TripleSet, nt_literal
from kg.records import ChunkRecord

PKG = Namespace(ONTOLOGY_NS)
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
RATING = Namespace(BASE_IRI + "rating/")
STANDARD = Namespace(BASE_IRI + "standard/")

ORGANISATION_TYPES = {"CRC", "NPSDivision", "ProbationArea", "ProbationTrust", "PDU", "Region", "ProbationService", "Owner", "OwnerMember", "PartnerOrganisation", "Prison",
                      "ApprovedPremises"}
_ENTITY_SEGMENT = {"Intervention": "intervention", "Person": "person", "OperatingModel": "model", "Place": "place"}
# The class of each inspection framework, by the short name extraction and questions use.
FRAMEWORK_CLASSES = {"rated": PKG.RatedInspection, "omi": PKG.OffenderManagementInspection, "qi": PKG.QualityAndImpact}
_RELATIONS = {
    "ownedBy": PKG.ownedBy, "ownsCRC": PKG.owns, "hasMember": ORG.hasMember, "memberOf": ORG.memberOf,
    "partnerOf": PKG.partnerOf, "resettlementPrisonOf": PKG.resettlementPrisonOf, "usesModel": PKG.usesModel,
    "sharesChiefExecutiveWith": PKG.sharesChiefExecutiveWith,
}


def _decimal(value: float | int) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def entity_iri(name: str, entity_type: str) -> URIRef:
    """Returns the IRI of an entity: organisations share one namespace, so one name is one node."""
    segment = "org" if entity_type in ORGANISATION_TYPES or entity_type not in _ENTITY_SEGMENT else _ENTITY_SEGMENT[entity_type]
    return URIRef(f"{BASE_IRI}{segment}/{slug(name)}")


def rating_concept(rating: str | None) -> URIRef | None:
    return RATING[slug(rating)] if rating and not rating.endswith("%") else None


class _NT:
    """The IRIs of an evidence annotation, written as N-Triples once."""

    type = f"<{RDF.type}>"
    Evidence, integer = f"<{PKG.Evidence}>", str(XSD.integer)
    Annotation, hasBody, hasTarget = f"<{OA.Annotation}>", f"<{OA.hasBody}>", f"<{OA.hasTarget}>"
    SpecificResource, hasSource, hasSelector = f"<{OA.SpecificResource}>", f"<{OA.hasSource}>", f"<{OA.hasSelector}>"
    startLine, endLine = f"<{PKG.startLine}>", f"<{PKG.endLine}>"
    TextQuoteSelector, exact = f"<{OA.TextQuoteSelector}>", f"<{OA.exact}>"
    TextPositionSelector, start, end = f"<{OA.TextPositionSelector}>", f"<{OA.start}>", f"<{OA.end}>"


class _Builder:
    def __init__(self, graph: TripleSet, extraction: Extraction, lines: tuple[str, ...], chunks: list[ChunkRecord]) -> None:
        self.graph = graph
        self.extraction = extraction
        self.lines = lines
        self.report = URIRef(report_iri(extraction.report_file.rsplit(".", 1)[0]))
        self.report_nt = f"<{self.report}>"
        self.chunk_of_line: dict[int, str] = {}
        for chunk in chunks:
            for number in chunk.line_numbers:
                self.chunk_of_line.setdefault(number, chunk.iri)
        self.offsets = [0]
        for line in lines:
            self.offsets.append(self.offsets[-1] + len(line) + 1)
        self.chunk_starts = sorted((c.start_line, c.iri) for c in chunks)
        self.providers = {p.canonical: entity_iri(p.canonical, p.provider_type) for p in extraction.meta.providers}

    def add(self, *triple) -> None:
        self.graph.add(triple)

    def chunk_for(self, line: int) -> URIRef | None:
        iri = self.chunk_of_line.get(line)
        if iri is None and self.chunk_starts:
            index = bisect_right([s for s, _ in self.chunk_starts], line) - 1
            iri = self.chunk_starts[max(index, 0)][1]
        return URIRef(iri) if iri else None

    def evidence(self, node: URIRef, start: int, end: int | None = None, quote: str | None = None) -> None:
        """Ties `node` to report lines start..end: the chunk it was derived from, and an annotation."""
        annotation = self.annotate(node, URIRef(f"{node}/evidence"), start, end, quote)
        if annotation is not None:
            self.add(node, PKG.evidence, annotation)
            chunk = self.chunk_for(start)
            if chunk is not None:
                self.add(node, PROV.wasDerivedFrom, chunk)

    def annotate(
        self, body: URIRef, annotation: URIRef, start: int, end: int | None = None, quote: str | None = None
    ) -> URIRef | None:
        """Returns a Web Annotation of `body` whose target selects lines start..end by quote and by position."""
        end = end or start
        if not 1 <= start <= end <= len(self.lines):
            return None
        text = quote or " ".join(l.strip() for l in self.lines[start - 1 : end] if l.strip())
        if not text:
            return None  # blank lines are no evidence
        # Written straight as N-Triples: every fact has one, so this is the hot path of building a graph.
        a, t = f"<{annotation}>", f"<{annotation}/target>"
        q, p = f"<{annotation}/target/quote>", f"<{annotation}/target/position>"
        add, n = self.graph.add_nt, _NT
        add(a, n.type, n.Evidence)
        add(a, n.type, n.Annotation)
        add(a, n.hasBody, f"<{body}>")
        add(a, n.hasTarget, t)
        add(t, n.type, n.SpecificResource)
        add(t, n.hasSource, self.report_nt)
        add(t, n.startLine, nt_literal(str(start), n.integer))
        add(t, n.endLine, nt_literal(str(end), n.integer))
        add(t, n.hasSelector, q)
        add(t, n.hasSelector, p)
        add(q, n.type, n.TextQuoteSelector)
        add(q, n.exact, nt_literal(shorten_quote(text, 80)))
        # Character offsets as xsd:integer: Oxigraph stores every integer type as xsd:integer.
        add(p, n.type, n.TextPositionSelector)
        add(p, n.start, nt_literal(str(self.offsets[start - 1]), n.integer))
        add(p, n.end, nt_literal(str(self.offsets[end] - 1), n.integer))
        return annotation

    def fact(self, kind: str, key: str, rdf_type: URIRef, label: str) -> URIRef:
        node = URIRef(f"{self.report}/{kind}/{slug(key)}")
        self.add(node, RDF.type, rdf_type)
        self.add(node, RDFS.label, Literal(label))
        self.add(node, PKG.inReport, self.report)
        return node


def _date_evidence(b: _Builder, prop: URIRef, name: str, line: int | None) -> None:
    """Ties one of the report's dates to the line that prints it."""
    if line and (annotation := b.annotate(b.report, URIRef(f"{b.report}/{name}/evidence"), line)) is not None:
        b.add(b.report, prop, annotation)


def add_extraction(graph: TripleSet, extraction: Extraction, lines: tuple[str, ...], chunks: list[ChunkRecord]) -> None:
    """Adds to `graph` everything `extraction` read from a report, with evidence for each fact."""
    from kg.graph.prose import add_prose_facts  # it builds on this module's _Builder

    b = _Builder(graph, extraction, lines, chunks)
    meta = extraction.meta
    report = b.report
    if meta.framework in FRAMEWORK_CLASSES:
        b.add(report, PKG.framework, FRAMEWORK_CLASSES[meta.framework])
    b.add(report, PKG.chunkCount, Literal(len(chunks)))
    if meta.publication_date:
        datatype = XSD.gYearMonth if len(meta.publication_date) == 7 else XSD.gYear
        b.add(report, PKG.publicationDate, Literal(meta.publication_date, datatype=datatype))
        _date_evidence(b, PKG.publicationDateEvidence, "publication-date", meta.publication_date_line)
    if meta.fieldwork_date:
        b.add(report, PKG.fieldworkDate, Literal(meta.fieldwork_date, datatype=XSD.gYearMonth))
        _date_evidence(b, PKG.fieldworkDateEvidence, "fieldwork-date", meta.fieldwork_date_line)
    if meta.overall_rating and (concept := rating_concept(meta.overall_rating)):
        b.add(report, PKG.overallRating, concept)
    _entities(b)
    for provider in b.providers.values():
        b.add(report, PKG.inspects, provider)
    for name, prop in ((meta.lead_inspector, PKG.leadInspector), (meta.chief_inspector, PKG.chiefInspector)):
        if name:
            b.add(report, prop, entity_iri(name, "Person"))
    _ratings(b)
    add_prose_facts(b)
    _key_questions(b)
    _recommendations(b)
    _key_facts(b)
    _findings(b)
    _practice_examples(b)
    _glossary(b)
    _footnotes(b)


def _entities(b: _Builder) -> None:
    for entity in b.extraction.entities:
        node = entity_iri(entity.name, entity.type)
        b.add(node, RDF.type, PKG[entity.type])
        b.add(node, SKOS.prefLabel, Literal(entity.name))
        b.add(node, RDFS.label, Literal(entity.name))
        for alias in sorted(entity.aliases):
            b.add(node, SKOS.altLabel, Literal(alias))
        b.add(node, PKG.mentionedIn, b.report)
        mention = URIRef(f"{b.report}/mention/{slug(entity.type)}-{slug(entity.name)}")
        first_line = next((n for n in entity.lines if n), None)
        if first_line and b.annotate(node, mention, first_line) is not None:
            b.add(mention, PKG.mentionCount, Literal(len(entity.lines), datatype=XSD.integer))
        for predicate, target in sorted(entity.relations):
            prop = _RELATIONS.get(predicate)
            if predicate == "deliveredBy":
                provider = b.providers.get(target)
                if provider is not None:
                    b.add(provider, PKG.delivers, node)
                continue
            if prop is None:
                continue
            target_type = next((e.type for e in b.extraction.entities if e.name == target), None)
            if target_type is None and (known := load_gazetteer().resolve(target)) is not None:
                # Named only as the other end of a relation (the owner of a CRC the report mentions):
                # the reference data knows what it is.
                target, target_type = known.canonical, known.type
                b.add(entity_iri(target, target_type), RDF.type, PKG[target_type])
            target_node = entity_iri(target, target_type or "PartnerOrganisation")
            if target_type is None or (target_node, RDFS.label, None) not in b.graph:
                if target_type is None:
                    # An organisation named only as the other end of a relation (the inspectorate).
                    b.add(target_node, RDF.type, ORG.Organization)
                b.add(target_node, RDFS.label, Literal(target))
                b.add(target_node, SKOS.prefLabel, Literal(target))
            b.add(node, prop, target_node)


def _standard(b: _Builder, rating) -> URIRef | None:
    framework = b.extraction.meta.framework
    if framework == "rated":
        return STANDARD[f"rated-{rating.standard_id}"]
    if framework == "omi":
        return STANDARD[f"omi-{rating.standard_id}"]
    if framework == "qi":
        return STANDARD[f"qi-{slug(rating.standard_name)}"]
    return None


def _provider_nodes(b: _Builder, label: str | None) -> list[URIRef]:
    """The providers a judgement is about: "CRC", "NPS", both, or all the report inspects."""
    types = {"CRC": ("CRC",), "NPS": ("NPSDivision",), "CRC and NPS working together": ("CRC", "NPSDivision")}.get(label or "")
    providers = b.extraction.meta.providers
    chosen = [p for p in providers if types is None or p.provider_type in types]
    return [b.providers[p.canonical] for p in chosen]


def _ratings(b: _Builder) -> None:
    scores = b.extraction.scores
    if scores.overall_rating:
        node = b.fact("rating", "overall", PKG.Rating, "Overall rating")
        b.add(node, PKG.standardId, Literal("overall"))
        b.add(node, PKG.ratingText, Literal(scores.overall_rating))
        if (concept := rating_concept(scores.overall_rating)) is not None:
            b.add(node, PKG.ratingValue, concept)
        for provider in _provider_nodes(b, None):
            b.add(node, PKG.provider, provider)
        if scores.overall_rating_line:
            b.evidence(node, scores.overall_rating_line)
    for rating in scores.ratings:
        key = rating.standard_id if not rating.provider else f"{rating.standard_name}-{rating.provider}"
        node = b.fact("rating", key, PKG.Rating, f"{rating.standard_id} {rating.standard_name}".strip())
        b.add(node, PKG.standardId, Literal(rating.standard_id))
        if (standard := _standard(b, rating)) is not None:
            b.add(node, PKG.standard, standard)
        if rating.rating:
            b.add(node, PKG.ratingText, Literal(rating.rating_as_printed or rating.rating))
        if (concept := rating_concept(rating.rating)) is not None:
            b.add(node, PKG.ratingValue, concept)
        if rating.percent is not None:
            b.add(node, PKG.percent, _decimal(rating.percent))
        for provider in _provider_nodes(b, rating.provider):
            b.add(node, PKG.provider, provider)
        if rating.line:
            b.evidence(node, rating.line)


def _key_questions(b: _Builder) -> None:
    for question in b.extraction.scores.key_questions:
        node = b.fact("key-question", question.id, PKG.KeyQuestionResult, f"{question.id} {question.text}")
        b.add(node, RDF.type, QB.Observation)
        b.add(node, PKG.standardId, Literal(question.id))
        b.add(node, PKG.standard, STANDARD[f"rated-{question.id.rsplit('.', 1)[0]}"])
        b.add(node, PKG.questionText, Literal(question.text))
        b.add(node, PKG.ratingText, Literal(question.value_as_printed))
        if question.percent is not None:
            b.add(node, PKG.percent, _decimal(question.percent))
        for provider in _provider_nodes(b, None):
            b.add(node, PKG.provider, provider)
        b.evidence(node, question.line)


def _recommendations(b: _Builder) -> None:
    for recommendation in b.extraction.recommendations:
        node = b.fact("recommendation", str(recommendation.number), PKG.Recommendation,
                      f"Recommendation {recommendation.number}")
        b.add(node, PKG.number, Literal(recommendation.number, datatype=XSD.integer))
        b.add(node, PKG.text, Literal(recommendation.text))
        for addressee in recommendation.addressees:
            entity = next((e for e in b.extraction.entities if e.name == addressee), None)
            b.add(node, PKG.addressedTo, entity_iri(addressee, entity.type if entity else "PartnerOrganisation"))
        b.evidence(node, recommendation.line, recommendation.end_line)


def _key_facts(b: _Builder) -> None:
    counts: dict[int, int] = {}
    for fact in b.extraction.key_facts:
        counts[fact.line] = counts.get(fact.line, 0) + 1
        key = f"{fact.line}-{counts[fact.line]}"
        node = b.fact("key-fact", key, PKG.KeyFact, f"{fact.stated}: {fact.description}"[:200])
        b.add(node, PKG.value, Literal(fact.value))
        if fact.unit:
            b.add(node, PKG.unit, Literal(fact.unit))
        b.add(node, PKG.text, Literal(fact.description))
        b.add(node, PKG.factKind, Literal(fact.kind))
        b.add(node, PKG.section, Literal(fact.section))
        b.evidence(node, fact.line, fact.description_line or fact.line)


def finding_iri(report_id: str, finding, index: int) -> str:
    """Returns the IRI of a report's finding number `index` (in extraction order)."""
    return f"{report_iri(report_id)}/finding/{finding.line}-{index}"


def _findings(b: _Builder) -> None:
    for index, finding in enumerate(b.extraction.findings):
        node = b.fact("finding", f"{finding.line}-{index}", PKG.Finding, shorten_quote(finding.text, 15))
        b.add(node, PKG.text, Literal(finding.text))
        b.add(node, PKG.polarity, PKG.Strength if finding.polarity == "strength" else PKG.Weakness)
        b.add(node, PKG.listLabel, Literal(finding.list))
        b.add(node, PKG.sectionPath, Literal(finding.standard_or_section))
        for topic in finding.topics:
            b.add(node, PKG.topic, URIRef(TOPIC_NS + topic))
        # Extraction decides whom a finding is about (ingest.extract.judgements.provider_of_sentence).
        providers = [b.providers[p] for p in finding.providers if p in b.providers]
        for provider in providers or _provider_nodes(b, None):
            b.add(node, PKG.provider, provider)
        if finding.mixed:
            b.add(node, PKG.mixed, Literal(True))
        b.evidence(node, finding.line, finding.line)


def _glossary(b: _Builder) -> None:
    for entry in b.extraction.glossary:
        node = b.fact("term", str(entry.line), PKG.GlossaryEntry, f"{entry.term}: {entry.definition}"[:200])
        b.add(node, PKG["term"], Literal(entry.term))  # PKG.term is a Namespace method
        b.add(node, PKG.definition, Literal(entry.definition))
        b.evidence(node, entry.line, entry.end_line)


def _footnotes(b: _Builder) -> None:
    for note in b.extraction.footnotes:
        node = b.fact("footnote", str(note.line), PKG.Footnote, f"{note.mark}: {note.text}"[:200])
        b.add(node, PKG.mark, Literal(note.mark))
        b.add(node, PKG.text, Literal(note.text))
        b.evidence(node, note.line)


def _practice_examples(b: _Builder) -> None:
    for example in b.extraction.practice_examples:
        label = example.title or f"{example.kind} practice example"
        node = b.fact("practice", str(example.line), PKG.PracticeExample, label)
        b.add(node, PKG.practiceKind, Literal(example.kind))
        b.add(node, PKG.section, Literal(example.section))
        if example.criterion:
            b.add(node, PKG.standardId, Literal(example.criterion))
        b.add(node, PKG.text, Literal(example.text))
        b.evidence(node, example.line, example.end_line)
