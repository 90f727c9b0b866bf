"""Facts printed in prose, read by general rules: ratings, owners, people and roles, dates and caseloads.

Press releases, forewords and web pages state in sentences what full reports put in tables: "has given Essex
CRC a 'requires improvement' rating", "awarded a 'Good' rating for leadership", "the Sodexo-owned CRC",
"Chief Inspector of Probation Dame Glenys Stacey", "This inspection was led by HM Inspector …". Each fact
keeps the line it was read from, like the table facts.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ingest.extract.providers import OWNER_AREAS, NamedProvider, areas_in, find_providers
from ingest.gazetteer import Gazetteer, name_key
from ingest.normalise import CleanLine
from ingest.text import split_sentences

RATINGS = {"outstanding": "Outstanding", "good": "Good", "requires improvement": "Requires improvement",
           "requiring improvement": "Requires improvement", "inadequate": "Inadequate"}
_RATING = r"(?P<rating>outstanding|good|requires improvement|requiring improvement|inadequate)"
_QUOTED = re.compile(rf"[‘'\"“]\s*{_RATING}\s*[’'\"”]", re.IGNORECASE)
_PLAIN = re.compile(rf"\b(?:rated(?: as)?|overall (?:performance|rating) as|rating of)\s+{_RATING}\b", re.IGNORECASE)
_RATING_CONTEXT = re.compile(r"\b(?:rated|rating|ratings|assessment|awarded|given)\b", re.IGNORECASE)
_STANDARD = re.compile(r"^\s*(?:[’'\"”]\s*)?(?:rating\s+)?for\s+(?:its\s+|their\s+|the\s+)?(?P<standard>[a-z][a-z ,-]*?)"
                       r"(?=\s*(?:[,.;]|\band\b|\bbut\b|$))", re.IGNORECASE)
_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
# "half as 'good'", "respectively", "three of (our) four standards": counts of ratings, not one provider's.
_COUNTED = re.compile(rf"\b(?:half|respectively|of these|some|most|{_NUMBER_WORD}\s+(?:out\s+)?of\s+(?:our\s+|the\s+)?"
                      rf"(?:{_NUMBER_WORD}\b)?)", re.IGNORECASE)
_PERSON = r"(?P<name>(?:(?:Dame|Sir|Dr|Professor)\s+)?[A-Z][a-z'’-]+(?:\s+(?:Mc|Mac)?[A-Z][a-z'’-]+){1,2})"
_CHIEF = r"(?:(?:HM|Her Majesty['’]s|His Majesty['’]s)\s+)?Chief Inspector of Probation"
_PEOPLE = [
    (re.compile(rf"{_CHIEF},?\s+{_PERSON}"), "Chief Inspector of Probation"),
    (re.compile(rf"{_PERSON},\s+{_CHIEF}"), "Chief Inspector of Probation"),
    (re.compile(rf"\bled by\s+(?:HM Inspector|HMI|Her Majesty['’]s Inspector)?\s*{_PERSON}"), "lead inspector"),
    (re.compile(rf"\bmanager responsible for this inspection programme is\s+{_PERSON}"), "inspection programme manager"),
]
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY_DATE = rf"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday)\s+)?\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
_PUBLISHED = re.compile(rf"\bpublished\s+(?:on\s+)?(?P<date>{_DAY_DATE})", re.IGNORECASE)
_TITLE_DATE = re.compile(rf"(?:^|,\s*|\s)(?P<date>{_MONTH}\s+\d{{4}})\s*$", re.IGNORECASE)
_FIELDWORK = [
    re.compile(rf"\bfieldwork[^.]*?\bstarted\s+(?:in\s+|on\s+)?(?P<date>{_DAY_DATE}|{_MONTH}\s+\d{{4}})", re.IGNORECASE),
    re.compile(rf"\binspections?\s+undertaken\s+(?P<date>between\s+{_MONTH}(?:\s+\d{{4}})?\s+and\s+{_MONTH}\s+\d{{4}}"
               rf"|in\s+{_MONTH}\s+and\s+{_MONTH}\s+\d{{4}})"),
    re.compile(rf"\binspection\s+in\s+(?P<date>{_MONTH}(?:\s+and\s+{_MONTH})?(?:\s+\d{{4}})?)"),
    re.compile(rf"\bby inspectors in\s+(?P<date>{_MONTH}\s+\d{{4}})"),
]
_SCORE = re.compile(r"\b(?:scored?|score of|scoring)\s+(?P<value>\d{1,3}\s+out of\s+\d{1,3})\b", re.IGNORECASE)
_CASELOAD = re.compile(
    r"\b(?:supervis(?:es|ed|ing)|running probation services for|responsible for supervising)\s+"
    r"(?P<value>(?:more than|nearly|around|over|about|almost|some)?\s*\d[\d,]*)\s+"
    r"(?P<what>(?:[\w-]+\s+){0,4}?(?:offenders|people|individuals|service users|cases))", re.IGNORECASE)


@dataclass(frozen=True)
class ProseRating:
    provider: str
    rating: str
    line: int
    standard: str | None = None


@dataclass(frozen=True)
class Ownership:
    provider: str
    owner: str
    line: int


@dataclass(frozen=True)
class PersonRole:
    name: str
    role: str
    line: int


@dataclass(frozen=True)
class Figure:
    what: str
    provider: str | None
    value: str
    line: int


@dataclass
class ProseFacts:
    """What a text states in sentences, in the keys of shared/eval/corpus-facts.jsonl."""

    providers: list[NamedProvider] = field(default_factory=list)
    ratings: list[ProseRating] = field(default_factory=list)
    owners: list[Ownership] = field(default_factory=list)
    people: list[PersonRole] = field(default_factory=list)
    dates: dict = field(default_factory=lambda: {"published": None, "fieldwork": None, "lines": []})
    figures: list[Figure] = field(default_factory=list)

    @property
    def subject(self) -> NamedProvider | None:
        """The provider the text is about: the first one it names."""
        return self.providers[0] if self.providers else None

    def to_json(self) -> dict:
        return {
            "providers": [{"name": p.name, "type": p.to_json()["type"]} for p in self.providers],
            "overall_ratings": [{"provider": r.provider, "rating": r.rating, "line": r.line}
                                for r in self.ratings if r.standard is None],
            "standard_ratings": [{"provider": r.provider, "standard": r.standard, "rating": r.rating, "line": r.line}
                                 for r in self.ratings if r.standard is not None],
            "owners": [asdict(o) for o in self.owners],
            "people": [asdict(p) for p in self.people],
            "dates": dict(self.dates),
            "figures": [asdict(f) for f in self.figures],
        }


def extract_prose_facts(lines: list[CleanLine], title: str, gazetteer: Gazetteer) -> ProseFacts:
    """Returns the facts `lines` state in sentences; `title` is the text's title (its subject)."""
    facts = ProseFacts(providers=find_providers(lines, title, gazetteer))
    crc = next((p.name for p in facts.providers if p.type == "CRC"), None)  # "the CRC" of the text
    for line in lines:
        for sentence in split_sentences(line.text):
            named = _providers_in(sentence.text, facts.providers, gazetteer)
            facts.ratings += _ratings(sentence.text, named, facts.subject, line.number)
            facts.owners += _owners(sentence.text, named, crc, line.number, gazetteer)
    for line, following in zip(lines, lines[1:] + [None]):
        facts.people += _people(line, following)
    facts.ratings = _first_of_each(facts.ratings, lambda r: (name_key(r.provider), r.standard))
    facts.owners = _first_of_each(facts.owners, lambda o: (name_key(o.provider), name_key(o.owner)))
    facts.people = _first_of_each(facts.people, lambda p: (name_key(p.name), p.role))
    facts.dates = _dates(lines)
    facts.figures = _figures(lines, facts.subject)
    return facts


def _first_of_each(items: list, key) -> list:
    seen, out = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            out.append(item)
    return out


def _providers_in(sentence: str, providers: list[NamedProvider], gazetteer: Gazetteer) -> list[str]:
    """Returns the providers a sentence names, in the order it names them."""
    at: dict[str, int] = {}
    for start, _, entity in gazetteer.find(sentence):
        if entity.type in ("CRC", "NPSDivision", "ProbationArea"):
            at.setdefault(entity.canonical, start)
    for provider in providers:
        if provider.name in at:
            continue
        stem = re.sub(r"\s+(?:PDU|region|Probation Trust)$", "", provider.name)
        if provider.type in ("PDU", "Region", "ProbationTrust") and (m := re.search(rf"\b{re.escape(stem)}\b", sentence)):
            at[provider.name] = m.start()
    return sorted(at, key=at.get)


def _ratings(sentence: str, named: list[str], subject: NamedProvider | None, number: int) -> list[ProseRating]:
    """Ratings a sentence gives: quoted rating words in a sentence about rating, or "rated good"."""
    hits = [m for m in _QUOTED.finditer(sentence)] or [m for m in _PLAIN.finditer(sentence)]
    if not hits or not _RATING_CONTEXT.search(sentence):
        return []
    values = {RATINGS[m.group("rating").lower()] for m in hits}
    if len(values) > 1 and (_COUNTED.search(sentence) or not named):
        return []  # "half as 'good' and half as 'requiring improvement'": counts, not one provider's rating
    out = []
    for match in hits:
        standard = None
        if following := _STANDARD.match(sentence[match.end():]):
            standard = following.group("standard").strip().lower()
        if standard is None and _COUNTED.search(sentence[: match.start()][-40:]):
            continue  # "deficits across three of four standards, which resulted in …" names no standard
        about = named or ([subject.name] if subject else [])
        for provider in about:
            out.append(ProseRating(provider, RATINGS[match.group("rating").lower()], number, standard))
    return out


def _owners(sentence: str, named: list[str], text_crc: str | None, number: int,
            gazetteer: Gazetteer) -> list[Ownership]:
    """Owners a sentence states: "the Sodexo-owned CRC", "Sodexo's Northumbria CRC", "run by …", "owned by …".

    A CRC the sentence does not name ("a CRC owned by Working Links") is `text_crc`, the CRC the text is about.
    """
    out = []
    crc_subject = next((n for n in named if _is_crc(n, gazetteer)), None) or text_crc
    for start, end, entity in gazetteer.find(sentence):
        if entity.type != "Owner":
            continue
        owner, after, before = sentence[start:end], sentence[end:], sentence[:start]
        if re.match(r"-owned\s+(?:CRC|Community Rehabilitation Company)", after) and text_crc:
            out.append(Ownership(text_crc, owner, number))  # "the Sodexo-owned CRC": the text's own CRC
        elif possessive := re.match(r"['’]s\s+", after):
            rest = after[possessive.end():]
            targets = [e.canonical for s, _, e in gazetteer.find(rest) if e.type == "CRC" and s == 0]
            if not targets and (areas := OWNER_AREAS.match(after)):
                targets = [a.crc for a in areas_in(areas.group("areas"))]
            out += [Ownership(t, owner, number) for t in targets]
        elif by := re.search(r"\b(?P<what>CRCs?|Community Rehabilitation Compan(?:y|ies)|companies|company)?"
                             r"(?:\s*\(CRC\))?\s*(?:run|owned|operated|taken over)\s+by\s+$", before):
            printed = owner + (m.group(0) if (m := re.match(r",?\s+in partnership with\s+[A-Z]\w+", after)) else "")
            crcs = [n for n in named if _is_crc(n, gazetteer)]
            if by.group("what") and by.group("what").lower() in ("crcs", "community rehabilitation companies"):
                # "The six CRCs owned by Sodexo are: BeNCH; Cumbria & Lancashire; …": every CRC listed, named
                # with or without "CRC".
                listed = [e.canonical for _, _, e in gazetteer.find_bare_crc_names(after)]
                out += [Ownership(crc, printed, number) for crc in dict.fromkeys(crcs + listed)]
                continue
            crcs = [n for n in crcs if sentence.find(n.split()[0]) < by.start()]
            if not crcs and by.group("what") and crc_subject:
                crcs = [crc_subject]  # "a CRC owned by Working Links": the text's CRC
            out += [Ownership(crcs[-1], printed, number)] if crcs else []
        elif re.match(r"\s+took ownership of the CRC", after) and crc_subject:
            out.append(Ownership(crc_subject, owner, number))
    return out


def _is_crc(name: str, gazetteer: Gazetteer) -> bool:
    return (entity := gazetteer.resolve(name)) is not None and entity.type == "CRC"


def _people(line: CleanLine, following: CleanLine | None) -> list[PersonRole]:
    """People and roles a line states; a statement may run on into the next line of a hard-wrapped page."""
    text = line.text + (" " + following.text if following is not None and following.text else "")
    out = []
    for pattern, role in _PEOPLE:
        for match in pattern.finditer(text):
            if match.start() >= len(line.text):
                continue  # it starts on the next line, which reads it itself
            name = match.group("name")
            if name.split()[0] in {"The", "This", "Inspector", "Chief"}:
                continue
            out.append(PersonRole(name, role, line.number))
    return out


def _dates(lines: list[CleanLine]) -> dict:
    """Returns the publication and fieldwork dates as printed, with their lines."""
    published = fieldwork = None
    numbers: list[int] = []
    for line in lines[:12]:
        if published is None and (match := _TITLE_DATE.search(line.text)) and len(line.text.split()) <= 40:
            published = (match.group("date"), line.number)
    for line in lines:
        if published is None and (match := _PUBLISHED.search(line.text)):
            published = (match.group("date"), line.number)
        if fieldwork is None:
            for pattern in _FIELDWORK:
                if match := pattern.search(line.text):
                    fieldwork = (match.group("date"), line.number)
                    break
    for found in (published, fieldwork):
        if found is not None:
            numbers.append(found[1])
    return {"published": published[0] if published else None, "fieldwork": fieldwork[0] if fieldwork else None,
            "lines": sorted(set(numbers))}


def _figures(lines: list[CleanLine], subject: NamedProvider | None) -> list[Figure]:
    out = []
    for line in lines:
        for match in _CASELOAD.finditer(line.text):
            what = " ".join(match.group("what").split())
            out.append(Figure(f"people supervised ({what})", subject.name if subject else None,
                              " ".join(match.group("value").split()), line.number))
        for match in _SCORE.finditer(line.text):
            # The 2021- frameworks sum a provider's ratings as points ("scored 12 out of 27").
            out.append(Figure("inspection score", subject.name if subject else None, match.group("value"), line.number))
    return out
