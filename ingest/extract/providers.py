"""Every provider a text names, of every era: CRCs, NPS divisions, probation areas and trusts, PDUs, regions.

Names are found by the gazetteer (the reference data) and by patterns of the prose that hold for names the
reference data does not list: "<Name> Probation Delivery Unit (PDU)", "<Name> region", "the Probation
Service", "the CRC in <area>", a CRC name whose place words were damaged by text extraction. The reference
data resolves what the patterns find; it never decides whether a name is there.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.gazetteer import REFERENCE, Gazetteer, name_key
from ingest.normalise import CleanLine

# The ontology classes of inspected providers, of every era; every layer above reads this one list.
PROVIDER_TYPES = ("CRC", "NPSDivision", "ProbationArea", "ProbationTrust", "PDU", "Region", "ProbationService")
# Provider types as the command-line contract names them (shared/DESIGN.md).
CONTRACT_TYPE = {"CRC": "CRC", "NPSDivision": "NPS division", "ProbationArea": "probation area", "PDU": "PDU",
                 "Region": "region", "ProbationService": "Probation Service", "ProbationTrust": "probation trust",
                 "Other": "other"}

# A run of capitalised words, joined by spaces, commas or "and"/"&" ("Redcar, Cleveland and Middlesbrough").
_WORD = r"(?!(?:PDUs?|CRCs?|NPS|Probation|Delivery|Unit|Service|Community|The|In|At|For|Our|This|Across|And)\b)[A-Z](?:[\w'’-]*\w)?"
_NAME = rf"{_WORD}(?:(?:,\s*|\s+(?:and|&)\s+|\s+){_WORD})*"
_PDU = re.compile(rf"(?P<name>{_NAME})\s+(?:\([A-Z]{{2,6}}\)\s+)?(?:Probation Delivery Unit|PDU)s?\b")
_PDU_IN = re.compile(rf"Probation Delivery Units?\s*\(PDUs?\*?\),?\s+in\s+(?P<name>{_NAME})")
_REGION = re.compile(rf"(?P<name>{_NAME})\s+region\b")
_PROBATION_SERVICE = re.compile(r"\bthe Probation Service\b(?!s)|(?<!National )\bProbation Service\s+[–-]\s+")
_NPS = re.compile(r"\bNational Probation Service\b|\bNPS\b")
_TRUST = re.compile(rf"(?P<name>{_NAME})\s+Probation Trust\b")
_ANAPHORA_TRUST = re.compile(r"\bthe probation trust\b", re.IGNORECASE)
_CRC_WORDS = re.compile(r"\b(?:CRC|Community Rehabilitation Company)\b")
_IN_AREA = re.compile(rf"\b(?:CRC|Community Rehabilitation Company|NPS|National Probation Service(?:\s*\(NPS\))?)['’]?s?"
                      rf"(?:\s+(?:work|CRCs?))?\s+in\s+(?P<areas>{_NAME})")
# "Sodexo's work in Northamptonshire and Suffolk", "Sodexo's CRC in South Yorkshire": the CRCs of those areas.
OWNER_AREAS = re.compile(rf"['’]s\s+(?:CRCs?|work)\s+in\s+(?P<areas>{_NAME})")
_DIVISION = re.compile(rf"\b(?:its|the)\s+(?P<name>{_NAME})\s+[Dd]ivision\b")
_TITLE_AREA = re.compile(rf"\bin:?\s+(?P<name>{_NAME})(?=\s*(?:[-–,:]|$))")


@dataclass(frozen=True)
class NamedProvider:
    """A provider a text names: canonical name, type (CRC, NPSDivision, PDU, Region, …) and first line."""

    name: str
    type: str
    line: int

    def to_json(self) -> dict:
        return {"name": self.name, "type": CONTRACT_TYPE.get(self.type, "other"), "line": self.line}


@dataclass(frozen=True)
class Area:
    """A police area of 2014-2021 and the CRC and NPS division that served it."""

    name: str
    crc: str
    nps_division: str


@lru_cache(maxsize=1)
def load_areas() -> dict[str, Area]:
    """Returns the areas of data/reference/areas.csv by the key of each of their names."""
    areas = {}
    with (REFERENCE / "areas.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            area = Area(row["area"], row["crc"], row["nps_division"])
            for name in [row["area"]] + [v.strip() for v in row["variants"].split(";") if v.strip()]:
                areas[name_key(name)] = area
    return areas


def areas_in(text: str) -> list[Area]:
    """Returns the known areas a list of place names ("Northamptonshire and Suffolk") names, in order."""
    found = []
    for part in re.split(r",\s*|\s+(?:and|&)\s+", text):
        area = load_areas().get(name_key(part))
        if area is not None and area not in found:
            found.append(area)
    if not found and (whole := load_areas().get(name_key(text))) is not None:
        found.append(whole)  # "Avon and Somerset" is one area
    return found


def subject_area(title: str) -> Area | None:
    """Returns the area a title is about ("Probation services in Gwent - …"), if it names a known one."""
    match = _TITLE_AREA.search(title)
    found = areas_in(match.group("name")) if match else []
    return found[0] if len(found) == 1 else None


def damaged_crc(words: str, gazetteer: Gazetteer) -> str | None:
    """Returns the one CRC whose name holds every place word printed before "CRC" (text extraction may have
    dropped some: "Humberside, & North"), or None."""
    printed = {w for w in re.findall(r"[A-Z][a-z]+", words) if w not in {"The", "An", "In", "Of", "Inspection"}}
    if not printed:
        return None
    fits = [e.canonical for e in gazetteer.entities if e.type == "CRC"
            and printed <= set(re.findall(r"[A-Z][a-z]+", e.canonical))]
    return fits[0] if len(fits) == 1 else None


def find_providers(lines: list[CleanLine], title: str, gazetteer: Gazetteer) -> list[NamedProvider]:
    """Returns every provider the text names, each once at its first line, in order of first mention."""
    found: dict[str, NamedProvider] = {}
    position: dict[str, tuple[int, int]] = {}

    def add(name: str, kind: str, line: int, at: int = 0) -> None:
        if name_key(name) not in {name_key(n) for n in found}:
            found[name] = NamedProvider(name, kind, line)
            position[name] = (line, at)

    area = subject_area(title)
    for line in lines:
        text = line.text
        for start, _, entity in gazetteer.find(text):
            if entity.type in ("CRC", "NPSDivision"):
                add(entity.canonical, entity.type, line.number, start)
            elif entity.type == "ProbationArea":
                add(entity.canonical, "ProbationTrust" if entity.canonical.endswith("Trust") else "ProbationArea",
                    line.number, start)
        for match in _CRC_WORDS.finditer(text):
            # Only the words printed right before "CRC" can be its name ("Humberside, & North CRC").
            before = re.search(r"(?:(?:[A-Z][\w'’-]*|,|&|and)\s*)*$", text[max(0, match.start() - 80): match.start()])
            if not gazetteer.find(text[max(0, match.start() - 80): match.end()]) and \
                    (crc := damaged_crc(before.group(0), gazetteer)):
                add(crc, "CRC", line.number, match.start())
        for pattern in (_PDU, _PDU_IN):
            for match in pattern.finditer(text):
                add(f"{match.group('name')} PDU", "PDU", line.number, match.start())
        for match in _REGION.finditer(text):
            add(f"{match.group('name')} region", "Region", line.number, match.start())
        if service := _PROBATION_SERVICE.search(text):
            add("Probation Service", "ProbationService", line.number, service.start())
        for match in _TRUST.finditer(text):
            add(f"{match.group('name')} Probation Trust", "ProbationTrust", line.number, match.start())
        for match in _IN_AREA.finditer(text):
            nps = match.group(0).startswith(("NPS", "National"))
            for place in areas_in(match.group("areas")):
                add(place.nps_division if nps else place.crc, "NPSDivision" if nps else "CRC", line.number,
                    match.start())
        for match in OWNER_AREAS.finditer(text):
            for place in areas_in(match.group("areas")):
                add(place.crc, "CRC", line.number, match.start())
        for match in _DIVISION.finditer(text):
            if division := _division_named(match.group("name"), gazetteer):
                add(division, "NPSDivision", line.number, match.start())
        if area is not None:
            _add_by_area(text, area, line.number, add)
    modern = not any(p.type in ("CRC", "NPSDivision", "ProbationArea", "ProbationTrust") for p in found.values())
    said = next((l for l in lines if re.search(r"\b[Tt]he region\b", l.text)), None)
    if modern and said is not None and not any(p.type == "Region" for p in found.values()):
        # "The region's work …" in a Probation Service text whose title names a place: that place is the region.
        if match := _TITLE_AREA.search(title):
            add(f"{match.group('name')} region", "Region", said.number)
    if not any(p.type == "NPSDivision" for p in found.values()):
        if line := next((l for l in lines if _NPS.search(l.text)), None):
            add("National Probation Service", "Other", line.number, _NPS.search(line.text).start())
    return sorted(found.values(), key=lambda p: position[p.name])


def _add_by_area(text: str, area: Area, number: int, add) -> None:
    """Resolves "the CRC", "the NPS" and "the probation trust" of a text about one area."""
    if crc := re.search(r"\b(?:CRC|Community Rehabilitation Company)\b", text):
        add(area.crc, "CRC", number, crc.start())
    if nps := _NPS.search(text):
        add(area.nps_division, "NPSDivision", number, nps.start())
    if trust := _ANAPHORA_TRUST.search(text):
        add(f"{area.name} Probation Trust", "ProbationTrust", number, trust.start())


def _division_named(words: str, gazetteer: Gazetteer) -> str | None:
    """Returns the NPS division whose region holds every word printed ("South West & Central"), if one does."""
    printed = set(re.findall(r"[A-Z][a-z]+", words))
    fits = [e.canonical for e in gazetteer.entities if e.type == "NPSDivision"
            and printed and printed <= set(re.findall(r"[A-Z][a-z]+", e.canonical.removeprefix("NPS ")))]
    return fits[0] if len(fits) == 1 else None
