"""Reading a table row by its column headers: the value a question asks sits in a cell whose label is printed
lines above it ("Average" over "79%"), so a row is shown as its label and each value with its column's name."""
from __future__ import annotations

import re

from ingest.normalise import clean_text

_FIGURE = re.compile(r"(?<![\d/-])(?!(?:19|20)\d\d\b)\d")  # a figure, not a year ("April-June 2006")
_RULE = re.compile(r"^[\s\t=_-]*$")  # a row of dashes under a header


def cells(text: str) -> list[str]:
    return [clean_text(cell) for cell in text.split("\t")]


def is_header(text: str) -> bool:
    """A table line of labels: it has cells, and no cell past the first prints a figure."""
    row = cells(text)
    return len(row) >= 2 and not _RULE.match(text) and not any(_FIGURE.search(cell) for cell in row[1:] if cell)


def column_names(headers: list[str]) -> list[str]:
    """Each column's name, the header lines' cells joined top to bottom ("Scores from the regions" over
    "Average" → "Scores from the regions Average")."""
    rows = [cells(text) for text in headers]
    width = max((len(row) for row in rows), default=0)
    names = []
    for column in range(width):
        parts = [row[column] for row in rows if column < len(row) and row[column]]
        names.append(" ".join(parts))
    return names


def read_row(headers: list[str], row: str) -> str:
    """The row as "label: column value · column value", each value named by its column ("'Punish' -
    Compliance and Enforcement work: Lowest 69% · Highest 85% · Average 79% · Scores for Greater Manchester 77%");
    the row's cells joined when no header names them."""
    values = cells(row)
    names = column_names(headers)
    if not names or not values:
        return " · ".join(v for v in values if v)
    label = values[0]
    pairs = []
    for column, value in enumerate(values[1:], start=1):
        if not value:
            continue
        name = names[column] if column < len(names) else ""
        pairs.append(f"{_last_words(name)} {value}".strip())
    return f"{label}: {' · '.join(pairs)}" if label else " · ".join(pairs)


def _last_words(name: str, most: int = 6) -> str:
    """A long column name shortened to its last words ("… inspected to date Lowest" → "… to date Lowest")."""
    words = name.split()
    return name if len(words) <= most else "… " + " ".join(words[-most:])
