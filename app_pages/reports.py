"""Reports: what is ingested; a report's section tree and text; upload a report to ingest it."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.common import engine_or_stop, load_engine, log, passage_html, shown_errors, url_widget, write_url
from ingest.sections import build_section_tree
from ingest.sources import MAX_REPORT_MB
from kg.settings import setting
from kg.serve import report_document, reports_overview

MAX_UPLOAD_BYTES = MAX_REPORT_MB * 1024 * 1024

st.title("Reports")
engine = engine_or_stop()
overview = reports_overview(engine)
st.dataframe(overview, hide_index=True, width="stretch")

report_ids = [row["report"] for row in overview]
report_id = url_widget(st.selectbox, "Open a report", "report", report_ids) if report_ids else None
if report_id:
    with shown_errors(f"show {report_id}"):
        document = report_document(engine, report_id)
        tree = build_section_tree(document)
        left, right = st.columns([1, 2])
        with left:
            st.markdown("**Sections**")
            st.dataframe([{"line": s.line, "section": "  " * (s.level - 1) + s.title} for s in tree.sections],
                         hide_index=True, width="stretch", height=480)
        with right:
            # ?line=N (a citation's link) opens the text a few lines above N, with N highlighted.
            line = url_widget(st.number_input, "Line", "line", default=1, cast=int,
                              valid=range(1, document.line_count + 1), min_value=1, max_value=document.line_count)
            first = max(1, int(line) - 5)
            shown = range(first, min(document.line_count, first + 60) + 1)
            st.markdown(passage_html([(n, document.line(n), n == int(line)) for n in shown]), unsafe_allow_html=True)
write_url("report", "line")

st.subheader("Add a report")
upload = st.file_uploader("A report (.txt, .pdf or .html)", type=["txt", "pdf", "html", "htm"])
if upload is not None:
    if upload.size > MAX_UPLOAD_BYTES:
        st.error(f"{upload.name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    else:
        from kg.index import ingest

        target = Path(setting("reports")) / Path(upload.name).name
        if target.exists():
            st.error(f"{target.name}: a report of that name is already in the reports folder")
        else:
            target.write_bytes(upload.getvalue())
            progress = st.progress(0.0, text=f"Ingesting {target.name}…")
            try:
                summary = ingest([target], engine.index.path, engine.embedder, show_progress=False)
            except Exception as err:  # noqa: BLE001 - shown as one line; the index is left as it was
                log.exception("Could not ingest %s", target.name)
                target.unlink(missing_ok=True)
                st.error(f"{target.name}: {err}")
            else:
                progress.progress(1.0, text="Done")
                if summary.failed:
                    # The report was left out (the index is as it was): its file leaves the reports folder too.
                    target.unlink(missing_ok=True)
                    for _, reason in summary.failed:
                        st.error(f"{target.name}: {reason}")
                else:
                    load_engine.clear()
                    st.success(summary.describe())
                    for _, warning in summary.warnings:
                        st.caption(f"{target.name}: {warning}")
