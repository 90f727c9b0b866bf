"""Shared resources of the app pages, loaded once per server process."""
from __future__ import annotations

import streamlit as st

from kg.engine import Engine
from kg.errors import KgError
from kg.settings import setting


@st.cache_resource(show_spinner="Loading the index and the embedding model…")
def load_engine(index_path: str) -> Engine:
    return Engine.open(index_path)


def engine_or_stop() -> Engine:
    """Returns the engine, or shows why there is none and stops the page."""
    try:
        return load_engine(setting("index"))
    except KgError as err:
        st.error(str(err))
        st.stop()
        raise
