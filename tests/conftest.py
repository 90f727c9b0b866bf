"""Shared fixtures: the bundled reports, a hashing-embedder index, and the real model once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ingest.sources import read_document
from kg.index.build import ingest
from kg.index.embedder import HashingEmbedder

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REPORTS = PROJECT_ROOT / "data" / "reports"
SHARED = PROJECT_ROOT.parent / "shared"
DEV_QUESTIONS = SHARED / "eval" / "questions-dev.jsonl"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def report_path(report_id: str) -> Path:
    return REPORTS / f"{report_id}.txt"


@pytest.fixture(scope="session")
def document():
    """Returns a function that reads a bundled report by id."""
    cache = {}

    def read(report_id: str):
        if report_id not in cache:
            cache[report_id] = read_document(report_path(report_id))
        return cache[report_id]

    return read


@pytest.fixture(scope="session")
def extraction():
    """Returns a function that extracts a bundled report by id (each report read once a session)."""
    from ingest.extract.report import extract_report

    cache = {}

    def extract(report_id: str):
        if report_id not in cache:
            cache[report_id] = extract_report(read_document(report_path(report_id)))
        return cache[report_id]

    return extract


@pytest.fixture(scope="session")
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def hashing_index(tmp_path_factory, hashing_embedder) -> Path:
    """An index of the five bundled reports built with the deterministic hashing embedder."""
    path = tmp_path_factory.mktemp("hashing") / "index"
    ingest([REPORTS], path, hashing_embedder, show_progress=False)
    return path


@pytest.fixture
def reports_copy(tmp_path) -> Path:
    """A writable copy of the bundled reports."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for file in REPORTS.glob("*.txt"):
        shutil.copy(file, folder / file.name)
    return folder


@pytest.fixture
def hashing_env(monkeypatch, hashing_index):
    """Makes the CLI and app use the hashing embedder and the session's hashing index."""
    monkeypatch.setenv("PROBATION_KG_EMBEDDER", "hashing")
    monkeypatch.setenv("PROBATION_KG_INDEX", str(hashing_index))
    from kg import cli

    cli._ENGINES.clear()
    yield hashing_index
    cli._ENGINES.clear()


@pytest.fixture(scope="session")
def real_embedder():
    """The bundled all-MiniLM-L6-v2, loaded once for the whole session."""
    from kg.index.embedder import MiniLMEmbedder

    return MiniLMEmbedder()


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory, real_embedder):
    """An engine over the five bundled reports embedded with the real model."""
    from kg.serve.engine import Engine

    path = tmp_path_factory.mktemp("real") / "index"
    ingest([REPORTS], path, real_embedder, show_progress=False)
    return Engine.open(path, embedder=real_embedder)
