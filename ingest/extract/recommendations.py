"""Recommendations: number, text and the provider(s) each is addressed to."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.extract.meta import ReportMeta
from ingest.gazetteer import Gazetteer
from ingest.normalise import CleanLine
from ingest.sections import SectionTree

_HEADING = re.compile(r"^(?:\d+\.?\s+)?recommendations?(?: for improvement)?$", re.IGNORECASE)
_ITEM = re.compile(r"^(?P<number>\d{1,2})[.)]\s+(?P<text>\S.*)$")
_ADDRESSEE = re.compile(r"^(?P<who>.+?)\s+(?:should|must|needs? to)\s*:?\s*$", re.IGNORECASE)
_GENERIC = [
    (re.compile(r"\b(community rehabilitation company|crc)\b", re.IGNORECASE), "CRC"),
    (re.compile(r"\b(national probation service|nps)\b", re.IGNORECASE), "NPSDivision"),
    (re.compile(r"\b(probation area|probation trust|the area)\b", re.IGNORECASE), "ProbationArea"),
]


@dataclass(frozen=True)
class Recommendation:
    number: int
    text: str
    line: int
    addressees: tuple[str, ...]
    addressee_as_printed: str | None
    addressee_line: int | None
    end_line: int

    @property
    def addressee(self) -> str:
        return " and ".join(self.addressees)

    def to_json(self) -> dict:
        data = asdict(self)
        data["addressees"] = list(self.addressees)
        data["addressee"] = self.addressee
        return data


def extract_recommendations(
    lines: list[CleanLine], tree: SectionTree, meta: ReportMeta, gazetteer: Gazetteer
) -> list[Recommendation]:
    """Returns the numbered recommendations of every section headed "Recommendations"."""
    spans = [(s.line, s.end_line) for s in tree.sections if "recommendation" in s.title.lower()]
    if not spans:
        # No heading was recognised: a line reading "Recommendations" still opens the list.
        starts = [l.number for l in lines if _HEADING.match(l.text)]
        spans = [(start, min(start + 60, len(lines))) for start in starts]
    found: list[Recommendation] = []
    for start, end in spans:
        addressees: tuple[str, ...] = tuple(p.canonical for p in meta.providers)
        printed: str | None = None
        printed_line: int | None = None
        current: dict | None = None
        for line in lines[start : end]:
            if not line.text:
                continue
            if (who := _ADDRESSEE.match(line.text)) and not _ITEM.match(line.text):
                if current:
                    found.append(Recommendation(**current))
                addressees = resolve_addressees(who.group("who"), meta, gazetteer)
                printed, printed_line = line.text, line.number
                current = None
                continue
            item = _ITEM.match(line.text)
            if item:
                if current:
                    found.append(Recommendation(**current))
                current = {
                    "number": int(item.group("number")),
                    "text": item.group("text"),
                    "line": line.number,
                    "addressees": addressees,
                    "addressee_as_printed": printed,
                    "addressee_line": printed_line,
                    "end_line": line.number,
                }
            elif current and not line.bullet and line.number == current["end_line"] + 1:
                # A recommendation continued on the next line.
                current["text"] += " " + line.text
                current["end_line"] = line.number
        if current:
            found.append(Recommendation(**current))
    unique: dict[tuple[int, int], Recommendation] = {(r.number, r.line): r for r in found}
    return sorted(unique.values(), key=lambda r: r.line)


def resolve_addressees(printed: str, meta: ReportMeta, gazetteer: Gazetteer) -> tuple[str, ...]:
    """Returns canonical providers for an addressee line such as "The CRC and NPS"."""
    names: list[str] = []
    rest = printed
    for start, end, entity in gazetteer.find(printed):
        names.append(entity.canonical)
        rest = rest.replace(printed[start:end], " ")
    for part in re.split(r",|\band\b|&", rest):
        for pattern, provider_type in _GENERIC:
            if pattern.search(part):
                provider = meta.provider_of_type(provider_type)
                names.append(provider.canonical if provider else part.strip())
                break
    if not names:
        names.append(re.sub(r"^the\s+", "", printed.strip(), flags=re.IGNORECASE))
    return tuple(dict.fromkeys(names))
