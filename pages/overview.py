"""Overview: the state of our relationships at a glance, and what needs action."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from pages.common import call, header, in_background, run_query, show_error, table, today, with_profile_links
from queries.alerts import alerts
from queries.network_views import LEAVING_DAYS, quiet_window, saved_network_insights
from queries.notices import notice_window

header("Overview", "What CivicGraph knows, what happened lately, and what needs attention.")

ALERTS = {
    "gone_but_listed": ("Still on a list but no longer there", "Deceased, retired or out of office, "
                        "with a membership that was never closed: take them off before the next mailing."),
    "departing_holder": ("Relationships held by someone leaving", f"Key relationships whose every holder on our "
                         f"staff leaves within {LEAVING_DAYS} days - the same rows as Memory risk on Network "
                         "insights. Introduce a colleague before they go."),
    "notice": ("Notices that need action", "Deadlines from {since} to {until} (the Notices page's default "
               "window): due and not sent, or sent late / missing someone."),
    "dormant": ("Key relationships gone quiet", "Elected officials we own a relationship with, "
                "with no interaction for six months or more."),
}

try:
    counts = run_query("overview_counts")
    if counts.empty or counts["n"].sum() == 0:
        st.info("Nothing is recorded yet: import your lists on the Data page.")
        with st.expander("For analysts: load the demo region"):
            st.code(".venv/bin/civicgraph demo", language="bash")
        st.stop()
    # relationships held by someone leaving need the whole network's analytics: measured in the
    # background (shared with Network insights) and shown once ready
    measured, _ = in_background(saved_network_insights)
    with st.spinner("Checking lists, relationships and notices…"):
        found = pd.DataFrame(call(alerts, leaving=measured == "done"), columns=["alert", "id", "name", "reason"])
    recent = run_query("recent_interactions", since=today() - dt.timedelta(days=365 * 2), limit=25)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

cols = st.columns(len(counts))
for col, row in zip(cols, counts.itertuples()):
    col.metric(row.kind.capitalize(), f"{row.n:,}")

st.subheader(f"Needs action ({len(found)})")
if found.empty:
    st.success("Nothing needs action: no stale list entries, no orphaned or dormant key relationships, "
               "no notice problems.")
if measured == "running":
    st.caption("Still measuring the network for relationships held by someone leaving: reload in a moment.")
window = dict(zip(("since", "until"), notice_window(today())))
for kind, (title, hint) in ALERTS.items():
    rows = found[found["alert"] == kind]
    if rows.empty:
        continue
    with st.expander(f"{title} — {len(rows)}", expanded=kind != "dormant"):
        st.caption(hint.format(**window))
        shown = rows.drop(columns="alert")
        table(shown if kind == "notice" else with_profile_links(shown)[["name", "reason", "profile", "id"]],
              key=f"alert-{kind}", labels={"reason": "Why", "name": "Notice" if kind == "notice" else "Name"},
              widths={"reason": 560})

st.subheader("Recent interactions")
if recent.empty:
    since = today() - dt.timedelta(days=365 * 2)
    st.write("No interactions in the last two years.")
    ends = call(quiet_window, since=since, as_of=today())
    if ends:
        st.info(ends, icon=":material/history:")
else:
    recent["participants"] = recent["participants"].map(lambda names: ", ".join(names or []))
    table(recent.drop(columns=["id"]), key="recent")
