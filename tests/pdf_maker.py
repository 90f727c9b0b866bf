"""Write a report text as a PDF with reportlab: paragraphs wrapped, TAB cells set apart, pages numbered."""
from __future__ import annotations

import os
from pathlib import Path

import reportlab
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "Vera"
pdfmetrics.registerFont(TTFont(FONT, os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))


def text_to_pdf(source: Path, target: Path, size: float = 9, leading: float = 12) -> None:
    """Lays out each line of `source` as a paragraph; blank lines become vertical space."""
    pdf = canvas.Canvas(str(target), pagesize=(595, 842))
    state = {"y": 800.0, "page": 1}

    def advance(lines: float = 1) -> None:
        state["y"] -= leading * lines
        if state["y"] < 60:
            pdf.setFont(FONT, 8)
            pdf.drawString(290, 30, str(state["page"]))  # a page number, as printed reports have
            pdf.showPage()
            state["y"], state["page"] = 800.0, state["page"] + 1

    for line in source.read_text(encoding="utf-8").split("\n"):
        pdf.setFont(FONT, size)
        if not line.strip():
            advance()
        elif "\t" in line:
            x = 40.0
            for cell in line.split("\t"):
                if cell:
                    pdf.drawString(x, state["y"], cell)
                    x += pdfmetrics.stringWidth(cell, FONT, size) + 30
            advance()
        else:
            for part in simpleSplit(line, FONT, size, 515):
                pdf.drawString(40, state["y"], part)
                advance()
    pdf.save()
