from pathlib import Path

import pytest

from ingest.sources import SourceError, find_report_files, read_document
from tests.conftest import REPORTS, report_path


def test_lines_are_numbered_like_cat_n(document):
    doc = document("merseyside-crc-2018")
    assert doc.report_id == "merseyside-crc-2018"
    assert doc.file_name == "merseyside-crc-2018.txt"
    assert doc.line_count == 822  # the file does not end with a newline
    assert doc.line(822) == "ISBN: 978-1-84099-827-6"
    assert doc.line(68).startswith("This dichotomy is most evident when it comes to managing risk of harm")
    assert doc.line(166) == "2.4\tReviewing\tInadequate\t"
    assert doc.page_of(68) is None


def test_content_hash_is_sha256_of_the_bytes(document):
    import hashlib

    data = report_path("merseyside-omi-2007").read_bytes()
    assert document("merseyside-omi-2007").sha256 == hashlib.sha256(data).hexdigest()


def test_folder_lists_only_reports_sorted():
    files = find_report_files([REPORTS])
    assert [f.name for f in files] == [
        "cumbria-lancashire-crc-2019.txt",
        "greater-manchester-qi-2017.txt",
        "merseyside-crc-2018.txt",
        "merseyside-omi-2007.txt",
        "staffordshire-west-midlands-crc-2018.txt",
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"  \n\n", "empty report"),
        ("latin1.txt", "caf\xe9 report".encode("latin-1"), "not UTF-8 text"),
        ("binary.txt", b"abc\x00def", "binary content"),
        ("report.docx", b"text", "unsupported file type .docx"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path: Path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        read_document(path)


def test_missing_path_and_empty_folder(tmp_path: Path):
    with pytest.raises(SourceError, match="no such file or folder"):
        find_report_files([tmp_path / "nope.txt"])
    with pytest.raises(SourceError, match="no report files"):
        find_report_files([tmp_path])


def test_same_report_id_from_two_files_is_refused(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("one\n")
    (tmp_path / "b" / "x.txt").write_text("two\n")
    with pytest.raises(SourceError, match="report id 'x' is also used by"):
        find_report_files([tmp_path / "a", tmp_path / "b"])
