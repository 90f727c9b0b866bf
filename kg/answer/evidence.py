"""What the graph templates return: items with the report spans that support them, and the shared pieces of
their queries (evidence of a fact, the providers a request is about)."""
from __future__ import annotations

import weakref

from collections import OrderedDict
from dataclasses import dataclass, field

from rdflib import Literal

from ingest.gazetteer import name_key
from kg.answer.analyse import Question
from kg.graph.facts import FRAMEWORK_CLASSES
from kg.graph.ids import graph_of_report
from kg.graph.sparql import record_query, select_rows


@dataclass
class Evidence:
    """A span of a report that supports an item."""

    report: str
    title: str
    section: str
    start_line: int
    end_line: int
    page: int | None
    quote: str
    score: float = 0.0


@dataclass
class Item:
    label: str
    type: str
    iri: str
    detail: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    score: float = 0.0

    def add(self, part: str, row: dict) -> None:
        """Adds one fact of a query row to the item: `part` to its detail ("1.1 Leadership: Good"), the row's
        evidence to its evidence."""
        self.detail = f"{self.detail}; {part}" if self.detail else part
        if (evidence := row_evidence(row)) is not None:
            self.evidence.append(evidence)


@dataclass
class PlanResult:
    kind: str
    items: list[Item]
    looked_for: str
    exact: bool  # a lookup: finding nothing means the reports do not say
    heading: str = ""
    entities: bool = True  # items are typed entities (providers, owners …), listed in the answer's `items`
    show_quotes: bool = False  # each item's line quotes its first evidence even when it has a detail
    evidence_depth: int = 2  # how many of each item's evidence spans are cited
    companions: list["PlanResult"] = field(default_factory=list)  # context shown after it (the other providers)


# The report of a fact; its evidence is fetched afterwards for the facts kept (see add_evidence). The
# queries match inside one named graph (GRAPH ?g): a fact, its provider's labels and its report are all
# in the report's graph, and Oxigraph answers that thirty to a hundred times faster than over the union.
# A fact's report. Its publication date (?published) and framework (?framework) are filled in by run_query
# from a table of every report: as OPTIONALs here Oxigraph joins them by scanning every report's date
# (at 1,000 reports, 5 ms became 270 ms).
EVIDENCE = """
  ?report pkg:fileName ?file ; dcterms:title ?title .
"""
_EVIDENCE_OF = """
SELECT ?fact ?file ?start ?end ?quote ?section ?page WHERE {
  VALUES ?fact { %s }
  # The OPTIONAL comes first: after the other patterns Oxigraph evaluates it for every chunk.
  OPTIONAL { ?fact prov:wasDerivedFrom ?chunk . ?chunk pkg:section ?section . OPTIONAL { ?chunk pkg:page ?page } }
  ?fact pkg:evidence/oa:hasTarget ?t . ?t oa:hasSource/pkg:fileName ?file ; pkg:startLine ?start ; pkg:endLine ?end ;
     oa:hasSelector/oa:exact ?quote .
}"""


def run_query(dataset, text: str) -> list[dict]:
    record_query(text)  # the answer shows the queries its plans ran
    rows = select_rows(dataset, text)
    if rows and "file" in rows[0] and ("published" in rows[0] or "framework" in rows[0]):
        by_file = {report["file"]: report for report in report_facts(dataset).values()}
        for row in rows:
            report = by_file.get(str(row["file"]), {})
            row["published"] = row.get("published") or report.get("published")
            row["framework"] = row.get("framework") or report.get("framework")
    return rows


_REPORT_FACTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def report_facts(dataset) -> dict[str, dict]:
    """Report IRI -> its file, title, publication and fieldwork dates and framework IRI (None when not printed),
    for every report, read once per loaded dataset (answers and dossiers read them)."""
    if dataset not in _REPORT_FACTS:
        rows = select_rows(dataset, """SELECT ?report ?file ?title ?published ?fieldwork ?framework WHERE {
          ?report a pkg:Report ; pkg:fileName ?file ; dcterms:title ?title .
          OPTIONAL { ?report pkg:publicationDate ?published } OPTIONAL { ?report pkg:fieldworkDate ?fieldwork }
          OPTIONAL { ?report pkg:framework ?framework } }""")
        _REPORT_FACTS[dataset] = {str(r["report"]): {"file": str(r["file"]), "title": str(r["title"]),
                                                     "published": r.get("published"), "fieldwork": r.get("fieldwork"),
                                                     "framework": r.get("framework")} for r in rows}
    return _REPORT_FACTS[dataset]


def add_evidence(dataset, rows: list[dict]) -> list[dict]:
    """Returns `rows` with the evidence (report file, lines, quote, section, page) of each row's ?fact."""
    facts = {str(r["fact"]) for r in rows if r.get("fact")}
    if not facts:
        return rows
    found = {}
    for row in run_query(dataset, _EVIDENCE_OF % " ".join(f"<{f}>" for f in sorted(facts))):
        found.setdefault(str(row["fact"]), row)
    return [{**row, **{k: v for k, v in found.get(str(row.get("fact")), {}).items() if k != "fact"}} for row in rows]


def values_of(dataset, subjects, path: str) -> dict[str, list]:
    """Subject IRI -> the values the property `path` gives it, read for `subjects` only: as an OPTIONAL after a
    query's patterns Oxigraph scans the property over the whole store (at 1,000 reports, 40 ms became 400 ms)."""
    terms = " ".join(sorted({f"<{s}>" for s in subjects if s}))
    found: dict[str, list] = {}
    if terms:
        for row in run_query(dataset, f"SELECT ?s ?v WHERE {{ VALUES ?s {{ {terms} }} ?s {path} ?v }}"):
            found.setdefault(str(row["s"]), []).append(row["v"])
    return found


def fact_values(dataset, rows: list[dict], paths: dict[str, str]) -> list[dict]:
    """`rows` with, for each variable of `paths`, the (first) value its property path gives each row's ?fact, or
    None (values_of)."""
    for variable, path in paths.items():
        found = values_of(dataset, (r.get("fact") for r in rows), path)
        for row in rows:
            row[variable] = (found.get(str(row.get("fact"))) or [None])[0]
    return rows


def row_evidence(row: dict, score: float = 1.0) -> Evidence | None:
    """The evidence of a query row that selects ?file ?title ?start ?end ?quote (?section ?page optional)."""
    if row.get("start") is None:
        return None
    return Evidence(str(row["file"]), str(row["title"]), str(row.get("section") or ""), int(row["start"]), int(row["end"]),
                    int(row["page"]) if row.get("page") is not None else None, str(row["quote"]), score)


def provider_type(row: dict) -> str:
    return str(row.get("ptype") or "").rsplit("#", 1)[-1]


def year_ok(question: Question, row: dict) -> bool:
    if not question.years:
        return True
    published = str(row.get("published") or "")
    if not published:
        return True  # a press release that prints no date is not ruled out by the year asked
    return any(published.startswith(str(year)) for year in question.years)


def by_year(question: Question, rows: list[dict]) -> list[dict]:
    """The rows of the years a question asks: those dated in them when any are, else those with no date."""
    if not question.years:
        return rows
    dated = [row for row in rows if row.get("published") and year_ok(question, row)]
    return dated or [row for row in rows if not row.get("published")]


def framework_ok(question: Question, row: dict) -> bool:
    return in_frameworks(question.frameworks, [str(row.get("framework") or "")])


def in_frameworks(asked: list[str], frameworks) -> bool:
    """Whether a report of `frameworks` (IRIs) is of a framework the question asks ("rated", "qi", "omi")."""
    return not asked or any(str(FRAMEWORK_CLASSES[a]) in map(str, frameworks) for a in asked)


def narrowing(question: Question) -> str:
    """SPARQL that keeps only the providers (?plabel, ?ptype) a question is about, so that a large index
    returns the few rows asked for (the rows are still checked by provider_ok)."""
    if question.providers:
        return f" VALUES ?plabel {{ {' '.join(Literal(p.canonical).n3() for p in question.providers)} }} "
    if question.answer_types:
        return f" FILTER(?ptype IN ({', '.join(f'pkg:{t}' for t in question.answer_types)})) "
    return ""


def facts_about(dataset, rdf_class: str, question: Question) -> str:
    """The opening of a query for the facts of `rdf_class` (?fact, its provider ?p, in report graph ?g; the
    caller closes the GRAPH block). When the question names providers, only the graphs of the reports that
    inspect them are read (found first, in a query of their own: in one query Oxigraph starts from every
    fact that names the provider, each of its findings)."""
    if question.providers:
        graphs = graphs_inspecting(dataset, question)
        # The providers' labels are checked in Python (provider_ok): a VALUES ?plabel here made Oxigraph start
        # from the labels (at 1,000 reports, 40 ms became 700 ms).
        return f" VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?fact a {rdf_class} ; pkg:provider ?p . "
    return f" GRAPH ?g {{ ?fact a {rdf_class} ; pkg:provider ?p . " + narrowing(question)


def graphs_inspecting(dataset, question: Question) -> str:
    """The graphs (as SPARQL terms) of the reports that inspect the question's providers."""
    reports = run_query(dataset, "SELECT DISTINCT ?report WHERE {" + narrowing(question)
                        + " ?p skos:prefLabel ?plabel . ?report pkg:inspects ?p }")
    return " ".join(f"<{graph_of_report(str(row['report']))}>" for row in reports)


def provider_ok(question: Question, label: str, ptype: str) -> bool:
    if question.providers:
        return any(name_key(label) == name_key(p.canonical) for p in question.providers)
    return not question.answer_types or ptype in question.answer_types


def merged(first: PlanResult, second: PlanResult) -> PlanResult:
    """Returns `first` with the items of `second` added, an item of both keeping the details and evidence of each."""
    items: "OrderedDict[str, Item]" = OrderedDict((item.label, item) for item in first.items)
    for item in second.items:
        if item.label in items:
            known = items[item.label]
            known.detail = "; ".join(d for d in (known.detail, item.detail) if d)
            known.evidence += item.evidence
        else:
            items[item.label] = item
    return PlanResult(first.kind, list(items.values()), second.looked_for, first.exact and second.exact, first.heading)



def dedupe(items: list[Item]) -> list[Item]:
    seen: "OrderedDict[tuple[str, str], Item]" = OrderedDict()
    for item in items:
        key = (item.label, item.detail)
        if key not in seen:
            seen[key] = item
    return list(seen.values())


