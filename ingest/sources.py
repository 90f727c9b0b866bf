"""Read report files into documents that keep every line of the original file."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ingest.sources_errors import SourceError

__all__ = ["Document", "MAX_REPORT_MB", "SourceError", "SUPPORTED_SUFFIXES", "find_report_files", "read_document"]

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".html", ".htm")


@dataclass(frozen=True)
class Document:
    """A report as lines of its file; line numbers are 1-based like `cat -n`."""

    report_id: str
    file_name: str
    path: str
    lines: tuple[str, ...]
    sha256: str
    pages: tuple[int, ...] | None = None

    def line(self, number: int) -> str:
        """Returns the text of 1-based line `number`."""
        return self.lines[number - 1]

    def page_of(self, number: int) -> int | None:
        """Returns the page of 1-based line `number`, or None for paginated-less sources."""
        return None if self.pages is None else self.pages[number - 1]

    @property
    def line_count(self) -> int:
        return len(self.lines)


def content_hash(data: bytes) -> str:
    """Returns the SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


# Inspection reports are a few MB as PDF and far less as text; a larger file is not a report.
MAX_REPORT_MB = 20


def read_document(path: str | Path) -> Document:
    """Returns the Document for one report file.

    Raises:
        SourceError: the file is missing, of an unsupported type, empty or not UTF-8 text.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: no such file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"{path}: unsupported file type {path.suffix or '(none)'}; expected one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    size = path.stat().st_size
    if size > MAX_REPORT_MB * 1024 * 1024:
        raise SourceError(f"{path}: {size / 1024 / 1024:.1f} MB is larger than the {MAX_REPORT_MB} MB a report may be")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from ingest.pdf import pdf_lines

        lines, pages = pdf_lines(path, data)
        if not any(line.strip() for line in lines):
            raise SourceError(f"{path}: no text in this PDF (a scanned image needs OCR first)")
        return Document(path.stem, path.name, str(path), tuple(lines), content_hash(data), tuple(pages))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"{path}: not UTF-8 text (byte {err.start})") from None
    if suffix in (".html", ".htm"):
        from ingest.html import html_to_text

        text = html_to_text(text)
    if "\x00" in text:
        raise SourceError(f"{path}: binary content in a text report")
    if not text.strip():
        raise SourceError(f"{path}: empty report")
    # splitlines() would also split on form feeds and other separators that `cat -n`
    # does not count, so split on newlines only to keep line numbers identical.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(
        report_id=path.stem,
        file_name=path.name,
        path=str(path),
        lines=tuple(lines),
        sha256=content_hash(data),
    )


def find_report_files(paths: list[str | Path]) -> list[Path]:
    """Returns the report files named by `paths` (folders are searched, sorted by name).

    Raises:
        SourceError: a path does not exist, or a folder holds no report files.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise SourceError(f"{path}: no report files ({', '.join(SUPPORTED_SUFFIXES)}) in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(f"{path}: no such file or folder")
    seen: dict[str, Path] = {}
    for file in files:
        other = seen.get(file.stem)
        if other is not None and other.resolve() != file.resolve():
            raise SourceError(f"{file}: report id '{file.stem}' is also used by {other}")
        seen[file.stem] = file
    return list(seen.values())
