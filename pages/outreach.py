"""Outreach planner: an invitation list from bodies, organizations and people, checked for warnings, exported, recorded."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from ingest.interactions import log_interaction
from pages.common import (call, downloads, header, issue_picker, md, pick_many, place_names, plain_table, profile_url,
                          show_error, store, today, viewer)
from queries.outreach import plan

header("Outreach planner", "Pick bodies, organizations and people: one row per person however many choices bring "
       "them, with the warning to read before sending. Export it, record the send.")

try:
    chosen = pick_many("Invite the people of (bodies, organizations) and people by name", key="invite-choices",
                       help="A body adds its members and office holders; a company, utility or agency adds its "
                            "staff too (untick “add their staff” below to leave staff out).")
    a, b, c = st.columns([2, 2, 1])
    with a:
        issue = issue_picker("Warnings for the issue")
    places = place_names()
    place = b.selectbox("Plus elected officials with expertise in it, in", [None, *places],
                        format_func=lambda v: places.get(v, "nobody: skip this list"))
    staff = c.checkbox("add their staff", value=True, help="Employees of a chosen organization (works at), "
                       "besides its members and office holders.")
    with st.spinner("Building the list…"):
        result = call(plan, chosen, issue=issue, jurisdiction=place, with_staff=staff)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

if result["chosen"]:
    st.caption(" · ".join(md(f"{c['name']}: {c['note']}") for c in result["chosen"] if c["added"]))
for choice in result["chosen"]:
    if not choice["added"]:
        st.warning(md(choice["note"]))

rows = pd.DataFrame(result["rows"])
if rows.empty:
    st.info("Nobody on the list yet: type the name of a body, an organization or a person above.")
    st.stop()

rows["warning"] = (rows["marker"] + " " + rows["warning"]).str.strip()
rows["profile"] = rows["id"].map(profile_url)
flagged = int((rows["severity"] != "").sum())
st.subheader(f"Invitation list: {len(rows)} people, {flagged} with a warning")
st.caption("⛔ stop (deceased, out of office, do not contact) · ⚠️ think first (opposes our position, an "
           "organization in conflict) · • caution (a recent negative interaction)")
plain_table(rows, {
    "name": st.column_config.TextColumn("Name", width=160),
    "warning": st.column_config.TextColumn("Warning", width=440, help="The full warning is listed under the table"),
    "why": st.column_config.TextColumn("Why on the list", width=200),
    "title": st.column_config.TextColumn("Title", width=80),
    "profile": st.column_config.LinkColumn("Profile", display_text="open ↗", width=70),
}, key="invite")
if flagged:
    with st.container(border=True):
        st.markdown("**Read before sending**")
        order = {"stop": 0, "high": 1, "caution": 2}
        for r in sorted(result["rows"], key=lambda r: (order.get(r["severity"], 3), r["name"])):
            if r["severity"]:
                st.text(f"{r['marker']} {r['name']} - {r['warning']}")
downloads(rows[["name", "warning", "why", "title"]], "invitation-list", key="dl-invite")

st.subheader("Record the send")
who = viewer()
if not who.can_write:
    st.caption(f"Only editors can record a send; you are a {who.role.value}.")
else:
    def record_send() -> None:
        """Runs on the button, before the page (as "Log it" on the Data page): the write for the list as
        shown when it was clicked, then the confirmation for the rerun."""
        ss = st.session_state
        to = rows[rows["severity"] == ""] if ss["send-skip"] else rows
        try:
            log_interaction(store(), who, kind="notice", date=ss["send-date"], subject=ss["send-subject"],
                            participants=[(i, "recipient") for i in to["id"]], issues=[issue] if issue else [])
        except CivicGraphError as exc:
            ss["send-failed"], ss["send-done"] = exc, None
            return
        ss["send-failed"], ss["send-done"] = None, (ss["send-subject"], ss["send-date"], len(to))

    with st.form("send"):
        st.text_input("Subject", value="Invitation", key="send-subject")
        st.date_input("Sent on", today(), key="send-date")
        st.checkbox("Leave out everyone with a warning", value=False, key="send-skip",
                    help="Off by default: read the warnings above and remove people one by one instead.")
        st.form_submit_button("Record as a notice sent to the list", type="primary", on_click=record_send)
    if st.session_state.get("send-failed"):
        show_error(st.session_state.pop("send-failed"))
    if st.session_state.get("send-done"):
        subject, when, count = st.session_state.pop("send-done")
        st.success(f"Recorded the notice “{md(subject)}” sent on {when.isoformat()} to {count} people.")
