"""CivicGraph's dashboard. This file only routes: each page lives in pages/."""
import streamlit as st

st.set_page_config(page_title="CivicGraph", page_icon="🕸️", layout="wide")

PAGES = {
    "Relationships": [
        st.Page("pages/overview.py", title="Overview", icon="🏠", default=True),
        st.Page("pages/partners.py", title="Find partners", icon="🤝"),
        st.Page("pages/outreach.py", title="Outreach planner", icon="📣"),
        st.Page("pages/profile.py", title="Profiles", icon="👤", url_path="profile"),
        st.Page("pages/map.py", title="Relationship map", icon="🕸️", url_path="map"),
        st.Page("pages/insights.py", title="Network insights", icon="📈"),
    ],
    "Records": [
        st.Page("pages/notices.py", title="Notices", icon="📨"),
        st.Page("pages/data.py", title="Data", icon="🗂️"),
    ],
}

st.navigation(PAGES).run()
