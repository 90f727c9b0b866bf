"""The sentences of a chunk that can answer a question, in a fixed order, so their vectors can be stored."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from ingest.text import split_sentences, word_count
from kg.index.embedder import Embedder
from kg.records import ChunkRecord, FindingRecord

MIN_SENTENCE_WORDS = 4


def informative(sentence: str) -> bool:
    """A sentence can answer only if it says something: headings and labels cannot."""
    words = word_count(sentence)
    if words < MIN_SENTENCE_WORDS:
        return False
    if words < 8:
        return sentence.rstrip("*").endswith((".", "!", "?")) or any(c.isdigit() for c in sentence)
    return True


def chunk_sentences(chunk) -> tuple[tuple[int, str], ...]:
    """Returns (file line, sentence) for every informative sentence of `chunk`, in reading order.

    Recent chunks' sentences are kept: every answer splits the sentences of the chunks it retrieved, and
    the chunks one question retrieves are mostly those the next one does."""
    key = (chunk.iri, chunk.text)
    with _RECENT_LOCK:
        found = _RECENT.get(key)
        if found is not None:
            _RECENT.move_to_end(key)
            return found
    found = tuple((line, sentence.text) for line, text in chunk.text_lines() for sentence in split_sentences(text)
                  if informative(sentence.text))
    with _RECENT_LOCK:
        _RECENT[key] = found
        while len(_RECENT) > CHUNKS_KEPT:
            _RECENT.popitem(last=False)
    return found


CHUNKS_KEPT = 4096
_RECENT: "OrderedDict[tuple[str, str], tuple[tuple[int, str], ...]]" = OrderedDict()
_RECENT_LOCK = threading.Lock()


def sentence_offsets(chunks) -> dict[str, tuple[int, int]]:
    """Chunk IRI -> (first row, row count) of its sentences in a sentence-vector array in chunk order."""
    offsets, row = {}, 0
    for chunk in chunks:
        count = len(chunk_sentences(chunk))
        offsets[chunk.iri] = (row, count)
        row += count
    return offsets


@dataclass
class SentenceVectors:
    """The vectors of distinct sentence texts (float16) and, for each chunk, the rows of its informative
    sentences in reading order: a sentence printed in several chunks is stored once until `assemble`."""

    vectors: np.ndarray
    row_of: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[int]] = field(default_factory=dict)

    def __contains__(self, chunk_iri: str) -> bool:
        return chunk_iri in self.rows

    def vector(self, text: str) -> np.ndarray | None:
        """The float32 vector of a sentence text, or None when it was not embedded here."""
        row = self.row_of.get(text)
        return None if row is None else self.vectors[row].astype(np.float32)


def assemble(chunks, new: SentenceVectors | None, old: np.ndarray | None, old_offsets: dict[str, tuple[int, int]],
             dimension: int) -> np.ndarray:
    """Returns the sentence vectors of `chunks` in chunk order (float16), from `new` or else from the `old`
    array of the previous index. Filled in place: the result is the only full-size copy made."""
    sizes = [len(new.rows[c.iri]) if new is not None and c.iri in new else old_offsets[c.iri][1] for c in chunks]
    out = np.zeros((sum(sizes), dimension), dtype=np.float16)
    position = 0
    for chunk, size in zip(chunks, sizes):
        if new is not None and chunk.iri in new:
            out[position : position + size] = new.vectors[new.rows[chunk.iri]].reshape(size, dimension)
        else:
            start = old_offsets[chunk.iri][0]
            out[position : position + size] = old[start : start + size]
        position += size
    return out


def embed_sentences(embedder: Embedder, records: list[ChunkRecord], show_progress: bool) -> SentenceVectors:
    """Returns the vectors of the informative sentences of `records`, which answers score at query time,
    each distinct text embedded once."""
    rows: dict[str, list[int]] = {}
    row_of: dict[str, int] = {}
    for record in records:
        rows[record.iri] = [row_of.setdefault(text, len(row_of)) for _, text in chunk_sentences(record)]
    texts = list(row_of)
    with tqdm(total=len(texts), desc="Embedding sentences", unit="sentence", disable=not show_progress) as bar:
        vectors = embedder.embed(texts, progress=bar.update).astype(np.float16)
    return SentenceVectors(vectors, row_of, rows)


def embed_findings(embedder: Embedder, findings: list[FindingRecord], sentences: SentenceVectors,
                    progress) -> np.ndarray:
    """Returns the vectors of `findings`; a finding whose text is a sentence already embedded (most are)
    takes that sentence's vector instead of being embedded again."""
    out = np.zeros((len(findings), embedder.dimension), dtype=np.float32)
    missing = sorted({f.text for f in findings if f.text not in sentences.row_of})
    vectors = dict(zip(missing, embedder.embed(missing, progress=progress)))
    for row, finding in enumerate(findings):
        known = sentences.vector(finding.text)
        out[row] = known if known is not None else vectors[finding.text]
    return out
