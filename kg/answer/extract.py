"""Answer values taken from the evidence: items a cited passage lists, the providers of the cited reports,
and the check that a one-figure answer states that figure about its subject."""
from __future__ import annotations

import re

from ingest.extract.providers import PROVIDER_TYPES
from kg.answer.analyse import Question, named_entities
from kg.answer.enumerations import listed_items, named_things
from kg.answer.evidence import Evidence, Item, PlanResult
from kg.answer.result import Answer
from kg.citations import Citation, shorten_quote
from kg.index.keyword import term_set


class Extractor:
    """Takes answer values from the evidence an answer cites."""

    def __init__(self, index, known, report_providers) -> None:
        self.index = index
        self._known = known
        self._providers = report_providers  # called: report id -> the providers it inspects

    @property
    def report_providers(self) -> dict[str, tuple[str, ...]]:
        return self._providers()

    def items_from_reports(self, question: str, analysis: Question, answer: Answer) -> None:
        """"Which CRCs …?" answered from text: the providers of the asked type whose reports the cited sentences
        come from are the items, each with the citations from its reports that share the question's words."""
        from ingest.gazetteer import load_gazetteer

        asked = term_set(question)
        for citation in answer.citations:
            if len(asked & term_set(citation.quote)) < 2:
                continue  # a passage beside the point supports no item
            for label in self.report_providers.get(citation.report.rsplit(".", 1)[0], ()):
                known = load_gazetteer().resolve(label) or (self._known.resolve(label) if self._known else None)
                kind = known.type if known else None
                if kind not in analysis.answer_types:
                    continue
                entry = next((i for i in answer.items if i["label"] == label), None)
                if entry is None:
                    answer.items.append({"label": label, "type": kind, "iri": None, "citations": [citation.id]})
                elif citation.id not in entry["citations"]:
                    entry["citations"].append(citation.id)

    def sentences_on(self, provider: str, citations: list[Citation]) -> list[str]:
        """The cited quotes about `provider`: from reports inspecting it, or naming it, and naming no other."""
        on = {rid for rid, providers in self.report_providers.items() if provider in providers}
        quotes = []
        for citation in citations:
            named = {e.canonical for _, _, e in named_entities(citation.quote, self._known) if e.type in PROVIDER_TYPES}
            if named - {provider} and provider not in named:
                continue  # a figure of another provider ("the NPS North West division's 20 per cent shortfall")
            if citation.report.rsplit(".", 1)[0] in on or provider in named:
                quotes.append(citation.quote)
        return quotes

    def items_from_text(self, answer: Answer, names: bool = False) -> None:
        """A list answered from text takes its items from the list its best passage prints, each cited at its line;
        with `names` (the question asks for named schemes, organisations …), else from the names it prints."""
        for citation in answer.citations[:5]:
            record = self.index.reports.get(citation.report.rsplit(".", 1)[0])
            if record is None:
                continue
            listed = listed_items(record.source, record.sha256, citation.start_line, citation.end_line,
                                  term_set(answer.question) - _QUESTION_WORDS)
            if not listed and names and citation is answer.citations[0]:
                listed = named_things(citation.quote, citation.start_line, answer.question)
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



_QUESTION_WORDS = term_set("which what who are were list name named the of in according report reports inspection")
_RATING_IN_TEXT = re.compile(r"\b(?:rated|rating of|rating|judged|graded)\W+(?:as\W+|was\W+)?['‘\"“]?"
                             r"(outstanding|good|requires? improvement|requiring improvement|inadequate)\b", re.I)
_RATING_NAMES = {"outstanding": "Outstanding", "good": "Good", "requires improvement": "Requires improvement",
                 "require improvement": "Requires improvement", "requiring improvement": "Requires improvement",
                 "inadequate": "Inadequate"}
RATING_SEARCH_CHUNKS = 6


def ratings_from_text(question: Question, retriever, report_providers: dict[str, tuple[str, ...]]) -> PlanResult:
    """Graph, then text: a rating word printed beside the provider's name in its reports ("… has been rated as
    'Good'") when the graph holds no rating for it, each cited at its line."""
    items = []
    for provider in question.providers:
        reports = {r for r, names in report_providers.items() if provider.canonical in names}
        if not reports:
            continue
        query = f"{provider.canonical} rated rating"
        for hit in retriever.search(query, k=RATING_SEARCH_CHUNKS, reports=reports):
            chunk = hit.chunk
            found = next(((line, text, m) for line, text in chunk.text_lines()
                          if (m := _RATING_IN_TEXT.search(text)) and _names(text, provider)), None)
            if found is None:
                continue
            line, text, match = found
            rating = _RATING_NAMES[re.sub(r"\s+", " ", match.group(1).lower())]
            evidence = Evidence(chunk.file_name, chunk.title, chunk.section, line, line, chunk.page,
                                shorten_quote(text.strip()), 1.0)
            items.append(Item(provider.canonical, provider.type, "", f"rating printed in the text: {rating}", [evidence]))
            break
    names = ", ".join(p.canonical for p in question.providers)
    return PlanResult("ratings from text", items, f"a rating word beside {names} in its reports' text", False, "Ratings")


def _names(text: str, provider) -> bool:
    """Whether a line names the provider (its name, a variant, or its place without the type word)."""
    lowered = text.lower()
    names = {provider.canonical, *provider.variants, re.sub(r"\s+(?:CRC|PDU|NPS.*)$", "", provider.canonical)}
    return any(name.lower().replace("&", "and") in lowered.replace("&", "and") for name in names if name)
