"""Footnotes: the numbered notes at the foot of a page that cite a report's sources."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.normalise import SUPERSCRIPT_DIGITS, CleanLine, clean_text, footnote_marks

_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_SUPERSCRIPT_NOTE = re.compile(rf"^\s*(?P<mark>[{SUPERSCRIPT_DIGITS}]+)\s*(?P<text>\S.*)$")
_PLAIN_NOTE = re.compile(r"^\s*(?P<mark>[1-9][0-9]{0,2})\s+(?P<text>[A-Z*‘'\"“].*)$")


_NEAR = 80  # lines: a page and a bit


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str
    line: int

    def to_json(self) -> dict:
        return asdict(self)


def extract_footnotes(lines: list[CleanLine]) -> list[Footnote]:
    """Returns the footnotes of a report: lines opened by a superscript number ("¹³ HMI Probation …"), or by a
    plain number that the text before has used as a footnote mark ("11 Towards inclusive growth …" after "…¹¹")."""
    notes: list[Footnote] = []
    pending: dict[str, int] = {}  # footnote mark -> the last line that used it and has no note yet
    for line in lines:
        raw = line.raw.strip()
        match = _SUPERSCRIPT_NOTE.match(raw)
        mark = match.group("mark").translate(_TO_DIGIT) if match else None
        if match is None:
            # A plain number opens a note only where a mark of that number is waiting for it nearby
            # ("1 Bridge Street West" in an address block is not a note).
            match = _PLAIN_NOTE.match(raw)
            waiting = match is not None and line.number - pending.get(match.group("mark"), -_NEAR) < _NEAR
            mark = match.group("mark") if waiting and len(line.cells) <= 1 else None
        if mark is not None:
            text = clean_text(match.group("text"))
            if text:
                notes.append(Footnote(mark, text, line.number))
                pending.pop(mark, None)
                continue
        for used in footnote_marks(line.raw):
            pending[used] = line.number
    return notes
