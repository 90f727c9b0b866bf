"""Ratings: providers x standards for rated inspections; 2007 and 2017 results in their own frameworks."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import PROFILE_COLUMN, engine_or_stop, passage_html, profile_link, shown_errors, url_widget, write_url
from kg.serve import framework_results, inspections, key_question_results, passage, rated_standards

COLOURS = {"Outstanding": "#1b7837", "Good": "#7fbf7b", "Requires improvement": "#fdb863", "Inadequate": "#d7191c",
           "No rating": "#cccccc", "Not rated": "#cccccc"}

st.title("Ratings")
engine = engine_or_stop()


with shown_errors("read the ratings"):
    rated = pd.DataFrame(rated_standards(engine), columns=["provider", "standard", "name", "rating", "file", "start",
                                                           "end", "quote"])
    results = pd.DataFrame(key_question_results(engine), columns=["provider", "question", "text", "percent", "printed",
                                                                  "file", "start"])
    providers = sorted(set(rated["provider"]) | set(results["provider"]) | {r["provider"] for r in inspections(engine)})
    provider = url_widget(st.selectbox, "Provider", "provider", [""] + providers, format_func=lambda p: p or "every provider")
    write_url("provider")
    every = [row for row in inspections(engine) if not provider or row["provider"] == provider]
    if every:
        st.subheader("Inspections of every era: overall ratings")
        st.caption("Read from tables and from prose (press releases, forewords); each with the line it was read from.")
        st.dataframe([{**row, "profile": profile_link(row["provider"])} for row in every], hide_index=True,
                     width="stretch", column_config={"profile": PROFILE_COLUMN})
    if provider:
        rated, results = rated[rated["provider"] == provider], results[results["provider"] == provider]
    if rated.empty:
        st.info("No table of ratings by standard (rated inspections, 2018-2020) is ingested"
                + (f" for {provider}." if provider else "."))
    else:
        st.subheader("Rated inspections: standards by provider")
        rated = rated.assign(standard=rated["standard"] + " " + rated["name"].fillna(""))
        matrix = rated.pivot_table(index="provider", columns="standard", values="rating", aggfunc="first").fillna("")
        st.dataframe(matrix.style.map(lambda v: f"background-color: {COLOURS.get(v, '')}" if v in COLOURS else ""),
                     width="stretch")
        st.caption("Select a row to see the line the rating was read from.")
        picked = st.dataframe(rated[["provider", "standard", "rating", "file", "start"]], hide_index=True,
                              width="stretch", on_select="rerun", selection_mode="single-row", key="rating_rows")
        rows = picked.selection.rows if picked and picked.selection else []
        if rows and pd.notna(rated.iloc[rows[0]]["start"]):
            row = rated.iloc[rows[0]]
            st.markdown(passage_html(passage(engine, row["file"], int(row["start"]), int(row["end"]))),
                        unsafe_allow_html=True)
    if not results.empty:
        st.subheader("Key questions: % of cases answering yes")
        chart = results.dropna(subset=["percent"]).pivot_table(index="question", columns="provider", values="percent")
        if not chart.empty:
            st.bar_chart(chart, horizontal=True, height=520)
        st.dataframe(results[["question", "provider", "printed", "text"]], hide_index=True, width="stretch")

for framework, heading in (("OffenderManagementInspection", "Offender Management Inspection (criterion scores and section 4)"),
                           ("QualityAndImpact", "Quality & Impact (narrative judgements)")):
    with shown_errors(f"read the {heading.split(' (')[0]} results"):
        table = [r for r in framework_results(engine, framework) if not provider or r["provider"] == provider]
        if table:
            st.subheader(heading)
            st.caption("Shown in the framework's own terms: these are not comparable with the rated standards.")
            st.dataframe([{k: r.get(k) for k in ("standard", "name", "provider", "judgement", "file", "start")}
                          for r in table], hide_index=True, width="stretch")
