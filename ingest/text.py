"""Sentence splitting and word counting that keep positions in the original line."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations that end with a full stop but do not end a sentence.
_ABBREVIATIONS = {
    "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "no", "nos", "vs", "cf", "approx", "st", "fig", "para", "paras",
}
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*(?:\s+|$)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span [start, end) of characters in one line."""

    text: str
    start: int
    end: int


def word_count(text: str) -> int:
    """Returns the number of whitespace-separated words in `text`."""
    return len(_WORD.findall(text))


def split_sentences(line: str) -> list[Sentence]:
    """Returns the sentences of one line, each verbatim with its character span."""
    sentences: list[Sentence] = []
    start = _skip_space(line, 0)
    for match in _SENTENCE_END.finditer(line):
        end = match.end()
        if end >= len(line):
            break
        if _is_abbreviation(line, match.start()) or not _starts_sentence(line, end):
            continue
        piece = line[start:end].rstrip()
        if piece:
            sentences.append(Sentence(piece, start, start + len(piece)))
        start = end
    piece = line[start:].rstrip()
    if piece.strip():
        sentences.append(Sentence(piece, start, start + len(piece)))
    return sentences


def split_words(text: str, max_words: int) -> list[str]:
    """Returns consecutive verbatim pieces of `text` holding at most `max_words` words each."""
    spans = [m.span() for m in _WORD.finditer(text)]
    pieces = []
    for i in range(0, len(spans), max_words):
        group = spans[i : i + max_words]
        pieces.append(text[group[0][0] : group[-1][1]])
    return pieces


def _skip_space(line: str, index: int) -> int:
    while index < len(line) and line[index].isspace():
        index += 1
    return index


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not line[word_start - 1].isspace() and line[word_start - 1] not in "(\"'‘“":
        word_start -= 1
    word = line[word_start:dot].lower()
    # A single capital letter followed by a dot is an initial ("J. Smith").
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _starts_sentence(line: str, index: int) -> bool:
    index = _skip_space(line, index)
    if index >= len(line):
        return False
    char = line[index]
    return char.isupper() or char.isdigit() or char in "\"'‘“(£*-•"
