"""HTML reports as text lines: markup stripped, blocks on lines of their own, table cells as TABs."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "section", "article", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
           "table", "blockquote", "pre", "figure", "figcaption", "main", "nav", "aside"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "noscript", "template", "head"}


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "tr":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS or tag in _HEADINGS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"[ \r\n\t]+", " ", data))


def html_to_text(markup: str) -> str:
    """Returns the text of an HTML document, one block a line, blank lines between blocks."""
    builder = _TextBuilder()
    builder.feed(markup)
    builder.close()
    text = html.unescape("".join(builder.parts))
    lines = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split("\t")]
        line = "\t".join(cells).strip(" ")
        line = line.lstrip("\t") if not line.replace("\t", "").strip() else re.sub(r"^\t(?=\S)", "", line)
        lines.append(line if line.strip() else "")
    # At most one blank line between blocks, as in the text reports.
    collapsed: list[str] = []
    for line in lines:
        if line == "" and (not collapsed or collapsed[-1] == ""):
            continue
        collapsed.append(line)
    return "\n".join(collapsed).strip("\n") + "\n"
