"""Question answering: the best-matching sentences of the best chunks, each cited at its line."""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ingest.normalise import clean_text, footnote_marks
from ingest.text import split_sentences, word_count
from kg.citations import MAX_CITATION_LINES, Citation, collapse, shorten_quote
from kg.enumerations import listed_items
from kg.value_check import asks_one_figure, states_figure
from kg.keyword import terms
from kg.notes import ABBREVIATION, MAX_NOTES, MAX_TERMS, NOTE_REACH, ReportNotes
from kg.plans import Evidence, PlanResult
from kg.question import (PROVIDER_TYPES, Question, _topic_patterns, analyse, expanded_text, graph_providers,
                         named_entities, request_of)
from kg.sparql import recording_queries
from kg.search import Hit, Mode, Retriever
from kg.sentences import chunk_sentences

# Weights of the sentence score: meaning (cosine to the question), the share of the
# question's weighted terms the sentence contains, and the rank of its chunk.
DENSE_WEIGHT = 0.50
LEXICAL_WEIGHT = 0.40
RANK_WEIGHT = 0.10
# Each further citation from a report already cited loses this much, so that list
# questions reach every report that answers them.
SAME_REPORT_PENALTY = 0.03
CHUNKS_CONSIDERED = 12
# A finding joins a list answer when 0.7 x its cosine to the question + 0.3 x its share of the question's
# words reaches this (calibrated on the dev list questions).
FINDINGS_THRESHOLD = 0.35
_KEY_QUESTIONS = re.compile(r"\bkey questions?\b|% yes", re.I)


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer the question."""

    text: str
    line: int
    hit: Hit
    hit_rank: int
    score: float = 0.0


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    items: list[dict] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    plans: list[dict] = field(default_factory=list)
    request: dict = field(default_factory=dict)  # what the question was read as asking
    sparql: list[str] = field(default_factory=list)  # the queries run over the graph to answer it

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "items": self.items,
            "citations": [c.to_json() for c in self.citations],
            "confidence": round(self.confidence, 4),
            "plans": self.plans,
            "request": self.request,
            "sparql": self.sparql,
        }


class Answerer:
    """Answers questions over one index with cited sentences, or abstains."""

    def __init__(self, retriever: Retriever, abstain_below: float) -> None:
        self.retriever = retriever
        self.abstain_below = abstain_below
        self._idf = _inverse_document_frequency([c.text for c in retriever.index.chunks])
        self._providers_by_report: dict[str, tuple[str, ...]] | None = None
        self._notes = ReportNotes(retriever.index)
        self._known = graph_providers(retriever.index.dataset)

    def ask(self, question: str, k: int = 5, mode: Mode = "hybrid") -> Answer:
        """Returns the answer to `question` with at most `k` citations (more when a list names more items).

        With mode "hybrid" the question is analysed and answered from the graph where it can be (ratings,
        key questions, recommendations, ownership, findings by polarity and topic) and from retrieved
        sentences otherwise; the "bm25" and "dense" modes are retrieval-only baselines.
        """
        question = question.strip()
        if not question:
            return Answer(question, "Ask a question about the inspection reports.", True)
        analysis = analyse(question, self._known) if mode == "hybrid" else None
        with recording_queries() as queries:
            answer = self._answer(question, analysis, k, mode)
        answer.request = request_of(analysis) if analysis is not None else {}
        answer.sparql = list(dict.fromkeys(queries))
        return answer

    def _answer(self, question: str, analysis: Question | None, k: int, mode: Mode) -> Answer:
        query_vector = self.retriever.embed_query(question)
        plans = self._plans(analysis, query_vector) if analysis else []
        reports = self._reports_about(analysis) if analysis else None
        hits = self.retriever.search(question, k=CHUNKS_CONSIDERED, mode=mode, query_vector=query_vector, reports=reports)
        parts = [p.text for p in analysis.parts] if analysis and analysis.parts else None
        candidates = self._score(question, query_vector, hits, parts)
        leading = len(parts) + 1 if parts else 0
        chosen = candidates[:leading] + _select(candidates[leading:], k) if parts else _select(candidates, k)
        confidence = chosen[0].score if chosen else 0.0
        found = [plan for plan in plans if plan.items]
        trace = [{"plan": p.kind, "looked_for": p.looked_for, "items": len(p.items), "lookup": p.exact} for p in plans]
        if plans and not found and all(plan.exact for plan in plans):
            # A lookup that finds nothing is an answer: the reports do not give it.
            looked = "; ".join(plan.looked_for for plan in plans)
            return Answer(question, f"The ingested reports do not give {looked}.", True, confidence=confidence, plans=trace)
        if not found and (not chosen or confidence < self.abstain_below):
            return Answer(question, "The ingested reports do not appear to answer this question.", True,
                          confidence=confidence, plans=trace)
        answer = self._compose(question, analysis, found, chosen, k, confidence)
        answer.plans = trace + [{"plan": "retrieval", "looked_for": f"{mode} search over report text",
                                 "items": 0, "lookup": False}]
        if analysis is not None and not found and asks_one_figure(question, analysis.asks_many, len(analysis.providers)):
            provider = analysis.providers[0].canonical
            if not states_figure(question, provider, self._sentences_on(provider, answer.citations)):
                # Near misses (this figure for another provider, another figure for this one) are no answer.
                return Answer(question, f"The ingested reports do not give that figure for {provider}: the passages "
                              "nearest to it are about other providers or other measures.", True,
                              confidence=confidence, plans=answer.plans + [{"plan": "one figure", "looked_for":
                              f"a number with the asked measure, about {provider}", "items": 0, "lookup": True}])
        if analysis is not None and analysis.asks_many and not answer.items:
            self._items_from_text(answer)
        if analysis is not None and analysis.is_list and analysis.answer_types and not answer.items:
            self._items_from_reports(question, analysis, answer)
        return answer

    def _items_from_reports(self, question: str, analysis: Question, answer: Answer) -> None:
        """"Which CRCs …?" answered from text: the providers of the asked type whose reports the cited sentences
        come from are the items, each with the citations from its reports that share the question's words."""
        from ingest.gazetteer import load_gazetteer

        asked = set(terms(question))
        for citation in answer.citations:
            if len(asked & set(terms(citation.quote))) < 2:
                continue  # a passage beside the point supports no item
            for label in self._report_providers.get(citation.report.rsplit(".", 1)[0], ()):
                known = load_gazetteer().resolve(label) or (self._known.resolve(label) if self._known else None)
                kind = known.type if known else None
                if kind not in analysis.answer_types:
                    continue
                entry = next((i for i in answer.items if i["label"] == label), None)
                if entry is None:
                    answer.items.append({"label": label, "type": kind, "iri": None, "citations": [citation.id]})
                elif citation.id not in entry["citations"]:
                    entry["citations"].append(citation.id)

    def _sentences_on(self, provider: str, citations: list[Citation]) -> list[str]:
        """The cited quotes about `provider`: from reports inspecting it, or naming it, and naming no other."""
        on = {rid for rid, providers in self._report_providers.items() if provider in providers}
        quotes = []
        for citation in citations:
            named = {e.canonical for _, _, e in named_entities(citation.quote, self._known) if e.type in PROVIDER_TYPES}
            if named - {provider} and provider not in named:
                continue  # a figure of another provider ("the NPS North West division's 20 per cent shortfall")
            if citation.report.rsplit(".", 1)[0] in on or provider in named:
                quotes.append(citation.quote)
        return quotes

    def _items_from_text(self, answer: Answer) -> None:
        """A list answered from text takes its items from the list its best passage prints, each cited at its line."""
        for citation in answer.citations[:3]:
            record = self.retriever.index.reports.get(citation.report.rsplit(".", 1)[0])
            listed = listed_items(record.source, record.sha256, citation.start_line, citation.end_line) if record else []
            if not listed:
                continue
            for item in listed:
                cited = next((c for c in answer.citations if c.report == citation.report
                              and c.start_line <= item.line <= c.end_line), None)
                if cited is None:
                    cited = Citation(len(answer.citations) + 1, citation.report, citation.title, citation.section,
                                     item.line, item.line, None, shorten_quote(item.raw))
                    answer.citations.append(cited)
                answer.items.append({"label": item.label, "type": "listed item", "iri": None, "citations": [cited.id]})
            answer.answer += "\nListed there: " + "; ".join(
                f"{entry['label']} [{entry['citations'][0]}]" for entry in answer.items) + "."
            answer.plans.append({"plan": "items from text", "looked_for": "a list printed in the cited passage",
                                 "items": len(listed), "lookup": False})
            return

    def _plans(self, analysis: Question, query_vector: np.ndarray) -> list[PlanResult]:
        """Runs the plans each part of the question calls for."""
        from kg.plans import (findings_plan, key_question_plan, labelled_plan, ownership_plan, rating_plan,
                              recommendation_plan)

        dataset = self.retriever.index.dataset
        results = []
        labelled = labelled_plan(self.retriever.index, dataset, analysis)
        if labelled is not None and labelled.items:
            return [labelled]
        for part in analysis.parts or [analysis]:
            if part.follow_up and not (part.key_question or part.asks_rating):
                continue
            if part.key_question or (_KEY_QUESTIONS.search(part.text) and (part.providers or part.answer_types)):
                results.append(key_question_plan(dataset, part))
            elif part.asks_rating and (part.standards or part.rating_values or part.providers or "overall" in part.text.lower()):
                results.append(rating_plan(dataset, part))
            elif part.asks_ownership and (part.owners or part.providers):
                results.append(ownership_plan(dataset, part, self.retriever.index.chunks, self.retriever.index.keywords))
            elif part.asks_recommendation and part.answer_types:
                results.append(recommendation_plan(dataset, part, _topic_patterns()))
            elif part.answer_types and (part.polarity or part.topics) and part.is_list:
                part_vector = self.retriever.embed_query(expanded_text(part))
                results.append(findings_plan(self.retriever.index, self.retriever.embedder, part, part_vector,
                                             FINDINGS_THRESHOLD))
        return results

    def _compose(self, question: str, analysis, plans: list[PlanResult], chosen: list[Candidate], k: int,
                 confidence: float) -> Answer:
        citations: list[Citation] = []
        by_key: dict[tuple[str, int, int], int] = {}

        def cite(report: str, title: str, section: str, start: int, end: int, page, quote: str) -> int:
            key = (report, start, end)
            if key not in by_key:
                by_key[key] = len(citations) + 1
                citations.append(Citation(by_key[key], report, title, section, start, end, page, shorten_quote(quote)))
            else:
                # Another sentence of the same lines: the quote keeps both, apart by an ellipsis.
                index = by_key[key] - 1
                existing = citations[index]
                if collapse(quote) not in collapse(existing.quote):
                    merged = f"{existing.quote} … {shorten_quote(quote)}"
                    citations[index] = Citation(existing.id, report, title, section, start, end, page, merged)
            return by_key[key]

        items: list[dict] = []
        lines: list[str] = []
        item_refs: list[tuple[dict, list]] = []
        headings: dict[int, str] = {}  # item position -> the heading of the plan it opens
        for plan in plans:
            if plan.heading:
                headings[len(item_refs)] = f"{plan.heading}:"
            for item in plan.items:
                entry = {"label": item.label, "type": item.type, "iri": item.iri, "detail": item.detail, "citations": []}
                if plan.entities:
                    items.append(entry)
                item_refs.append((entry, item.evidence))
        # Every item's best evidence first, then its second: each item is supported within the first citations.
        for depth in range(2):
            for entry, evidence in item_refs:
                if depth < len(evidence):
                    e = evidence[depth]
                    number = cite(e.report, e.title, e.section, e.start_line, e.end_line, e.page, e.quote)
                    if number not in entry["citations"]:
                        entry["citations"].append(number)
        for position, (entry, _) in enumerate(item_refs):
            if position in headings:
                lines.append(headings[position])
            refs = " ".join(f"[{n}]" for n in entry["citations"])
            detail = f" — {entry['detail']}" if entry["detail"] else ""
            quote = clean_text(next((c.quote for c in citations if c.id in entry["citations"][:1]), ""))
            shown = f": “{quote}”" if quote and not entry["detail"] else ""
            lines.append(f"- {entry['label']}{detail}{shown} {refs}".rstrip())
        explained: set[tuple[str, str]] = set()
        term_lines: list[str] = []
        noted: set[tuple[str, int]] = set()
        note_lines: list[str] = []
        question_terms = set(terms(question))

        def explain(cited: list[Citation]) -> None:
            """Spells out, from the report's own glossary, the uncommon abbreviations the cited text uses."""
            # One abbreviation of each citation in turn, so that every item gets its first term explained.
            found = [[(c, a) for a in dict.fromkeys(ABBREVIATION.findall(c.quote))] for c in cited]
            printed_in: dict[str, set[str]] = {}
            marks_in: dict[str, set[str]] = {}
            for citation in cited:
                printed_in.setdefault(citation.report, set()).update(ABBREVIATION.findall(citation.quote))
                marks_in.setdefault(citation.report, set()).update(footnote_marks(citation.quote))
            self._notes.read(printed_in, marks_in)  # what every cited text prints, in one query each
            for citation, printed in (pair for depth in itertools.zip_longest(*found) for pair in depth if pair):
                glossary = self._notes.terms(citation.report, [printed])
                term = printed[:-1] if printed.endswith("s") and printed[:-1] in glossary else printed
                if term not in glossary or (citation.report, term) in explained or len(explained) >= MAX_TERMS:
                    continue
                definition, entry = glossary[term]
                if re.search(rf"\b{re.escape(term)}\b", question) or collapse(definition).lower() in question.lower():
                    continue  # the question itself uses the term or spells it out
                explained.add((citation.report, term))
                number = cite(entry.report, entry.title, entry.section, entry.start_line, entry.end_line, entry.page, entry.quote)
                if printed != term and not definition.endswith("s"):
                    definition += "s"  # "VLOs": Victim liaison officers
                term_lines.append(f"{printed}: {definition} [{number}]")
            # Footnote marks in the cited text: the note (most often a source) printed below it.
            for citation in cited:
                for mark in dict.fromkeys(footnote_marks(citation.quote)):
                    note = next(((text, e) for m, text, e in self._notes.footnotes(citation.report, [mark])
                                 if m == mark and citation.start_line <= e.start_line <= citation.end_line + NOTE_REACH), None)
                    if note is None or (citation.report, note[1].start_line) in noted or len(noted) >= MAX_NOTES:
                        continue
                    if len(question_terms & set(terms(note[0]))) < 2:
                        continue  # a note on something not asked about
                    noted.add((citation.report, note[1].start_line))
                    e = note[1]
                    number = cite(e.report, e.title, e.section, e.start_line, e.end_line, e.page, e.quote)
                    note_lines.append(f"note {mark}: {note[0]} [{number}]")

        explain(citations)
        limit = max(k, len(citations))
        extra = []
        for candidate in chosen:
            if len(citations) >= limit and citations:
                break
            chunk = candidate.hit.chunk
            start, end, quote, shown = _span_around(chunk, candidate.line, candidate.text)
            if any(c.report == chunk.file_name and c.start_line <= candidate.line <= c.end_line and c.start_line < c.end_line
                   for c in citations):
                continue  # already cited within a table or key-fact span
            number = cite(chunk.file_name, chunk.title, chunk.section, start, end, chunk.page, quote)
            providers = self._report_providers.get(chunk.report_id, ())
            source = f"{' and '.join(providers)}: " if providers else ""
            extra.append(f"{source}“{shown}” [{number}]")
            if len(extra) == 1:
                explain([citations[number - 1]])
        if extra:
            figure = _percentage_asked(question, chosen[0].text) if not lines and chosen else None
            if lines:
                lines.append("Related passages:")
            elif figure:
                lines.append(f"Figure: {figure} [1]")  # "13 per cent" in the best passage, stated as 13%
            lines.extend(extra)
        if note_lines:
            lines.append("Footnotes of the cited text: " + "; ".join(note_lines))
        if term_lines:
            lines.append("Terms (from the reports' glossaries): " + "; ".join(term_lines))
        return Answer(question, "\n".join(lines), False, items, citations, confidence)

    def _reports_about(self, analysis: Question) -> set[str] | None:
        """The reports that inspect the providers a question names (None: search every report)."""
        named = {p.canonical for p in analysis.providers}
        if not named:
            return None
        reports = {rid for rid, providers in self._report_providers.items() if named & set(providers)}
        return reports or None

    @property
    def _report_providers(self) -> dict[str, tuple[str, ...]]:
        """Report id -> the providers it inspects (from the graph), for attributing a quoted sentence."""
        if self._providers_by_report is None:
            from kg.sparql import select_rows

            mapping: dict[str, set[str]] = {}
            for row in select_rows(self.retriever.index.dataset, """
                SELECT ?id ?provider WHERE { GRAPH ?g { ?r a pkg:Report ; dcterms:identifier ?id ;
                                                          pkg:inspects/skos:prefLabel ?provider } }"""):
                mapping.setdefault(str(row["id"]), set()).add(str(row["provider"]))
            self._providers_by_report = {k: tuple(sorted(v)) for k, v in mapping.items()}
        return self._providers_by_report

    def _score(
        self, question: str, query_vector: np.ndarray, hits: list[Hit], parts: list[str] | None = None
    ) -> list[Candidate]:
        """Returns the sentences of `hits` scored against the question, best first.

        With `parts` (the clauses of a question that asks several things), the best sentence for each
        clause comes first, so that every clause gets an answer.
        """
        candidates: list[Candidate] = []
        rows: list[int] = []
        seen: set[tuple[str, int, str]] = set()
        index = self.retriever.index
        stored = index.sentence_vectors
        for rank, hit in enumerate(hits):
            first = index.sentence_rows(hit.chunk.iri) if stored is not None else 0
            for position, (line, text) in enumerate(chunk_sentences(hit.chunk)):
                key = (hit.chunk.report_id, line, text)
                if key in seen:
                    continue
                seen.add(key)
                candidates.append(Candidate(text, line, hit, rank))
                rows.append(first + position)
        if not candidates:
            return []
        # Sentence vectors are stored at ingest; an index written before they were is embedded here.
        vectors = (np.asarray(stored[rows], dtype=np.float32) if stored is not None
                   else self.retriever.embedder.embed([c.text for c in candidates]))
        context_terms: dict[str, set[str]] = {}
        sentence_terms = []
        for candidate in candidates:
            chunk = candidate.hit.chunk
            if chunk.iri not in context_terms:
                # A sentence is read in its report and section: "Cumbria" in the question is
                # matched by the report's title, so the sentence itself need not repeat it.
                context_terms[chunk.iri] = set(terms(chunk.title + " " + " ".join(chunk.section_path)))
            sentence_terms.append(set(terms(candidate.text)) | context_terms[chunk.iri])
        scored = self._rank(candidates, vectors, sentence_terms, question, query_vector)
        if not parts or len(parts) < 2:
            return scored
        leaders: list[Candidate] = []
        for part in parts:
            ranked = self._rank(candidates, vectors, sentence_terms, part, self.retriever.embed_query(part))
            best = next((c for c in ranked if (c.text, c.line) not in {(l.text, l.line) for l in leaders}), None)
            if best is not None:
                leaders.append(best)
        # The best sentence for the whole question leads; then the best for each clause.
        leaders = [scored[0]] + [c for c in leaders if (c.text, c.line) != (scored[0].text, scored[0].line)]
        chosen = {(c.text, c.line) for c in leaders}
        return leaders + [c for c in scored if (c.text, c.line) not in chosen]

    def _rank(self, candidates, vectors, sentence_terms, question: str, query_vector: np.ndarray) -> list[Candidate]:
        question_terms = set(terms(question))
        total = sum(self._idf.get(t, self._idf_default) for t in question_terms) or 1.0
        cosines = vectors @ query_vector
        scored = []
        for candidate, cosine, words in zip(candidates, cosines, sentence_terms):
            covered = sum(self._idf.get(t, self._idf_default) for t in question_terms & words) / total
            prior = 1.0 - candidate.hit_rank / CHUNKS_CONSIDERED
            score = DENSE_WEIGHT * float(cosine) + LEXICAL_WEIGHT * covered + RANK_WEIGHT * prior
            scored.append(Candidate(candidate.text, candidate.line, candidate.hit, candidate.hit_rank, score))
        scored.sort(key=lambda c: -c.score)
        return scored

    @property
    def _idf_default(self) -> float:
        return self._idf.get("\x00", 1.0)


_VALUE_LINE = re.compile(r"^\s*(?:£\s?)?\d[\d,.]*\s*(?:%|m|bn)?(?:\s*\(of \d+\))?\s*(?:\*\*)?\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]*\s*$")


def _span_around(chunk, line: int, sentence: str) -> tuple[int, int, str, str]:
    """Returns (start, end, quote, shown text) for citing `sentence` of `line`.

    A row of a table is cited with its whole table (at most ten lines), so every figure and label of it is
    quoted; a key-fact description is cited with the figure printed on the line above it.
    """
    lines = chunk.text_lines()
    position = next((i for i, (n, _) in enumerate(lines) if n == line), None)
    if position is None:
        return line, line, sentence, clean_text(shorten_quote(sentence))
    text = lines[position][1]
    if re.match(r"^\s*(?:\*+)?(?:Table|Chart)\s+\d+", text) and position + 1 < len(lines) and "\t" in lines[position + 1][1]:
        position += 1  # a table's caption: cite it with the table under it
        text = lines[position][1]
    if "\t" in text.strip():
        first = last = position
        while first > 0 and "\t" in lines[first - 1][1].strip() and lines[position][0] - lines[first - 1][0] < MAX_CITATION_LINES - 1:
            first -= 1
        while last + 1 < len(lines) and "\t" in lines[last + 1][1].strip() and lines[last + 1][0] - lines[first][0] < MAX_CITATION_LINES:
            last += 1
        rows = lines[first : last + 1]
        if first > 0 and lines[first][0] - lines[first - 1][0] <= 2 and lines[first - 1][0] + MAX_CITATION_LINES > rows[-1][0]:
            rows = [lines[first - 1]] + rows  # the caption or header above the rows
        quote = " ".join(t.strip() for _, t in rows)
        shown = " | ".join(" · ".join(c for c in (clean_text(cell) for cell in t.split("\t")) if c) for _, t in rows)
        return rows[0][0], rows[-1][0], shorten_quote(quote, 120), shown
    if position > 0 and _VALUE_LINE.match(lines[position - 1][1]) and line - lines[position - 1][0] <= 2:
        value_line, value = lines[position - 1]
        return value_line, line, f"{value.strip()} … {text.strip()}", f"{clean_text(value)} — {clean_text(shorten_quote(text.strip()))}"
    # A short sentence is quoted with the one after it on its line: figures often come in pairs.
    rest = text[text.find(sentence) + len(sentence) :] if sentence in text else ""
    following = split_sentences(rest)
    if following and word_count(sentence) < 25:
        sentence = text[text.find(sentence) : text.find(sentence) + len(sentence) + following[0].end]
    return line, line, sentence, clean_text(shorten_quote(sentence))


_ASKS_PERCENTAGE = re.compile(r"\bwhat (?:percentage|proportion|per ?cent|share)\b|\bhow many per ?cent\b", re.I)
_PERCENTAGE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:%|per ?cent\b)", re.I)


def _percentage_asked(question: str, sentence: str) -> str | None:
    """The percentage the best sentence states, when the question asks for one and the sentence states one."""
    if not _ASKS_PERCENTAGE.search(question):
        return None
    found = list(dict.fromkeys(f"{m.group(1)}%" for m in _PERCENTAGE.finditer(sentence)))
    return ", ".join(found) if found else None


def _inverse_document_frequency(texts: list[str]) -> dict[str, float]:
    """Returns term -> smoothed IDF over `texts`; key "\\x00" holds the value for unseen terms."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(set(terms(text)))
    n = max(len(texts), 1)
    idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in counts.items()}
    idf["\x00"] = math.log(1 + (n + 0.5) / 0.5)
    return idf


def _select(candidates: list[Candidate], k: int) -> list[Candidate]:
    """Returns up to `k` candidates, best first, spreading citations across reports."""
    chosen: list[Candidate] = []
    remaining = list(candidates[: 10 * k])
    per_report: Counter[str] = Counter()
    while remaining and len(chosen) < k:
        best = max(remaining, key=lambda c: c.score - SAME_REPORT_PENALTY * per_report[c.hit.chunk.report_id])
        remaining.remove(best)
        chosen.append(best)
        per_report[best.hit.chunk.report_id] += 1
    return chosen
