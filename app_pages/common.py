"""Shared resources and helpers of the app pages: the engine, guarded sections, selections kept in the URL."""
from __future__ import annotations

import html
import logging
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Container, Iterator, Sequence
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from kg.serve import Engine
from kg.errors import KgError
from kg.settings import setting

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
log = logging.getLogger("probation_kg.app")


@st.cache_resource(show_spinner="Loading the index and the embedding model…")
def load_engine(index_path: str, generation: str) -> Engine:
    """Returns the engine of an index; `generation` (the manifest's time) reloads it after an ingest."""
    return Engine.open(index_path).warm()


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


@contextmanager
def shown_errors(what: str) -> Iterator[None]:
    """Shows an error inside the block as one line ("Could not {what}: …"), details folded away, and logs it.

    Expected errors (KgError) are the line alone; anything else is also logged with its traceback, which
    never reaches the page.
    """
    try:
        yield
    except ScriptControlException:
        raise  # st.stop() and st.rerun() are control flow, not errors
    except KgError as err:
        st.error(f"Could not {what}: {err}")
    except Exception as err:  # noqa: BLE001 - the page stays usable; the log keeps the traceback
        log.exception("Could not %s", what)
        st.error(f"Could not {what}: {err}")
        with st.expander("Details"):
            st.text(f"{type(err).__name__}: {err}\nThe full traceback is in the server log.")


def url_value(key: str, valid: Container | None = None, default=None, cast: Callable = str) -> None:
    """Seeds the widget state `key` from the URL query (?key=…) on a page's first run, else with `default`.

    A value outside `valid` (or one that does not cast) is ignored, and a kept state that has left `valid`
    (another report is shorter) goes back to `default`: a shared link never breaks a page.
    """
    state = _state_key(key)
    if state in st.session_state:
        if valid is not None and st.session_state[state] not in valid:
            st.session_state[state] = default
        return
    wanted = st.query_params.get(key)
    if wanted is not None:
        try:
            value = cast(wanted)
        except (TypeError, ValueError):
            value = None
        if value is not None and (valid is None or value in valid):
            st.session_state[state] = value
            return
    if default is not None:
        st.session_state[state] = default


def url_widget(factory: Callable, label: str, key: str, options: Sequence | None = None, default=None,
               cast: Callable = str, valid: Container | None = None, **kwargs):
    """Returns the value of a widget (`factory`, e.g. st.selectbox) whose state lives in the URL as ?key=….

    `options` are the choices of a select box; `valid` bounds any other widget's value (a range of lines).
    A `format_func` must give a shown option back unchanged (f(f(v)) == f(v)): Streamlit's AppTest formats
    the shown option again when it picks one.
    """
    url_value(key, options if options is not None else valid, default, cast)
    if options is not None:
        return factory(label, options, key=_state_key(key), **kwargs)
    return factory(label, key=_state_key(key), **kwargs)


def write_url(*keys: str) -> None:
    """Writes the current values of url_widget `keys` back to the URL query, so the view can be shared."""
    values = {k: str(st.session_state.get(_state_key(k))) for k in keys
              if st.session_state.get(_state_key(k)) not in (None, "")}
    if dict(st.query_params) != values:
        st.query_params.from_dict(values)


def _state_key(key: str) -> str:
    # Prefixed so a URL key never collides with other session state; pages use distinct URL keys.
    return f"url:{key}"


def profile_link(name: str, kind: str = "provider") -> str:
    """Returns the app-relative link that opens the Profile page of a provider (or, with kind "owner", an owner)."""
    return "/profile?" + urlencode({kind: name})


PROFILE_COLUMN = st.column_config.LinkColumn("profile", display_text="open profile")


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
