"""A report's glossary and footnotes as answers use them: the uncommon abbreviations a cited sentence uses,
spelled out from the report's own glossary, and the footnote printed below a cited mark.

Both are read from the graph (pkg:GlossaryEntry, pkg:Footnote) one report at a time, when first cited, so
that a large index is not read whole.
"""
from __future__ import annotations

import re

from rdflib import Literal

from kg.citations import collapse
from kg.plans import Evidence


def _entries_of_report(rdf_class: str, variables: str, details: str) -> str:
    """SPARQL for the entries of one class in one report (file name in place of %s), with their evidence.

    The report's entries come first (a sub-select fixes that order) and the OPTIONAL right after them:
    placed after the other patterns, Oxigraph evaluates it for every chunk of the store first.
    """
    return f"""
SELECT ?file ?title {variables} ?start ?end ?quote ?section ?page WHERE {{
  {{ SELECT ?e ?report ?file WHERE {{ VALUES ?file {{ %s }} ?report pkg:fileName ?file . ?e pkg:inReport ?report ; a {rdf_class} }} }}
  OPTIONAL {{ ?e prov:wasDerivedFrom ?chunk . ?chunk pkg:section ?section . OPTIONAL {{ ?chunk pkg:page ?page }} }}
  ?report dcterms:title ?title .
  ?e {details} .
  ?e pkg:evidence/oa:hasTarget ?t . ?t pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSelector/oa:exact ?quote .
}}"""


MAX_TERMS = 3
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9&]{1,6}s?\b")
_GLOSSARY_QUERY = _entries_of_report("pkg:GlossaryEntry", "?term ?definition", "pkg:term ?term ; pkg:definition ?definition")
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
_FOOTNOTE_QUERY = _entries_of_report("pkg:Footnote", "?mark ?text", "pkg:mark ?mark ; pkg:text ?text")
# Footnotes several reports print word for word.
_FOOTNOTE_BOILERPLATE = """
SELECT ?text WHERE { ?e a pkg:Footnote ; pkg:text ?text ; pkg:inReport ?report . }
GROUP BY ?text HAVING (COUNT(DISTINCT ?report) > 1)"""


def _row_evidence(row: dict) -> Evidence:
    return Evidence(str(row["file"]), str(row["title"]), str(row.get("section") or ""), int(row["start"]), int(row["end"]),
                    int(row["page"]) if row.get("page") is not None else None, str(row["quote"]))


class ReportNotes:
    """The glossary terms and footnotes of the reports of one loaded index."""

    def __init__(self, index) -> None:
        self.index = index
        self._terms_by_file: dict[str, dict[str, tuple[str, Evidence]]] | None = None
        self._notes_by_file: dict[str, list[tuple[str, str, Evidence]]] | None = None
        self._common_notes: set[str] = set()
        self._common_terms: set[str] = set()

    def terms(self, file: str) -> dict[str, tuple[str, Evidence]]:
        """{abbreviation: (definition, its glossary row)} of one report, for the abbreviations few reports
        define: one most glossaries define (CRC, NPS) is common knowledge here and is not spelled out.
        Read per report when first cited, so a large index is not read whole."""
        if self._terms_by_file is None:
            from kg.sparql import select_rows

            rows = select_rows(self.index.dataset, _GLOSSARY_FREQUENCY)
            with_glossary = max((int(r["n"]) for r in rows if r["term"] is None), default=0)
            self._common_terms = {str(r["term"]) for r in rows if r["term"] is not None and int(r["n"]) * 2 > with_glossary}
            self._terms_by_file = {}
        if file not in self._terms_by_file:
            from kg.sparql import select_rows

            found = {}
            for row in select_rows(self.index.dataset, _GLOSSARY_QUERY % Literal(file).n3()):
                term = str(row["term"])
                if ABBREVIATION.fullmatch(term) and term not in self._common_terms:
                    found[term] = (str(row["definition"]), _row_evidence(row))
            self._terms_by_file[file] = found
        return self._terms_by_file[file]

    def footnotes(self, file: str) -> list[tuple[str, str, Evidence]]:
        """One report's footnotes as (mark, text, evidence) in line order, read when first cited; notes that
        several reports print word for word (boilerplate) are left out."""
        from kg.sparql import select_rows

        if self._notes_by_file is None:
            rows = select_rows(self.index.dataset, _FOOTNOTE_BOILERPLATE)
            self._common_notes = {collapse(str(r["text"])).lower() for r in rows}
            self._notes_by_file = {}
        if file not in self._notes_by_file:
            notes = [(str(r["mark"]), str(r["text"]), _row_evidence(r))
                     for r in select_rows(self.index.dataset, _FOOTNOTE_QUERY % Literal(file).n3())]
            self._notes_by_file[file] = sorted(
                (n for n in notes if collapse(n[1]).lower() not in self._common_notes), key=lambda n: n[2].start_line)
        return self._notes_by_file[file]
