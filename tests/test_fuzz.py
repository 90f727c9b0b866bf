"""Property tests: no parser or analyser raises on any input (a small run in CI; HYPOTHESIS_PROFILE=nightly for 10,000)."""
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract.report import extract_report
from ingest.normalise import clean_line
from ingest.sections import build_section_tree
from ingest.sources import Document, SourceError, read_document
from ingest.text import split_sentences
from kg.answer.analyse import analyse

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("nightly", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Lines that look like reports: headings, numbered items, tables, bullets, footnote marks, markup.
_pieces = st.sampled_from([
    "", "Contents", "Foreword.....\t4", "1. Organisational delivery", "1.1. Leadership\tGood", "2.4\tReviewing\tInadequate\t",
    "Recommendations", "Merseyside CRC should:", "1. improve the quality of work.", "- **A strong leadership team**",
    "Strengths:", "- (a) *The area had done well.*", "Areas for improvement:", "2.1.1. Does it?\t66% ¹⁶", "Key facts",
    "94%", "The proportion of plans completed⁷", "Enablers\t\tBarriers", "1.\tGood work.\t1.\tPoor work.",
    "<p>Singleton</p> <i>x</i>", "Overall rating", "Requires improvement", "HMP Liverpool and HMYOI Thorn Cross",
    "Purple Futures owns Merseyside; and West Yorkshire CRCs", "Annex 4: Glossary", "RAR\tRehabilitation activity requirement",
    "Good practice example: Jake is a 28 year old.", "Fieldwork started:", "September 2018",
])
_lines = st.lists(st.one_of(_pieces, st.text(max_size=80)), max_size=60)


def _document(lines: list[str]) -> Document:
    return Document("fuzz", "fuzz.txt", "fuzz.txt", tuple(lines), "0" * 64)


@given(st.binary(max_size=2000))
def test_any_bytes_read_or_fail_cleanly(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except SourceError:
            return
        assert document.line_count >= 1


@given(st.text(max_size=300))
def test_normalisation_and_sentences_never_raise(text):
    line = clean_line(1, text)
    assert "\t" not in line.text
    for sentence in split_sentences(text.replace("\n", " ")):
        assert text.replace("\n", " ")[sentence.start : sentence.end] == sentence.text


@given(_lines)
def test_section_tree_spans_are_ordered(lines):
    tree = build_section_tree(_document(lines))
    for section in tree.sections:
        assert 1 <= section.line <= section.end_line <= max(len(lines), 1)


@given(_lines)
def test_extraction_never_raises(lines):
    extraction = extract_report(_document(lines))
    data = extraction.to_json()
    for rating in data["ratings"]:
        assert rating["standard_id"]
    for finding in data["findings"]:
        assert 1 <= finding["line"] <= len(lines)


@given(st.text(max_size=200))
def test_question_analysis_never_raises(text):
    question = analyse(text)
    assert question.text == text
