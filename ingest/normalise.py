"""Undo text-extraction damage line by line, so every cleaned line keeps its file line number."""
from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_FOOTNOTE = re.compile(rf"\s*[{SUPERSCRIPT_DIGITS}]+")
_MARKUP = re.compile(r"</?(?:p|i|b|em|strong|span|br|u)\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*{1,2}")
_SPACES = re.compile(r"[ \u00a0\u2009\u202f]+")
_BULLET = re.compile(r"^\s*(?:[-•▪●◦–]|\*(?!\*))\s+")


@dataclass(frozen=True)
class CleanLine:
    """One file line after normalisation: its number, plain text, TAB-separated cells and footnote marks."""

    number: int
    raw: str
    text: str
    cells: tuple[str, ...]
    footnotes: tuple[str, ...]
    bullet: bool


def footnote_marks(text: str) -> tuple[str, ...]:
    """Returns the footnote numbers printed as superscripts in `text` ("63% ¹⁶" -> ("16",))."""
    return tuple(m.strip().translate(_TO_DIGIT) for m in _FOOTNOTE.findall(text))


def strip_footnotes(text: str) -> str:
    """Returns `text` without superscript footnote markers."""
    return _FOOTNOTE.sub("", text)


def clean_text(text: str) -> str:
    """Returns display text: markup, emphasis markers and footnote marks removed, spaces collapsed."""
    text = _MARKUP.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = strip_footnotes(text)
    text = text.replace("\t", " ")
    return _SPACES.sub(" ", text).strip()


def clean_line(number: int, raw: str) -> CleanLine:
    """Returns the normalised form of file line `number`."""
    bullet = bool(_BULLET.match(raw))
    body = _BULLET.sub("", raw, count=1) if bullet else raw
    cells = tuple(c for c in (clean_text(cell) for cell in body.split("\t")) if c)
    return CleanLine(number, raw, clean_text(body), cells, footnote_marks(body), bullet)


def clean_lines(lines: tuple[str, ...] | list[str]) -> list[CleanLine]:
    """Returns every line of a document normalised, numbered from 1."""
    return [clean_line(number, raw) for number, raw in enumerate(lines, start=1)]
