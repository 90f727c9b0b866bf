"""Report metadata read from the title page."""
from __future__ import annotations

import re

from ingest.sources import Document

_MONTH_YEAR = re.compile(
    r"^(january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{4}$",
    re.IGNORECASE,
)
_TITLE_PAGE_END = re.compile(r"^(©|contents\b|this inspection was led|foreword\b)", re.IGNORECASE)
_INSPECTORATE = re.compile(
    r"^(an inspection (led )?by)?\s*((hm|her majesty's) inspectorate of probation)?$", re.IGNORECASE
)


def report_title(document: Document, max_lines: int = 8) -> str:
    """Returns the report title: the title-page lines before the date, imprint or contents."""
    parts: list[str] = []
    for raw in document.lines[:80]:
        line = re.sub(r"\s+", " ", raw.replace("**", "")).strip()
        if not line:
            continue
        if _TITLE_PAGE_END.match(line) or _MONTH_YEAR.match(line):
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
