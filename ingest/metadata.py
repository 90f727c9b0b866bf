"""Report metadata read from the title page."""
from __future__ import annotations

import re

from ingest.sources import Document

_MONTH_YEAR = re.compile(
    r"(?:^|,\s*)(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4}$",
    re.IGNORECASE,
)
_TITLE_PAGE_END = re.compile(r"^(©|contents\b|this inspection was led|foreword\b)|\(back to top\)$", re.IGNORECASE)
_INSPECTORATE = re.compile(
    r"^(an inspection (led )?by)?\s*((hm|her majesty's) inspectorate of probation)?$", re.IGNORECASE
)


_BODY_WORDS = 25  # a title-page line is short; a line this long is the text itself
_TITLE_WORDS = 30


def report_title(document: Document, max_lines: int = 8) -> str:
    """Returns the report title: the title-page lines before the date, imprint, contents or body text.

    A file with no title page (a press release, a web page) takes its first line, and a first line that is a
    whole paragraph gives its first sentence, cut to a title's length: never the whole text.
    """
    parts: list[str] = []
    for raw in document.lines[:80]:
        line = re.sub(r"\s+", " ", raw.replace("**", "")).strip()
        if not line:
            continue
        if _TITLE_PAGE_END.search(line) or _MONTH_YEAR.search(line):
            break
        if len(line.split()) > _BODY_WORDS or (parts and re.search(r"[.:;!?”\"]$", line) and len(line.split()) > 12):
            if not parts:
                parts.append(_first_sentence(line))
            break
        if _INSPECTORATE.match(line):
            continue
        if parts and parts[-1].lower() == line.lower():
            continue  # the same line printed twice on a title page
        parts.append(line)
        if len(parts) >= max_lines:
            break
    title = " ".join(parts).strip()
    return title or document.report_id


def _first_sentence(line: str) -> str:
    """Returns the first sentence of a paragraph, at most _TITLE_WORDS words (with an ellipsis when cut)."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z“‘\"])", line, maxsplit=1)[0]
    words = sentence.split()
    return sentence if len(words) <= _TITLE_WORDS else " ".join(words[:_TITLE_WORDS]) + " …"
