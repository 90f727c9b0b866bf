"""Ask page: a question, the answer, and each citation with report, section, lines and quote."""
from __future__ import annotations

import streamlit as st

from app_pages.common import engine_or_stop

st.title("Ask the inspection reports")
st.caption("Answers quote the reports verbatim and cite the exact lines they come from.")

engine = engine_or_stop()
question = st.text_input("Question", placeholder="Which CRCs were criticised for domestic abuse checks?")
k = st.slider("Citations", min_value=1, max_value=10, value=5)

if question.strip():
    answer = engine.ask(question, k=k)
    if answer.abstained:
        st.warning(answer.answer)
    else:
        st.markdown(answer.answer)
        st.subheader("Citations")
        for citation in answer.citations:
            lines = (
                f"line {citation.start_line}"
                if citation.start_line == citation.end_line
                else f"lines {citation.start_line}–{citation.end_line}"
            )
            page = f", page {citation.page}" if citation.page else ""
            with st.container(border=True):
                st.markdown(f"**[{citation.id}] {citation.report}** · {citation.section} · {lines}{page}")
                st.caption(citation.title)
                st.text(citation.quote)
