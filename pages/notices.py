"""Notices: who had to receive each notice, who got it, late or missing, by name - exportable as proof."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from pages.common import call, downloads, header, md, show_error, table, today, with_profile_links
from queries.notices import needs_action, notice_compliance, notice_window, notices_status

header("Notices", "Each notice's compliance: required, sent, delivered, late and missing, by name.")

a, b = st.columns(2)
first, last = notice_window(today())  # the Overview's window, so the two pages count the same notices
since = a.date_input("Deadlines from", first)
until = b.date_input("to", last)
try:
    with st.spinner("Checking every notice…"):
        status = pd.DataFrame(call(notices_status, since=since, until=until))
except CivicGraphError as exc:
    show_error(exc)
    st.stop()
if status.empty:
    st.info("No notice has a deadline in these dates.")
    st.stop()

act = int(sum(needs_action(r) for r in status.to_dict("records")))
st.caption(f"{len(status)} notices with deadlines from {since} to {until} · "
           f"{len(status) - act} compliant · {act} need action (late, missing someone, or not sent yet)")
event = table(status.drop(columns=["because"]).assign(problems=status["because"]), key="notices", select=True)
rows = event.selection.rows if event and event.selection else []
chosen = status.iloc[rows[0]]["notice_id"] if rows else status.loc[status["status"] != "compliant", "notice_id"].head(1)
chosen = chosen if isinstance(chosen, str) else (chosen.iloc[0] if len(chosen) else status["notice_id"].iloc[0])

try:
    c = call(notice_compliance, chosen)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()
st.subheader(md(c["title"]))
st.caption(f"{md(c['body_name'])} · deadline {c['deadline']} · sent {c['sent_date'] or 'not sent'}")
cols = st.columns(4)
cols[0].metric("Required", c["required"])
cols[1].metric("On time", len(c["on_time"]))
cols[2].metric("Late", len(c["late"]))
cols[3].metric("Missing", len(c["missing"]))
if c["compliant"]:
    st.success("Every required person received it on time.")
proof = pd.DataFrame(
    [{"status": "on time", **r} for r in c["on_time"]] + [{"status": "late", **r} for r in c["late"]]
    + [{"status": "missing", **r} for r in c["missing"]]
    + [{"status": "not required", **r} for r in c["not_required"]])
if not proof.empty:
    table(with_profile_links(proof), key="proof")
    downloads(proof, f"notice-{c['notice_id']}", key="dl-proof")
