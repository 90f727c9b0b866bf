"""Read-only views of an index for the app: reports, inspections and ratings by framework, passages."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from ingest.sources import read_document
from kg.serve.engine import Engine
from kg.errors import KgError
from kg.graph.sparql import select_rows

FRAMEWORK_NAMES = {
    "RatedInspection": "Rated inspection",
    "OffenderManagementInspection": "Offender Management Inspection",
    "QualityAndImpact": "Quality & Impact",
}


def reports_link(report: str, line: int) -> str:
    """Returns the app-relative link that opens the Reports page at a report's line."""
    return "/reports?" + urlencode({"report": Path(report).stem, "line": int(line)})


def _rows(engine: Engine, query: str) -> list[dict]:
    return select_rows(engine.index.dataset, query)


def reports_overview(engine: Engine) -> list[dict]:
    """Returns one row per ingested report: providers, framework, dates, overall rating and counts."""
    rows = _rows(engine, """
    SELECT ?id ?title ?framework ?published ?fieldwork ?overall (GROUP_CONCAT(DISTINCT ?provider; separator="; ") AS ?providers)
    WHERE {
      ?r a pkg:Report ; dcterms:identifier ?id ; dcterms:title ?title .
      OPTIONAL { ?r pkg:framework ?framework } OPTIONAL { ?r pkg:publicationDate ?published }
      OPTIONAL { ?r pkg:fieldworkDate ?fieldwork } OPTIONAL { ?r pkg:overallRating/skos:prefLabel ?overall }
      OPTIONAL { ?r pkg:inspects/skos:prefLabel ?provider }
    } GROUP BY ?id ?title ?framework ?published ?fieldwork ?overall ORDER BY ?id""")
    findings = Counter(f.report_id for f in engine.index.findings)
    out = []
    for row in rows:
        record = engine.index.reports.get(row["id"])
        framework = str(row.get("framework") or "").rsplit("#", 1)[-1]
        out.append({
            "report": row["id"],
            "file": record.file_name if record else "",
            "title": row["title"],
            "providers": row.get("providers") or "",
            "framework": FRAMEWORK_NAMES.get(framework, ""),
            "published": str(row.get("published") or ""),
            "fieldwork": str(row.get("fieldwork") or ""),
            "overall rating": row.get("overall") or "",
            "chunks": record.chunk_count if record else 0,
            "findings": findings.get(row["id"], 0),
        })
    return out


def inspections(engine: Engine) -> list[dict]:
    """Returns every inspection of every provider, of any era and kind, with its overall rating and its line."""
    rows = _rows(engine, """
    SELECT DISTINCT ?provider ?ptype ?kind ?published ?rating ?file ?line WHERE {
      ?report pkg:reportsOn ?inspection ; pkg:fileName ?file .
      ?inspection pkg:inspectionOf ?p ; pkg:inspectionKind/skos:prefLabel ?kind .
      ?p skos:prefLabel ?provider ; a ?class . ?class rdfs:subClassOf* pkg:Provider .
      BIND(STRAFTER(STR(?class), "#") AS ?ptype)
      OPTIONAL { ?report pkg:publicationDate ?published }
      OPTIONAL { ?r a pkg:Rating ; pkg:inReport ?report ; pkg:provider ?p ; pkg:standardId "overall" ;
                    pkg:ratingText ?rating . OPTIONAL { ?r pkg:evidence/oa:hasTarget/pkg:startLine ?line } }
    } ORDER BY ?provider ?published ?file""")
    best: dict[tuple, dict] = {}
    for row in rows:
        # The most specific class names the provider's type (a probation trust is also a probation area).
        key = (row["provider"], row["file"])
        if key not in best or row["ptype"] not in ("Provider", "ProbationArea"):
            best[key] = row
    return [{"provider": r["provider"], "type": r["ptype"], "inspection": r["kind"],
             "published": str(r.get("published") or ""), "overall rating": r.get("rating") or "",
             "file": r["file"], "line": r.get("line")} for r in best.values()]


def rated_standards(engine: Engine) -> list[dict]:
    """Returns the ratings of the rated framework: provider, standard, rating and evidence."""
    return _rows(engine, """
    SELECT DISTINCT ?provider ?standard ?name ?rating ?file ?start ?end ?quote WHERE {
      ?report pkg:framework pkg:RatedInspection ; pkg:fileName ?file .
      ?r a pkg:Rating ; pkg:inReport ?report ; pkg:standardId ?standard ; pkg:provider/skos:prefLabel ?provider .
      OPTIONAL { ?r pkg:standard/skos:prefLabel ?name } OPTIONAL { ?r pkg:ratingText ?rating }
      OPTIONAL { ?r pkg:evidence/oa:hasTarget ?t . ?t pkg:startLine ?start ; pkg:endLine ?end ; oa:hasSelector/oa:exact ?quote }
    } ORDER BY ?provider ?standard""")


def key_question_results(engine: Engine) -> list[dict]:
    """Returns every key question's "% yes" per provider."""
    return _rows(engine, """
    SELECT DISTINCT ?provider ?question ?text ?percent ?printed ?file ?start WHERE {
      ?k a pkg:KeyQuestionResult ; pkg:standardId ?question ; pkg:questionText ?text ; pkg:provider/skos:prefLabel ?provider ;
         pkg:inReport/pkg:fileName ?file .
      OPTIONAL { ?k pkg:percent ?percent } OPTIONAL { ?k pkg:ratingText ?printed }
      OPTIONAL { ?k pkg:evidence/oa:hasTarget/pkg:startLine ?start }
    } ORDER BY ?question ?provider""")


def framework_results(engine: Engine, framework: str) -> list[dict]:
    """Returns the judgements of one framework ("OffenderManagementInspection" or "QualityAndImpact") as printed."""
    if framework not in FRAMEWORK_NAMES:
        raise KgError(f"unknown framework {framework!r}")
    return _rows(engine, f"""
    SELECT DISTINCT ?provider ?standard ?name ?judgement ?file ?start WHERE {{
      ?report pkg:framework pkg:{framework} ; pkg:fileName ?file .
      ?r a pkg:Rating ; pkg:inReport ?report ; pkg:standardId ?standard ; pkg:provider/skos:prefLabel ?provider .
      OPTIONAL {{ ?r pkg:standard/skos:prefLabel ?name }} OPTIONAL {{ ?r pkg:ratingText ?judgement }}
      OPTIONAL {{ ?r pkg:evidence/oa:hasTarget/pkg:startLine ?start }}
    }} ORDER BY ?standard ?provider""")


def _document(engine: Engine, report_file: str):
    report_id = Path(report_file).stem
    record = engine.index.reports.get(report_id)
    if record is None:
        raise KgError(f"no report {report_file!r} in the index")
    return read_document(record.source)


def passage(engine: Engine, report_file: str, start: int, end: int, context: int = 4) -> list[tuple[int, str, bool]]:
    """Returns (line, text, cited) for the cited lines of a report and `context` lines either side."""
    document = _document(engine, report_file)
    first, last = max(1, start - context), min(document.line_count, end + context)
    return [(n, document.line(n), start <= n <= end) for n in range(first, last + 1)]


def report_document(engine: Engine, report_id: str):
    """Returns the Document of an ingested report, read from its source file."""
    return _document(engine, report_id)
