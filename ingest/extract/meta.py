"""Report metadata: title, providers inspected, framework, dates, inspectors."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from ingest.gazetteer import Gazetteer, KnownEntity
from ingest.metadata import report_title
from ingest.normalise import CleanLine
from ingest.sections import SectionTree
from ingest.sources import Document

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
    start=1)}
_MONTH_YEAR = re.compile(r"\b(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_LED_BY = re.compile(r"(?:inspection was led by|^Lead Inspector)\s*(?:HM Inspector\s+|HMI\s+)?(?P<name>[A-Z][a-z'’-]+(?:\s+(?:Mc|Mac)?[A-Z][a-z'’-]+){1,2})")
_CHIEF = re.compile(r"^(?P<name>.*?)\s*(?:HM\s+)?Chief Inspector of Probation$", re.IGNORECASE)
_FIELDWORK = re.compile(r"^Fieldwork (?:started|took place|was carried out)[:\s]+(?P<date>\S.*)$", re.IGNORECASE)

PROVIDER_TYPES = ("CRC", "NPSDivision", "ProbationArea")
FRAMEWORKS = {
    "rated": "Rated inspection (standards rated Outstanding, Good, Requires improvement or Inadequate)",
    "omi": "Offender Management Inspection (criteria scored as percentages; section 4 judged well met to not met)",
    "qi": "Quality & Impact inspection (narrative judgements per domain for the CRC and the NPS division)",
}


@dataclass(frozen=True)
class Provider:
    canonical: str
    provider_type: str
    variants: tuple[str, ...]
    lines: tuple[int, ...]

    def to_json(self) -> dict:
        return {"canonical": self.canonical, "provider_type": self.provider_type,
                "variants": list(self.variants), "lines": list(self.lines)}


@dataclass
class ReportMeta:
    title: str
    framework: str | None = None
    inspection_type: str | None = None
    providers: list[Provider] = field(default_factory=list)
    publication_date: str | None = None
    publication_date_as_printed: str | None = None
    publication_date_line: int | None = None
    fieldwork_date: str | None = None
    fieldwork_date_as_printed: str | None = None
    fieldwork_date_line: int | None = None
    lead_inspector: str | None = None
    lead_inspector_line: int | None = None
    chief_inspector: str | None = None
    chief_inspector_line: int | None = None
    overall_rating: str | None = None
    overall_rating_line: int | None = None
    document_kind: str = "full-report"
    inspection_kind: str = "other"

    def provider_of_type(self, provider_type: str) -> Provider | None:
        return next((p for p in self.providers if p.provider_type == provider_type), None)

    def to_json(self) -> dict:
        data = asdict(self)
        data["provider_names"] = [p.to_json() for p in self.providers]
        del data["providers"]
        data["provider_type"] = " and ".join(p.provider_type for p in self.providers) or None
        data["inspectorate"] = "HM Inspectorate of Probation"
        return data


def month_year(text: str) -> tuple[str, str] | None:
    """Returns ("2018-09", "SEPTEMBER 2018") for the first month and year in `text`."""
    match = _MONTH_YEAR.search(text)
    if not match:
        return None
    return f"{match.group('year')}-{_MONTHS[match.group('month').lower()]:02d}", match.group(0)


def extract_meta(document: Document, lines: list[CleanLine], tree: SectionTree, gazetteer: Gazetteer) -> ReportMeta:
    """Returns the metadata printed on a report's title page, foreword and acknowledgements."""
    meta = ReportMeta(title=report_title(document))
    first_section = tree.sections[0].line if tree.sections else min(len(lines), 60)
    for line in lines[: max(first_section, 20)]:
        if (found := month_year(line.text)) and len(line.text) <= 40:
            meta.publication_date, meta.publication_date_as_printed = found
            meta.publication_date_line = line.number
            break
    if meta.publication_date is None:
        # No date on the title page: the copyright line still gives the year.
        for line in lines[:120]:
            if match := re.match(r"^©\s*Crown copyright\s+(?P<year>(?:19|20)\d\d)", line.text):
                meta.publication_date, meta.publication_date_as_printed = match.group("year"), line.text
                meta.publication_date_line = line.number
                break
    for index, line in enumerate(lines):
        if meta.fieldwork_date is None and line.text.lower().startswith("fieldwork"):
            # The date may follow the label on the same line or on the next non-empty one.
            following = next((l for l in lines[index + 1 : index + 4] if l.text), None)
            candidates = [line] + ([following] if following else [])
            match = _FIELDWORK.match(line.text) or re.match(r"^Fieldwork (?:started|took place)\s*:?\s*$", line.text, re.I)
            for candidate in candidates if match else []:
                if found := month_year(candidate.text):
                    meta.fieldwork_date, meta.fieldwork_date_line = found[0], candidate.number
                    meta.fieldwork_date_as_printed = found[1] if candidate is not line else line.text
                    break
        if meta.lead_inspector is None and (match := _LED_BY.search(line.cells[0] + " " + " ".join(line.cells[1:]) if line.cells else "")):
            meta.lead_inspector, meta.lead_inspector_line = match.group("name"), line.number
        if meta.chief_inspector is None and (match := _CHIEF.match(line.text)):
            name = match.group("name").strip(" *")
            number = line.number
            if not name:
                previous = next((l for l in reversed(lines[max(0, line.number - 4) : line.number - 1]) if l.text), None)
                name, number = (previous.text.strip(" *"), previous.number) if previous else ("", line.number)
            if 1 < len(name.split()) <= 4:
                meta.chief_inspector = name.title() if name.isupper() else name
                meta.chief_inspector_line = number
    meta.providers = _providers_inspected(meta.title, lines, tree, gazetteer)
    return meta


def _providers_inspected(title: str, lines: list[CleanLine], tree: SectionTree, gazetteer: Gazetteer) -> list[Provider]:
    """Providers named in the title, else those the opening section names most."""
    mentions: dict[str, list[tuple[int, str]]] = {}
    entities: dict[str, KnownEntity] = {}
    for line in lines:
        for start, end, entity in gazetteer.find(line.text):
            if entity.type in PROVIDER_TYPES:
                mentions.setdefault(entity.canonical, []).append((line.number, line.text[start:end]))
                entities[entity.canonical] = entity
    chosen = [e.canonical for _, _, e in gazetteer.find(title) if e.type in PROVIDER_TYPES]
    if not chosen:
        opening_end = _opening_end(tree, len(lines))
        counts = Counter(
            name for name, hits in mentions.items() for number, _ in hits if number <= opening_end
        )
        by_type: dict[str, str] = {}
        for name, _ in counts.most_common():
            by_type.setdefault(entities[name].type, name)
        chosen = list(by_type.values())
    providers = []
    for name in dict.fromkeys(chosen):
        hits = mentions.get(name, [])
        variants = tuple(dict.fromkeys(surface for _, surface in hits))
        providers.append(Provider(name, entities[name].type if name in entities else "CRC", variants,
                                  tuple(dict.fromkeys(n for n, _ in hits))[:8]))
    return providers


def _opening_end(tree: SectionTree, last_line: int) -> int:
    """Returns the last line of the title page and foreword, where a report names whom it inspected."""
    top = tree.top_level()
    return top[1].line - 1 if len(top) > 1 else last_line


def detect_framework(scores, lines: list[CleanLine]) -> str | None:
    """Returns 'rated', 'omi' or 'qi' from what the report scores, or None for an unknown layout."""
    scales = Counter(r.scale for r in scores.ratings)
    if scales["rating"] or scores.key_questions:
        return "rated"
    if scales["percent"] or scales["met"]:
        return "omi"
    if scales["narrative"]:
        return "qi"
    text = " ".join(l.text for l in lines[:80]).lower()
    if "quality & impact" in text or "quality and impact" in text:
        return "qi"
    if "offender management inspection" in text:
        return "omi"
    return None
