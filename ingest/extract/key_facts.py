"""Key facts: the figures of a report's key-facts pages and contextual tables, and every figure stated in its text."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.normalise import CleanLine, clean_text
from ingest.sections import SectionTree
from ingest.text import split_sentences

_FACT_SECTIONS = re.compile(r"key facts|contextual facts|contextual information|background data|facts and figures", re.I)
_NUMBER = r"(?:£\s?)?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?:£\s?)?\d+(?:\.\d+)?"
_VALUE = re.compile(rf"(?<![\w.£])(?P<value>(?:{_NUMBER})(?:\s?%|\s?(?:m|bn|million|billion)\b|(?:st|nd|rd|th)\b)?(?:\s*\(\d[\d,]*\))?)(?![\w.]*\d)")
_VALUE_ONLY = re.compile(rf"^(?P<value>(?:{_NUMBER})\s?(?:%|m|bn)?(?:\s*\(of \d+\))?)\s*(?:\*\*)?$")
_BULLET_VALUE = re.compile(rf"^(?P<value>(?:{_NUMBER})\s?(?:%|m|bn)?(?:\s*\(of \d+\))?)\s*\*\*\s*(?P<description>\S.*)$")
_DATE = re.compile(r"\b(?P<value>\d{1,2}(?:st|nd|rd|th)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:19|20)\d\d)\b")
_WORD_NUMBER = re.compile(r"\b(?P<value>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?=[a-z]+)", re.I)
_DURATION = re.compile(r"\s*(days?|weeks?|months?|years?|hours?)\b", re.I)
_SKIP_AFTER = re.compile(r"^\s*(?:per cent|percent)\b", re.I)


@dataclass(frozen=True)
class KeyFact:
    value: str
    description: str
    line: int
    section: str
    kind: str  # key fact, comparator, contextual, figure, date
    description_line: int | None = None
    source_footnote: str | None = None
    unit: str | None = None  # "days" for "15 days"

    @property
    def stated(self) -> str:
        """The value as the report states it, with its unit."""
        return f"{self.value} {self.unit}" if self.unit else self.value

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def extract_key_facts(lines: list[CleanLine], tree: SectionTree) -> list[KeyFact]:
    """Returns the key facts of the key-facts pages first, then every other figure in the text."""
    facts: list[KeyFact] = []
    taken: set[int] = set()
    skip = set(range(tree.contents_lines[0], tree.contents_lines[1] + 1)) if tree.contents_lines else set()
    for section in tree.sections:
        # The subtitle may sit on the line under the heading ("APPENDIX 1" / "Contextual information").
        subtitle = next((l.text for l in lines[section.line : section.line + 3] if l.text), "")
        if not (_FACT_SECTIONS.search(section.title) or (len(subtitle) < 60 and _FACT_SECTIONS.search(subtitle))):
            continue
        span = lines[section.line : section.end_line]
        facts += _fact_page(span, section.title, taken)
    for line in lines:
        if line.number in taken or line.number in skip or not line.text:
            continue
        section = tree.section_at(line.number)
        if section and line.number == section.line:
            continue  # headings carry numbers of their own ("2.3. Implementation")
        name = section.title if section else "Front matter"
        facts += _figures(line, name)
    return facts


def _fact_page(span: list[CleanLine], section: str, taken: set[int]) -> list[KeyFact]:
    facts = []
    for index, line in enumerate(span):
        if not line.text:
            continue
        if match := _VALUE_ONLY.match(line.text):
            description = next((l for l in span[index + 1 : index + 4] if l.text), None)
            if description is None or _VALUE_ONLY.match(description.text):
                continue
            facts.append(KeyFact(_tidy(match.group("value")), _describe(description.text), line.number, section,
                                 "key fact", description.number, " ".join(description.footnotes) or None))
            facts += _comparators(description, section, exclude=match.group("value"))
            taken.update({line.number, description.number})
        elif match := _BULLET_VALUE.match(line.raw.strip().lstrip("-•").strip()):
            value = _tidy(clean_text(match.group("value")))
            description = clean_text(match.group("description"))
            facts.append(KeyFact(value, _describe(description), line.number, section, "key fact", None,
                                 " ".join(line.footnotes) or None))
            facts += _comparators(line, section, exclude=value, text=description)
            taken.add(line.number)
        elif len(line.cells) >= 2 and (value := _leading_value(line.cells[-1])):
            facts.append(KeyFact(value, _describe(" ".join(line.cells[:-1]).rstrip(":")), line.number, section, "contextual"))
            taken.add(line.number)
    return facts


def _leading_value(cell: str) -> str | None:
    """Returns the value that opens a table cell ("286 currently under …" -> "286")."""
    if not re.match(r"^(?:£|\d)", cell) and not re.match(r"^information not available$", cell, re.I):
        return None
    if cell.lower() == "information not available":
        return cell
    match = _VALUE.match(cell)
    return _tidy(match.group("value")) if match else None


def _comparators(line: CleanLine, section: str, exclude: str, text: str | None = None) -> list[KeyFact]:
    """Other figures quoted inside a key fact's description: national averages, targets."""
    text = text if text is not None else line.text
    found = []
    for match in _VALUE.finditer(text):
        value = _tidy(match.group("value"))
        if value == _tidy(exclude) or not (value.endswith("%") or value.startswith("£")):
            continue
        found.append(KeyFact(value, _describe(_sentence_around(text, match.start())), line.number,
                             f"{section} (comparator)", "comparator"))
    return found


def _figures(line: CleanLine, section: str) -> list[KeyFact]:
    """Every figure stated in a line of text, described by its sentence."""
    facts = []
    text = line.text
    for pattern, kind in ((_DATE, "date"), (_VALUE, "figure"), (_WORD_NUMBER, "figure")):
        for match in pattern.finditer(text):
            value = _tidy(match.group("value"))
            if kind == "figure" and not _is_figure(text, match):
                continue
            duration = _DURATION.match(text, match.end())
            unit = duration.group(1).lower() if kind == "figure" and duration and not value.endswith("%") else None
            facts.append(KeyFact(value, _describe(_sentence_around(text, match.start())), line.number, section, kind, unit=unit))
            continue
            facts.append(KeyFact(value, _describe(_sentence_around(text, match.start())), line.number, section, kind))
    return facts


def _is_figure(text: str, match: re.Match) -> bool:
    value = match.group("value")
    plain = value.replace(",", "")
    before = text[: match.start()]
    after = text[match.end() :]
    if re.fullmatch(r"(?:19|20)\d\d", plain) or re.match(r"^[/–-]\d", after) or re.search(r"(?:19|20)\d\d[/–-]$", before):
        return False  # years and year ranges
    if re.match(r"^\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b", after):
        return False  # part of a date, taken whole by the date pattern
    if re.search(r"\b(?:Table|Chart|Figure|Annex|Appendix|page|section|standard|question|criterion|recommendation|Level|Tier)\s*$", before, re.I):
        return False
    if re.fullmatch(r"\d\.\d(?:\.\d)?", plain):
        return False  # standard and question numbers
    return True


def _sentence_around(text: str, position: int) -> str:
    for sentence in split_sentences(text):
        if sentence.start <= position < sentence.end:
            return sentence.text
    return text


def _tidy(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _describe(text: str, max_words: int = 40) -> str:
    words = clean_text(text).split()
    return " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")
