"""The sentences of a chunk that can answer a question, in a fixed order, so their vectors can be stored."""
from __future__ import annotations

import numpy as np

from ingest.text import split_sentences, word_count

MIN_SENTENCE_WORDS = 4


def informative(sentence: str) -> bool:
    """A sentence can answer only if it says something: headings and labels cannot."""
    words = word_count(sentence)
    if words < MIN_SENTENCE_WORDS:
        return False
    if words < 8:
        return sentence.rstrip("*").endswith((".", "!", "?")) or any(c.isdigit() for c in sentence)
    return True


def chunk_sentences(chunk) -> list[tuple[int, str]]:
    """Returns (file line, sentence) for every informative sentence of `chunk`, in reading order."""
    return [(line, sentence.text) for line, text in chunk.text_lines() for sentence in split_sentences(text)
            if informative(sentence.text)]


def sentence_offsets(chunks) -> dict[str, tuple[int, int]]:
    """Chunk IRI -> (first row, row count) of its sentences in a sentence-vector array in chunk order."""
    offsets, row = {}, 0
    for chunk in chunks:
        count = len(chunk_sentences(chunk))
        offsets[chunk.iri] = (row, count)
        row += count
    return offsets


def assemble(chunks, new: dict[str, np.ndarray], old: np.ndarray | None, old_offsets: dict[str, tuple[int, int]],
             dimension: int) -> np.ndarray:
    """Returns the sentence vectors of `chunks` in chunk order, from `new` (chunk IRI -> vectors) or else
    from the `old` array of the previous index."""
    parts = []
    for chunk in chunks:
        if chunk.iri in new:
            parts.append(new[chunk.iri])
        else:
            start, count = old_offsets[chunk.iri]
            parts.append(np.asarray(old[start : start + count], dtype=np.float16))
    return np.concatenate(parts).astype(np.float16) if parts else np.zeros((0, dimension), dtype=np.float16)
