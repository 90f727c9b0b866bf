"""Synthetic inspection reports for scale tests: the bundled reports' structure, other providers, names and figures.

Each synthetic report is one of the bundled reports with its inspected provider (and that provider's owner)
replaced by another of the 21 CRCs or 42 probation areas, its people renamed, and its percentages and counts
redrawn. Lines are kept one for one, so every reader (sections, tables, ratings, key questions) meets the
layouts it meets in real reports, and every file is different from every other.
"""
from __future__ import annotations

import csv
import random
import re
from pathlib import Path

from ingest.gazetteer import REFERENCE

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "reports"
_PERCENT = re.compile(r"(?<![\d.])(\d{1,2})(?=\s?%)")
# Counts, not page numbers ("Key facts<TAB>12", "Staff.....15" end a contents line and are kept).
_COUNT = re.compile(r"(?<![\d.,/£\t-])(\d{2,3}(?:,\d{3})*|\d{4,})(?![\d.,/%]|\s?(?:per cent)|\s*$)", re.M)
_RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
_FIRST = ("Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Nico", "Ash", "Rowan", "Sasha")
_LAST = ("Ahmed", "Brennan", "Clarke", "Dlamini", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones", "Khan", "Lowe")


def _rows(name: str) -> list[dict]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _stem(name: str) -> str:
    return re.sub(r"\s+(CRC|Probation Area|Probation Trust)$", "", name)


def _spellings(stem: str) -> list[str]:
    """"Cumbria & Lancashire" is also printed "Cumbria and Lancashire"."""
    return list(dict.fromkeys([stem, stem.replace(" & ", " and "), stem.replace(" and ", " & ")]))


def _template_providers() -> dict[str, tuple[str, str | None]]:
    """Template file -> (the provider stem it inspects, that provider's owner), from the reference data."""
    crcs = {_stem(r["name"]): r["owner_at_2015_share_sale"] for r in _rows("crcs.csv")}
    found = {}
    for path in sorted(TEMPLATES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        # The inspected provider is the one the report names most often.
        counts = {stem: sum(text.count(v) for v in _spellings(stem)) for stem in crcs}
        stem = max(counts, key=lambda s: (counts[s] * len(s), len(s)))
        if counts[stem]:
            found[path.name] = (stem, crcs[stem])
    return found


def generate(count: int, folder: Path, seed: int = 20261122) -> list[Path]:
    """Writes `count` synthetic reports into `folder` and returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    templates = _template_providers()
    crcs = _rows("crcs.csv")
    names = sorted(templates)
    paths = []
    for number in range(count):
        rng = random.Random(seed * 100_003 + number)
        template = names[number % len(names)]
        stem, owner = templates[template]
        target = crcs[rng.randrange(len(crcs))]
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        for spelling in _spellings(stem):
            text = text.replace(spelling, _stem(target["name"]))
        if owner and target["owner_at_2015_share_sale"]:
            text = text.replace(owner, target["owner_at_2015_share_sale"])
        text = _PERCENT.sub(lambda m: str(rng.randint(5, 99)), text)
        text = _COUNT.sub(lambda m: _redraw(m.group(1), rng), text)
        text = re.sub(r"(?<=\t)(" + "|".join(_RATINGS) + r")(?=\t|$)", lambda m: rng.choice(_RATINGS), text, flags=re.M)
        text = re.sub(r"\b(Lisa|Helen|Jane|Joe|Dame|Sir)\s+[A-Z][a-z]+", lambda m: f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", text)
        path = folder / f"synthetic-{number:04d}-{template}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _redraw(printed: str, rng: random.Random) -> str:
    value = int(printed.replace(",", ""))
    if 1990 <= value <= 2030:
        return printed  # a year
    new = max(10, int(value * rng.uniform(0.6, 1.4)))
    return f"{new:,}" if "," in printed else str(new)
