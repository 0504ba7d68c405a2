"""Find partners: who is with us, against us or undecided on an issue, with the evidence.

The filters sit above the tabs and apply to every list in them (queries.partner_views.narrow).
Each list is built only when its tab is opened (lazy tabs), and says how many it shows of how many.
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
from queries.partner_views import decision_rows, narrow
from queries.partners import find_partners
from queries.stances import advocates, opponents, stances

header("Find partners", "Pick an issue: who works with us on it, who supports or opposes it, who is undecided, "
       "each with the evidence.")

PAGE = 200  # rows a table shows at first; "Show more" adds as many; the downloads have every row
MAP_POINTS = 600  # the stakeholder map's dots: the most engaged and influential
COLUMNS = ["rank", "name", "warning", "why", "profile", "stance", "kind", "organizations", "id"]
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
filters = {"sector": sector, "org_type": org_type, "jurisdiction": place}
if any(filters.values()):
    st.caption("These filters apply to every list below: organizations by their own sector, type and place; "
               "people by theirs or their employer's or body's.")


def show_table(rows: list[dict], name: str, title: str) -> None:
    """``title``: showing N of M, the table (name, warning, why, profile first), more, downloads."""
    total = len(rows)
    wanted = st.session_state.get(f"more-{name}", PAGE)
    head = rows[:wanted]
    frame = pd.DataFrame(call(decision_rows, head, issue=issue))
    st.markdown(f"**{title}: showing {len(head):,} of {total:,}**")
    if not rows:
        st.info(f"No {name} on this issue with these filters.")
        return
    frame = with_profile_links(frame)
    table(frame[[c for c in COLUMNS if c in frame.columns]], key=f"t-{name}")
    if total > len(head):
        st.button(f"Show {min(PAGE, total - len(head)):,} more", key=f"b-more-{name}",
                  on_click=lambda: st.session_state.update({f"more-{name}": wanted + PAGE}))
    every = pd.DataFrame([{"name": r.get("name"), "id": r["id"], "kind": r.get("kind"),
                           "stance": r.get("stance") or r.get("latest_stance"),
                           "why": "; ".join(r.get("because") or [])} for r in rows])
    downloads(every, f"{name}-{issue}", key=f"dl-{name}")


# only the open tab runs (on_change="rerun"): the stances, the maps and the rankings by office are
# built when asked for, not on every visit
tabs = st.tabs(TABS, key="partners-view", on_change="rerun")
try:
    if tabs[0].open:
        with tabs[0], st.spinner("Ranking partners…"):
            st.caption("Ranked by the evidence that they work with us on this issue: their stance, meetings, "
                       "expertise, focus, memberships and ties to our staff.")
            show_table(call(find_partners, issue, **filters, limit=None), "partners", "Partners")
    for tab, fn, name, title in ((tabs[1], advocates, "advocates", "Advocates"),
                                 (tabs[2], opponents, "opponents", "Opponents")):
        if tab.open:
            with tab, st.spinner(f"Reading stances and ranking {name} by office and reach…"):
                st.caption(f"{title}: their latest stated stance, highest office and widest reach first.")
                show_table(call(narrow, call(fn, issue, high_profile=True), **filters), name, title)
    if tabs[3].open:
        with tabs[3], st.spinner("Reading stances…"):
            every = [h for h in call(stances, issue) if h["stance"] in ("neutral", "mixed")]
            show_table(call(narrow, every, **filters), "undecided", "Undecided")
    if tabs[4].open:
        with tabs[4], st.spinner("Placing stakeholders…"):
            points = call(stakeholders, issue, limit=MAP_POINTS)
            if points.empty:
                st.info("Nobody has a stated stance or evidence of engagement on this issue yet.")
            else:
                st.caption(f"One dot per person or organization (the {MAP_POINTS} most engaged or influential at "
                           "most): stance (left: opposes, right: supports) against influence on this issue's "
                           "network. Click a dot to open its profile. The filters above do not apply here.")
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
                    tooltip=["name", "kind", "stance"],
                ).add_params(pick).properties(height=480)
                event = st.altair_chart(chart, on_select="rerun", key="stakeholder-map", width="stretch")
                chosen = [p.get("id") for p in (event.selection.get("pick") or [])] if event else []
                if chosen and chosen[0]:
                    row = points[points["id"] == chosen[0]].iloc[0]
                    st.page_link("pages/profile.py", label=f"Open the profile of {row['name']}",
                                 icon=":material/person:", query_params={"id": row["id"]})
                downloads(points.drop(columns=["position"]), f"stakeholders-{issue}", key="dl-points")
    if tabs[5].open:
        with tabs[5], st.spinner("Drawing the relationship map…"):
            html, facts = call(map_html, "issue", issue, issue=issue, max_nodes=100)
            st.caption(f"Showing {facts['shown']:,} of {facts['total']:,} people and organizations with a stance "
                       "on the issue, and the bodies they sit on; colour: stance; size: influence. Click a node "
                       "to open its profile; the Relationship map page shows more.")
            st.iframe(html, height=780, alt="Relationship map")
except CivicGraphError as exc:
    show_error(exc)
