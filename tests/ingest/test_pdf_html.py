"""PDF and HTML sources read into the same extraction as the text reports."""
import pytest

from ingest.extract.report import extract_report
from ingest.sources import SourceError, read_document
from tests.conftest import report_path
from tests.pdf_maker import text_to_pdf


@pytest.fixture(scope="module")
def merseyside_pdf(tmp_path_factory):
    target = tmp_path_factory.mktemp("pdf") / "merseyside-crc-2018.pdf"
    text_to_pdf(report_path("merseyside-crc-2018"), target)
    return target


def test_pdf_gives_the_same_ratings_and_recommendations_with_pages(merseyside_pdf):
    text = extract_report(read_document(report_path("merseyside-crc-2018")))
    pdf_document = read_document(merseyside_pdf)
    pdf = extract_report(pdf_document)
    assert pdf.scores.overall_rating == text.scores.overall_rating == "Requires improvement"
    assert [(r.standard_id, r.rating) for r in pdf.scores.ratings] == [(r.standard_id, r.rating) for r in text.scores.ratings]
    assert [(r.number, r.text, r.addressees) for r in pdf.recommendations] == [
        (r.number, r.text, r.addressees) for r in text.recommendations
    ]
    first = pdf.recommendations[0]
    assert pdf_document.page_of(first.line) == 5
    assert pdf_document.line(first.line).startswith("1. improve the quality and impact of work")
    reviewing = next(r for r in pdf.scores.ratings if r.standard_id == "2.4")
    assert pdf_document.page_of(reviewing.line) == 4
    assert pdf_document.line(reviewing.line) == "2.4\tReviewing\tInadequate"


def test_pdf_lines_drop_page_numbers_and_keep_a_page_per_line(merseyside_pdf):
    document = read_document(merseyside_pdf)
    assert len(document.pages) == document.line_count
    assert document.pages[0] == 1 and document.pages[-1] == max(document.pages)
    for page in set(document.pages):
        on_page = [line for line, p in zip(document.lines, document.pages) if p == page and line.strip()]
        assert on_page[-1] != str(page)  # the printed page number is not report text


def test_a_broken_pdf_is_one_clear_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(SourceError, match="not a readable PDF"):
        read_document(path)


def test_html_markup_is_stripped_into_lines(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(
        "<html><head><title>x</title><style>p{}</style></head><body>"
        "<h1>An inspection of Merseyside Community Rehabilitation Company</h1>"
        "<h2>Summary of ratings</h2><p>Overall rating</p><p>Requires improvement</p>"
        "<table><tr><td>1.1</td><td>Leadership</td><td>Good</td></tr>"
        "<tr><td>2.4</td><td>Reviewing</td><td>Inadequate</td></tr></table>"
        "<h2>Recommendations</h2><p>Merseyside CRC should:</p>"
        "<ol><li>1. improve the quality &amp; impact of work</li><li>2. equip all staff</li></ol>"
        "</body></html>",
        encoding="utf-8",
    )
    document = read_document(path)
    assert "1.1\tLeadership\tGood" in document.lines
    assert "<" not in "".join(document.lines)
    extraction = extract_report(document)
    assert {r.standard_id: r.rating for r in extraction.scores.ratings} == {"1.1": "Good", "2.4": "Inadequate"}
    assert [(r.number, r.text, r.addressees) for r in extraction.recommendations] == [
        (1, "improve the quality & impact of work", ("Merseyside CRC",)),
        (2, "equip all staff", ("Merseyside CRC",)),
    ]
    assert extraction.scores.overall_rating == "Requires improvement"


def test_encrypted_and_image_only_pdfs_are_one_clear_error(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    locked = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(locked), encrypt=StandardEncryption("secret", canPrint=0))
    pdf.drawString(40, 800, "1.1\tLeadership\tGood")
    pdf.save()
    with pytest.raises(SourceError, match=r"locked.pdf: not a readable PDF"):
        read_document(locked)
    scanned = tmp_path / "scanned.pdf"
    pdf = canvas.Canvas(str(scanned))
    pdf.rect(40, 400, 300, 300, fill=1)  # a page with an image and no text layer
    pdf.save()
    with pytest.raises(SourceError, match=r"scanned.pdf: no text in this PDF \(a scanned image needs OCR first\)"):
        read_document(scanned)
