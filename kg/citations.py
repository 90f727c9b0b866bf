"""Citations: a report, a span of at most ten lines, and a quote verbatim within them."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

MAX_CITATION_LINES = 10
MAX_QUOTE_WORDS = 60
ELLIPSIS = "…"


@dataclass(frozen=True)
class Citation:
    id: int
    report: str
    title: str
    section: str
    start_line: int
    end_line: int
    page: int | None
    quote: str

    def to_json(self) -> dict:
        return asdict(self)


def collapse(text: str) -> str:
    """Returns `text` with runs of whitespace collapsed to one space."""
    return re.sub(r"\s+", " ", text).strip()


def shorten_quote(text: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """Returns `text`, or its first words followed by an ellipsis when it is long."""
    words = text.split()
    if len(words) <= max_words:
        return text
    return " ".join(words[: max_words - 10]) + " " + ELLIPSIS


def quote_is_verbatim(lines: list[str] | tuple[str, ...], start_line: int, end_line: int, quote: str) -> bool:
    """Returns whether every piece of `quote` between ellipses occurs in lines start..end (1-based)."""
    if start_line < 1 or end_line < start_line or end_line > len(lines):
        return False
    cited = collapse(" ".join(lines[start_line - 1 : end_line]))
    pieces = [collapse(p) for p in quote.split(ELLIPSIS)]
    pieces = [p for p in pieces if p]
    return bool(pieces) and all(piece in cited for piece in pieces)


def verbatim_sentence(raw_line: str, text: str) -> str:
    """Returns the part of `raw_line` that `text` (a cleaned sentence of it) was read from, verbatim.

    Cleaning drops markup, emphasis and footnote marks, so the cleaned text may not occur in the
    file; the raw sentence with the same cleaned form does. Falls back to the whole line.
    """
    from ingest.normalise import clean_text
    from ingest.text import split_sentences

    target = collapse(text)
    stripped = raw_line.strip()
    if target and target in collapse(stripped):
        return target
    for sentence in split_sentences(stripped):
        if clean_text(sentence.text) == target:
            return sentence.text
    return stripped
