"""Turn answers and hits into the JSON and text that the CLI and app show."""
from __future__ import annotations

from ingest.text import split_sentences
from kg.citations import MAX_CITATION_LINES, shorten_quote
from kg.index.keyword import term_set
from kg.answer import Answer
from kg.index.search import Hit


def search_results(query: str, hits: list[Hit]) -> list[dict]:
    """Returns the DESIGN.md search JSON: each hit as a citation of at most ten lines, plus its score."""
    query_terms = term_set(query)
    results = []
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        line, quote = _best_sentence(chunk.text_lines(), query_terms)
        start = max(chunk.start_line, min(line, chunk.end_line - MAX_CITATION_LINES + 1))
        end = min(chunk.end_line, start + MAX_CITATION_LINES - 1)
        results.append(
            {
                "rank": rank,
                "iri": chunk.iri,
                "report": chunk.file_name,
                "title": chunk.title,
                "section": chunk.section,
                "section_path": list(chunk.section_path),
                "start_line": start,
                "end_line": end,
                "chunk_start_line": chunk.start_line,
                "chunk_end_line": chunk.end_line,
                "page": chunk.page,
                "quote": shorten_quote(quote),
                "score": round(hit.score, 6),
                "bm25_rank": hit.bm25_rank,
                "dense_rank": hit.dense_rank,
            }
        )
    return results


def _best_sentence(lines: list[tuple[int, str]], query_terms: set[str]) -> tuple[int, str]:
    best = (-1, lines[0][0], lines[0][1])
    for line, text in lines:
        for sentence in split_sentences(text):
            overlap = len(query_terms & term_set(sentence.text))
            if overlap > best[0]:
                best = (overlap, line, sentence.text)
    return best[1], best[2]


def answer_text(answer: Answer) -> str:
    """Returns an answer as readable text with its numbered citations."""
    lines = [answer.answer, ""]
    for citation in answer.citations:
        where = f"{citation.report} lines {citation.start_line}-{citation.end_line}"
        lines.append(f"[{citation.id}] {where}, {citation.section}: \"{citation.quote}\"")
    return "\n".join(lines).rstrip() + "\n"
