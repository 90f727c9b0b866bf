"""Every setting in one place, with its default and what it does."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The namespace under which every report, chunk and entity IRI of this project lives.
BASE_IRI = "https://w3id.org/probation-kg/"

# Bumped whenever the layout or meaning of the index directory changes; a loader
# refuses an index written with another version.
INDEX_FORMAT_VERSION = 2

# Bumped whenever reading, sectioning or chunking changes what an unchanged report
# yields; an index written by another version re-reads every report on the next ingest.
INGEST_VERSION = 15


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    env: str


SETTINGS = {
    s.name: s
    for s in (
        Setting(
            "index",
            str(PROJECT_ROOT / "data" / "index"),
            "Folder holding the derived index (RDF, FAISS, BM25, chunks, manifest.json).",
            "PROBATION_KG_INDEX",
        ),
        Setting(
            "reports",
            str(PROJECT_ROOT / "data" / "reports"),
            "Folder of report files ingested when `ingest` is given no path.",
            "PROBATION_KG_REPORTS",
        ),
        Setting(
            "embedder",
            "minilm",
            "Embedding model: 'minilm' (bundled all-MiniLM-L6-v2) or 'hashing' (deterministic, for tests).",
            "PROBATION_KG_EMBEDDER",
        ),
        Setting(
            "precision",
            "bfloat16",
            "Precision of the MiniLM weights: 'bfloat16' (about 3-4x faster here, cosine >= 0.998 to fp32) or 'float32'.",
            "PROBATION_KG_PRECISION",
        ),
        Setting(
            "sparql_max_rows",
            "10000",
            "Rows a SPARQL SELECT returns at most; the rest are cut off and the cut is reported.",
            "PROBATION_KG_SPARQL_MAX_ROWS",
        ),
        Setting(
            "ingest_readers",
            "auto",
            "Worker processes that read reports during ingest while the model embeds; auto: one per core the model leaves free.",
            "PROBATION_KG_INGEST_READERS",
        ),
        Setting(
            "sparql_endpoint",
            "",
            "Base URL of a SPARQL 1.1 server to keep the graph on (e.g. http://127.0.0.1:7878); empty: in the index folder.",
            "PROBATION_KG_SPARQL_ENDPOINT",
        ),
        Setting(
            "sparql_time_limit",
            "10",
            "Seconds a SPARQL query from a user may run before it is stopped (0: no limit, run in-process).",
            "PROBATION_KG_SPARQL_TIME_LIMIT",
        ),
        Setting(
            "sparql_workers",
            "2",
            "Worker processes that run user SPARQL queries (each is killed and replaced at the time limit).",
            "PROBATION_KG_SPARQL_WORKERS",
        ),
        Setting(
            "explore_max_findings",
            "24",
            "Findings drawn at most on Explore's graph; a larger selection says how to narrow it.",
            "PROBATION_KG_EXPLORE_MAX_FINDINGS",
        ),
        Setting(
            "crawl_options",
            "4",
            "Options the app crawl tests pick at most in each select box (the first N of a long list).",
            "PROBATION_KG_CRAWL_OPTIONS",
        ),
        Setting(
            "abstain_below",
            # Calibrated on shared/eval/questions-dev.jsonl with `probation-kg eval --calibrate`:
            # the weakest answered question scored 0.417 and off-topic questions score under
            # 0.33; the two dev negatives are near misses (0.51, 0.53) that no threshold on
            # this score separates from real answers.
            "0.40",
            "Abstain when the best sentence scores below this; calibrate with `probation-kg eval --calibrate`.",
            "PROBATION_KG_ABSTAIN_BELOW",
        ),
    )
}


def setting(name: str) -> str:
    """Returns a setting's value: its environment variable if set, else its default."""
    spec = SETTINGS[name]
    return os.environ.get(spec.env) or spec.default
