"""Split a report into section-aware chunks that fit the embedding model's window."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.sections import FRONT_MATTER, SectionTree, build_section_tree
from ingest.sources import Document
from ingest.text import split_sentences, split_words, word_count

# all-MiniLM-L6-v2 reads at most 256 word pieces (about 190 words of report text);
# the chunk text is embedded with its report title and section path in front.
MAX_CHUNK_WORDS = 160


@dataclass(frozen=True)
class Chunk:
    """A run of report text inside one section, with its 1-based inclusive line span."""

    report_id: str
    ordinal: int
    text: str
    start_line: int
    end_line: int
    section_path: tuple[str, ...]
    line_numbers: tuple[int, ...]  # the file line of each line of `text`
    page: int | None = None

    @property
    def section(self) -> str:
        return self.section_path[-1] if self.section_path else FRONT_MATTER


@dataclass(frozen=True)
class _Piece:
    line: int
    text: str


def chunk_document(document: Document, tree: SectionTree | None = None, max_words: int = MAX_CHUNK_WORDS) -> list[Chunk]:
    """Returns the chunks of `document`; a chunk never crosses a heading, so never a section."""
    tree = tree or build_section_tree(document)
    skip = set(range(tree.contents_lines[0], tree.contents_lines[1] + 1)) if tree.contents_lines else set()
    starts = [s.line for s in tree.sections]
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    first_heading = starts[0] if starts else document.line_count + 1
    if first_heading > 1:
        spans.append((1, first_heading - 1, (FRONT_MATTER,)))
    for index, section in enumerate(tree.sections):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else document.line_count
        spans.append((section.line, end, section.path))
    chunks: list[Chunk] = []
    for start, end, path in spans:
        pieces = [
            piece
            for number in range(start, end + 1)
            if number not in skip and document.line(number).strip()
            for piece in _line_pieces(number, document.line(number), max_words)
        ]
        for group in _pack(pieces, max_words):
            chunks.append(
                Chunk(
                    report_id=document.report_id,
                    ordinal=len(chunks),
                    text="\n".join(p.text for p in group),
                    start_line=group[0].line,
                    end_line=group[-1].line,
                    section_path=path,
                    line_numbers=tuple(p.line for p in group),
                    page=document.page_of(group[0].line),
                )
            )
    return chunks


def _line_pieces(number: int, line: str, max_words: int) -> list[_Piece]:
    """Returns a line as one piece, or as sentence groups when it is longer than a chunk."""
    text = line.strip()
    if word_count(text) <= max_words:
        return [_Piece(number, text)]
    pieces: list[_Piece] = []
    current: list[str] = []
    for sentence in split_sentences(text):
        words = word_count(sentence.text)
        if words > max_words:
            pieces.extend(_Piece(number, part) for part in _flush(current))
            current = []
            pieces.extend(_Piece(number, part) for part in split_words(sentence.text, max_words))
            continue
        if current and word_count(" ".join(current)) + words > max_words:
            pieces.extend(_Piece(number, part) for part in _flush(current))
            current = []
        current.append(sentence.text)
    pieces.extend(_Piece(number, part) for part in _flush(current))
    return pieces


def _flush(sentences: list[str]) -> list[str]:
    return [" ".join(sentences)] if sentences else []


def _pack(pieces: list[_Piece], max_words: int) -> list[list[_Piece]]:
    """Returns pieces packed greedily into groups of at most `max_words` words."""
    groups: list[list[_Piece]] = []
    current: list[_Piece] = []
    count = 0
    for piece in pieces:
        words = word_count(piece.text)
        if current and count + words > max_words:
            groups.append(current)
            current, count = [], 0
        current.append(piece)
        count += words
    if current:
        groups.append(current)
    return groups
