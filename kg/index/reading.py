"""Reading one report after it is chunked: extraction, its graph (checked against the shapes) and its findings.

Runs in the reader worker processes (kg/index/read_worker.py) while the parent embeds, so it imports only what
reading needs.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ingest.extract.report import extract_report
from ingest.sections import SectionTree
from ingest.sources import Document
from kg.errors import KgError
from kg.graph.store import report_graph
from kg.records import ChunkRecord, FindingRecord, ReportRecord
from kg.graph.validate import check_report_graph


def finding_records(document: Document, title: str, extraction) -> list[FindingRecord]:
    """Returns the findings of one report as the answerer reads them, each quoted verbatim at its line."""
    from kg.citations import verbatim_sentence
    from kg.graph.facts import finding_iri

    types = {p.canonical: p.provider_type for p in extraction.meta.providers}
    records = []
    for index, finding in enumerate(extraction.findings):
        providers = finding.providers or tuple(types)
        records.append(
            FindingRecord(
                iri=finding_iri(document.report_id, finding, index),
                report_id=document.report_id,
                file_name=document.file_name,
                title=title,
                section=finding.standard_or_section,
                line=finding.line,
                text=finding.text,
                quote=verbatim_sentence(document.line(finding.line), finding.text),
                polarity=finding.polarity,
                topics=finding.topics,
                providers=tuple((p, types.get(p, "CRC")) for p in providers),
                list=finding.list,
                page=document.page_of(finding.line),
            )
        )
    return records


@dataclass(frozen=True)
class GraphFile:
    """A report graph written as N-Triples to a scratch file, stored in the index at the end of ingest."""

    name: str
    path: Path

    @property
    def identifier(self) -> str:
        return self.name

    def serialize(self, format: str = "nt", encoding: str = "utf-8") -> bytes:  # noqa: A002 - rdflib's name
        return self.path.read_bytes()


@dataclass(frozen=True)
class ReadFailure:
    """Why one report could not be read (extraction error, shape violation, …): it is left out of the run."""

    reason: str


def read_report_or_failure(*job) -> tuple | ReadFailure:
    """Returns what `read_report(*job)` returns, or a ReadFailure: one report's problem never stops a batch."""
    try:
        return read_report(*job)
    except KgError as err:
        # The error line names the file already: its message need not repeat it.
        return ReadFailure(" ".join(str(err).split()).removeprefix(f"{job[0].file_name}: "))
    except Exception as err:  # noqa: BLE001 - any defect of the rules on one report is that report's failure
        return ReadFailure(f"could not read it ({type(err).__name__}: {' '.join(str(err).split())})")


def read_report(document: Document, report: ReportRecord, records: list[ChunkRecord], scratch: Path,
                tree: SectionTree | None = None):
    """Reads one report: extraction, its graph (checked against the shapes) and its findings.

    Returns (warnings, findings, graph file, seconds per phase). Runs in a worker process during large ingests.

    Raises:
        GraphInvalid: the report's graph breaks the shapes; nothing of it is written.
    """
    started = time.perf_counter()
    extraction = extract_report(document, tree)
    graph = report_graph(report, records, extraction, document.lines)
    findings = finding_records(document, report.title, extraction)
    extracted = time.perf_counter()
    path = scratch / f"{report.report_id}.nt"
    data = graph.serialize(format="nt", encoding="utf-8")
    path.write_bytes(data)
    check_report_graph(graph, document.file_name, data)
    validated = time.perf_counter()
    return extraction.warnings, findings, GraphFile(str(graph.identifier), path), {
        "extract": extracted - started, "validate": validated - extracted}
