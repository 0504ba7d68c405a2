"""CivicGraph's dashboard. This file only routes: each page lives in pages/."""
import streamlit as st

st.set_page_config(page_title="CivicGraph", page_icon="🕸️", layout="wide")

PAGES = {
    "CivicGraph": [
        st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
    ],
}

st.navigation(PAGES).run()
