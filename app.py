"""Streamlit entry point: `probation-kg serve` or `streamlit run app.py`."""
import streamlit as st

from app_pages.common import shown_errors

st.set_page_config(page_title="probation-kg", page_icon=":material/balance:", layout="wide")
page = st.navigation(
    [
        st.Page("app_pages/ask.py", title="Ask", icon=":material/help:", default=True),
        st.Page("app_pages/explore.py", title="Explore", icon=":material/hub:"),
        st.Page("app_pages/ratings.py", title="Ratings", icon=":material/table_chart:"),
        st.Page("app_pages/profile.py", title="Profile", icon=":material/badge:"),
        st.Page("app_pages/sparql.py", title="SPARQL", icon=":material/code:"),
        st.Page("app_pages/reports.py", title="Reports", icon=":material/description:"),
    ]
)
# Each page guards its own steps; this is the last line of defence: no traceback reaches the page.
with shown_errors(f"show the {page.title} page"):
    page.run()
