"""Question analysis without an LLM: what kind of answer, about whom, on which topics, praise or criticism."""
from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.extract.providers import PROVIDER_TYPES
from ingest.gazetteer import Gazetteer, KnownEntity, load_gazetteer
from ingest.topics import load_topics

_ANSWER_TYPES: list[tuple[re.Pattern, tuple[str, ...]]] = [
    (re.compile(r"\b(crcs?|community rehabilitation compan\w*|(?:privately[- ]run|private(?:ly owned)?) (?:probation )?compan\w*|"
                r"probation compan\w*|crc (?:rated )?inspections?)\b", re.I), ("CRC",)),
    (re.compile(r"\b(public[- ]sector provider\w*|national probation service|nps(?: divisions?)?)\b", re.I), ("NPSDivision",)),
    (re.compile(r"\b(probation areas?|probation trusts?)\b", re.I), ("ProbationArea", "ProbationTrust")),
    (re.compile(r"\b(pdus?|probation delivery units?)\b", re.I), ("PDU",)),
    (re.compile(r"\b(regions?)\b", re.I), ("Region",)),
    (re.compile(r"\b(providers?|reports?|inspections?|organisations? inspected)\b", re.I), PROVIDER_TYPES),
]
_WHICH = re.compile(r"\b(which|what|who|in which|list|name)\b", re.I)
# A question after several things: "What are …", "Which programmes …", "which of the boroughs …", "List …".
_NOT_PLURAL = r"(?!(?:was|is|has|does|this|its|his|as|us)\b)"
_MANY = re.compile(rf"\b(?:what|which)\s+(?:are|were)\b|\bwhich\s+of\b|\b(?:which|what)\s+(?:{_NOT_PLURAL}\w+\s+)?"
                   rf"{_NOT_PLURAL}\w+s\b(?!\s+(?:is|was)\b)|\blist\b|\bname\s+the\b", re.I)
_CRITICISM = re.compile(
    r"\b(criticis\w*|critici[sz]ed|faulted|concerns?|weak\w*|fail\w*|poor\w*|wanting|not (?:to )?(?:use|used|using|make|made|enough|"
    r"sufficient\w*|effective\w*)|insufficient\w*|inadequate\w*|lack\w*|shortcomings?|problems?|limited|inconsistent\w*|"
    r"worse|negative\w*|under-?used)\b",
    re.I,
)
_PRAISE = re.compile(r"\b(prais\w*|commend\w*|strengths?|impressive|good practice|well|positive\w*|outright|excellent|"
                     r"effective(?:ly)?)\b", re.I)
_RATING = re.compile(r"\b(rated(?! inspections?)|rating|ratings|judged\s+(?=['‘]|on\b|(?:outstanding|good|inadequate)\b))", re.I)
_KEY_QUESTION = re.compile(r"\bkey question\s+(?P<id>[1-9]\.[1-9]\.[1-9])", re.I)
_STANDARD_ID = re.compile(r"\bstandards?\s+(?P<id>[1-9]\.[1-9])\b|\((?:standard\s+)?(?P<paren>[1-9]\.[1-9])\)", re.I)
_RECOMMENDATION = re.compile(r"\brecommend\w*", re.I)
# "own" as a verb ("Who owns …", "the CRCs they own"), not as a possessive ("its own description").
_OWNERSHIP = re.compile(r"(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\bour )(?<!'s )(?<!’s )\bown\b|"
                        r"\b(?:owns|owned|owner|owners|parent compan(?:y|ies))\b", re.I)
_MEMBERS = re.compile(r"\b(make up|(?<!staff )members?|comprises?|consists?|consortium)\b", re.I)
_COUNT = re.compile(r"\bhow many\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_FRAMEWORKS = [
    ("rated", re.compile(r"\brated inspections?\b|\bannual rated\b", re.I)),
    ("qi", re.compile(r"\bquality (?:&|and) impact\b", re.I)),
    ("omi", re.compile(r"\boffender management inspection\b", re.I)),
]
_SPLIT = re.compile(r",?\s+and\s+(?=(?:in\s+)?(?:which|what|who|how)\b)|;\s*", re.I)
FRAMEWORKS_FILE = Path(__file__).resolve().parents[2] / "ontology" / "frameworks.ttl"


@lru_cache(maxsize=1)
def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """From the ontology's own labels: rating words (lower case -> the scale's preferred label, "no rating" ->
    "Not rated") and the names of the rated standards (lower case -> notation, "unpaid work" -> "4.1")."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF, SKOS

    graph = Graph().parse(FRAMEWORKS_FILE, format="turtle")
    rating = Namespace("https://w3id.org/probation-kg/rating/")
    words = {}
    for concept in graph.subjects(SKOS.inScheme, None):
        if not str(concept).startswith(str(rating)):
            continue
        preferred = str(graph.value(concept, SKOS.prefLabel))
        for label in [preferred, *map(str, graph.objects(concept, SKOS.altLabel))]:
            words[label.lower()] = preferred
    standards = {}
    pkg = Namespace("https://w3id.org/probation-kg/ontology#")
    for standard in graph.subjects(RDF.type, pkg.Standard):
        if str(standard).rsplit("/", 1)[-1].startswith("rated-"):
            name = re.sub(r"\s*\(.*\)$", "", str(graph.value(standard, SKOS.prefLabel))).lower()
            standards[name] = str(graph.value(standard, SKOS.notation))
    return words, standards


def rating_labels(value: str) -> list[str]:
    """Every label (lower case) of the rating `value` names: "Not rated" is also printed "No rating"."""
    words = _labels()[0]
    preferred = words.get(value.lower(), value)
    return sorted({label for label, target in words.items() if target == preferred} | {value.lower()})


@dataclass
class Question:
    """What a question asks for."""

    text: str
    answer_types: tuple[str, ...] = ()
    polarity: str | None = None
    topics: list[str] = field(default_factory=list)
    entities: list[KnownEntity] = field(default_factory=list)
    standards: list[str] = field(default_factory=list)
    rating_values: list[str] = field(default_factory=list)
    key_question: str | None = None
    asks_rating: bool = False
    asks_recommendation: bool = False
    asks_ownership: bool = False
    asks_members: bool = False
    asks_count: bool = False
    asks_reports: bool = False  # "in which reports …": the answer is reports, not providers
    is_list: bool = False
    asks_many: bool = False  # after several things, not one value
    years: list[int] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=list)
    parts: list["Question"] = field(default_factory=list)
    follow_up: bool = False

    @property
    def providers(self) -> list[KnownEntity]:
        return [e for e in self.entities if e.type in PROVIDER_TYPES]

    @property
    def owners(self) -> list[KnownEntity]:
        return [e for e in self.entities if e.type == "Owner"]


@lru_cache(maxsize=1)
def _topic_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    patterns = []
    for topic in load_topics():
        words = [topic.label] + list(topic.alt_labels)
        exact = [w for w in topic.hidden_labels if w.isupper()]  # "DV", "IPV": as printed
        loose = [w for w in topic.hidden_labels if not w.isupper()]
        parts = [re.escape(w) for w in words + loose]
        pattern = r"(?i:\b(?:" + "|".join(parts) + r")\b)"
        if exact:
            pattern += r"|\b(?:" + "|".join(map(re.escape, exact)) + r")\b"
        patterns.append((topic.id, re.compile(pattern)))
    return tuple(patterns)


def question_topics(text: str) -> list[str]:
    """Returns the topics a question names by a label, a synonym or a hidden label ("DV")."""
    return [topic_id for topic_id, pattern in _topic_patterns() if pattern.search(text)]


def analyse(text: str, known: Gazetteer | None = None) -> Question:
    """Returns the analysis of a question, with one part per clause that asks its own "which …".

    `known` holds names the reference data does not list but the ingested reports do (PDUs, regions): a
    provider of any era is recognised once a report has named it.
    """
    pieces = [p for p in _SPLIT.split(text) if p and p.strip()]
    question = _analyse_part(text, known)
    if len(pieces) > 1:
        question.parts = [_analyse_part(p, known) for p in pieces]
        # A later clause that praises or criticises inherits the subject of the first ("… and which
        # public-sector provider was commended for carrying such checks out?" is about the same checks); one
        # that does not ("… and what was its number in each report?") asks about the first clause's items.
        for part in question.parts[1:]:
            part.follow_up = part.polarity is None
            if not part.topics and not part.follow_up:
                part.topics = list(question.parts[0].topics)
    return question


def _analyse_part(text: str, known: Gazetteer | None = None) -> Question:
    question = Question(text=text)
    gazetteer = load_gazetteer()
    found = named_entities(text, known)
    question.entities = list(dict.fromkeys(entity for _, _, entity in found))
    if re.search(r"\bCRCs?\b|\bcompan", text):
        # "Which five CRCs … Hampshire & Isle of Wight" names CRCs without "CRC" after each.
        for start, end, entity in gazetteer.find_bare_crc_names(text):
            if entity not in question.entities and not any(s < end and start < e for s, e, _ in found):
                question.entities.append(entity)
    for pattern, types in _ANSWER_TYPES:
        # A type word inside a name ("Merseyside Probation Area") names a provider; it does not ask for one.
        match = next((m for m in pattern.finditer(text)
                      if not any(s <= m.start() < e for s, e, _ in found) and _is_asked_for(text, m.start())), None)
        if match:
            question.answer_types = types
            question.asks_reports = match.group(1).lower().startswith(("report", "inspection"))
            break
    criticism = _CRITICISM.search(text)
    praise = _PRAISE.search(text)
    if criticism and not praise:
        question.polarity = "weakness"
    elif praise and not criticism:
        question.polarity = "strength"
    elif criticism and praise:
        question.polarity = "weakness" if criticism.start() < praise.start() else "strength"
    question.topics = question_topics(text)
    question.key_question = (m.group("id") if (m := _KEY_QUESTION.search(text)) else None)
    for match in _STANDARD_ID.finditer(text):
        question.standards.append(match.group("id") or match.group("paren"))
    question.asks_rating = bool(_RATING.search(text))
    if question.asks_rating:
        lowered = text.lower()
        rating_words, standard_names = _labels()
        for name, standard in standard_names.items():
            if re.search(rf"\b{name}\b", lowered) and standard not in question.standards:
                question.standards.append(standard)
        question.rating_values = [v for k, v in rating_words.items() if re.search(rf"['‘]?\b{k}\b['’]?", lowered)
                                  and re.search(rf"rated\s+['‘]?{k}|['‘]{k}['’]", lowered)]
    question.asks_recommendation = bool(_RECOMMENDATION.search(text))
    question.asks_ownership = bool(_OWNERSHIP.search(text))
    question.asks_members = bool(_MEMBERS.search(text))
    question.asks_count = bool(_COUNT.search(text))
    question.is_list = bool(_WHICH.search(text))
    question.asks_many = bool(_MANY.search(text))
    question.years = [int(m.group(0)) for m in _YEAR.finditer(text)]
    question.frameworks = [name for name, pattern in _FRAMEWORKS if pattern.search(text)]
    return question


def named_entities(text: str, known: Gazetteer | None = None) -> list[tuple[int, int, KnownEntity]]:
    """Returns (start, end, entity) for the names in `text` the reference data or `known` list, in order."""
    found = load_gazetteer().find(text)
    if known is not None:
        found += [hit for hit in known.find(text) if not any(s < hit[1] and hit[0] < e for s, e, _ in found)]
    return sorted(found, key=lambda hit: hit[0])


def expanded_text(question: Question) -> str:
    """Returns the question with the preferred labels of its topics, so "DV" also reads "Domestic abuse"."""
    labels = {t.id: t.label for t in load_topics()}
    extra = [labels[t] for t in question.topics if labels[t].lower() not in question.text.lower()]
    return " ".join([question.text] + extra)


def _is_asked_for(text: str, position: int) -> bool:
    """Whether the provider word at `position` is what the question asks for ("Which CRCs …", "In which reports …")."""
    before = text[:position].lower()
    # "name" as a verb ("Name the CRCs …"), not "the name of the framework the … company uses".
    return bool(re.search(r"\b(which|what|who|list|(?<!the )name|each|every|all)\b(?:\s+of\s+the)?(?:\s+[\w-]+){0,3}\s*$",
                          before))


_GRAPH_PROVIDERS = """
SELECT DISTINCT ?label ?class WHERE {
  VALUES ?class { pkg:PDU pkg:Region pkg:ProbationService pkg:ProbationTrust }
  ?p a ?class ; skos:prefLabel ?label .
}"""


def graph_providers(dataset) -> Gazetteer | None:
    """Returns the providers the ingested reports name and the reference data does not list, as a gazetteer
    (None when there are none): "North Yorkshire PDU" is also "North Yorkshire Probation Delivery Unit"."""
    from kg.graph.sparql import select_rows

    reference = load_gazetteer()
    entities = []
    for row in select_rows(dataset, _GRAPH_PROVIDERS):
        label, kind = str(row["label"]), str(row["class"]).rsplit("#", 1)[-1]
        if reference.resolve(label) is not None:
            continue
        variants = (label[: -len(" PDU")] + " Probation Delivery Unit",) if label.endswith(" PDU") else ()
        entities.append(KnownEntity(label, kind, variants))
    return Gazetteer(entities) if entities else None
