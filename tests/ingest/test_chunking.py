import pytest

from ingest.chunking import MAX_CHUNK_WORDS, chunk_document
from ingest.sections import build_section_tree
from ingest.text import word_count

REPORT_IDS = [
    "cumbria-lancashire-crc-2019",
    "greater-manchester-qi-2017",
    "merseyside-crc-2018",
    "merseyside-omi-2007",
    "staffordshire-west-midlands-crc-2018",
]


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_chunks_fit_the_model_window_and_keep_verbatim_lines(document, report_id):
    doc = document(report_id)
    for chunk in chunk_document(doc):
        assert word_count(chunk.text) <= MAX_CHUNK_WORDS
        assert chunk.start_line == chunk.line_numbers[0]
        assert chunk.end_line == chunk.line_numbers[-1]
        for number, text in zip(chunk.line_numbers, chunk.text.split("\n")):
            assert text in doc.line(number)


@pytest.mark.parametrize("report_id", REPORT_IDS)
def test_a_chunk_never_crosses_a_heading(document, report_id):
    doc = document(report_id)
    tree = build_section_tree(doc)
    heading_lines = {s.line for s in tree.sections}
    for chunk in chunk_document(doc, tree):
        assert not any(chunk.start_line < line <= chunk.end_line for line in heading_lines)


def test_the_contents_page_is_never_chunked(document):
    doc = document("merseyside-crc-2018")
    chunks = chunk_document(doc)
    assert all(not (13 <= n <= 37) for c in chunks for n in c.line_numbers)


def test_a_heading_stays_with_its_text(document):
    chunks = chunk_document(document("merseyside-crc-2018"))
    reviewing = next(c for c in chunks if c.start_line == 501)
    assert reviewing.text.startswith("2.4. Reviewing\tInadequate\n")
    assert reviewing.section_path == ("2. Case supervision", "2.4. Reviewing")
    assert reviewing.line_numbers[1] == 502


def test_long_paragraphs_split_at_sentences_on_the_same_line(document):
    doc = document("merseyside-crc-2018")
    chunks = chunk_document(doc, max_words=40)
    pieces = [text for c in chunks for n, text in zip(c.line_numbers, c.text.split("\n")) if n == 68]
    assert len(pieces) >= 3
    assert pieces[0].startswith("This dichotomy is most evident")
    assert pieces[-1].endswith("This needs to be addressed urgently as well.")
    assert " ".join(pieces) == doc.line(68).strip()
    assert all(word_count(c.text) <= 40 for c in chunks)


def test_front_matter_before_the_first_heading_is_kept(document):
    chunks = chunk_document(document("cumbria-lancashire-crc-2019"))
    first = chunks[0]
    assert first.section_path == ("Front matter",)
    assert 11 in first.line_numbers
