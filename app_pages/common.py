"""Shared resources and helpers of the app pages."""
from __future__ import annotations

import html
import re
from pathlib import Path

import streamlit as st

from kg.engine import Engine
from kg.errors import KgError
from kg.settings import setting

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")


@st.cache_resource(show_spinner="Loading the index and the embedding model…")
def load_engine(index_path: str, generation: str) -> Engine:
    """Returns the engine of an index; `generation` (the manifest's time) reloads it after an ingest."""
    return Engine.open(index_path)


def index_generation(index_path: str) -> str:
    manifest = Path(index_path) / "manifest.json"
    return str(manifest.stat().st_mtime_ns) if manifest.exists() else "none"


def engine_or_stop() -> Engine:
    """Returns the engine, or shows why there is none and stops the page."""
    index_path = setting("index")
    try:
        return load_engine(index_path, index_generation(index_path))
    except KgError as err:
        st.error(str(err))
        st.stop()
        raise


def md(text: str) -> str:
    """Returns report text or user input escaped for st.markdown: it is shown, never interpreted."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def passage_html(lines: list[tuple[int, str, bool]]) -> str:
    """Returns numbered lines as escaped HTML, the cited ones highlighted."""
    rows = []
    for number, text, cited in lines:
        body = html.escape(text).replace("\t", " &nbsp;&nbsp; ")
        style = "background:#fff3b0;" if cited else "color:#555;"
        rows.append(f'<div style="{style}font-family:monospace;font-size:0.85em;white-space:pre-wrap">'
                    f"<b>{number:>4}</b>  {body}</div>")
    return "".join(rows)
