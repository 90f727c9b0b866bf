"""Passes over a whole report once its lines are read: people in their roles, operating models, glossary
terms and acronyms, and the relations between the entities found."""
from __future__ import annotations

import re

from ingest.extract.entity_model import Collector
from ingest.extract.entity_names import CHIEF_EXECUTIVE, ORG_HEADS, generic
from ingest.extract.glossary import GlossaryEntry
from ingest.extract.meta import ReportMeta
from ingest.gazetteer import Gazetteer, name_key
from ingest.normalise import CleanLine
from ingest.sections import SectionTree

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


def people(collector: Collector, lines: list[CleanLine], meta: ReportMeta, exclude: set[str]) -> None:
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


def expand_acronyms(collector: Collector, glossary: list[GlossaryEntry]) -> None:
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


def glossary_entities(collector: Collector, glossary: list[GlossaryEntry], government: frozenset[str], providers: set[str]) -> None:
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
        if head in ORG_HEADS and not generic(name):
            entity = collector.add(name, "PartnerOrganisation", term if is_acronym else name, entry.line, "glossary")
            if is_acronym:
                entity.mention(term, entry.line)
        elif re.search(r"\b(programme|requirement|course)s?$", name, re.I) and not generic(name):
            entity = collector.add(name, "Intervention", name, entry.line, "glossary")
            if is_acronym:
                entity.mention(term, entry.line)


def acronym_mentions(collector: Collector, lines: list[CleanLine], skip: set[int]) -> None:
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


def operating_models(
    collector: Collector, lines: list[CleanLine], glossary: list[GlossaryEntry], meta: ReportMeta, skip: set[int]
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


def relations(
    collector: Collector, lines: list[CleanLine], meta: ReportMeta, gazetteer: Gazetteer, tree: SectionTree
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
        if CHIEF_EXECUTIVE.search(line.text):
            crcs = [e.canonical for _, _, e in gazetteer.find(line.text) if e.type == "CRC"]
            for provider in providers:
                for other in crcs:
                    if other != provider and collector.find(provider):
                        collector.find(provider).relations.add(("sharesChiefExecutiveWith", other))

