"""Items a passage enumerates: a bulleted or numbered block after a lead-in line, or a list inside one sentence.

A list question answered from text ("What are the modules of the model?", "Which boroughs …?") has its answer
in the passage it cites, printed as a list: each listed thing becomes an item, cited at its own line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.normalise import CleanLine, clean_lines
from ingest.sources import read_document
from kg.index.keyword import terms

_NUMBERED = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s+")
_LEAD_IN = re.compile(r":\s*$")
_IN_SENTENCE = re.compile(r":\s+(?P<list>[^:]+?)\s*\.?$")
# "The modules are Induction, Assessment, Plan, Networks, Review and Exit." / "… including A, B and C."
_RUN = re.compile(r"(?:\b(?:are|were|include[sd]?|including|comprises?|comprising|namely|such as)\b|:)\s+"
                  r"(?P<list>[^.;:,]+(?:,\s*[^.;:,]+)+,?\s+(?:and|or)\s+[^.;:,]+?)\s*(?=[.;:]|$)")
# "… in the majority of boroughs (Bolton, Bury, Manchester, Oldham, Rochdale, Salford and Tameside) are …"
_BRACKETED = re.compile(r"\((?P<list>[^()]+?(?:,\s*[^(),]+)+,?\s+(?:and|or)\s+[^()]+?)\)")
# A table cell or sentence naming things each with a bracketed note: "Change (10 sessions) Healthy Emotions (5 sessions)".
# (Not an acronym's definition: "Person Shaped Support (PSS)".)
_ANNOTATED = re.compile(r"(?P<name>[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|and|for|the|to))*)\s*\((?![A-Z&]{2,8}s?\))"
                        r"[^()]{1,40}\)")
_LABEL_END = re.compile(r"\s+[–—-]\s+|:\s|\s\(|;|,\s(?:which|who|where|with|and\s+(?:the|a|an)\s)")
_PLURAL_ACRONYM = re.compile(r"\b([A-Z]{2,})s\b")  # "DRRs" names the DRR
_MAX_LABEL_WORDS = 12
_MAX_RUN_WORDS = 8
_MAX_ITEMS = 15
REACH = 8  # lines above a cited span where its lead-in may stand


@dataclass(frozen=True)
class ListedItem:
    label: str
    line: int
    raw: str  # the line as the file prints it: a citation quotes it verbatim


@lru_cache(maxsize=64)
def _lines(source: str, sha256: str) -> tuple[CleanLine, ...]:
    """The normalised lines of a report file (cached by content: a changed file is read again)."""
    return tuple(clean_lines(read_document(Path(source)).lines))


def report_lines(index, report_id: str) -> list[tuple[int, str]] | None:
    """(line number, text as printed) for every non-blank line of an ingested report; None if it cannot be read."""
    record = index.reports.get(report_id)
    if record is None:
        return None
    try:
        return _numbered(record.source, record.sha256)
    except OSError:
        return None


@lru_cache(maxsize=256)
def _numbered(source: str, sha256: str) -> list[tuple[int, str]]:
    # The lines as printed: no normalising needed (at 1,000 reports the reports an answer reads change from
    # question to question, and normalising each took ~37 ms).
    return [(number, raw.rstrip("\n")) for number, raw in enumerate(read_document(Path(source)).lines, start=1)
            if raw.strip()]


def listed_items(source: str, sha256: str, start: int, end: int, about: set[str] | None = None) -> list[ListedItem]:
    """Returns the items enumerated at or just above lines start..end of a report, in order; [] if none.

    With `about` (the question's stemmed content words), a block's lead-in line must share one of them: the
    list a question asks for is introduced in its terms ("… should be allocated to Yellow as a minimum:").
    """
    lines = _lines(source, sha256)
    for number in range(min(end, len(lines)), max(0, start - REACH), -1):
        line = lines[number - 1]
        if about is not None and not about & set(terms(line.text)):
            continue
        if _LEAD_IN.search(line.text) and len(line.text.split()) >= 2:
            block = _block_after(lines, number)
            if len(block) >= 2 and block[-1].number >= start:
                return [item for l in block for item in _item(l)][:_MAX_ITEMS]
    for number in range(start, min(end, len(lines)) + 1):
        if items := _in_sentence(lines[number - 1]):
            return items
    return []


def _block_after(lines: tuple[CleanLine, ...], lead_in: int) -> list[CleanLine]:
    """The bulleted, numbered or short lines after a lead-in line, until the first that is not one."""
    block: list[CleanLine] = []
    for line in lines[lead_in:]:
        if not line.text:
            if block and not block[-1].bullet:
                break  # a blank line ends a block of plain short lines; bullets may be spaced
            continue
        listed = line.bullet or _NUMBERED.match(line.text) or (len(line.text.split()) <= 12 and not _has_bullets(block))
        if not listed:
            break
        block.append(line)
    return block


def _has_bullets(block: list[CleanLine]) -> bool:
    return any(l.bullet for l in block)


def _item(line: CleanLine) -> list[ListedItem]:
    """The item a listed line gives, or the items of the list it prints ("- DRRs, ATRs and MHTRs")."""
    text = _NUMBERED.sub("", line.text).strip()
    inner = _split_run(text)
    if inner:
        return [ListedItem(_singular(p), line.number, line.raw.strip()) for p in inner]
    return [ListedItem(_singular(_label(text)), line.number, line.raw.strip())]


def _singular(label: str) -> str:
    return _PLURAL_ACRONYM.sub(r"\1", label)


def _split_run(text: str) -> list[str]:
    """The parts of a short run "A, B and C" that is the whole of `text`; [] otherwise."""
    parts = [p.strip(" .") for p in re.split(r",\s*|\s+(?:and|or)\s+", text.strip(" ."))]
    if len(parts) >= 2 and "," in text and all(p and len(p.split()) <= 3 for p in parts):
        return parts
    return []


def _label(text: str) -> str:
    """The name an enumerated line gives: up to a dash, colon or bracket, at most a few words."""
    head = _LABEL_END.split(text, maxsplit=1)[0].strip(" .;,")
    words = head.split()
    return " ".join(words[:_MAX_LABEL_WORDS]) if words else text


def _in_sentence(line: CleanLine) -> list[ListedItem]:
    """Items listed inside one sentence: after a colon ("… are: BeNCH; Cumbria & Lancashire; and Essex.") or
    as a run after "are", "include", "such as" ("The modules are Induction, Assessment, Plan and Exit.")."""
    annotated = [m.group("name").strip() for m in _ANNOTATED.finditer(line.text)]
    if len(annotated) >= 3 and all(len(a.split()) <= 4 for a in annotated):
        return [ListedItem(a, line.number, line.raw.strip()) for a in dict.fromkeys(annotated)][:_MAX_ITEMS]
    for pattern in (_BRACKETED, _IN_SENTENCE, _RUN):
        for match in pattern.finditer(line.text):
            parts = [p.strip(" .") for p in re.split(r";\s*|,\s*(?![^()]*\))|\s+(?:and|or)\s+(?=[^,;]*$)",
                                                         match.group("list"))]
            parts = [re.sub(r"^(?:and|or)\s+", "", p) for p in parts if p]
            if len(parts) >= 3 and all(len(p.split()) <= _MAX_RUN_WORDS for p in parts):
                return [ListedItem(_singular(p), line.number, line.raw.strip()) for p in parts][:_MAX_ITEMS]
    return []


_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*|\d+)(?:\s+(?:[A-Z][\w'’-]*|\d+\b|of|for|the)){1,4}(?<![a-z] of)(?<! for)(?<! the)")
_ASKS_NAMES = re.compile(r"\bnamed\b|\bwhich\s+(?:\w+\s+)?(?:schemes|projects|organisations|charities|partners|"
                         r"agencies|programmes|initiatives)\b", re.I)


def asks_names(question: str) -> bool:
    """Whether a question asks for the names of things ("which named schemes …", "which organisations …")."""
    return bool(_ASKS_NAMES.search(question))


def named_things(text: str, line: int, question: str) -> list[ListedItem]:
    """The proper names a passage prints ("The Genesis Project …; the Paragon Project …; Project 8 and Nugent
    Care …"), of two words or more, other than names the question itself uses; each cited at `line`."""
    asked = question.lower()
    names = []
    for match in _NAME.finditer(text):
        name = re.sub(r"^(?:The|A|An|In|On|At)\s+", "", match.group(0)).strip()
        if len(name.split()) < 2 or name.lower() in asked or not re.search(r"[a-z]", name):
            continue
        names.append(name)
    names = list(dict.fromkeys(names))
    return [ListedItem(n, line, text) for n in names][:_MAX_ITEMS] if len(names) >= 2 else []
