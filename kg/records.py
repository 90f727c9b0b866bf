"""Records stored in the index directory for every report and chunk."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ReportRecord:
    """What the index knows about one ingested report file."""

    report_id: str
    file_name: str
    source: str
    sha256: str
    title: str
    line_count: int
    chunk_count: int

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "ReportRecord":
        return cls(**data)


@dataclass(frozen=True)
class ChunkRecord:
    """A chunk as stored: its IRI (and vector id), where it sits in its report, and its text."""

    iri: str
    vector_id: int
    report_id: str
    file_name: str
    title: str
    ordinal: int
    section_path: tuple[str, ...]
    start_line: int
    end_line: int
    line_numbers: tuple[int, ...]
    page: int | None
    text: str

    @property
    def section(self) -> str:
        return self.section_path[-1] if self.section_path else ""

    def text_lines(self) -> list[tuple[int, str]]:
        """Returns (file line, text) for each line of the chunk text."""
        return list(zip(self.line_numbers, self.text.split("\n")))

    def to_json(self) -> dict:
        data = asdict(self)
        data["section_path"] = list(self.section_path)
        data["line_numbers"] = list(self.line_numbers)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ChunkRecord":
        return cls(**{**data, "section_path": tuple(data["section_path"]), "line_numbers": tuple(data["line_numbers"])})


@dataclass(frozen=True)
class FindingRecord:
    """A finding as the answerer uses it: what it says, of whom, how, and the verbatim quote at its line."""

    iri: str
    report_id: str
    file_name: str
    title: str
    section: str
    line: int
    text: str
    quote: str
    polarity: str
    topics: tuple[str, ...]
    providers: tuple[tuple[str, str], ...]  # (canonical name, provider type)
    list: str
    page: int | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        data["topics"] = list(self.topics)
        data["providers"] = [list(p) for p in self.providers]
        return data

    @classmethod
    def from_json(cls, data: dict) -> "FindingRecord":
        return cls(**{**data, "topics": tuple(data["topics"]), "providers": tuple(tuple(p) for p in data["providers"])})
