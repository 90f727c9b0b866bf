"""A value for each of several subjects, from the text: "how many … in each inspection", "compare A and B on …".

The subjects are the providers the question names, the reports it points at ("the 2017 Greater Manchester
inspection"), or every report of the asked kind ("each of the CRC rated inspections"). Each subject's reports
are searched on their own, the best sentence printing a figure beside the asked measure is cited, and the figure
is read from it; "which … the most / the fewest" is then answered over those figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.answer.compose import span_around
from kg.answer.enumerations import report_lines
from kg.answer.evidence import Evidence, Item, PlanResult, in_frameworks
from kg.answer.request import Request
from kg.answer.templates.labelled import reports_named
from kg.index.keyword import term_set, terms

_NUMBER = re.compile(r"(?<![\w.£])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*%|\s*per ?cent\b)?")
_WINDOW_BEFORE, _WINDOW_AFTER = 2, 4
# Words of the question that say what is asked, not what is measured.
_QUESTION_WORDS = term_set("how many much what which who each both three two four inspection inspections report "
                            "reports rated compare comparison figure figures number did do does was were the most "
                            "fewest least highest lowest more than")
SUBJECT_CHUNKS = 8
MEASURE_WEIGHT = 0.3  # a sentence's score gains this times the share of the measure's words it prints


@dataclass(frozen=True)
class Subject:
    label: str  # a provider, or the place of a report that inspects several
    type: str
    reports: frozenset[str]
    note: str = ""  # the providers of a report labelled by its place


def subjects(request: Request, index, report_providers: dict[str, tuple[str, ...]], report_kinds) -> list[Subject]:
    """The providers or reports the question asks a value of, each with the reports to search."""
    question = request.question
    found: dict[str, Subject] = {}
    for provider in question.providers:
        reports = frozenset(r for r, names in report_providers.items() if provider.canonical in names)
        if reports:
            found[provider.canonical] = Subject(provider.canonical, provider.type, reports)
    in_scope = set(reports_named(index, question) or ())
    if question.answer_types and not question.providers:
        for report, (types, frameworks) in report_kinds.items():
            if set(types) & set(question.answer_types) and in_frameworks(question.frameworks, frameworks):
                in_scope.add(report)
    for report in sorted(in_scope):
        providers = report_providers.get(report, ())
        if any(report in s.reports for s in found.values()):
            continue
        if len(providers) == 1:
            found[providers[0]] = Subject(providers[0], "Provider", frozenset({report}))
        elif providers:
            place = _place(index.reports[report].title) or " and ".join(providers)
            found[place] = Subject(place, "Report", frozenset({report}), " and ".join(providers))
    return list(found.values())


def _place(title: str) -> str | None:
    """The place a report's title names after its last "in" ("… probation work in Greater Manchester")."""
    match = re.search(r"\bin\s+((?:[A-Z][\w'’&-]*\s*)+)$", title.strip())
    return match.group(1).strip() if match else None


def per_subject_plan(request: Request, subjects_found: list[Subject], retriever, ranker) -> PlanResult:
    """The best sentence of each subject's reports that prints a figure beside the asked measure, with the figure;
    ordered by figure and headed by the highest or lowest when the question asks which is."""
    question = request.text
    names = {t for s in subjects_found for t in terms(s.label)}
    measure = term_set(question) - _QUESTION_WORDS - names
    # Each subject's reports are searched for the measure, without the names of the subjects compared.
    query = " ".join(w for w in re.findall(r"[\w'’%-]+", question) if not (term_set(w) & (names | _QUESTION_WORDS)))
    vector = retriever.embed_query(query)
    items = []
    for subject in subjects_found:
        hits = retriever.search(query, k=SUBJECT_CHUNKS, query_vector=vector, reports=set(subject.reports))
        ranked = []
        for candidate in ranker.score(query, vector, hits):
            chunk = candidate.hit.chunk
            start, end, quote, _ = span_around(chunk, candidate.line, candidate.text,
                                               report_lines(retriever.index, chunk.report_id))
            if found := figures(quote, measure, request.value_type):
                beside = _beside(quote, measure, request.value_type == "percentage")
                strength = beside[1] / max(2 * len(measure), 1) if beside else 0.0
                weight = candidate.score + MEASURE_WEIGHT * (_share(measure, candidate.text) + strength)
                evidence = Evidence(chunk.file_name, chunk.title, chunk.section, start, end, chunk.page, quote, weight)
                ranked.append((evidence, found))
        if not ranked:
            continue
        # The passage that says most of the measure, and best answers the question.
        evidence, found = max(ranked, key=lambda pair: pair[0].score)
        detail = ", ".join(found) + (f" ({subject.note})" if subject.note else "")
        items.append(Item(subject.label, subject.type, "", detail, [evidence], score=_value(found[0])))
    heading = "By provider"
    same_unit = len({"%" in item.detail.split(" (")[0] for item in items}) == 1
    if request.aggregation in ("max", "min") and len(items) >= 2 and same_unit:
        items.sort(key=lambda item: item.score, reverse=request.aggregation == "max")
        best = [i for i in items if i.score == items[0].score]
        word = "Highest" if request.aggregation == "max" else "Lowest"
        leaders = " and ".join(f"{i.label} ({i.detail.split(' (')[0]})" for i in best)
        heading = f"{word}: {leaders}; each"
    return PlanResult("value per subject", items, "a figure beside the asked measure in each subject's reports", False,
                      heading, show_quotes=True)


def figures(sentence: str, measure: set[str], value_type: str | None) -> list[str]:
    """The figures a sentence gives for the measure: for "how many" the number beside the measure's words, for a
    comparison every percentage it prints (a provider's figure and its comparators), else the number beside."""
    if value_type not in ("number", "percentage"):
        percentages = [m.group(0).strip() for m in _NUMBER.finditer(sentence) if m.group(2)]
        if percentages and measure & term_set(sentence):
            return list(dict.fromkeys(percentages))
    figure = figure_beside(sentence, measure, value_type == "percentage")
    if figure is None and value_type is None and _share(measure, sentence) >= 0.5:
        # A passage on the measure that prints one figure a few words away ("sickness absences … running at
        # an average of 15 days per year").
        plain = [m for m in _NUMBER.finditer(sentence)
                 if not re.fullmatch(r"(19|20)\d\d", m.group(1)) and not _enumerator(sentence, m)]
        figure = plain[0].group(0).strip() if len(plain) == 1 else None
    return [figure] if figure else []


def figure_beside(sentence: str, measure: set[str], percentage: bool = False) -> str | None:
    """The number in `sentence` that the measure's words follow ("we interviewed 34 individual responsible
    officers" → "34" for "responsible officers … interview"), or failing that stand just before; None if none."""
    found = _beside(sentence, measure, percentage)
    return found[0] if found else None


def _beside(sentence: str, measure: set[str], percentage: bool) -> tuple[str, int] | None:
    """(figure, strength): the words after a number count twice those before it."""
    words = list(re.finditer(r"\S+", sentence))
    best, strength = None, 0
    for match in _NUMBER.finditer(sentence):
        if percentage and not match.group(2):
            continue
        if re.fullmatch(r"(19|20)\d\d", match.group(1)) or _enumerator(sentence, match):
            continue  # a year, or the number of a listed line ("2. Responsible officers were …")
        position = next((i for i, w in enumerate(words) if w.start() <= match.start() < w.end()), 0)
        before = " ".join(w.group(0) for w in words[max(0, position - _WINDOW_BEFORE): position])
        after = " ".join(w.group(0) for w in words[position + 1: position + _WINDOW_AFTER + 1])
        score = 2 * len(measure & term_set(after)) + len(measure & term_set(before))
        if score > strength:
            best, strength = match.group(0).strip(), score
    return (best, strength) if best else None


def _enumerator(text: str, match: re.Match) -> bool:
    """A line's number: at the start of a line or cell, or followed by ". " and a capital ("2. Responsible …")."""
    opens = not text[: match.start()].strip() or text[match.start() - 1] == "\t"
    closes = text[match.end(): match.end() + 1] in (".", ")")
    return (opens and closes) or bool(re.match(r"[.)]\s+[A-Z]", text[match.end():]))


def _share(measure: set[str], text: str) -> float:
    return len(measure & term_set(text)) / max(len(measure), 1)


def _value(figure: str) -> float:
    return float(re.sub(r"[^\d.]", "", figure) or 0)
