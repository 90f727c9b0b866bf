"""Entities and relations: organisations, prisons, interventions and people, each under one canonical name.

Each line is read by the extractors of `LINE_EXTRACTORS` in turn, one per kind of entity: a span of text one
of them takes is not read again by the next. Whole-report passes (people, operating models, glossary terms,
acronyms, relations) follow (`entity_passes`).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.extract.entity_model import Collector, Entity
from ingest.extract.entity_names import (ACRONYM_AFTER, AGENT, APPROVED_PREMISES, CITATION, COMMISSIONING, CRC_CONTEXT,
                                         DEFINED_NAME, GENERIC, GROUP_WORK, NOT_ORG_HEADS, ORG, PARTNER_CELL,
                                         PARTNER_CONTEXT, PRISON, PROGRAMME, SENTENCE_OPENERS, YOI_AFTER, address_lines,
                                         generic, government_keys, initials_match, intervention_pattern, listed_names,
                                         named_things, own_premises, split_names, trim_name)
from ingest.extract.entity_passes import (acronym_mentions, expand_acronyms, glossary_entities, operating_models,
                                          people, relations)
from ingest.extract.glossary import GlossaryEntry
from ingest.extract.meta import ReportMeta
from ingest.gazetteer import Gazetteer, name_key
from ingest.normalise import CleanLine
from ingest.sections import SectionTree

__all__ = ["Entity", "extract_entities"]


@dataclass
class _Report:
    """What every line's extractors share: the report's facts and the names already found."""

    collector: Collector
    gazetteer: Gazetteer
    exclude: set[str]
    year: int | None
    government: frozenset[str]
    providers: set[str]
    common_words: set[str]  # words the report also prints in lower case are common nouns ("the Hub", "a hub")
    addresses: set[int]  # lines of an address block
    headings: set[int]
    front_matter_end: int  # the imprint and address block before the first section name no partners
    glossary_lines: set[int]


@dataclass
class _Line:
    """One line being read, and the spans of it already taken by a name."""

    line: CleanLine
    text: str
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in self.taken)

    def add(self, report: _Report, name: str, kind: str, surface: str, span: tuple[int, int], source: str = "text"):
        self.taken.append(span)
        return report.collector.add(name, kind, surface, self.line.number, source)


def _reference_names(report: _Report, at: _Line) -> None:
    for start, end, known in report.gazetteer.find(at.text):
        at.add(report, known.canonical, known.type, at.text[start:end], (start, end), "reference")
    if report.year is not None and report.year >= 2014:
        # The National Probation Service of 2014-2021, not the umbrella of the 2001 probation areas.
        for match in re.finditer(r"\b(National Probation Service|NPS)\b", at.text):
            if at.free(*match.span()):
                at.add(report, "National Probation Service", "NPSDivision", match.group(0), match.span())


def _prisons(report: _Report, at: _Line) -> None:
    collector, number = report.collector, at.line.number
    for match in PRISON.finditer(at.text):
        names = split_names(match.group("names"))
        kind = match.group("kind")
        for prison in names:
            joint = "/" in kind or "&" in kind
            canonical = (f"HMP/YOI {prison}" if joint else f"HMYOI {prison}" if "YO" in kind.replace(" ", "").upper()
                         else f"HM Prison {prison}")
            collector.add(canonical, "Prison", f"{kind} {prison}" if len(names) == 1 else match.group(0), number)
            collector.add(canonical, "Prison", f"HMP {prison}", 0)
        at.taken.append(match.span())
    for match in YOI_AFTER.finditer(at.text):
        if at.free(*match.span()):
            for prison in split_names(match.group("names")):
                collector.add(f"HMYOI {prison}", "Prison", f"{prison} {match.group('kind').rstrip('s')}", number)
            at.taken.append(match.span())


def _interventions(report: _Report, at: _Line) -> None:
    pattern, names = intervention_pattern()
    for match in pattern.finditer(at.text):
        if at.free(*match.span()):
            name = names.get(name_key(match.group(0)), match.group(0))
            at.add(report, name, "Intervention", match.group(0), match.span(), "reference")
    for match in PROGRAMME.finditer(at.text):
        name = trim_name(match.group("name"))
        if re.search(r"[A-Z][\w'’-]*\s+(?:and|of|&)\s+$", at.text[: match.start()]):
            continue  # the tail of a longer title: "Safeguarding Children Policy and Practice Requirements"
        if name and at.free(*match.span()) and not generic(name):
            at.add(report, name, "Intervention", name, match.span())
    for match in APPROVED_PREMISES.finditer(at.text):
        at.add(report, match.group("name"), "ApprovedPremises", match.group("name"), match.span())


def _bare_crc_names(report: _Report, at: _Line) -> None:
    bare = report.gazetteer.find_bare_crc_names(at.text) if CRC_CONTEXT.search(at.text) else []
    if len(bare) >= 3:
        # Lists of CRCs often drop the "CRC" after each name ("… owns Merseyside; and West Yorkshire").
        for start, end, known in bare:
            if at.free(start, end):
                at.add(report, known.canonical, known.type, at.text[start:end], (start, end), "reference")


def _named(report: _Report, at: _Line, heading: bool) -> None:
    for name, span, entity_type in [] if heading else named_things(at.text, report.providers | report.exclude):
        if at.free(*span) and name_key(name) not in report.government and report.gazetteer.resolve(name) is None:
            at.add(report, name, entity_type, name, span)


def _defined_and_listed(report: _Report, at: _Line) -> None:
    """Partners named after "partners such as", with their initials, in a partnership table row, or listed."""
    text, gazetteer = at.text, report.gazetteer
    starts = [match.end() for match in PARTNER_CONTEXT.finditer(text)]
    if COMMISSIONING.search(text):
        starts += [match.end() for match in re.finditer(r"\bincluding\b", text)]
    # "Person Shaped Support (PSS), Tomorrow's Women Wirral (TWW) and Adelaide House": a name defined
    # with its initials is a named organisation, and so are the names listed with it.
    starts += [m.start() for m in DEFINED_NAME.finditer(text) if initials_match(m.group("name"), m.group("acronym"))]
    for match in DEFINED_NAME.finditer(text):
        known = gazetteer.resolve(match.group("name"))
        if known is not None and match.group("acronym") not in ("CRC", "NPS", "CRCs"):
            # "Merseyside CRC (MCRC)": the acronym is another name of a known organisation.
            at.add(report, known.canonical, known.type, match.group("acronym"), match.span(), "reference")
    _partnership_row(report, at)
    agents = {match.end() for match in AGENT.finditer(text)}
    for start in sorted(set(starts)):
        for name, span in listed_names(text, start):
            name = re.sub(r"['’]s$", "", name)
            if not _listed_partner(report, at, name, span, start, start in agents):
                continue
            entity = at.add(report, name, "PartnerOrganisation", name, span)
            if acronym := ACRONYM_AFTER.match(text[span[1]:]):
                entity.mention(acronym.group("acronym"), at.line.number)


def _partnership_row(report: _Report, at: _Line) -> None:
    """A table row of sites or services whose purpose is partnership names the partner in its first cell."""
    cells = at.line.cells
    if len(cells) < 3 or not any(PARTNER_CELL.fullmatch(cell.strip()) for cell in cells[1:]):
        return
    first = cells[0].strip()
    if re.fullmatch(r"[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|of|for|and|&)){0,5}", first) and first not in report.exclude \
            and not report.gazetteer.find(first):
        collector = report.collector
        known = collector.find(first) or next((e for e in collector.by_key.values() if e.type == "PartnerOrganisation"
                                               and e.name.startswith(first + " ")), None)
        if known is not None:
            known.mention(first, at.line.number)  # "Rotunda", the site of "Rotunda College"
            at.taken.append((0, len(first)))
        else:
            at.add(report, first, "PartnerOrganisation", first, (0, len(first)))


def _listed_partner(report: _Report, at: _Line, name: str, span: tuple[int, int], start: int, agent: bool) -> bool:
    """Whether a name listed after a partnership word names a partner organisation."""
    single = len(name.split()) == 1
    ordinary = not re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}|[A-Z][a-z]+[A-Z0-9]\w*", name)
    runs_it = agent and re.fullmatch(r"[A-Z][a-z]+", name) and name.lower() not in report.common_words
    if single and ordinary and not (runs_it and name not in report.exclude and report.gazetteer.find(name) == []):
        return False  # one ordinary capitalised word may be a pseudonym or a place, unless it runs something
    if name.split()[-1] in NOT_ORG_HEADS or report.gazetteer.find_bare_crc_names(name):
        return False
    if single and (name.lower() in GENERIC or name.lower() in SENTENCE_OPENERS or span[0] == 0 and start != 0):
        return False
    if not at.free(*span) or (not single and generic(name)) or name_key(name) in report.government:
        return False
    return name not in report.providers and report.gazetteer.resolve(name) is None


def _organisations(report: _Report, at: _Line) -> None:
    """Names ending in an organisation's head word ("Riverside Housing Association")."""
    for match in ORG.finditer(at.text):
        if not at.free(*match.span()):
            continue
        name = re.sub(r"['’]s$", "", trim_name(match.group("name")))
        if not name or generic(name) or name_key(name) in report.government or name in report.providers \
                or own_premises(name):
            continue
        if name.endswith(" Group") and GROUP_WORK.search(at.text[match.end():].split(". ")[0]):
            at.add(report, name, "Intervention", name, match.span())  # "A Women's Empowerment Group had started for women"
            continue
        entity = at.add(report, name, "PartnerOrganisation", name, match.span())
        if acronym := ACRONYM_AFTER.match(at.text[match.end():]):
            entity.mention(acronym.group("acronym"), at.line.number)


# The extractors every line is read by, in order (a span one takes is not read again by the next).
LINE_EXTRACTORS: tuple[Callable[[_Report, _Line], None], ...] = (
    _reference_names, _prisons, _interventions, _bare_crc_names)


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
    report = _Report(Collector(), gazetteer, set(exclude), int(meta.publication_date[:4]) if meta.publication_date else None,
                     government_keys(), {p.canonical for p in meta.providers},
                     {word for line in lines for word in re.findall(r"\b[a-z]+\b", line.text)}, address_lines(lines),
                     {section.line for section in tree.sections}, tree.sections[0].line if tree.sections else 0,
                     {n for g in glossary for n in range(g.line, g.end_line + 1)})
    skip = set(range(tree.contents_lines[0], tree.contents_lines[1] + 1)) if tree.contents_lines else set()
    for line in lines:
        if line.number not in skip and line.text:
            _read_line(report, line)
    collector = report.collector
    people(collector, lines, meta, report.exclude)
    operating_models(collector, lines, glossary, meta, skip)
    expand_acronyms(collector, glossary)
    glossary_entities(collector, glossary, report.government, report.providers)
    acronym_mentions(collector, lines, skip)
    relations(collector, lines, meta, gazetteer, tree)
    entities = [e for e in collector.by_key.values() if not (set(e.name.split()) & report.exclude and len(e.name.split()) == 1)]
    return sorted(entities, key=lambda e: (e.type, e.name))


def _read_line(report: _Report, line: CleanLine) -> None:
    at = _Line(line, line.text)
    for extractor in LINE_EXTRACTORS:
        extractor(report, at)
    if report.front_matter_end and line.number < report.front_matter_end:
        return  # the imprint and address block name no partners
    _named(report, at, heading=line.number in report.headings)
    _defined_and_listed(report, at)
    if line.number in report.glossary_lines and len(line.cells) >= 2:
        # In a glossary row only the definition speaks of other organisations, and not when it only spells
        # out the term ("CARATS: Counselling, Assessment, Referral, Advice and Throughcare Services").
        text = " ".join(line.cells[1:])
        spelled_out = initials_match(re.sub(r"[,/-]", " ", text.split(". ")[0]), line.cells[0].replace("-", ""))
        at = _Line(line, "" if spelled_out else text)
    if line.number in report.addresses or CITATION.match(line.raw):
        return  # an address block, or a footnote citing a publication and its publisher
    _organisations(report, at)
