"""Glossary and abbreviation lists: term -> definition, also used to expand acronyms."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.normalise import CleanLine, clean_text
from ingest.sections import SectionTree

_GLOSSARY_SECTION = re.compile(r"glossary|abbreviations|acronyms", re.I)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str
    line: int
    end_line: int

    def to_json(self) -> dict:
        return asdict(self)


def extract_glossary(lines: list[CleanLine], tree: SectionTree) -> list[GlossaryEntry]:
    """Returns the "term<TAB>definition" rows of every glossary or abbreviations section."""
    entries: list[GlossaryEntry] = []
    for section in tree.sections:
        if not _GLOSSARY_SECTION.search(section.title):
            continue
        current: GlossaryEntry | None = None
        for line in lines[section.line : section.end_line]:
            if not line.text:
                continue
            raw = line.raw
            if raw.startswith("\t") and current is not None:
                # A definition carried on to a line of its own, indented under it.
                current = GlossaryEntry(current.term, f"{current.definition} {line.text}", current.line, line.number)
                continue
            cells = [clean_text(c) for c in raw.split("\t")]
            cells = [c for c in cells if c]
            if len(cells) >= 2 and len(cells[0].split()) <= 8:
                if current is not None:
                    entries.append(current)
                current = GlossaryEntry(cells[0], " ".join(cells[1:]), line.number, line.number)
            elif current is not None and line.number == current.end_line + 1 and not line.bullet:
                current = GlossaryEntry(current.term, f"{current.definition} {line.text}", current.line, line.number)
        if current is not None:
            entries.append(current)
    return entries


def acronym_expansions(entries: list[GlossaryEntry]) -> dict[str, str]:
    """Returns acronym -> expansion for glossary terms that are acronyms ("RAR" -> "Rehabilitation activity requirement")."""
    expansions = {}
    for entry in entries:
        term = entry.term.strip()
        if re.fullmatch(r"[A-Z][A-Za-z0-9&/-]{1,9}s?", term) and sum(c.isupper() for c in term) >= 2:
            expansions[term] = entry.definition.split(". ")[0].split(": ")[0].strip()
    return expansions
