"""Streamlit entry point: `probation-kg serve` or `streamlit run app.py`."""
import streamlit as st

st.set_page_config(page_title="probation-kg", page_icon="⚖️", layout="wide")
st.navigation(
    [
        st.Page("app_pages/ask.py", title="Ask", icon="❓", default=True),
        st.Page("app_pages/explore.py", title="Explore", icon="🕸️"),
        st.Page("app_pages/ratings.py", title="Ratings", icon="📊"),
        st.Page("app_pages/sparql.py", title="SPARQL", icon="🔎"),
        st.Page("app_pages/reports.py", title="Reports", icon="📄"),
    ]
).run()
