"""How names are told in running text: the patterns of organisations, prisons, programmes and listed names,
the reference lists they are checked against, and the tests that a capitalised phrase is a name."""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from ingest.gazetteer import REFERENCE, name_key
from ingest.normalise import CleanLine

# Words that end the name of an organisation ("Riverside Housing Association").
ORG_HEADS = (
    "Trust", "Trusts", "Board", "Boards", "Team", "Teams", "Service", "Services", "Commission", "Commissioner",
    "Council", "University", "College", "Association", "Project", "Alliance", "Partnership", "Unit", "Centre",
    "Police", "Authority", "Authorities", "Group", "Charity", "Foundation", "Consortium", "Agency",
    "Housing", "Network", "Forum", "Church", "Initiatives", "Society", "Company", "Ltd", "Limited", "Voice",
)
NAME_WORD = r"(?:(?!The\b)[A-Z][\w'’-]*|[0-9]+)"
CONNECT = r"(?:of|for|and|&|the|on|in)"
ORG = re.compile(
    rf"(?<![\w'’-])(?P<name>(?!The\b)[A-Z][\w'’-]*(?:\s+(?:{NAME_WORD}|{CONNECT}(?=\s+[A-Z]))){{0,6}}\s+(?:{'|'.join(ORG_HEADS)}))(?![\w'’-])(?!\s+(?:Act|Order|Regulations|Level)\b)"
)
ACRONYM_AFTER = re.compile(r"^\s*\((?P<acronym>[A-Z][A-Za-z0-9&-]{1,8})\)")
# Words that name roles or generic parts of any organisation, not an organisation of its own.
GENERIC = {
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
SENTENCE_OPENERS = {
    "the", "a", "an", "our", "its", "their", "this", "these", "by", "with", "and", "of", "in", "for", "on", "through",
    "within", "from", "at", "as", "via", "under", "including", "alongside", "across", "during", "between", "after",
    "before", "since", "while", "where", "when", "both", "also", "however", "each", "all", "some", "many", "most",
    "local", "new", "existing", "other", "such", "head",
}
PRISON = re.compile(
    r"\b(?P<kind>HMP/YOI|HMP\s*&\s*YOI|Her\s+Majesty's\s+Prison\s*\(HMP\)|HMPs?|HMYOIs?|HM\s+YOI|HM\s+Prisons?|"
    r"HM\s+Young\s+Offender\s+Institutions?)"
    r"(?:\s*[–-]\s*|\s+)(?P<names>(?!Her\b|Service\b|Probation\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    r"(?:(?:,\s*|\s+and\s+|\s+or\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*)"
)
YOI_AFTER = re.compile(
    r"\b(?P<names>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:(?:,\s*|\s+and\s+|\s+or\s+)[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*)\s+(?P<kind>YOIs?|Young Offender Institutions?)\b"
)
NOT_PRISON = {"Her", "Service", "Probation", "Prison", "Estate", "The", "A", "Local"}
PROGRAMME = re.compile(rf"(?<![\w'’-])(?P<name>(?:{NAME_WORD}\s+){{1,5}}(?:Programme|Programmes|Requirement|Requirements))\b(?!\s+[A-Z])")
APPROVED_PREMISES = re.compile(r"(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:House|Lodge|Court|Hostel))(?:\s*\((?:voluntary)\))?\s*[–-]\s*capacity")
CRC_CONTEXT = re.compile(r"\bCRCs\b|Community Rehabilitation Companies|contract package areas?", re.I)
# Phrases after which a report lists the organisations a provider works with.
PARTNER_CONTEXT = re.compile(
    r"\b(?:delivered|provided|run|managed|offered|supported|commissioned) (?:by|from|through)|"
    r"\b(?:partnership|partnerships|contracts?|arrangements?|agreements?) with|\bpartners? (?:include|includes|including|are|such as)|"
    r"\bcharit(?:y|ies)(?: called)?|\borganisations? such as|\bsubcontracted to|\bworks? closely with|"
    r"\b(?:voluntary|charitable|third[- ]sector|local|partner) organisations?,?",
    re.I,
)
# Heads of formal bodies: named in full, even from generic words, they are one particular body.
BODY_HEADS = {"Board", "Council"}
INTERNAL = {"senior", "management", "leadership", "executive", "strategic", "operational", "managers", "quality", "performance"}
# Last words that make a name a tool, plan or model rather than an organisation.
NOT_ORG_HEADS = {
    "Model", "Tool", "System", "Framework", "Strategy", "Plan", "Policy", "Approach", "Assessment", "Programme",
    "Programmes", "Requirement", "Order", "Act", "Statistics", "Report", "Standard", "Standards", "Arrangements",
    "Software", "Scheme", "Pathway", "Review", "Inspection", "Guidance", "Process",
}
COMMISSIONING = re.compile(r"\b(commission\w*|providers?|partners?|organisations?|charit\w+|subcontract\w*)\b", re.I)
DEFINED_NAME = re.compile(r"(?P<name>(?!The\b)[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)){1,6})\s*\((?P<acronym>[A-Z][A-Za-z0-9]{1,7})\)")
LISTED_NAME = re.compile(
    r"(?P<name>(?!The\b)[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|[0-9]+|of|for|and|&)(?=\s|$|[,.;)(])){0,5})"
)
# "a community partnership known as the Justice and Rehabilitation Executive", "an intervention called
# 'Identity Matters'", "a community resource (Church of Nazarine)": a name given to something the sentence
# has just described. The description says what kind of thing it names.
NAMED = re.compile(
    r"\b(?:known as|named|called|entitled)\s+(?:the\s+)?"
    r"(?:['‘](?P<quoted>[A-Z][^'’]{2,60})['’]|(?P<name>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)(?=[\s,.;:)]|$)){0,5}))"
)
QUOTED_AFTER_KIND = re.compile(r"\b(?:programme|intervention|course|scheme|project|initiative)s?\s+['‘](?P<quoted>[A-Z][^'’]{2,60})['’]")
DESCRIBED = re.compile(r"\b[a-z][\w-]*\s+\((?P<name>[A-Z][a-z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)){0,4})\)")
INTERVENTION_KINDS = re.compile(r"\b(?:programme|intervention|course|scheme|requirement|module|workshop)s?\b", re.I)
ORGANISATION_KINDS = re.compile(
    r"\b(?:partnership|organisation|charity|unit|resource|project|provider|agency|body|centre|court|forum|board|"
    r"network|task ?force|trust|council|association|company|enterprise|service)s?\b",
    re.I,
)
# Who or what an intervention works with; a programme whose sentence names none is a change programme.
BENEFICIARIES = re.compile(
    r"\b(?:offenders?|service users?|women|men|victims?|people|prisoners?|perpetrators?|participants?|cases|"
    r"abuse|violence|offending|substance|alcohol|drugs?)\b",
    re.I,
)
# Who runs a service: a single word after these ("a diagnostic suite run by Connexions") is an organisation.
AGENT = re.compile(r"\b(?:delivered|provided|run|managed|offered|commissioned) (?:by|from)\b", re.I)
PARTNER_CELL = re.compile(r"(?:\w+\s+){0,2}partner(?:ship)?s?(?:\s+\w+){0,2}", re.I)
CITATION = re.compile(r"^\s*\d{1,3}\s+.*\b(?:January|February|March|April|May|June|July|August|September|October|November|December|19\d\d|20\d\d)\b.*\d{4}\.?\s*$")
# A group that is run for people is group work, an intervention ("a women's group … for women at … premises").
GROUP_WORK = re.compile(r"\b(?:started|run|ran|running|delivered|attended)\b.*\bfor\s+(?:\w+\s+){0,2}" + r"(?:women|men|offenders|service users|prisoners|perpetrators)\b", re.I)
CHIEF_EXECUTIVE = re.compile(r"(?:shares?|shared) (?:a|the|its|one) (?:same )?chief executive", re.I)




@lru_cache(maxsize=1)
def interventions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    with (REFERENCE / "interventions.csv").open(encoding="utf-8") as handle:
        return tuple(
            (row["name"], tuple(v.strip() for v in row["variants"].split(";") if v.strip()))
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def government_keys() -> frozenset[str]:
    keys = set()
    with (REFERENCE / "government_bodies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            keys.add(name_key(row["name"]))
            keys |= {name_key(v) for v in row.get("variants", "").split(";") if v.strip()}
    return frozenset(keys)


@lru_cache(maxsize=1)
def intervention_pattern() -> tuple[re.Pattern, dict[str, str]]:
    surfaces: dict[str, str] = {}
    for name, variants in interventions():
        for surface in (name,) + variants:
            surfaces[surface] = name
    ordered = sorted(surfaces, key=len, reverse=True)
    # Acronyms and capitalised names match as printed; lower-case phrases also match capitalised.
    parts = []
    for surface in ordered:
        escaped = re.escape(surface).replace(r"\ ", r"\s+")
        parts.append(f"(?i:{escaped})" if surface[:1].islower() else escaped)
    return re.compile(r"(?<![\w'’-])(" + "|".join(parts) + r")(?![\w'’-])"), {name_key(s): n for s, n in surfaces.items()}



def initials_match(name: str, acronym: str) -> bool:
    """Whether `acronym` is made of the initials of `name` ("Person Shaped Support" / "PSS")."""
    initials = "".join(w[0] for w in name.split() if w.lower() not in {"of", "for", "and", "&", "the"}).lower()
    if acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]  # a plural: "YOTs"
    return initials == acronym.lower() or (len(acronym) >= 2 and initials.endswith(acronym.lower()))


def listed_names(text: str, start: int) -> list[tuple[str, tuple[int, int]]]:
    """Returns the capitalised names listed from `start` on ("X (XX), Y and Z"), with their spans."""
    names = []
    position = start
    while True:
        gap = re.match(r"\s*(?:the\s+|a\s+|an\s+|local\s+|charity\s+|organisation\s+)?", text[position:])
        position += gap.end()
        match = LISTED_NAME.match(text, position)
        if not match:
            break
        name = re.sub(r"\s+(?:and|&|of|for)$", "", match.group("name")).strip()
        head_split = re.match(rf"^(.*?\b(?:{'|'.join(ORG_HEADS)}|[0-9]+))\s+and\s+[A-Z]", name)
        if head_split and name.split()[-1] not in ORG_HEADS:
            name = head_split.group(1)  # "Riverside Housing Association and Intuitive Thinking"
        if name:
            names.append((name, (match.start(), match.start() + len(name))))
        position = match.start() + len(name)
        acronym = ACRONYM_AFTER.match(text[position:])
        if acronym:
            position += acronym.end()
        separator = re.match(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|;\s*)", text[position:])
        if not separator:
            break
        position += separator.end()
    return names


def named_things(text: str, not_names: set[str]) -> list[tuple[str, tuple[int, int], str]]:
    """Names the text gives to a programme or an organisation it has just described, typed by that description."""
    found = []
    for pattern in (NAMED, QUOTED_AFTER_KIND, DESCRIBED):
        for match in pattern.finditer(text):
            group = "quoted" if match.groupdict().get("quoted") else "name"
            name = match.group(group).strip(" ,.;:")
            if not name or name in not_names or name.lower() in SENTENCE_OPENERS or generic(name) and " " in name:
                continue
            before = text[max(0, match.start() - 80) : match.end(group) if pattern is QUOTED_AFTER_KIND else match.start() + 1 + (
                match.group(0).find("(") if pattern is DESCRIBED else 0)]
            kinds = [(m.start(), "Intervention") for m in INTERVENTION_KINDS.finditer(before)]
            kinds += [(m.start(), "PartnerOrganisation") for m in ORGANISATION_KINDS.finditer(before)]
            if pattern is DESCRIBED:
                kinds = [k for k in kinds if k[0] >= len(before) - 40]  # the noun right before the brackets
            if not kinds:
                continue
            entity_type = max(kinds)[1]
            sentence_start = text.rfind(". ", 0, match.start()) + 1
            sentence_end = text.find(". ", match.end())
            sentence = text[sentence_start : sentence_end if sentence_end > 0 else len(text)]
            if entity_type == "Intervention" and not BENEFICIARIES.search(sentence):
                continue  # "an ambitious programme (known as E3) to standardise processes" is a change programme
            found.append((name, match.span(group), entity_type))
    return found


POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")


def address_lines(lines: list[CleanLine]) -> set[int]:
    """Lines of a postal address block: short lines without cells just above a line with a postcode."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        if len(line.cells) > 1 or not POSTCODE.search(line.text) or len(line.text.split()) > 8:
            continue
        for previous in lines[max(0, index - 4) : index + 1]:
            if previous.text and len(previous.cells) <= 1 and len(previous.text.split()) <= 8:
                found.add(previous.number)
    return found


def own_premises(name: str) -> bool:
    """"Wirral Probation Centre" is the provider's own office, not an organisation it works with."""
    return bool(re.search(r"\bProbation\b.*\b(?:Centre|Office|Offices)$", name))


def split_names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r",\s*|\s+and\s+|\s+or\s+", text) if n.strip() and n.split()[0] not in NOT_PRISON]


def trim_name(name: str) -> str:
    """Drops leading articles and sentence-initial words that are not part of a name."""
    words = name.split()
    while words and words[0].lower() in SENTENCE_OPENERS and not (words[0] == "Local" and words[-1] in BODY_HEADS):
        words = words[1:]
    if words and words[0][0].isdigit():
        return ""
    while len(words) > 2 and re.fullmatch(r"[A-Z]{2,}(?:-\w+)?", words[0]) and words[0] != "HM":
        words = words[1:]  # "PCC-led Merseyside Criminal Justice Board", "NOMS National Offender …"
    return " ".join(words)


def generic(name: str) -> bool:
    """A name made only of generic words ("Senior Management Team") names no particular organisation, unless
    it is the full name of a statutory or representative body ("Local Safeguarding Children's Board")."""
    words = [w.lower().strip("'’") for w in name.split()]
    if len(words) < 2:
        return True
    if len(words) >= 3 and name.split()[-1] in BODY_HEADS and not set(words) & INTERNAL:
        return False
    return all(w in GENERIC for w in words)


