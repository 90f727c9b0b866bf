"""Identifiers: one IRI per report, chunk and entity, and the vector row id derived from it."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.settings import BASE_IRI

REPORT_NS = BASE_IRI + "report/"
ONTOLOGY_NS = BASE_IRI + "ontology#"
RUN_NS = BASE_IRI + "run/"


def report_iri(report_id: str) -> str:
    """Returns the IRI of a report, from its file name stem."""
    return REPORT_NS + slug(report_id)


def report_graph_iri(report_id: str) -> str:
    """Returns the IRI of the named graph that holds everything read from one report."""
    return graph_of_report(report_iri(report_id))


def graph_of_report(report: str) -> str:
    """Returns the IRI of the named graph of the report whose IRI is `report`."""
    return report + "/graph"


def chunk_iri(report_id: str, ordinal: int) -> str:
    """Returns the IRI of a report's chunk number `ordinal`."""
    return f"{report_iri(report_id)}/chunk/{ordinal:05d}"


def vector_id(iri: str) -> int:
    """Returns the non-negative 63-bit row id used for `iri` in FAISS."""
    digest = hashlib.blake2b(iri.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & 0x7FFF_FFFF_FFFF_FFFF


def slug(text: str) -> str:
    """Returns `text` as a lower-case IRI path segment of letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
