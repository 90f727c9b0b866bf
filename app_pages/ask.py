"""Ask: a question, the answer with [n] markers, list answers as a table, every citation in its context."""
from __future__ import annotations

import streamlit as st

from app_pages.common import (PROFILE_COLUMN, engine_or_stop, md, passage_html, profile_link, shown_errors,
                              url_widget, write_url)
from ingest.extract.providers import PROVIDER_TYPES
from ingest.gazetteer import load_gazetteer
from kg.serve import passage, reports_link

EXAMPLES = [
    "Which CRCs were criticised for domestic abuse checks?",
    "How was Unpaid work (standard 4.1) rated in each of the three CRC rated inspections?",
    "Which CRC had the lowest percentage for key question 2.3.3?",
    "Which five CRCs does Purple Futures own?",
    "What was the average number of sick days per staff member at Staffordshire & West Midlands CRC?",
]

st.title("Ask the inspection reports")
st.caption("Answers quote the reports verbatim and cite the exact lines they come from.")

engine = engine_or_stop()


def _use_example() -> None:
    if st.session_state["example"]:
        st.session_state["url:q"] = st.session_state["example"]


st.selectbox("Example questions", [""] + EXAMPLES, key="example", on_change=_use_example,
             format_func=lambda q: q or "choose one…")
question = url_widget(st.text_input, "Question", "q", default="", placeholder=EXAMPLES[0])
k = url_widget(st.slider, "Citations", "k", default=5, cast=int, valid=range(1, 11), min_value=1, max_value=10)
write_url("q", "k")

answer = None
if question.strip():
    with shown_errors("answer the question"):
        answer = engine.ask(question, k=k)
if answer is not None:
    if answer.abstained:
        st.warning(answer.answer)
    else:
        st.markdown("\n\n".join(md(line) for line in answer.answer.split("\n")))
    if answer.items:
        st.subheader("Answer items")
        gazetteer = load_gazetteer()
        quotes = {c.id: c.quote for c in answer.citations}
        table = []
        for item in answer.items:
            known = gazetteer.resolve(item["label"])
            owner = next((o for p, o in known.relations if p == "ownedBy"), "") if known else ""
            table.append({
                "provider": item["label"],
                "type": item["type"],
                "owner": owner,
                "detail": item.get("detail", ""),
                "supporting quotes": " | ".join(f"[{n}] {quotes[n]}" for n in item["citations"] if n in quotes),
                "profile": (profile_link(item["label"], "owner") if item["type"] == "Owner" else
                            profile_link(item["label"]) if item["type"] in PROVIDER_TYPES else None),
            })
        st.dataframe(table, hide_index=True, width="stretch", column_config={"profile": PROFILE_COLUMN})
    if answer.citations:
        st.subheader("Citations")
        for citation in answer.citations:
            lines = (f"line {citation.start_line}" if citation.start_line == citation.end_line
                     else f"lines {citation.start_line}–{citation.end_line}")
            page = f", page {citation.page}" if citation.page else ""
            with st.expander(f"[{citation.id}] {citation.report} · {citation.section} · {lines}{page}"):
                st.caption(citation.title)
                st.text(citation.quote)
                st.markdown(passage_html(passage(engine, citation.report, citation.start_line, citation.end_line)),
                            unsafe_allow_html=True)
                st.markdown(f"[Open the report at line {citation.start_line}]"
                            f"({reports_link(citation.report, citation.start_line)})")
    with st.expander("Why this answer"):
        st.markdown("**Read as asking**")
        st.json(answer.request or {"retrieval only": True}, expanded=True)
        st.markdown("**Steps**")
        st.dataframe(answer.plans, hide_index=True, width="stretch")
        st.caption(f"Confidence of the best passage: {answer.confidence:.3f}")
        if answer.sparql:
            st.markdown(f"**SPARQL run over the graph** ({len(answer.sparql)})")
            for query in answer.sparql:
                st.code(query, language="sparql")
