"""The answer pipeline: analyse the question, parse it into a request, execute the request over the graph and
the text, extract the answer values from the evidence, compose the answer with citations — or abstain."""
from __future__ import annotations

from kg.answer.analyse import Question, analyse, expanded_text, graph_providers
from kg.answer.compose import Composer
from kg.answer.enumerations import asks_names, report_lines
from kg.answer.evidence import PlanResult
from kg.answer.execute import run_templates
from kg.answer.extract import Extractor, ratings_from_text
from kg.answer.notes import ReportNotes
from kg.answer.per_subject import per_subject_plan, subjects
from kg.answer.request import Request, parse
from kg.answer.result import Answer
from kg.answer.retrieve import CHUNKS_CONSIDERED, SentenceRanker, select
from kg.answer.table_aggregates import Table, aggregate, asks_total, read_table
from kg.answer.value_check import asks_one_figure, states_figure
from kg.answer.vocabulary import StandardVocabulary
from kg.index.search import Mode, Retriever
from kg.graph.sparql import recording_queries, select_rows


LEXICAL_EXTRA = 3


class Answerer:
    """Answers questions over one index with cited sentences, or abstains."""

    def __init__(self, retriever: Retriever, abstain_below: float) -> None:
        self.retriever = retriever
        self.abstain_below = abstain_below
        self._providers_by_report: dict[str, tuple[str, ...]] | None = None
        self._kinds_by_report: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None
        self._known = graph_providers(retriever.index.dataset)
        self._ranker = SentenceRanker(retriever)
        self._vocabulary = StandardVocabulary(retriever)
        self._composer = Composer(ReportNotes(retriever.index), lambda: self._report_providers,
                                  lambda report: report_lines(retriever.index, report))
        self._extractor = Extractor(retriever.index, self._known, lambda: self._report_providers)

    def warm(self) -> None:
        """Builds now the tables answers read (findings by polarity and topic, reports' dates and frameworks,
        providers and kinds per report), which the first answer needing each would otherwise build: at
        1,000 reports they take seconds. A server warms once; a one-off command need not."""
        from kg.answer.evidence import report_facts
        from kg.answer.templates.findings import warm_findings

        warm_findings(self.retriever.index)
        report_facts(self.retriever.index.dataset)
        _ = self._report_providers, self._report_kinds

    def ask(self, question: str, k: int = 5, mode: Mode = "hybrid") -> Answer:
        """Returns the answer to `question` with at most `k` citations (more when a list names more items).

        With mode "hybrid" the question is analysed, parsed into a request and answered from the graph where a
        template fits (ratings, key questions and their aggregations, recommendations, ownership, findings by
        polarity and topic), then from the text; the "bm25" and "dense" modes are retrieval-only baselines.
        """
        question = question.strip()
        if not question:
            return Answer(question, "Ask a question about the inspection reports.", True)
        request = parse(self._standards_read(analyse(question, self._known))) if mode == "hybrid" else None
        # Every text the answer will embed, in one batch: the question, its clauses, its findings' topics.
        texts = [question]
        if request is not None:
            parts = request.parts or [request]
            texts += [part.text for part in request.parts]
            texts += [expanded_text(part.question) for part in parts if part.template == "findings"]
        self.retriever.embed_queries(texts)
        with recording_queries() as queries:
            answer = self._answer(question, request, k, mode)
        answer.request = request.to_json() if request is not None else {}
        answer.sparql = list(dict.fromkeys(queries))
        return answer

    def _standards_read(self, analysis: Question) -> Question:
        """Reads the standards a question describes by what they cover (the ontology's labels and definitions);
        a follow-up clause asking how others were rated ("… and how were the other two judged on it?") asks about
        the first clause's standard, of the same kind of provider."""
        parts = analysis.parts
        for part in [analysis, *parts]:
            if part.asks_rating and not part.standards:
                scheme = "omi" if "omi" in part.frameworks else "rated"
                if (standard := self._vocabulary.described(part.text, scheme)) is not None:
                    part.standards.append(standard.notation)
        for part in parts[1:]:
            if part.follow_up and part.asks_rating and not part.standards and parts[0].standards:
                part.standards = list(parts[0].standards)
                part.answer_types = part.answer_types or parts[0].answer_types
                part.frameworks = part.frameworks or parts[0].frameworks
        return analysis

    def _answer(self, question: str, request: Request | None, k: int, mode: Mode) -> Answer:
        analysis = request.question if request is not None else None
        query_vector = self.retriever.embed_query(question)
        plans = run_templates(request, self.retriever) if request is not None else []
        reports = self._reports_about(analysis) if analysis else None
        hits = self.retriever.search(question, k=CHUNKS_CONSIDERED, mode=mode, query_vector=query_vector, reports=reports)
        if mode == "hybrid":
            # The best chunks by words alone are also read: fusion can rank a chunk that prints the asked words
            # below chunks that are only near in meaning.
            seen = {hit.chunk.iri for hit in hits}
            hits += [hit for hit in self.retriever.search(question, k=LEXICAL_EXTRA, mode="bm25", reports=reports)
                     if hit.chunk.iri not in seen]
        parts = [p.text for p in analysis.parts] if analysis and analysis.parts else None
        candidates = self._ranker.score(question, query_vector, hits, parts)
        leading = len(parts) + 1 if parts else 0
        chosen = candidates[:leading] + select(candidates[leading:], k) if parts else select(candidates, k)
        confidence = chosen[0].score if chosen else 0.0
        found = [plan for plan in plans if plan.items]
        if request is not None and _asks_per_subject(request):
            found = self._per_subject(request, found)
        if request is not None and not found:
            found = self._table_aggregates(request, chosen)
        trace = [{"plan": p.kind, "looked_for": p.looked_for, "items": len(p.items), "lookup": p.exact}
                 for p in plans + [p for p in found if p not in plans]]
        if plans and not found and all(plan.exact for plan in plans):
            # Graph, then text: a rating the graph lacks may still be printed beside the provider's name.
            if analysis is not None and analysis.providers and not analysis.standards and any(
                    p.kind == "ratings" for p in plans):
                from_text = ratings_from_text(analysis, self.retriever, self._report_providers)
                trace.append({"plan": from_text.kind, "looked_for": from_text.looked_for,
                              "items": len(from_text.items), "lookup": False})
                found = [from_text] if from_text.items else []
        if plans and not found and all(plan.exact for plan in plans):
            # A lookup that finds nothing (in the graph, nor beside the name in the text) is an answer: the
            # reports do not give it.
            looked = "; ".join(plan.looked_for for plan in plans)
            return Answer(question, f"The ingested reports do not give {looked}.", True, confidence=confidence, plans=trace)
        if not found and (not chosen or confidence < self.abstain_below):
            return Answer(question, "The ingested reports do not appear to answer this question.", True,
                          confidence=confidence, plans=trace)
        answer = self._composer.compose(question, analysis, found, chosen, k, confidence)
        answer.plans = trace + [{"plan": "retrieval", "looked_for": f"{mode} search over report text",
                                 "items": 0, "lookup": False}]
        if analysis is not None and not found and asks_one_figure(question, analysis.asks_many, len(analysis.providers)):
            provider = analysis.providers[0].canonical
            if not states_figure(question, provider, self._extractor.sentences_on(provider, answer.citations)):
                # Near misses (this figure for another provider, another figure for this one) are no answer.
                return Answer(question, f"The ingested reports do not give that figure for {provider}: the passages "
                              "nearest to it are about other providers or other measures.", True,
                              confidence=confidence, plans=answer.plans + [{"plan": "one figure", "looked_for":
                              f"a number with the asked measure, about {provider}", "items": 0, "lookup": True}])
        if analysis is not None and analysis.asks_many and not answer.items and not analysis.answer_types:
            self._extractor.items_from_text(answer, names=asks_names(question))
        if analysis is not None and analysis.is_list and analysis.answer_types and not answer.items:
            self._extractor.items_from_reports(question, analysis, answer)
        return answer

    def _table_aggregates(self, request: Request, chosen: list) -> list[PlanResult]:
        """Each clause asking the highest, lowest or total of something, answered over the table the best
        passages print (the column chosen by its header's words)."""
        tables = {}
        for candidate in chosen[:5]:
            chunk = candidate.hit.chunk
            lines = report_lines(self.retriever.index, chunk.report_id)
            if lines and (read := read_table(lines, candidate.line)) is not None:
                tables.setdefault((chunk.file_name, read[1][0][0]),
                                  Table(chunk.file_name, chunk.title, chunk.section, chunk.page, *read))
        if not tables:
            return []
        table = max(tables.values(), key=lambda t: t.fit(request.text))  # the first of the best fitting
        plans = []
        for part in request.parts or [request]:
            aggregation = part.aggregation if part.aggregation in ("max", "min") else (
                "total" if asks_total(part.text) else None)
            if aggregation and (plan := aggregate(table, part.text, aggregation)) is not None:
                plans.append(plan)
        return plans

    def _per_subject(self, request: Request, found: list[PlanResult]) -> list[PlanResult]:
        """A value for each subject the question compares, found in that subject's reports; it replaces a list
        of findings (which answers "which were criticised", not "how many")."""
        chosen = subjects(request, self.retriever.index, self._report_providers, self._report_kinds)
        if len(chosen) < 2:
            return found
        plan = per_subject_plan(request, chosen, self.retriever, self._ranker)
        if not plan.items:
            return found
        return [plan] + [p for p in found if p.kind != "findings"]

    @property
    def _report_kinds(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """Report id -> (the classes of the providers it inspects, its frameworks)."""
        if self._kinds_by_report is None:
            kinds: dict[str, tuple[set, set]] = {}
            for row in select_rows(self.retriever.index.dataset, """
                SELECT ?id ?ptype ?framework WHERE { GRAPH ?g { ?r a pkg:Report ; dcterms:identifier ?id ;
                    pkg:inspects ?p . ?p a ?ptype . FILTER(STRSTARTS(STR(?ptype), STR(pkg:)))
                    OPTIONAL { ?r pkg:framework ?framework } } }"""):
                types, frameworks = kinds.setdefault(str(row["id"]), (set(), set()))
                types.add(str(row["ptype"]).rsplit("#", 1)[-1])
                if row.get("framework") is not None:
                    frameworks.add(str(row["framework"]))
            self._kinds_by_report = {k: (tuple(sorted(t)), tuple(sorted(f))) for k, (t, f) in kinds.items()}
        return self._kinds_by_report

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
            mapping: dict[str, set[str]] = {}
            for row in select_rows(self.retriever.index.dataset, """
                SELECT ?id ?provider WHERE { GRAPH ?g { ?r a pkg:Report ; dcterms:identifier ?id ;
                                                          pkg:inspects/skos:prefLabel ?provider } }"""):
                mapping.setdefault(str(row["id"]), set()).add(str(row["provider"]))
            self._providers_by_report = {k: tuple(sorted(v)) for k, v in mapping.items()}
        return self._providers_by_report



def _asks_per_subject(request: Request) -> bool:
    """Whether a question asks a value of each of several subjects: "how many … in each", or "compare A and B"
    / "which of A, B and C is highest" where no graph template answers it."""
    if request.per_subject:
        return request.template in (None, "findings")  # a value per subject, not a list of judgements
    named = len(request.question.providers)
    return request.template is None and request.aggregation in ("compare", "max", "min") and named >= 2
