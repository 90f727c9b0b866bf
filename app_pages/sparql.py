"""SPARQL: an editor with the example gallery, results as a table with CSV and JSON downloads, read-only."""
from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from app_pages.common import engine_or_stop, shown_errors, url_widget, write_url
from kg.errors import KgError
from kg.graph import run_query

QUERIES = Path(__file__).resolve().parent.parent / "ontology" / "queries"

st.title("SPARQL")
st.caption("Read-only SPARQL 1.1 over every report's graph (updates and SERVICE are refused).")
engine = engine_or_stop()
gallery = {file.stem: file.read_text(encoding="utf-8") for file in sorted(QUERIES.glob("*.rq"))}


def _use_example() -> None:
    st.session_state["url:query"] = gallery[st.session_state["url:example"]]


name = url_widget(st.selectbox, "Example queries", "example", list(gallery), default="owners-and-crcs",
                  on_change=_use_example)
query = url_widget(st.text_area, "Query", "query", default=gallery[name], height=260)
# The URL keeps the example's name, and the query itself only once it has been edited.
if query == gallery[name]:
    write_url("example")
else:
    write_url("example", "query")
if st.button("Run", type="primary") or query:
    with shown_errors("run the query"):
        try:
            data = json.loads(run_query(engine.index.dataset, query, "json"))
        except KgError as err:
            st.error(str(err))
        else:
            if "boolean" in data:
                st.success(f"ASK: {data['boolean']}")
            else:
                names = data["head"]["vars"]
                rows = [{n: row.get(n, {}).get("value", "") for n in names} for row in data["results"]["bindings"]]
                st.caption(f"{len(rows)} row(s)")
                st.dataframe(rows, hide_index=True, width="stretch")
                st.download_button("CSV", run_query(engine.index.dataset, query, "csv"), file_name=f"{name}.csv")
                st.download_button("JSON", json.dumps(data, indent=2), file_name=f"{name}.json")
