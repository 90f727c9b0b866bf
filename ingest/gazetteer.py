"""Known organisations from data/reference: CRCs, owners, owner members, NPS divisions, probation areas."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"


@dataclass(frozen=True)
class KnownEntity:
    """An organisation with its canonical name, type, the names it goes by and what it is related to."""

    canonical: str
    type: str
    variants: tuple[str, ...]
    relations: tuple[tuple[str, str], ...] = ()
    acronyms: tuple[str, ...] = ()  # matched case-sensitively as whole words


def name_key(text: str) -> str:
    """Returns a name normalised for comparison: case, '&'/'and', 'the', punctuation, CRC spelled out or not."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    text = re.sub(r"community rehabilitation company", "crc", text)
    text = re.sub(r"national probation service", "nps", text)
    text = re.sub(r"(?<=[a-z])'s\b", "", text)  # "Children's Board" and "Children Board" are one name
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\b(the|of)\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Gazetteer:
    entities: list[KnownEntity]
    _by_key: dict[str, KnownEntity] = field(default_factory=dict)
    _pattern: re.Pattern | None = None
    _acronyms: re.Pattern | None = None
    _extra_exact: dict[str, KnownEntity] = field(default_factory=dict)
    _bare: re.Pattern | None = None
    _bare_map: dict[str, KnownEntity] = field(default_factory=dict)
    _first_words: set[str] | None = None

    def __post_init__(self) -> None:
        surfaces: dict[str, KnownEntity] = {}
        for entity in self.entities:
            for variant in (entity.canonical,) + entity.variants:
                self._by_key.setdefault(name_key(variant), entity)
                surfaces.setdefault(variant, entity)
        # One-word names ("Shelter", "Novo") are also ordinary words: they match only as printed.
        for surface, entity in list(surfaces.items()):
            if " " not in surface.strip():
                del surfaces[surface]
                if surface not in entity.acronyms:
                    self._extra_exact[surface] = entity
        # Longest names first, so "West Midlands CRC" never wins over the whole name.
        ordered = sorted(surfaces, key=len, reverse=True)
        self._surface = surfaces
        self._pattern = re.compile(
            r"(?<![\w])(" + "|".join(_flexible(s) for s in ordered) + r")(?![\w])", re.IGNORECASE
        )
        # A name can only start at a word that begins some name: the pattern is tried only there (a regex
        # of hundreds of alternatives tried at every position was most of the time of reading a report).
        firsts = [re.match(r"\w+", s) for s in ordered]
        self._first_words = {m.group(0).lower() for m in firsts if m} if all(firsts) else None
        acronyms = {a: e for e in self.entities for a in e.acronyms} | self._extra_exact
        self._acronym_map = acronyms
        self._acronyms = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, sorted(acronyms, key=len, reverse=True))) + r")(?![\w])") if acronyms else None

    def resolve(self, name: str) -> KnownEntity | None:
        """Returns the entity `name` refers to, or None."""
        key = name_key(name)
        return self._by_key.get(key) or self._acronym_map.get(name.strip())

    def find_bare_crc_names(self, text: str) -> list[tuple[int, int, KnownEntity]]:
        """Returns CRC names printed without "CRC" ("Hampshire & Isle of Wight"), for lists of CRCs."""
        if self._bare is None:
            bases = {}
            for entity in self.entities:
                if entity.type == "CRC":
                    base = re.sub(r"\s+CRC$", "", entity.canonical)
                    bases[base] = entity
                    bases[base.replace("& Isle", "& the Isle")] = entity
            ordered = sorted(bases, key=len, reverse=True)
            self._bare_map = {name_key(b): e for b, e in bases.items()}
            self._bare = re.compile(r"(?<![\w])(" + "|".join(_flexible(b) for b in ordered) + r")(?![\w])")
        found = []
        for match in self._bare.finditer(text):
            if re.search(r"England\s+(?:and|&)\s+$", text[: match.start()]):
                continue  # "England and Wales" is a jurisdiction, not Wales CRC
            entity = self._bare_map.get(name_key(match.group(0)))
            if entity is not None:
                found.append((match.start(), match.end(), entity))
        return found

    def find(self, text: str) -> list[tuple[int, int, KnownEntity]]:
        """Returns (start, end, entity) for every known name in `text`, left to right, without overlaps."""
        found = []
        taken: list[tuple[int, int]] = []
        for matches in (self._names_in(text), self._acronyms.finditer(text) if self._acronyms else ()):
            for match in matches:
                span = match.span()
                if any(s < span[1] and span[0] < e for s, e in taken):
                    continue
                entity = self.resolve(match.group(0))
                if entity is not None:
                    found.append((span[0], span[1], entity))
                    taken.append(span)
        return sorted(found, key=lambda item: item[0])


    def _names_in(self, text: str) -> list[re.Match]:
        """The matches of the names pattern in `text`, as `finditer` gives them (left to right, none overlapping)."""
        if self._first_words is None:
            return list(self._pattern.finditer(text))
        found: list[re.Match] = []
        end = 0
        for word in _WORD.finditer(text):
            if word.start() >= end and word.group(0).lower() in self._first_words:
                if match := self._pattern.match(text, word.start()):
                    found.append(match)
                    end = match.end()
        return found


_WORD = re.compile(r"\w+")


def _flexible(surface: str) -> str:
    """Returns a pattern for a name that accepts '&' or 'and', and any spacing."""
    parts = []
    for token in re.split(r"(\s+|&|\band\b)", surface):
        if not token or token.isspace():
            parts.append(r"\s+" if token else "")
        elif token in ("&", "and"):
            parts.append(r"(?:&|and)")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def _crc_entities(rows: list[dict]) -> list[KnownEntity]:
    entities = []
    for row in rows:
        name = row["name"].strip()
        base = re.sub(r"\s+CRC$", "", name)
        variants = {
            f"{base} CRC",
            f"{base} Community Rehabilitation Company",
            f"{base.replace('&', 'and')} CRC",
            f"{base.replace('&', 'and')} Community Rehabilitation Company",
        }
        if " & " in base and "Isle of Wight" in base:
            variants.add(f"{base.replace('& Isle', '& the Isle')} CRC")
        acronyms = ()
        short = row.get("short_name", "").strip()
        if short:
            variants |= {f"{short} CRC"}
            acronyms = (short,)
        relations = []
        if row.get("owner_at_2015_share_sale"):
            relations.append(("ownedBy", _owner_name(row["owner_at_2015_share_sale"])))
        entities.append(KnownEntity(name, "CRC", tuple(sorted(variants - {name})), tuple(relations), acronyms))
    return entities


def _owner_name(text: str) -> str:
    return re.sub(r"\s*\(.*?\)\s*", "", text).strip()


def _split_list(text: str) -> list[str]:
    return [p.strip().strip('"') for p in text.split(";") if p.strip()]


@lru_cache(maxsize=1)
def load_gazetteer(folder: str = str(REFERENCE)) -> Gazetteer:
    """Returns the gazetteer built from the reference tables in `folder`."""
    root = Path(folder)

    def rows(name: str) -> list[dict]:
        with (root / name).open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    entities = _crc_entities(rows("crcs.csv"))
    for row in rows("owners.csv"):
        variants = tuple(_split_list(row.get("variants", "")))
        acronyms = tuple(v for v in variants if v.isupper() and len(v) <= 5)
        members = tuple(("hasMember", m) for m in _split_list(row.get("members", "")) if m != row["name"])
        entities.append(KnownEntity(row["name"], "Owner", tuple(v for v in variants if v not in acronyms), members, acronyms))
    for row in rows("members.csv"):
        variants = tuple(_split_list(row.get("variants", "")))
        acronyms = tuple(v for v in variants if v.isupper() and len(v) <= 4)
        if row["name"].isupper() or re.match(r"^[0-9A-Z]{2,4}$", row["name"]):
            acronyms += (row["name"],)
        entities.append(KnownEntity(row["name"], "OwnerMember", tuple(v for v in variants if v not in acronyms), (), acronyms))
    for row in rows("nps_divisions.csv"):
        region = row["short_name"]
        forms = {region, region.replace("&", "and")}
        variants = set()
        for form in forms:
            variants |= {
                f"NPS {form} division",
                f"{form} division of the NPS",
                f"{form} division of the National Probation Service",
                f"National Probation Service {form} division",
                f"National Probation Service ({form})",
                f"NPS {form}",
                f"{form} NPS",
            }
        entities.append(KnownEntity(row["name"], "NPSDivision", tuple(sorted(variants - {row["name"]}))))
    for row in rows("probation_areas.csv"):
        area = row["area"]
        for kind in ("Area", "Trust"):
            canonical = f"{area} Probation {kind}"
            variants = {f"{area.replace(' and ', ' & ')} Probation {kind}"} - {canonical}
            if kind == "Area":
                # The area's governing board speaks for it in the reports of 2001-2010.
                variants |= {f"{area} Probation Board"}
            entities.append(KnownEntity(canonical, "ProbationArea", tuple(sorted(variants))))
    return Gazetteer(entities)
