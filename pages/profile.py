"""Profile of a person or an organization: warnings first, the contact card, who can introduce us, the whole history.

Linkable: ``profile?id=c-harlan-whitfield``.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from pages.common import (call, downloads, header, md, person_or_org_picker, plain_table, profile_url, show_error)
from queries.lookup import name_of
from queries.maps import map_html
from queries.members import EVERY_ROLE, members_of
from queries.introductions import introductions
from queries.network import who_knows
from queries.profiles import (contact_card, organization_card, organization_warnings, person_warnings,
                              plain, timeline)

header("Profile", "A person or an organization: what to know before contacting them, how to reach them, who can "
       "introduce us, and everything on record.")

wanted = st.query_params.get("id")
picked = person_or_org_picker("Find a person or an organization", key="profile", default=wanted)
node_id = picked or wanted
if not node_id:
    st.info("Type a name above, or open a profile from any list (the “open ↗” links).")
    st.stop()
if picked and picked != wanted:
    st.query_params["id"] = picked

try:
    who = call(name_of, node_id)
    if who is None:
        st.error(f'"{md(node_id)}" is not a person or organization you may see - search by name above.')
        st.stop()
    person = who["label"] == "Contact"
    warnings = call(person_warnings if person else organization_warnings, node_id)
    card = call(contact_card if person else organization_card, node_id)
    with st.spinner("Reading the history…"):
        events = pd.DataFrame(call(timeline, node_id))
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

st.subheader(md(who["name"]))
st.caption(md(plain(who["kind"])))
for w in warnings:  # the banner: what a manager must read before anything else
    if w["severity"] == "stop":
        st.error(md(w["warning"]), icon=w["marker"])
    elif w["severity"] == "high":
        st.warning(md(w["warning"]), icon=w["marker"])
    else:
        st.info(md(f"{w['marker']} {w['warning']}"))

with st.container(border=True):
    left, right = st.columns(2)
    for n, (label, value) in enumerate(card["fields"]):
        (left if n % 2 == 0 else right).text(f"{label}: {value}")  # text: an address is not made a link

if events.empty:
    st.info(f"{md(who['name'])} is on record, with no interactions, roles or stances yet. Log a meeting or a call "
            "on the Data page (Log an interaction) and it will show here.")

names = ["History", "Who can introduce us?", "Who on our staff knows them", "Network map"] if person \
    else ["History", "People", "Network map"]
tabs = dict(zip(names, st.tabs(names)))
with tabs["History"]:
    if events.empty:
        st.caption("Nothing dated on record yet.")
    else:
        a, b, c = st.columns(3)
        a.metric("Interactions", int((events["what"] == "interaction").sum()))
        b.metric("First on record", events["date"].min())
        c.metric("Latest", events["date"].max())
        latest = events.iloc[0]
        st.caption(md(f"Latest: {latest['date']} {latest['time']} {latest['text']}".replace("  ", " ")))
        kinds = sorted(events["what"].unique())
        shown = events[events["what"].isin(st.multiselect("Show", kinds, default=kinds, key="history-kinds"))]
        plain_table(shown, {"date": st.column_config.TextColumn("Date", width="small"),
                            "time": st.column_config.TextColumn("Time", width="small"),
                            "what": st.column_config.TextColumn("What", width="small"),
                            "text": st.column_config.TextColumn("Details", width="large")}, key="timeline")
        downloads(shown[["date", "time", "what", "text"]], "history", key="dl-history")

if person:
    with tabs["Who can introduce us?"]:
        try:
            with st.spinner("Looking for the warmest introductions…"):
                paths = pd.DataFrame(call(introductions, node_id))
        except CivicGraphError as exc:
            show_error(exc)
            paths = None
        if paths is not None and paths.empty:
            st.info(f"Nobody on our staff is linked to {md(who['name'])} yet, even through others: a first "
                    "meeting has to be arranged directly.")
        elif paths is not None:
            st.caption(f"Our staff who can reach {md(who['name'])}, strongest first.")
            for p in paths.to_dict("records"):
                with st.container(border=True):
                    st.markdown(f"**Ask {md(p['introducer'])}**: {md(p['how'])} · {md(p['strength'])} relationship")
                    st.caption(md(f"{p['path']} · because {p['why']}"))
    with tabs["Who on our staff knows them"]:
        try:
            knows = pd.DataFrame(call(who_knows, node_id, limit=30))
        except CivicGraphError as exc:
            show_error(exc)
            knows = pd.DataFrame()
        if knows.empty:
            st.info("Nobody on record knows them yet.")
        else:
            knows = knows.assign(kind=knows["kind"].map(plain), via=knows["via"].map("; ".join),
                                 because=knows["because"].map("; ".join), profile=knows["id"].map(profile_url))
            plain_table(knows, {"name": st.column_config.TextColumn("Name", width="medium"),
                                "kind": st.column_config.TextColumn("Kind", width="small"),
                                "via": st.column_config.TextColumn("Through", width="small"),
                                "because": st.column_config.TextColumn("Because", width="large"),
                                "recent": st.column_config.TextColumn("Last contact", width="small"),
                                "profile": st.column_config.LinkColumn("Profile", display_text="open ↗",
                                                                       width="small")}, key="knows")
else:
    with tabs["People"]:
        try:
            members = pd.DataFrame(call(members_of, node_id, relations=EVERY_ROLE))
        except CivicGraphError as exc:
            show_error(exc)
            members = pd.DataFrame()
        if members.empty:
            st.info(f"{md(who['name'])} has no people on record.")
        else:
            members = members.assign(relation=members["relation"].map(plain), status=members["status"].map(plain),
                                     since=members["start_date"].map(lambda d: "" if d is None or pd.isna(d) else str(d)[:10]),
                                     profile=members["contact_id"].map(profile_url))
            plain_table(members, {"name": st.column_config.TextColumn("Name", width="medium"),
                                  "relation": st.column_config.TextColumn("Relation", width="small"),
                                  "role": st.column_config.TextColumn("Role", width="small"),
                                  "title": st.column_config.TextColumn("Title", width="medium"),
                                  "since": st.column_config.TextColumn("Since", width="small"),
                                  "status": st.column_config.TextColumn("Status", width="small"),
                                  "profile": st.column_config.LinkColumn("Profile", display_text="open ↗",
                                                                         width="small")}, key="members")
with tabs["Network map"]:
    try:
        with st.spinner("Drawing the map…"):
            html, facts = call(map_html, "person" if person else "organization", who["id"], issue=None,
                               colour_by="coalition")
        st.caption(f"{facts['nodes']} people and organizations around {md(who['name'])}; colour: coalition; "
                   "size: influence. Click a node to open its profile.")
        st.iframe(html, height=720, alt="Relationship map")
    except CivicGraphError as exc:
        show_error(exc)
