"""Overview: the state of our relationships at a glance."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from graph.errors import CivicGraphError
from pages.common import header, run_query, show_error

header("Overview", "What CivicGraph knows, what happened lately, and what needs attention.")

try:
    counts = run_query("overview_counts")
    since = dt.date.today() - dt.timedelta(days=365 * 2)
    recent = run_query("recent_interactions", since=since, limit=25)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

if counts.empty or counts["n"].sum() == 0:
    st.info("The graph is empty. Load the demo region with `civicgraph demo`, or import your lists on the Data page.")
    st.stop()

cols = st.columns(len(counts))
for col, row in zip(cols, counts.itertuples()):
    col.metric(row.kind.capitalize(), f"{row.n:,}")

st.subheader("Recent interactions")
if recent.empty:
    st.write("No interactions in the last two years.")
else:
    recent["participants"] = recent["participants"].map(lambda names: ", ".join(names or []))
    st.dataframe(recent.drop(columns=["id"]), hide_index=True, use_container_width=True)
