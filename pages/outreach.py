"""Outreach planner: an invitation list from criteria, checked for sensitivities, exported, recorded."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from ingest.interactions import log_interaction
from pages.common import (call, downloads, header, issue_picker, place_names, show_error, store, table, today, viewer,
                          with_profile_links)
from queries.lookup import search
from queries.outreach import invitation_list
from queries.sensitivity import sensitivity_check

header("Outreach planner", "Build an invitation list from criteria - one row per person however many lists "
       "they are on - check it, export it, record the send.")

try:
    a, b, c = st.columns(3)
    with a:
        issue = issue_picker("Elected officials with expertise in")
    places = place_names()
    region = next((k for k, v in places.items() if "(region)" in v), None)
    place = b.selectbox("in", [None, *places], index=([None, *places].index(region) if region else 0),
                        format_func=lambda v: places.get(v, "nowhere: skip this list"))
    with c:
        text = st.text_input("Plus the members of (type a body's name)", value="transportation policy")
        found = call(search, text, labels=("Organization",)) if text.strip() else []
        names = {r["id"]: r["name"] for r in found}
        bodies = st.multiselect("Bodies", list(names), default=list(names)[:1], format_func=names.get)
    with st.spinner("Building the list…"):
        rows = pd.DataFrame(call(invitation_list, issue=issue, jurisdiction=place, bodies=bodies))
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

if rows.empty:
    st.info("Nobody meets these criteria: pick a jurisdiction for the expertise list, or add a body.")
    st.stop()

try:
    checks = call(sensitivity_check, rows["id"].tolist(), issue=issue)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()
warning = {r["id"]: r["warning"] for r in checks}
rows["check"] = rows["id"].map(lambda i: f"⚠ {warning[i]}" if warning.get(i) else "ok")
st.caption(f"{len(rows)} people · {int((rows['check'] != 'ok').sum())} with a warning to read before sending "
           "(deceased or out of office, do not contact, opposes us on this issue, an organization in conflict, "
           "a recent negative interaction on this issue)")
st.subheader("Invitation list")
table(with_profile_links(rows), key="invite")
downloads(rows, "invitation-list", key="dl-invite")

st.subheader("Sensitivity check")
problems = pd.DataFrame([{"id": r["id"], "name": r["name"], "severity": f["severity"],
                          "flag": f["flag"].replace("_", " "), "reason": f["reason"]}
                         for r in checks for f in r["flags"]])
if problems.empty:
    st.success("No warnings: nobody deceased or out of office, no do-not-contact, no opponent, no landmine.")
else:
    table(with_profile_links(problems), key="flags")
    downloads(problems, "sensitivity-check", key="dl-flags")

st.subheader("Record the send")
who = viewer()
if not who.can_write:
    st.caption(f"Only editors can record a send; you are a {who.role.value}.")
else:
    with st.form("send"):
        subject = st.text_input("Subject", value="Invitation")
        when = st.date_input("Sent on", today())
        skip = st.checkbox("Leave out everyone with a warning", value=False,
                           help="Off by default: read the warnings above and remove people one by one instead.")
        if st.form_submit_button("Record as a notice sent to the list", type="primary"):
            to = rows[rows["check"] == "ok"] if skip else rows
            try:
                xid = log_interaction(store(), who, kind="notice", date=when, subject=subject,
                                      participants=[(i, "recipient") for i in to["id"]],
                                      issues=[issue] if issue else [])
                st.success(f"Recorded {xid}: sent to {len(to)} people.")
            except CivicGraphError as exc:
                show_error(exc)
