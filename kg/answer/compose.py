"""Composing an answer: items with their citations, related passages, footnotes and glossary terms."""
from __future__ import annotations

import itertools
import re

from ingest.normalise import clean_text, footnote_marks
from ingest.text import split_sentences, word_count
from kg.answer.evidence import PlanResult
from kg.answer.notes import ABBREVIATION, MAX_NOTES, MAX_TERMS, NOTE_REACH
from kg.answer.result import Answer
from kg.answer.retrieve import Candidate
from kg.answer.tables import is_header, read_row
from kg.citations import MAX_CITATION_LINES, Citation, collapse, shorten_quote
from kg.index.keyword import term_set


class Composer:
    """Writes the answer text and its citations from the templates' items and the chosen sentences."""

    def __init__(self, notes, report_providers, lines_of) -> None:
        self._notes = notes
        self._lines_of = lines_of  # report id -> its non-blank lines, for spans that run past a chunk
        self._providers = report_providers  # called: report id -> the providers it inspects

    @property
    def _report_providers(self) -> dict[str, tuple[str, ...]]:
        return self._providers()

    def compose(self, question: str, analysis, plans: list[PlanResult], chosen: list[Candidate], k: int,
                 confidence: float) -> Answer:
        """The answer: the templates' items with their citations, then the best passages, then the footnotes
        and glossary terms of the cited text."""
        draft = _Draft(question, self._notes)
        items, lines = draft.items(plans)
        draft.explain(draft.citations)
        extra = self._passages(draft, chosen, max(k, len(draft.citations)))
        if extra:
            figure = _percentage_asked(question, chosen[0].text) if not lines and chosen else None
            if lines:
                lines.append("Related passages:")
            elif figure:
                lines.append(f"Figure: {figure} [1]")  # "13 per cent" in the best passage, stated as 13%
            lines.extend(extra)
        if draft.note_lines:
            lines.append("Footnotes of the cited text: " + "; ".join(draft.note_lines))
        if draft.term_lines:
            lines.append("Terms (from the reports' glossaries): " + "; ".join(draft.term_lines))
        return Answer(question, "\n".join(lines), False, items, draft.citations, confidence)

    def _passages(self, draft: "_Draft", chosen: list[Candidate], limit: int) -> list[str]:
        """The chosen sentences not yet cited, each cited at its span and attributed to its report's providers."""
        extra = []
        for candidate in chosen:
            if len(draft.citations) >= limit and draft.citations:
                break
            chunk = candidate.hit.chunk
            start, end, quote, shown = span_around(chunk, candidate.line, candidate.text, self._lines_of(chunk.report_id))
            if any(c.report == chunk.file_name and c.start_line <= candidate.line <= c.end_line and c.start_line < c.end_line
                   for c in draft.citations):
                continue  # already cited within a table or key-fact span
            number = draft.cite(chunk.file_name, chunk.title, chunk.section, start, end, chunk.page, quote)
            providers = self._report_providers.get(chunk.report_id, ())
            source = f"{' and '.join(providers)}: " if providers else ""
            extra.append(f"{source}“{shown}” [{number}]")
            if len(extra) == 1:
                draft.explain([draft.citations[number - 1]])
        return extra


class _Draft:
    """An answer being written: its citations (one per span, numbered in order) and the notes and terms found."""

    def __init__(self, question: str, notes) -> None:
        self.question = question
        self.citations: list[Citation] = []
        self._by_key: dict[tuple[str, int, int], int] = {}
        self._notes = notes
        self._explained: set[tuple[str, str]] = set()
        self._noted: set[tuple[str, int]] = set()
        self.term_lines: list[str] = []
        self.note_lines: list[str] = []

    def cite(self, report: str, title: str, section: str, start: int, end: int, page, quote: str) -> int:
        """The number of the citation of these lines, added if new; another sentence of the same lines joins its
        quote, apart by an ellipsis."""
        key = (report, start, end)
        if key not in self._by_key:
            self._by_key[key] = len(self.citations) + 1
            self.citations.append(Citation(self._by_key[key], report, title, section, start, end, page,
                                           shorten_quote(quote)))
        else:
            index = self._by_key[key] - 1
            existing = self.citations[index]
            if collapse(quote) not in collapse(existing.quote):
                merged = f"{existing.quote} … {shorten_quote(quote)}"
                self.citations[index] = Citation(existing.id, report, title, section, start, end, page, merged)
        return self._by_key[key]

    def items(self, plans: list[PlanResult]) -> tuple[list[dict], list[str]]:
        """The answer's items (those of entity plans) and a line for every item under its plan's heading; every
        item's best evidence is cited first, then its second, so each is supported within the first citations."""
        items: list[dict] = []
        refs: list[tuple[dict, list, int, bool]] = []
        headings: dict[int, str] = {}  # item position -> the heading of the plan it opens
        for plan in plans:
            if plan.heading:
                headings[len(refs)] = f"{plan.heading}:"
            for item in plan.items:
                entry = {"label": item.label, "type": item.type, "iri": item.iri, "detail": item.detail, "citations": []}
                if plan.entities:
                    items.append(entry)
                refs.append((entry, item.evidence, plan.evidence_depth, plan.show_quotes))
        for depth in range(max((plan.evidence_depth for plan in plans), default=2)):
            for entry, evidence, limit, _ in refs:
                if depth < min(len(evidence), limit):
                    e = evidence[depth]
                    number = self.cite(e.report, e.title, e.section, e.start_line, e.end_line, e.page, e.quote)
                    if number not in entry["citations"]:
                        entry["citations"].append(number)
        lines = []
        for position, (entry, _, _, show_quote) in enumerate(refs):
            if position in headings:
                lines.append(headings[position])
            numbers = " ".join(f"[{n}]" for n in entry["citations"])
            detail = f" — {entry['detail']}" if entry["detail"] else ""
            quote = clean_text(next((c.quote for c in self.citations if c.id in entry["citations"][:1]), ""))
            shown = f": “{quote}”" if quote and (not entry["detail"] or show_quote) else ""
            lines.append(f"- {entry['label']}{detail}{shown} {numbers}".rstrip())
        return items, lines

    def explain(self, cited: list[Citation]) -> None:
        """Spells out, from the report's own glossary, the uncommon abbreviations the cited text uses, and adds
        the footnotes its marks point to."""
        printed_in: dict[str, set[str]] = {}
        marks_in: dict[str, set[str]] = {}
        for citation in cited:
            printed_in.setdefault(citation.report, set()).update(ABBREVIATION.findall(citation.quote))
            marks_in.setdefault(citation.report, set()).update(footnote_marks(citation.quote))
        self._notes.read(printed_in, marks_in)  # what every cited text prints, in one query each
        self._terms(cited)
        self._footnotes(cited)

    def _terms(self, cited: list[Citation]) -> None:
        # One abbreviation of each citation in turn, so that every item gets its first term explained.
        found = [[(c, a) for a in dict.fromkeys(ABBREVIATION.findall(c.quote))] for c in cited]
        for citation, printed in (pair for depth in itertools.zip_longest(*found) for pair in depth if pair):
            glossary = self._notes.terms(citation.report, [printed])
            term = printed[:-1] if printed.endswith("s") and printed[:-1] in glossary else printed
            if term not in glossary or (citation.report, term) in self._explained or len(self._explained) >= MAX_TERMS:
                continue
            definition, entry = glossary[term]
            if re.search(rf"\b{re.escape(term)}\b", self.question) or collapse(definition).lower() in self.question.lower():
                continue  # the question itself uses the term or spells it out
            self._explained.add((citation.report, term))
            number = self.cite(entry.report, entry.title, entry.section, entry.start_line, entry.end_line, entry.page,
                               entry.quote)
            if printed != term and not definition.endswith("s"):
                definition += "s"  # "VLOs": Victim liaison officers
            self.term_lines.append(f"{printed}: {definition} [{number}]")

    def _footnotes(self, cited: list[Citation]) -> None:
        # Footnote marks in the cited text: the note (most often a source) printed below it, when on the question.
        question_terms = term_set(self.question)
        for citation in cited:
            for mark in dict.fromkeys(footnote_marks(citation.quote)):
                note = next(((text, e) for m, text, e in self._notes.footnotes(citation.report, [mark])
                             if m == mark and citation.start_line <= e.start_line <= citation.end_line + NOTE_REACH), None)
                if note is None or (citation.report, note[1].start_line) in self._noted or len(self._noted) >= MAX_NOTES:
                    continue
                if len(question_terms & term_set(note[0])) < 2:
                    continue  # a note on something not asked about
                self._noted.add((citation.report, note[1].start_line))
                e = note[1]
                number = self.cite(e.report, e.title, e.section, e.start_line, e.end_line, e.page, e.quote)
                self.note_lines.append(f"note {mark}: {note[0]} [{number}]")


_VALUE_LINE = re.compile(r"^\s*(?:£\s?)?\d[\d,.]*\s*(?:%|m|bn)?(?:\s*\(of \d+\))?\s*(?:\*\*)?\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*\s*$")


def span_around(chunk, line: int, sentence: str, file_lines: list[tuple[int, str]] | None = None
                ) -> tuple[int, int, str, str]:
    """Returns (start, end, quote, shown text) for citing `sentence` of `line`.

    A row of a table is cited with its table's header lines and as many rows around it as ten lines hold,
    and shown as its label with each value named by its column; a key-fact description is cited with the
    figure printed on the line above it. `file_lines` (the report's non-blank lines) lets a table run past the
    chunk the sentence was found in.
    """
    lines = file_lines or chunk.text_lines()
    position = next((i for i, (n, _) in enumerate(lines) if n == line), None)
    if position is None:
        return line, line, sentence, clean_text(shorten_quote(sentence))
    text = lines[position][1]
    if re.match(r"^\s*(?:\*+)?(?:Table|Chart)\s+\d+", text) and position + 1 < len(lines) and "\t" in lines[position + 1][1]:
        position += 1  # a table's caption: cite it with the table under it
        text = lines[position][1]
    if "\t" in text.strip():
        return _table_span(lines, position)
    if position > 0 and _VALUE_LINE.match(lines[position - 1][1]) and line - lines[position - 1][0] <= 2:
        value_line, value = lines[position - 1]
        return value_line, line, f"{value.strip()} … {text.strip()}", f"{clean_text(value)} — {clean_text(shorten_quote(text.strip()))}"
    # A short sentence is quoted with the one after it on its line: figures often come in pairs.
    rest = text[text.find(sentence) + len(sentence) :] if sentence in text else ""
    following = split_sentences(rest)
    if following and word_count(sentence) < 25:
        sentence = text[text.find(sentence) : text.find(sentence) + len(sentence) + following[0].end]
    return line, line, sentence, clean_text(shorten_quote(sentence))


def _table_span(lines: list[tuple[int, str]], position: int) -> tuple[int, int, str, str]:
    """The citation of a table row: the header lines above it and the rows around it, within ten lines; shown
    as the row read by its column names, then the other rows."""
    first = last = position
    while first > 0 and "\t" in lines[first - 1][1].strip() and lines[position][0] - lines[first - 1][0] < 40:
        first -= 1  # back to the top of the table, to find its headers
    while last + 1 < len(lines) and "\t" in lines[last + 1][1].strip() and lines[last + 1][0] - lines[position][0] < 40:
        last += 1
    table = lines[first : last + 1]
    headers = []
    if any(not is_header(text) for _, text in table):  # a table of figures: its leading lines of labels head it
        for _, text in table[:2]:
            if not is_header(text):
                break
            headers.append(text)
    row_line = lines[position][0]
    # Cited: from the table's top when the row is within ten lines of it, else a few rows before the row …
    start = first if row_line - lines[first][0] < MAX_CITATION_LINES else next(
        i for i in range(first, position + 1) if row_line - lines[i][0] <= 3)
    end = start
    while end + 1 <= last and lines[end + 1][0] - lines[start][0] < MAX_CITATION_LINES:
        end += 1
    rows = lines[start : end + 1]
    if start == first and start > 0 and lines[start][0] - lines[start - 1][0] <= 2 and \
            lines[start - 1][0] + MAX_CITATION_LINES > rows[-1][0]:
        rows = [lines[start - 1]] + rows  # the caption above the table
    quote = " ".join(text.strip() for _, text in rows)
    row = lines[position][1]
    reading = read_row(headers, row) if headers and not is_header(row) else ""
    others = " | ".join(" · ".join(c for c in (clean_text(cell) for cell in text.split("\t")) if c)
                        for _, text in rows if not reading or text != row)
    shown = f"{reading} (table: {others})" if reading else others
    return rows[0][0], rows[-1][0], shorten_quote(quote, 120), shown


_ASKS_PERCENTAGE = re.compile(r"\bwhat (?:percentage|proportion|per ?cent|share)\b|\bhow many per ?cent\b", re.I)
_PERCENTAGE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.I)


def _percentage_asked(question: str, sentence: str) -> str | None:
    """The percentage the best sentence states, when the question asks for one and the sentence states one."""
    if not _ASKS_PERCENTAGE.search(question):
        return None
    found = list(dict.fromkeys(f"{m.group(1)}%" for m in _PERCENTAGE.finditer(sentence)))
    return ", ".join(found) if found else None

