"""A report's glossary and footnotes as answers use them: the uncommon abbreviations a cited sentence uses,
spelled out from the report's own glossary, and the footnote printed below a cited mark.

Both are read from the graph (pkg:GlossaryEntry, pkg:Footnote) for the reports an answer cites, when first
cited, so that a large index is not read whole.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal

from kg.answer.evidence import Evidence, row_evidence
from kg.citations import collapse
from kg.graph.ids import report_graph_iri


def _entries_of_reports(rdf_class: str, key: str, variables: str, details: str) -> tuple[str, str]:
    """Two SPARQL queries for the entries of one class whose `key` property has given values in given
    reports: the first finds them ("(<report graph> "value")" pairs in place of %s; one index lookup each
    in the report's own named graph), the second reads them and their evidence (their IRIs in place of %s).

    Two queries, because in one Oxigraph's join order starts from every entry of the class in the store.
    """
    find = f"SELECT ?e WHERE {{ VALUES (?g ?key) {{ %s }} GRAPH ?g {{ ?e {key} ?key ; a {rdf_class} }} }}"
    read = f"""
SELECT ?file ?title {variables} ?start ?end ?quote ?section ?page WHERE {{
  VALUES ?e {{ %s }}
  # The OPTIONAL comes first: after the other patterns Oxigraph evaluates it for every chunk.
  OPTIONAL {{ ?e prov:wasDerivedFrom ?chunk . ?chunk pkg:section ?section . OPTIONAL {{ ?chunk pkg:page ?page }} }}
  ?e pkg:inReport ?report ; {details} . ?report pkg:fileName ?file ; dcterms:title ?title .
  ?e pkg:evidence/oa:hasTarget ?t . ?t pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSelector/oa:exact ?quote .
}}"""
    return find, read


def _entries(dataset, queries: tuple[str, str], pairs: str) -> list[dict]:
    from kg.graph.sparql import select_rows

    find, read = queries
    found = " ".join(f"<{row['e']}>" for row in select_rows(dataset, find % pairs))
    return select_rows(dataset, read % found) if found else []


MAX_TERMS = 3
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9&]{1,6}s?\b")
_GLOSSARY_QUERY = _entries_of_reports("pkg:GlossaryEntry", "pkg:term", "?term ?definition",
                                      "pkg:term ?term ; pkg:definition ?definition")
# How many reports define each term (and, in the row without a term, how many reports have a glossary).
_GLOSSARY_FREQUENCY = """
SELECT ?term ?n WHERE {
  { SELECT ?term (COUNT(DISTINCT ?report) AS ?n) WHERE { ?e a pkg:GlossaryEntry ; pkg:term ?term ; pkg:inReport ?report }
    GROUP BY ?term }
  UNION
  { SELECT (COUNT(DISTINCT ?report) AS ?n) WHERE { ?e a pkg:GlossaryEntry ; pkg:inReport ?report } }
}"""
MAX_NOTES = 2
NOTE_REACH = 150  # lines: a footnote is printed at most a few pages below its mark
_FOOTNOTE_QUERY = _entries_of_reports("pkg:Footnote", "pkg:mark", "?mark ?text", "pkg:mark ?mark ; pkg:text ?text")
# Footnotes several reports print word for word.
_FOOTNOTE_BOILERPLATE = """
SELECT ?text WHERE { ?e a pkg:Footnote ; pkg:text ?text ; pkg:inReport ?report . }
GROUP BY ?text HAVING (COUNT(DISTINCT ?report) > 1)"""


class ReportNotes:
    """The glossary terms and footnotes of the reports of one loaded index, read as answers ask for them:
    only the terms and marks a cited text prints, each (report, term) and (report, mark) read once."""

    def __init__(self, index) -> None:
        self.index = index
        self._graph_of: dict[str, str] | None = None
        self._common_terms: set[str] = set()
        self._common_notes: set[str] = set()
        self._terms: dict[str, dict[str, tuple[str, Evidence]]] = {}  # file -> {term: (definition, row)}
        self._notes: dict[str, list[tuple[str, str, Evidence]]] = {}  # file -> [(mark, text, row)] in line order
        self._asked: set[tuple[str, str, str]] = set()  # ("term" | "mark", file, value) read already

    def terms(self, file: str, printed: Iterable[str]) -> dict[str, tuple[str, Evidence]]:
        """{abbreviation: (definition, its glossary row)} of one report for the abbreviations `printed` (and
        their singulars: "VLOs" -> "VLO") that few reports define: one most glossaries define (CRC, NPS) is
        common knowledge here and is not spelled out."""
        self.read({file: printed}, {})
        return self._terms.get(file, {})

    def footnotes(self, file: str, marks: Iterable[str]) -> list[tuple[str, str, Evidence]]:
        """One report's footnotes numbered `marks` as (mark, text, evidence) in line order; notes that several
        reports print word for word (boilerplate) are left out."""
        self.read({}, {file: marks})
        return [note for note in self._notes.get(file, []) if note[0] in set(marks)]

    def read(self, terms: dict[str, Iterable[str]], marks: dict[str, Iterable[str]]) -> None:
        """Reads the glossary rows of `terms` and the footnotes of `marks` (file -> values) not read yet,
        in one query each."""
        from kg.graph.sparql import select_rows

        dataset = self.index.dataset
        if self._graph_of is None:
            rows = select_rows(dataset, _GLOSSARY_FREQUENCY)
            with_glossary = max((int(r["n"]) for r in rows if r["term"] is None), default=0)
            self._common_terms = {str(r["term"]) for r in rows if r["term"] is not None and int(r["n"]) * 2 > with_glossary}
            self._common_notes = {collapse(str(r["text"])).lower() for r in select_rows(dataset, _FOOTNOTE_BOILERPLATE)}
            self._graph_of = {r.file_name: report_graph_iri(rid) for rid, r in self.index.reports.items()}
        wanted_terms = self._new("term", {f: {t for p in printed for t in (p, p.removesuffix("s")) if t}
                                          for f, printed in terms.items()})
        wanted_marks = self._new("mark", marks)
        if wanted_terms:
            for row in _entries(dataset, _GLOSSARY_QUERY, wanted_terms):
                term = str(row["term"])
                if ABBREVIATION.fullmatch(term) and term not in self._common_terms:
                    self._terms.setdefault(str(row["file"]), {})[term] = (str(row["definition"]), row_evidence(row, 0.0))
        if wanted_marks:
            for row in _entries(dataset, _FOOTNOTE_QUERY, wanted_marks):
                if collapse(str(row["text"])).lower() not in self._common_notes:
                    notes = self._notes.setdefault(str(row["file"]), [])
                    notes.append((str(row["mark"]), str(row["text"]), row_evidence(row, 0.0)))
                    notes.sort(key=lambda n: n[2].start_line)

    def _new(self, kind: str, wanted: dict[str, Iterable[str]]) -> str:
        """The VALUES rows of the (report graph, value) pairs of `wanted` not read yet; marks them read."""
        pairs = []
        for file, values in wanted.items():
            for value in sorted(set(values)):
                if file in self._graph_of and (kind, file, value) not in self._asked:
                    self._asked.add((kind, file, value))
                    pairs.append(f"(<{self._graph_of[file]}> {Literal(value).n3()})")
        return " ".join(pairs)
