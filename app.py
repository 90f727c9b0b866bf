"""Streamlit entry point: `probation-kg serve` or `streamlit run app.py`."""
import streamlit as st

st.set_page_config(page_title="probation-kg", page_icon="⚖️", layout="wide")
st.navigation([st.Page("app_pages/ask.py", title="Ask", icon="❓", default=True)]).run()
