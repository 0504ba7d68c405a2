"""Find partners: who is with us, against us or undecided on an issue, with the evidence.

The ranked partners come first (fast: pre-aggregated engagement). Everything else is
built only when its tab is opened (lazy tabs), and the maps are capped.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from graph.model import OrgType
from queries.maps import map_html, stakeholders
from pages.common import (call, downloads, header, issue_picker, place_names, show_error, table,
                          with_profile_links)
from queries.lookup import sectors
from queries.partners import find_partners
from queries.stances import advocates, opponents, stances

header("Find partners", "Pick an issue: ranked partners, advocates, opponents and the undecided, each with "
       "the evidence; the stakeholder map; the relationship map.")

SHOW = 300  # rows drawn in a table; the downloads have every row
MAP_POINTS = 600  # the stakeholder map's dots: the most engaged and influential
COLUMNS = ["name", "kind", "score", "latest_stance", "stance", "as_of", "organizations", "because", "profile"]
TABS = ["Partners", "Advocates", "Opponents", "Undecided", "Stakeholder map", "Relationship map"]

try:
    left, mid, right, far = st.columns(4)
    with left:
        issue = issue_picker()
    if issue is None:
        st.stop()
    places = place_names()
    sector = mid.selectbox("Sector", [None, *call(sectors)], format_func=lambda v: v or "any sector")
    org_type = right.selectbox("Organization type", [None, *(t.value for t in OrgType)],
                               format_func=lambda v: (v or "any type").replace("_", " "))
    place = far.selectbox("Jurisdiction", [None, *places], format_func=lambda v: places.get(v, "anywhere"))
except CivicGraphError as exc:
    show_error(exc)
    st.stop()


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    frame = with_profile_links(frame)
    return frame[[c for c in COLUMNS if c in frame.columns]]


def show_table(frame: pd.DataFrame, name: str, title: str) -> None:
    st.markdown(f"**{title} ({len(frame):,})**")
    if frame.empty:
        st.info(f"No {name} on this issue with these filters.")
        return
    if len(frame) > SHOW:
        st.caption(f"The first {SHOW} of {len(frame):,}; the downloads have them all.")
    table(shown(frame.head(SHOW)), key=f"t-{name}")
    downloads(shown(frame), f"{name}-{issue}", key=f"dl-{name}")


# only the open tab runs (on_change="rerun"): the stances, the maps and the rankings by office are
# built when asked for, not on every visit
tabs = st.tabs(TABS, key="partners-view", on_change="rerun")
try:
    if tabs[0].open:
        with tabs[0], st.spinner("Ranking partners…"):
            partners = pd.DataFrame(call(find_partners, issue, sector=sector, org_type=org_type,
                                         jurisdiction=place, limit=200))
            if sector or org_type or place:
                st.caption("Filters apply to partners: people through the bodies they work at or sit on.")
            show_table(partners, "partners", "Partners")
    for tab, fn, name, title in ((tabs[1], advocates, "advocates", "Advocates"),
                                 (tabs[2], opponents, "opponents", "Opponents")):
        if tab.open:
            with tab, st.spinner(f"Reading stances and ranking {name} by office and reach…"):
                show_table(pd.DataFrame(call(fn, issue, high_profile=True)), name, title)
    if tabs[3].open:
        with tabs[3], st.spinner("Reading stances…"):
            every = pd.DataFrame(call(stances, issue))
            undecided = every[every["stance"].isin(["neutral", "mixed"])] if not every.empty else every
            show_table(undecided, "undecided", "Undecided")
    if tabs[4].open:
        with tabs[4], st.spinner("Placing stakeholders…"):
            points = call(stakeholders, issue, limit=MAP_POINTS)
            if points.empty:
                st.info("Nobody has a stated stance or evidence of engagement on this issue yet.")
            else:
                st.caption(f"One dot per person or organization (the {MAP_POINTS} most engaged or influential at "
                           "most): stance (left: opposes, right: supports) against influence on this issue's "
                           "network. Click a dot to open its profile.")
                pick = alt.selection_point(fields=["id"], name="pick")
                jitter = points.assign(x=points["position"] + (points.index % 7 - 3) * 0.04)
                chart = alt.Chart(jitter).mark_circle(opacity=0.75).encode(
                    x=alt.X("x:Q", title="stance  (−1 opposes · 0 neutral / mixed / none · +1 supports)",
                            scale=alt.Scale(domain=[-1.4, 1.4])),
                    y=alt.Y("influence:Q", title="influence on the issue's network (share of the top)"),
                    size=alt.Size("engagement:Q", title="engagement", scale=alt.Scale(range=[20, 400])),
                    color=alt.Color("stance:N", scale=alt.Scale(
                        domain=["support", "oppose", "mixed", "neutral", "no stance"],
                        range=["#2e7d32", "#c62828", "#ef8f00", "#607d8b", "#b0bec5"])),
                    shape=alt.Shape("type:N"),
                    tooltip=["name", "kind", "stance", "engagement", "influence"],
                ).add_params(pick).properties(height=480)
                event = st.altair_chart(chart, on_select="rerun", key="stakeholder-map", use_container_width=True)
                chosen = [p.get("id") for p in (event.selection.get("pick") or [])] if event else []
                if chosen and chosen[0]:
                    row = points[points["id"] == chosen[0]].iloc[0]
                    st.page_link("pages/profile.py", label=f"Open the profile of {row['name']}",
                                 icon=":material/person:", query_params={"id": row["id"]})
                downloads(points.drop(columns=["position"]), f"stakeholders-{issue}", key="dl-points")
    if tabs[5].open:
        with tabs[5], st.spinner("Drawing the relationship map…"):
            html, facts = call(map_html, "issue", issue, issue=issue)
            st.caption(f"{facts['nodes']:,} people and organizations with a stance on the issue, and the bodies "
                       "they sit on; colour: stance; size: influence. Click a node to open its profile.")
            st.components.v1.html(html, height=720, scrolling=False)
except CivicGraphError as exc:
    show_error(exc)
