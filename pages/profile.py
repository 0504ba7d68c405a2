"""Profile of a person or an organization: roles, stances, the whole timeline, who knows them, the map.

Linkable: ``profile?id=c-harlan-whitfield``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from queries.maps import map_html
from pages.common import call, downloads, header, md, person_or_org_picker, show_error, table, with_profile_links
from queries.lookup import name_of
from queries.members import EVERY_ROLE, history, members_of
from queries.network import who_knows

header("Profile", "A person or an organization: roles and stances over time, every interaction, who on our "
       "staff knows them, and their network.")

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
        st.error(f'"{node_id}" is not a person or organization you may see - check the id or search by name.')
        st.stop()
    with st.spinner("Reading the history…"):
        events = pd.DataFrame(call(history, node_id))
        knows = pd.DataFrame(call(who_knows, node_id, limit=30)) if who["label"] == "Contact" else pd.DataFrame()
        members = pd.DataFrame(call(members_of, node_id, relations=EVERY_ROLE)) \
            if who["label"] == "Organization" else pd.DataFrame()
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

st.subheader(md(who["name"]))
st.caption(f"{md((who['kind'] or '').replace('_', ' '))} · {md(who['id'])}")

if events.empty:
    st.info("No dated history on record yet.")
else:
    events["date"] = pd.to_datetime(events["date"])
    a, b, c = st.columns(3)
    a.metric("Interactions", int((events["event"] == "interaction").sum()))
    b.metric("First on record", events["date"].min().date().isoformat())
    c.metric("Latest", events["date"].max().date().isoformat())
    inter = events[events["event"] == "interaction"]
    if not inter.empty:
        st.markdown("**Interactions over time**")
        st.altair_chart(alt.Chart(inter).mark_bar().encode(
            x=alt.X("yearmonth(date):T", title=None), y=alt.Y("count():Q", title="interactions"),
            color=alt.Color("kind:N", title="kind"), tooltip=["kind", "count()"]).properties(height=200),
            use_container_width=True)
    roles = events[events["event"].isin(["role_start", "role_end", "stance", "status"])]
    if not roles.empty:
        st.markdown("**Roles, stances and status over time**")
        st.altair_chart(alt.Chart(roles).mark_point(filled=True, size=90).encode(
            x=alt.X("date:T", title=None), y=alt.Y("event:N", title=None),
            color=alt.Color("kind:N", title=None), tooltip=["date:T", "text"]).properties(height=160),
            use_container_width=True)

tabs = st.tabs(["Timeline", "Who knows them" if who["label"] == "Contact" else "Members", "Network map"])
with tabs[0]:
    if not events.empty:
        kinds = st.multiselect("Show", sorted(events["event"].unique()), default=sorted(events["event"].unique()))
        shown = events[events["event"].isin(kinds)].sort_values("date", ascending=False)
        shown = shown.assign(date=shown["date"].dt.date)[["date", "event", "text", "other_name"]]
        table(shown, key="timeline")
        downloads(shown, f"history-{who['id']}", key="dl-history")
with tabs[1]:
    frame = knows if who["label"] == "Contact" else members
    if frame.empty:
        st.info("Nobody on record yet.")
    else:
        keep = [c for c in ("name", "kind", "hops", "strength", "recent", "via", "because", "role", "title",
                            "start_date", "id") if c in frame.columns]
        id_col = "id" if "id" in frame.columns else "contact_id"
        frame = frame.rename(columns={"contact_id": "id"}) if id_col == "contact_id" else frame
        table(with_profile_links(frame[[c for c in keep if c in frame.columns] +
                                       (["id"] if "id" not in keep else [])]), key="knows")
with tabs[2]:
    try:
        kind = "person" if who["label"] == "Contact" else "organization"
        with st.spinner("Drawing the map…"):
            html, facts = call(map_html, kind, who["id"], issue=None,
                               colour_by="coalition")
        st.caption(f"{facts['nodes']} people and organizations around {md(who['name'])}; colour: coalition; "
                   "size: influence. Click a node to open its profile.")
        st.components.v1.html(html, height=720)
    except CivicGraphError as exc:
        show_error(exc)
