"""PDF text with pypdfium2: lines in reading order, a page number per line, table cells as TABs."""
from __future__ import annotations

import re
import statistics
from pathlib import Path

from ingest.sources_errors import SourceError

# A horizontal gap wider than this many average character widths separates table cells.
CELL_GAP_CHARS = 2.5
# A step between baselines wider than this many usual steps separates paragraphs (a blank line in text).
PARAGRAPH_GAP_LINES = 1.6
_PAGE_FURNITURE = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.IGNORECASE)


def pdf_lines(path: Path, data: bytes) -> tuple[list[str], list[int]]:
    """Returns the extracted text lines of a PDF and the 1-based page of each."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        raise SourceError(f"{path}: not a readable PDF ({err})") from None
    lines: list[str] = []
    pages: list[int] = []
    try:
        for index in range(len(document)):
            page = document[index]
            page_lines = _page_lines(page.get_textpage())
            for text in _drop_page_furniture(page_lines):
                lines.append(text)
                pages.append(index + 1)
    finally:
        document.close()
    return lines, pages


def _page_lines(textpage) -> list[str]:
    """Returns a page's lines, with TABs between cells and blank lines between paragraphs."""
    count = textpage.count_chars()
    if count == 0:
        return []
    text = textpage.get_text_range(0, count)
    raw_lines: list[tuple[list[tuple[str, tuple[float, float, float, float] | None]]]] = [[]]
    for index, char in enumerate(text[:count]):
        if char in "\r\n":
            if char == "\n" or (index + 1 < len(text) and text[index + 1] != "\n") or char == "\r":
                if raw_lines[-1]:
                    raw_lines.append([])
            continue
        box = textpage.get_charbox(index) if char != " " else None
        raw_lines[-1].append((char, box))
    widths = [b[2] - b[0] for line in raw_lines for _, b in line if b and b[2] > b[0]]
    char_width = statistics.median(widths) if widths else 5.0
    lines = [line for line in raw_lines if line]
    # A line's baseline is the median bottom of its characters (descenders do not move it).
    baselines = [statistics.median(b[1] for _, b in line if b) if any(b for _, b in line) else None for line in lines]
    steps = [a - b for a, b in zip(baselines, baselines[1:]) if a is not None and b is not None and a > b]
    pitch = statistics.median(steps) if steps else None
    out: list[str] = []
    previous = None
    for line, baseline in zip(lines, baselines):
        if pitch and previous is not None and baseline is not None and previous - baseline > PARAGRAPH_GAP_LINES * pitch:
            out.append("")
        out.append(_join_cells(line, char_width))
        if baseline is not None:
            previous = baseline
    return out


def _join_cells(line, char_width: float) -> str:
    parts: list[str] = []
    last_right = None
    for char, box in line:
        if box is None:
            parts.append(char)
            continue
        if last_right is not None and box[0] - last_right > CELL_GAP_CHARS * char_width:
            while parts and parts[-1] == " ":
                parts.pop()
            parts.append("\t")
        parts.append(char)
        last_right = box[2]
    return "".join(parts).rstrip()


def _drop_page_furniture(lines: list[str]) -> list[str]:
    """Blanks page numbers printed at the top or bottom of a page (the line count is kept)."""
    out = list(lines)
    for index in (0, 1, len(out) - 2, len(out) - 1):
        if 0 <= index < len(out) and _PAGE_FURNITURE.match(out[index]):
            out[index] = ""
    return out
