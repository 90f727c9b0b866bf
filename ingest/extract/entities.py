"""Entities and relations: organisations, prisons, interventions and people, each under one canonical name."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.extract.glossary import GlossaryEntry
from ingest.extract.meta import ReportMeta
from ingest.gazetteer import REFERENCE, Gazetteer, name_key
from ingest.normalise import CleanLine
from ingest.sections import SectionTree

MAX_LINES_KEPT = 8

# Words that end the name of an organisation ("Riverside Housing Association").
_ORG_HEADS = (
    "Trust", "Trusts", "Board", "Boards", "Team", "Teams", "Service", "Services", "Commission", "Commissioner",
    "Council", "University", "College", "Association", "Project", "Alliance", "Partnership", "Unit", "Centre",
    "Police", "Authority", "Authorities", "Group", "Charity", "Foundation", "Consortium", "Agency",
    "Housing", "Network", "Forum", "Church", "Initiatives", "Society", "Company", "Ltd", "Limited", "Voice",
)
_NAME_WORD = r"(?:(?!The\b)[A-Z][\w'’-]*|[0-9]+)"
_CONNECT = r"(?:of|for|and|&|the|on|in)"
_ORG = re.compile(
    rf"(?<![\w'’-])(?P<name>(?!The\b)[A-Z][\w'’-]*(?:\s+(?:{_NAME_WORD}|{_CONNECT}(?=\s+[A-Z]))){{0,6}}\s+(?:{'|'.join(_ORG_HEADS)}))(?![\w'’-])(?!\s+(?:Act|Order|Regulations|Level)\b)"
)
_ACRONYM_AFTER = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z0-9&-]{1,8})\)")
# Words that name roles or generic parts of any organisation, not an organisation of its own.
_GENERIC = {
    "senior", "management", "leadership", "executive", "strategic", "local", "national", "regional", "the", "case",
    "quality", "assurance", "performance", "probation", "offender", "operational", "operations", "service", "services",
    "user", "users", "staff", "new", "support", "specialist", "central", "area", "delivery", "team", "teams", "this",
    "our", "their", "its", "a", "an", "all", "each", "every", "one", "other", "community", "public", "court", "courts",
    "crown", "magistrates", "unit", "units", "board", "group", "groups", "project", "projects", "centre", "centres",
    "customer", "professional", "interchange", "cluster", "clusters", "and", "of", "for", "in", "on", "&", "health",
    "employment", "women", "women's", "youth", "victim", "victims", "prison", "prisons", "partnership", "partnerships",
    "housing", "police", "sector", "voluntary", "third", "private", "trust", "trusts", "council", "councils",
    "authority", "authorities", "agency", "agencies", "commissioner", "commission", "company", "companies",
    "association", "network", "forum", "society", "mental", "substance", "misuse", "drug", "alcohol", "family",
    "children", "children's", "safeguarding", "adult", "adults", "integrated", "multi-agency", "risk", "high",
    "approved", "premises", "resettlement", "gate", "through", "accredited", "programmes", "programme",
    "her", "majesty's", "crc", "crcs", "nps", "mappa", "business", "development", "training", "learning",
    "education", "administrative", "administration", "finance", "corporate", "information", "data", "research",
    "policy", "planning", "contract", "contracts", "contracted", "supply", "chain", "appropriate", "relevant",
    "key", "main", "several", "various", "different", "some", "many", "these", "those", "both", "liaison",
    "inspection", "inspectorate", "responsible", "officer", "officers", "manager", "managers", "rehabilitation",
    "publications", "practice", "practices", "head", "floor", "civil",
    "arrangements", "mappa", "mappas", "ppos", "ppo", "correctional", "responsible", "analysis", "integration",
}
# Capitalised only because they open a sentence: never the first word of a name.
_SENTENCE_OPENERS = {
    "the", "a", "an", "our", "its", "their", "this", "these", "by", "with", "and", "of", "in", "for", "on", "through",
    "within", "from", "at", "as", "via", "under", "including", "alongside", "across", "during", "between", "after",
    "before", "since", "while", "where", "when", "both", "also", "however", "each", "all", "some", "many", "most",
    "local", "new", "existing", "other", "such", "head",
}
_PRISON = re.compile(
    r"\b(?P<kind>HMP/YOI|HMP\s*&\s*YOI|Her\s+Majesty's\s+Prison\s*\(HMP\)|HMPs?|HMYOIs?|HM\s+YOI|HM\s+Prisons?|"
    r"HM\s+Young\s+Offender\s+Institutions?)"
    r"(?:\s*[–-]\s*|\s+)(?P<names>(?!Her\b|Service\b|Probation\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    r"(?:(?:,\s*|\s+and\s+|\s+or\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*)"
)
_YOI_AFTER = re.compile(
    r"\b(?P<names>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:(?:,\s*|\s+and\s+|\s+or\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*)\s+(?P<kind>YOIs?|Young Offender Institutions?)\b"
)
_NOT_PRISON = {"Her", "Service", "Probation", "Prison", "Estate", "The", "A", "Local"}
_PROGRAMME = re.compile(rf"(?<![\w'’-])(?P<name>(?:{_NAME_WORD}\s+){{1,5}}(?:Programme|Programmes|Requirement|Requirements))\b(?!\s+[A-Z])")
_APPROVED_PREMISES = re.compile(r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:House|Lodge|Court|Hostel))(?:\s*\((?:voluntary)\))?\s*[–-]\s*capacity")
_CRC_CONTEXT = re.compile(r"\bCRCs\b|Community Rehabilitation Companies|contract package areas?", re.I)
# Phrases after which a report lists the organisations a provider works with.
_PARTNER_CONTEXT = re.compile(
    r"\b(?:delivered|provided|run|managed|offered|supported|commissioned) (?:by|from|through)|"
    r"\b(?:partnership|partnerships|contracts?|arrangements?|agreements?) with|\bpartners? (?:include|includes|including|are|such as)|"
    r"\bcharit(?:y|ies)(?: called)?|\borganisations? such as|\bsubcontracted to|\bworks? closely with|"
    r"\b(?:voluntary|charitable|third[- ]sector|local|partner) organisations?,?",
    re.I,
)
# Heads of formal bodies: named in full, even from generic words, they are one particular body.
_BODY_HEADS = {"Board", "Council"}
_INTERNAL = {"senior", "management", "leadership", "executive", "strategic", "operational", "managers", "quality", "performance"}
# Last words that make a name a tool, plan or model rather than an organisation.
_NOT_ORG_HEADS = {
    "Model", "Tool", "System", "Framework", "Strategy", "Plan", "Policy", "Approach", "Assessment", "Programme",
    "Programmes", "Requirement", "Order", "Act", "Statistics", "Report", "Standard", "Standards", "Arrangements",
    "Software", "Scheme", "Pathway", "Review", "Inspection", "Guidance", "Process",
}
_COMMISSIONING = re.compile(r"\b(commission\w*|providers?|partners?|organisations?|charit\w+|subcontract\w*)\b", re.I)
_DEFINED_NAME = re.compile(r"(?P<name>(?!The\b)[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)){1,6})\s*\((?P<acronym>[A-Z][A-Za-z0-9]{1,7})\)")
_LISTED_NAME = re.compile(
    r"(?P<name>(?!The\b)[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|[0-9]+|of|for|and|&)(?=\s|$|[,.;)(])){0,5})"
)
# "a community partnership known as the Justice and Rehabilitation Executive", "an intervention called
# 'Identity Matters'", "a community resource (Church of Nazarine)": a name given to something the sentence
# has just described. The description says what kind of thing it names.
_NAMED = re.compile(
    r"\b(?:known as|named|called|entitled)\s+(?:the\s+)?"
    r"(?:['‘](?P<quoted>[A-Z][^'’]{2,60})['’]|(?P<name>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)(?=[\s,.;:)]|$)){0,5}))"
)
_QUOTED_AFTER_KIND = re.compile(r"\b(?:programme|intervention|course|scheme|project|initiative)s?\s+['‘](?P<quoted>[A-Z][^'’]{2,60})['’]")
_DESCRIBED = re.compile(r"\b[a-z][\w-]*\s+\((?P<name>[A-Z][a-z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)){0,4})\)")
_INTERVENTION_KINDS = re.compile(r"\b(?:programme|intervention|course|scheme|requirement|module|workshop)s?\b", re.I)
_ORGANISATION_KINDS = re.compile(
    r"\b(?:partnership|organisation|charity|unit|resource|project|provider|agency|body|centre|court|forum|board|"
    r"network|task ?force|trust|council|association|company|enterprise|service)s?\b",
    re.I,
)
# Who or what an intervention works with; a programme whose sentence names none is a change programme.
_BENEFICIARIES = re.compile(
    r"\b(?:offenders?|service users?|women|men|victims?|people|prisoners?|perpetrators?|participants?|cases|"
    r"abuse|violence|offending|substance|alcohol|drugs?)\b",
    re.I,
)
# Who runs a service: a single word after these ("a diagnostic suite run by Connexions") is an organisation.
_AGENT = re.compile(r"\b(?:delivered|provided|run|managed|offered|commissioned) (?:by|from)\b", re.I)
_PARTNER_CELL = re.compile(r"(?:\w+\s+){0,2}partner(?:ship)?s?(?:\s+\w+){0,2}", re.I)
_CITATION = re.compile(r"^\s*\d{1,3}\s+.*\b(?:January|February|March|April|May|June|July|August|September|October|November|December|19\d\d|20\d\d)\b.*\d{4}\.?\s*$")
# A group that is run for people is group work, an intervention ("a women's group … for women at … premises").
_GROUP_WORK = re.compile(r"\b(?:started|run|ran|running|delivered|attended)\b.*\bfor\s+(?:\w+\s+){0,2}" + r"(?:women|men|offenders|service users|prisoners|perpetrators)\b", re.I)
_CHIEF_EXECUTIVE = re.compile(r"(?:shares?|shared) (?:a|the|its|one) (?:same )?chief executive", re.I)


@dataclass
class Entity:
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    lines: list[int] = field(default_factory=list)
    relations: set[tuple[str, str]] = field(default_factory=set)
    source: str = "text"  # text, glossary, reference

    def mention(self, surface: str, line: int) -> None:
        if surface and surface != self.name:
            self.aliases.add(surface)
        if line and (not self.lines or self.lines[-1] != line):
            self.lines.append(line)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": sorted(self.aliases),
            "lines": self.lines[:MAX_LINES_KEPT],
            "mention_line_count": len(self.lines),
            "relations": [{"predicate": p, "object": o} for p, o in sorted(self.relations)],
        }


class _Collector:
    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Entity] = {}
        self.type_of: dict[str, str] = {}
        self.alias_of: dict[str, Entity] = {}

    def add(self, name: str, entity_type: str, surface: str, line: int, source: str = "text") -> Entity:
        key = name_key(name)
        if key not in self.type_of and key in self.alias_of:
            entity = self.alias_of[key]  # "MCRC", once "Merseyside CRC (MCRC)" has been read
            entity.mention(surface, line)
            return entity
        known_type = self.type_of.get(key)
        if known_type and known_type != entity_type:
            entity_type = known_type  # one name, one type: the first, most specific reading wins
        entity = self.by_key.get((entity_type, key))
        if entity is None:
            entity = Entity(name, entity_type, source=source)
            self.by_key[(entity_type, key)] = entity
            self.type_of.setdefault(key, entity_type)
        entity.mention(surface, line)
        if surface:
            self.alias_of.setdefault(name_key(surface), entity)
        return entity

    def find(self, name: str) -> Entity | None:
        key = name_key(name)
        entity_type = self.type_of.get(key)
        return self.by_key.get((entity_type, key)) if entity_type else None


@lru_cache(maxsize=1)
def _interventions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    with (REFERENCE / "interventions.csv").open(encoding="utf-8") as handle:
        return tuple(
            (row["name"], tuple(v.strip() for v in row["variants"].split(";") if v.strip()))
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def _government_keys() -> frozenset[str]:
    keys = set()
    with (REFERENCE / "government_bodies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            keys.add(name_key(row["name"]))
            keys |= {name_key(v) for v in row.get("variants", "").split(";") if v.strip()}
    return frozenset(keys)


@lru_cache(maxsize=1)
def _intervention_pattern() -> tuple[re.Pattern, dict[str, str]]:
    surfaces: dict[str, str] = {}
    for name, variants in _interventions():
        for surface in (name,) + variants:
            surfaces[surface] = name
    ordered = sorted(surfaces, key=len, reverse=True)
    # Acronyms and capitalised names match as printed; lower-case phrases also match capitalised.
    parts = []
    for surface in ordered:
        escaped = re.escape(surface).replace(r"\ ", r"\s+")
        parts.append(f"(?i:{escaped})" if surface[:1].islower() else escaped)
    return re.compile(r"(?<![\w'’-])(" + "|".join(parts) + r")(?![\w'’-])"), {name_key(s): n for s, n in surfaces.items()}


def extract_entities(
    lines: list[CleanLine],
    tree: SectionTree,
    meta: ReportMeta,
    glossary: list[GlossaryEntry],
    gazetteer: Gazetteer,
    exclude: set[str] = frozenset(),
) -> list[Entity]:
    """Returns the entities a report names, with aliases, representative lines and relations.

    Args:
        exclude: names never to treat as entities (the pseudonyms of practice examples).
    """
    collector = _Collector()
    skip = set(range(tree.contents_lines[0], tree.contents_lines[1] + 1)) if tree.contents_lines else set()
    year = int(meta.publication_date[:4]) if meta.publication_date else None
    glossary_lines = {n for g in glossary for n in range(g.line, g.end_line + 1)}
    intervention_pattern, intervention_names = _intervention_pattern()
    government = _government_keys()
    providers = {p.canonical for p in meta.providers}
    front_matter_end = tree.sections[0].line if tree.sections else 0
    heading_lines = {section.line for section in tree.sections}
    # Words the report also prints in lower case are common nouns ("the Hub", "a hub"), not names.
    common_words = {word for line in lines for word in re.findall(r"\b[a-z]+\b", line.text)}
    address_lines = _address_lines(lines)

    for line in lines:
        if line.number in skip or not line.text:
            continue
        text = line.text
        taken: list[tuple[int, int]] = []

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in taken)

        for start, end, known in gazetteer.find(text):
            collector.add(known.canonical, known.type, text[start:end], line.number, "reference")
            taken.append((start, end))
        if year is not None and year >= 2014:
            # The National Probation Service of 2014-2021, not the umbrella of the 2001 probation areas.
            for match in re.finditer(r"\b(National Probation Service|NPS)\b", text):
                if free(*match.span()):
                    collector.add("National Probation Service", "NPSDivision", match.group(0), line.number)
                    taken.append(match.span())
        for match in _PRISON.finditer(text):
            for prison in _split_names(match.group("names")):
                kind = match.group("kind")
                canonical = f"HMYOI {prison}" if "YO" in kind.replace(" ", "").upper() and "/" not in kind and "&" not in kind else (
                    f"HMP/YOI {prison}" if ("/" in kind or "&" in kind) else f"HM Prison {prison}")
                surface = f"{kind} {prison}" if len(_split_names(match.group("names"))) == 1 else match.group(0)
                collector.add(canonical, "Prison", surface, line.number)
                collector.add(canonical, "Prison", f"HMP {prison}", 0)
            taken.append(match.span())
        for match in _YOI_AFTER.finditer(text):
            if free(*match.span()):
                names = _split_names(match.group("names"))
                for prison in names:
                    surface = f"{prison} {match.group('kind').rstrip('s')}"
                    collector.add(f"HMYOI {prison}", "Prison", surface, line.number)
                taken.append(match.span())
        for match in intervention_pattern.finditer(text):
            if free(*match.span()):
                name = intervention_names.get(name_key(match.group(0)), match.group(0))
                collector.add(name, "Intervention", match.group(0), line.number, "reference")
                taken.append(match.span())
        for match in _PROGRAMME.finditer(text):
            name = _trim_name(match.group("name"))
            if re.search(r"[A-Z][\w'’-]*\s+(?:and|of|&)\s+$", text[: match.start()]):
                continue  # the tail of a longer title: "Safeguarding Children Policy and Practice Requirements"
            if name and free(*match.span()) and not _generic(name):
                collector.add(name, "Intervention", name, line.number)
                taken.append(match.span())
        for match in _APPROVED_PREMISES.finditer(text):
            collector.add(match.group("name"), "ApprovedPremises", match.group("name"), line.number)
            taken.append(match.span())
        bare = gazetteer.find_bare_crc_names(text) if _CRC_CONTEXT.search(text) else []
        if len(bare) >= 3:
            # Lists of CRCs often drop the "CRC" after each name ("… owns Merseyside; and West Yorkshire").
            for start, end, known in bare:
                if free(start, end):
                    collector.add(known.canonical, known.type, text[start:end], line.number, "reference")
                    taken.append((start, end))
        if front_matter_end and line.number < front_matter_end:
            continue  # the imprint and address block name no partners
        for name, span, entity_type in [] if line.number in heading_lines else _named_things(text, providers | exclude):
            if free(*span) and name_key(name) not in government and gazetteer.resolve(name) is None:
                collector.add(name, entity_type, name, line.number)
                taken.append(span)
        starts = [match.end() for match in _PARTNER_CONTEXT.finditer(text)]
        if _COMMISSIONING.search(text):
            starts += [match.end() for match in re.finditer(r"\bincluding\b", text)]
        # "Person Shaped Support (PSS), Tomorrow's Women Wirral (TWW) and Adelaide House": a name defined
        # with its initials is a named organisation, and so are the names listed with it.
        starts += [match.start() for match in _DEFINED_NAME.finditer(text) if _initials_match(match.group("name"), match.group("acronym"))]
        for match in _DEFINED_NAME.finditer(text):
            known = gazetteer.resolve(match.group("name"))
            if known is not None and match.group("acronym") not in ("CRC", "NPS", "CRCs"):
                # "Merseyside CRC (MCRC)": the acronym is another name of a known organisation.
                collector.add(known.canonical, known.type, match.group("acronym"), line.number, "reference")
                taken.append(match.span())
        agents = {match.end() for match in _AGENT.finditer(text)}
        if len(line.cells) >= 3 and any(_PARTNER_CELL.fullmatch(cell.strip()) for cell in line.cells[1:]):
            # A table row of sites or services whose purpose is partnership names the partner in its first cell.
            first = line.cells[0].strip()
            if re.fullmatch(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)){0,5}", first) and first not in exclude and not gazetteer.find(first):
                known = collector.find(first) or next((e for e in collector.by_key.values() if e.type == "PartnerOrganisation"
                                                       and e.name.startswith(first + " ")), None)
                if known is not None:
                    known.mention(first, line.number)  # "Rotunda", the site of "Rotunda College"
                else:
                    collector.add(first, "PartnerOrganisation", first, line.number)
                taken.append((0, len(first)))
        for start in sorted(set(starts)):
            for name, span in _listed_names(text, start):
                name = re.sub(r"['’]s$", "", name)
                single = len(name.split()) == 1
                ordinary = not re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}|[A-Z][a-z]+[A-Z0-9]\w*", name)
                runs_it = start in agents and re.fullmatch(r"[A-Z][a-z]+", name) and name.lower() not in common_words
                if single and ordinary and not (runs_it and name not in exclude and gazetteer.find(name) == []):
                    continue  # one ordinary capitalised word may be a pseudonym or a place, unless it runs something
                if name.split()[-1] in _NOT_ORG_HEADS or gazetteer.find_bare_crc_names(name):
                    continue
                if single and (name.lower() in _GENERIC or name.lower() in _SENTENCE_OPENERS or span[0] == 0 and start != 0):
                    continue
                if not free(*span) or (not single and _generic(name)) or name_key(name) in government or name in providers:
                    continue
                if gazetteer.resolve(name) is not None:
                    continue
                entity = collector.add(name, "PartnerOrganisation", name, line.number)
                acronym = _ACRONYM_AFTER.match(text[span[1] :])
                if acronym:
                    entity.mention(acronym.group("acronym"), line.number)
                taken.append(span)
        if line.number in glossary_lines and len(line.cells) >= 2:
            # In a glossary row only the definition speaks of other organisations, and not when it only spells
            # out the term ("CARATS: Counselling, Assessment, Referral, Advice and Throughcare Services").
            text = " ".join(line.cells[1:])
            taken = []
            if _initials_match(re.sub(r"[,/-]", " ", text.split(". ")[0]), line.cells[0].replace("-", "")):
                text = ""
        if line.number in address_lines or _CITATION.match(line.raw):
            continue  # an address block, or a footnote citing a publication and its publisher
        for match in _ORG.finditer(text):
            if not free(*match.span()):
                continue
            name = re.sub(r"['’]s$", "", _trim_name(match.group("name")))
            if not name or _generic(name) or name_key(name) in government or name in providers or _own_premises(name):
                continue
            acronym = _ACRONYM_AFTER.match(text[match.end() :])
            sentence_rest = text[match.end() :].split(". ")[0]
            if name.endswith(" Group") and _GROUP_WORK.search(sentence_rest):
                collector.add(name, "Intervention", name, line.number)  # "A Women's Empowerment Group had started for women"
                taken.append(match.span())
                continue
            entity = collector.add(name, "PartnerOrganisation", name, line.number)
            if acronym:
                entity.mention(acronym.group("acronym"), line.number)
            taken.append(match.span())

    _people(collector, lines, meta, exclude)
    _operating_models(collector, lines, glossary, meta, skip)
    _expand_acronyms(collector, glossary)
    _glossary_entities(collector, glossary, government, providers)
    _acronym_mentions(collector, lines, skip)
    _relations(collector, lines, meta, gazetteer, tree)
    entities = [e for e in collector.by_key.values() if not (set(e.name.split()) & exclude and len(e.name.split()) == 1)]
    return sorted(entities, key=lambda e: (e.type, e.name))


def _initials_match(name: str, acronym: str) -> bool:
    """Whether `acronym` is made of the initials of `name` ("Person Shaped Support" / "PSS")."""
    initials = "".join(w[0] for w in name.split() if w.lower() not in {"of", "for", "and", "&", "the"}).lower()
    if acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]  # a plural: "YOTs"
    return initials == acronym.lower() or (len(acronym) >= 2 and initials.endswith(acronym.lower()))


def _listed_names(text: str, start: int) -> list[tuple[str, tuple[int, int]]]:
    """Returns the capitalised names listed from `start` on ("X (XX), Y and Z"), with their spans."""
    names = []
    position = start
    while True:
        gap = re.match(r"\s*(?:the\s+|a\s+|an\s+|local\s+|charity\s+|organisation\s+)?", text[position:])
        position += gap.end()
        match = _LISTED_NAME.match(text, position)
        if not match:
            break
        name = re.sub(r"\s+(?:and|&|of|for)$", "", match.group("name")).strip()
        head_split = re.match(rf"^(.*?\b(?:{'|'.join(_ORG_HEADS)}|[0-9]+))\s+and\s+[A-Z]", name)
        if head_split and name.split()[-1] not in _ORG_HEADS:
            name = head_split.group(1)  # "Riverside Housing Association and Intuitive Thinking"
        if name:
            names.append((name, (match.start(), match.start() + len(name))))
        position = match.start() + len(name)
        acronym = _ACRONYM_AFTER.match(text[position:])
        if acronym:
            position += acronym.end()
        separator = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)", text[position:])
        if not separator:
            break
        position += separator.end()
    return names


def _named_things(text: str, not_names: set[str]) -> list[tuple[str, tuple[int, int], str]]:
    """Names the text gives to a programme or an organisation it has just described, typed by that description."""
    found = []
    for pattern in (_NAMED, _QUOTED_AFTER_KIND, _DESCRIBED):
        for match in pattern.finditer(text):
            group = "quoted" if match.groupdict().get("quoted") else "name"
            name = match.group(group).strip(" ,.;:")
            if not name or name in not_names or name.lower() in _SENTENCE_OPENERS or _generic(name) and " " in name:
                continue
            before = text[max(0, match.start() - 80) : match.end(group) if pattern is _QUOTED_AFTER_KIND else match.start() + 1 + (
                match.group(0).find("(") if pattern is _DESCRIBED else 0)]
            kinds = [(m.start(), "Intervention") for m in _INTERVENTION_KINDS.finditer(before)]
            kinds += [(m.start(), "PartnerOrganisation") for m in _ORGANISATION_KINDS.finditer(before)]
            if pattern is _DESCRIBED:
                kinds = [k for k in kinds if k[0] >= len(before) - 40]  # the noun right before the brackets
            if not kinds:
                continue
            entity_type = max(kinds)[1]
            sentence_start = text.rfind(". ", 0, match.start()) + 1
            sentence_end = text.find(". ", match.end())
            sentence = text[sentence_start : sentence_end if sentence_end > 0 else len(text)]
            if entity_type == "Intervention" and not _BENEFICIARIES.search(sentence):
                continue  # "an ambitious programme (known as E3) to standardise processes" is a change programme
            found.append((name, match.span(group), entity_type))
    return found


_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")


def _address_lines(lines: list[CleanLine]) -> set[int]:
    """Lines of a postal address block: short lines without cells just above a line with a postcode."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        if len(line.cells) > 1 or not _POSTCODE.search(line.text) or len(line.text.split()) > 8:
            continue
        for previous in lines[max(0, index - 4) : index + 1]:
            if previous.text and len(previous.cells) <= 1 and len(previous.text.split()) <= 8:
                found.add(previous.number)
    return found


def _own_premises(name: str) -> bool:
    """"Wirral Probation Centre" is the provider's own office, not an organisation it works with."""
    return bool(re.search(r"\bProbation\b.*\b(?:Centre|Office|Offices)$", name))


def _split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s*|\s+and\s+|\s+or\s+", text) if n.strip() and n.split()[0] not in _NOT_PRISON]


def _trim_name(name: str) -> str:
    """Drops leading articles and sentence-initial words that are not part of a name."""
    words = name.split()
    while words and words[0].lower() in _SENTENCE_OPENERS and not (words[0] == "Local" and words[-1] in _BODY_HEADS):
        words = words[1:]
    if words and words[0][0].isdigit():
        return ""
    while len(words) > 2 and re.fullmatch(r"[A-Z]{2,}(?:-\w+)?", words[0]) and words[0] != "HM":
        words = words[1:]  # "PCC-led Merseyside Criminal Justice Board", "NOMS National Offender …"
    return " ".join(words)


def _generic(name: str) -> bool:
    """A name made only of generic words ("Senior Management Team") names no particular organisation, unless
    it is the full name of a statutory or representative body ("Local Safeguarding Children's Board")."""
    words = [w.lower().strip("'’") for w in name.split()]
    if len(words) < 2:
        return True
    if len(words) >= 3 and name.split()[-1] in _BODY_HEADS and not set(words) & _INTERNAL:
        return False
    return all(w in _GENERIC for w in words)


_ROLE_LINE = re.compile(
    r"^(?P<role>(?:HM |Lead |Deputy Lead |Assistant |HM Assistant Chief |HMI Prisons )?(?:Chief )?Inspectors?|"
    r"Inspection Team|Practice Assessors?|Information Manager|Report Editor|Support Services|Area Assessors?|"
    r"Publications Team|Inspection Admin Officer)\s*:?$",
    re.I,
)
_PERSON_NAME = re.compile(r"^(?:Dame |Sir |Dr )?[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}$")
_INSPECTORATE = "HM Inspectorate of Probation"
_JOB_TITLE = re.compile(
    r"\b(?:Assistant Chief |Senior |Fee Paid |Assistant |Deputy |Support Services )?"
    r"(?:Inspector|Research Officer|Data Officer|Officer|Manager)s?\b"
)


def _people(collector: _Collector, lines: list[CleanLine], meta: ReportMeta, exclude: set[str]) -> None:
    """Inspectors and named leaders: from the title page, the foreword and the acknowledgements."""
    for name, line, role in (
        (meta.lead_inspector, meta.lead_inspector_line, "leads"),
        (meta.chief_inspector, meta.chief_inspector_line, "leads"),
    ):
        if name:
            person = collector.add(name, "Person", name, line or 0)
            person.relations.add(("memberOf", _INSPECTORATE))
            if role == "leads" and name == meta.lead_inspector:
                for provider in meta.providers:
                    person.relations.add(("inspected", provider.canonical))
    for line in lines:
        if len(line.cells) < 2 or not _ROLE_LINE.match(line.cells[0]):
            continue
        # "Jane Attwood, Inspector Joe Coleshill, …": job titles sit between the names.
        names = _JOB_TITLE.sub(",", " ".join(line.cells[1:]))
        for part in re.split(r",\s*|\s+and\s+", names):
            name = part.strip()
            if _PERSON_NAME.match(name) and name.split()[0] not in exclude:
                person = collector.add(name, "Person", name, line.number)
                person.relations.add(("memberOf", _INSPECTORATE))


def _expand_acronyms(collector: _Collector, glossary: list[GlossaryEntry]) -> None:
    """A partner named by its acronym takes the name the glossary spells out ("SAMM" -> "Support After …")."""
    expansions = {g.term: g.definition.split(". ")[0].strip() for g in glossary}
    for key, entity in list(collector.by_key.items()):
        expansion = expansions.get(entity.name)
        if entity.type != "PartnerOrganisation" or not expansion or not re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", entity.name):
            continue
        if len(expansion.split()) > 8:
            continue
        del collector.by_key[key]
        renamed = collector.add(expansion, entity.type, entity.name, 0, entity.source)
        renamed.lines = sorted(set(renamed.lines + entity.lines) - {0})
        renamed.aliases |= entity.aliases


def _glossary_entities(collector: _Collector, glossary: list[GlossaryEntry], government: frozenset[str], providers: set[str]) -> None:
    """Glossary terms that define an organisation or programme become entities, with the acronym as alias."""
    for entry in glossary:
        term, definition = entry.term, entry.definition
        expansion = definition.split(". ")[0].strip()
        is_acronym = bool(re.fullmatch(r"[A-Z][A-Za-z0-9&/-]{1,9}s?", term)) and sum(c.isupper() for c in term) >= 2
        name = expansion if is_acronym and len(expansion.split()) <= 8 else term
        existing = collector.find(name) or collector.find(term)
        if existing is not None:
            if is_acronym:
                existing.mention(term, 0)
            continue
        if name_key(name) in government or name_key(term) in government or name in providers:
            continue
        head = name.split()[-1] if name.split() else ""
        if head in _ORG_HEADS and not _generic(name):
            entity = collector.add(name, "PartnerOrganisation", term if is_acronym else name, entry.line, "glossary")
            if is_acronym:
                entity.mention(term, entry.line)
        elif re.search(r"\b(programme|requirement|course)s?$", name, re.I) and not _generic(name):
            entity = collector.add(name, "Intervention", name, entry.line, "glossary")
            if is_acronym:
                entity.mention(term, entry.line)


def _acronym_mentions(collector: _Collector, lines: list[CleanLine], skip: set[int]) -> None:
    """Counts mentions of each entity by its acronyms too."""
    acronyms = {a: e for e in collector.by_key.values() for a in e.aliases if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,7}s?", a)}
    if not acronyms:
        return
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(acronyms, key=len, reverse=True))) + r")(?![\w-])")
    for line in lines:
        if line.number in skip:
            continue
        for match in pattern.finditer(line.text):
            entity = acronyms[match.group(0)]
            if line.number not in entity.lines:
                entity.lines.append(line.number)
    for entity in collector.by_key.values():
        entity.lines.sort()


def _operating_models(
    collector: _Collector, lines: list[CleanLine], glossary: list[GlossaryEntry], meta: ReportMeta, skip: set[int]
) -> None:
    """Named operating models: glossary terms ending in "model", and where the text names them."""
    names = [g.term for g in glossary if re.search(r"\bmodel$", g.term, re.I) and len(g.term.split()) <= 5]
    names += [f"{g.definition.split(':')[0]}" for g in glossary if re.search(r"\bmodel\b", g.definition.split(":")[0], re.I)
              and len(g.definition.split(":")[0].split()) <= 5 and re.fullmatch(r"[A-Z]{2,6}", g.term)]
    for name in dict.fromkeys(names):
        head = re.sub(r"\s+model$", "", name, flags=re.I)
        pattern = re.compile(rf"\b{re.escape(head)}(?:\s+operating)?\s+model\b|\b{re.escape(name)}\b", re.I)
        for line in lines:
            if line.number not in skip and pattern.search(line.text):
                model = collector.add(name, "OperatingModel", pattern.search(line.text).group(0), line.number, "glossary")
                for provider in meta.providers:
                    model.relations.add(("usedBy", provider.canonical))
                    owner = collector.find(provider.canonical)
                    if owner is not None:
                        owner.relations.add(("usesModel", name))


def _relations(
    collector: _Collector, lines: list[CleanLine], meta: ReportMeta, gazetteer: Gazetteer, tree: SectionTree
) -> None:
    providers = [p.canonical for p in meta.providers]
    crcs = [p.canonical for p in meta.providers if p.provider_type == "CRC"]
    for entity in collector.by_key.values():
        if entity.type != "Prison":
            continue
        for number in entity.lines:
            section = tree.section_at(number)
            in_ttg = section is not None and "through the gate" in " ".join(section.path).lower()
            if in_ttg or "resettlement prison" in lines[number - 1].text.lower():
                for crc in crcs:
                    entity.relations.add(("resettlementPrisonOf", crc))
    for entity in list(collector.by_key.values()):
        known = gazetteer.resolve(entity.name)
        if known is not None:
            for predicate, target in known.relations:
                if predicate == "ownedBy":
                    entity.relations.add(("ownedBy", target))
                    owner = collector.find(target)
                    if owner is not None:
                        owner.relations.add(("ownsCRC", entity.name))
                elif predicate == "hasMember" and collector.find(target) is not None:
                    entity.relations.add(("hasMember", target))
                    collector.find(target).relations.add(("memberOf", entity.name))
        if entity.type == "PartnerOrganisation":
            for provider in providers:
                entity.relations.add(("partnerOf", provider))
        if entity.type == "Intervention":
            for provider in providers:
                entity.relations.add(("deliveredBy", provider))
    for line in lines:
        if _CHIEF_EXECUTIVE.search(line.text):
            crcs = [e.canonical for _, _, e in gazetteer.find(line.text) if e.type == "CRC"]
            for provider in providers:
                for other in crcs:
                    if other != provider and collector.find(provider):
                        collector.find(provider).relations.add(("sharesChiefExecutiveWith", other))
