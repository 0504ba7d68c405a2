"""CivicGraph's dashboard. This file only routes: each page lives in pages/."""
import streamlit as st

from graph.files import private_umask

private_umask()  # the insights cache and everything else the dashboard writes is private

st.set_page_config(page_title="CivicGraph", page_icon="🕸️", layout="wide")

PAGES = {
    "Relationships": [
        st.Page("pages/overview.py", title="Overview", icon=":material/home:", default=True),
        st.Page("pages/partners.py", title="Find partners", icon=":material/handshake:"),
        st.Page("pages/outreach.py", title="Outreach planner", icon=":material/campaign:"),
        st.Page("pages/profile.py", title="Profiles", icon=":material/person:", url_path="profile"),
        st.Page("pages/map.py", title="Relationship map", icon=":material/hub:", url_path="map"),
        st.Page("pages/insights.py", title="Network insights", icon=":material/insights:"),
    ],
    "Records": [
        st.Page("pages/notices.py", title="Notices", icon=":material/mail:"),
        st.Page("pages/data.py", title="Data", icon=":material/folder_open:"),
    ],
}

# Our own sidebar links (st.navigation hidden, the automatic page list off in .streamlit/config.toml):
# otherwise Streamlit shows the files of pages/ ("app", "common", ...) until the first run finishes.
page = st.navigation(PAGES, position="hidden")
with st.sidebar:
    for section, entries in PAGES.items():
        st.caption(section)
        for entry in entries:
            st.page_link(entry, label=entry.title, icon=entry.icon)
page.run()
