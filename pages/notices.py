"""Notices: who had to receive each notice, who got it, late or missing, by name - exportable as proof."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from pages.common import call, downloads, header, md, show_error, table, today, with_profile_links
from queries.notices import most_urgent_first, needs_action, notice_compliance, notice_window, notices_status

header("Notices", "Each notice's compliance: who had to receive it, who got it on time, who got it late and "
       "who is missing. Notices that need action come first.")

a, b = st.columns(2)
first, last = notice_window(today())  # the Overview's window, so the two pages count the same notices
since = a.date_input("Deadlines from", first)
until = b.date_input("to", last)
try:
    with st.spinner("Checking every notice…"):
        rows = most_urgent_first(call(notices_status, since=since, until=until))
except CivicGraphError as exc:
    show_error(exc)
    st.stop()
if not rows:
    st.info("No notice has a deadline in these dates.")
    st.stop()

act = sum(needs_action(r) for r in rows)
st.caption(f"{len(rows)} notices with deadlines from {since} to {until} · {len(rows) - act} compliant · "
           f"{act} need action (late, missing someone, or not sent yet). Click a row to see its recipients.")
status = pd.DataFrame(rows)
listing = status.assign(problems=status["because"].map(lambda b: "; ".join(b) if b else "none"),
                        sent_date=status["sent_date"].map(lambda d: d.isoformat() if d else "not sent"))
listing = listing[["title", "status", "problems", "deadline", "sent_date", "body_name", "required", "on_time",
                   "late", "missing", "notice_id"]]
event = table(listing, key="notices", select=True, height=min(35 * (len(listing) + 1) + 3, 215),
              labels={"sent_date": "Sent", "body_name": "Body", "on_time": "On time"},
              widths={"title": 200, "status": 80, "problems": 420, "deadline": 90, "sent_date": 90})
picked = event.selection.rows if event and event.selection else []
chosen = status.iloc[picked[0]]["notice_id"] if picked else status["notice_id"].iloc[0]

try:
    c = call(notice_compliance, chosen)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()
st.markdown(f"**{md(c['title'])}** · {md(c['body_name'])} · deadline {c['deadline']} · "
            f"sent {c['sent_date'] or 'not sent'}")
st.caption(f"Required: {c['required']} · missing: {len(c['missing'])} · late: {len(c['late'])} · "
           f"on time: {len(c['on_time'])}")
if c["compliant"]:
    st.success("Every required person received it on time.")
for e in c["missing"]:
    st.warning(f"Missing: {md(e['name'])} ({md(e['reason'])})")
proof = pd.DataFrame(
    [{"status": "missing", **r} for r in c["missing"]] + [{"status": "late", **r} for r in c["late"]]
    + [{"status": "on time", **r} for r in c["on_time"]]
    + [{"status": "not required", **r} for r in c["not_required"]])
if not proof.empty:
    proof = with_profile_links(proof)
    first_cols = [k for k in ("name", "status", "reason", "why", "profile", "channel", "sent", "delivered", "id")
                  if k in proof]
    table(proof[first_cols], key="proof", labels={"why": "Why required", "reason": "Problem"},
          widths={"name": 200, "status": 90, "reason": 300, "why": 300})
    downloads(proof, f"notice-{c['notice_id']}", key="dl-proof")
