"""Network insights: influencers, brokers, coalitions, warm introductions, institutional-memory risk.

The whole-network measures are computed once per data version and clearance, in the
background (queries.network_views.saved_network_insights keeps them in the store folder).
Meanwhile the page shows the previous results at once, with when they were measured
(queries.network_views.previous_network_insights), or progress when there are none yet.
"""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from queries.network_views import (LEAVING_DAYS, bridges_between_places, held_by_leavers, previous_network_insights,
                                   saved_network_insights, warm_introductions)
from pages.common import (call, header, in_background, md, person_or_org_picker, place_names, show_error, table,
                          with_profile_links)

header("Network insights", "Measured on the strength of every relationship (shared interactions, weighted by "
       "kind and age, plus stated ties) over the last three years.")

FIRST_WAIT = 3.0  # seconds the first run waits before showing progress (a small network is ready by then)

state, found = in_background(saved_network_insights)
previous = call(previous_network_insights) if state == "running" else None
deadline = time.monotonic() + (0.0 if previous is not None else FIRST_WAIT)
while state == "running" and time.monotonic() < deadline:
    time.sleep(0.25)
    state, found = in_background(saved_network_insights)

if state == "running":
    @st.fragment(run_every=3)
    def waiting() -> None:
        now, seconds = in_background(saved_network_insights)
        if now != "running":
            st.rerun()
        if previous is not None:
            st.info(f"Results of {previous['saved_at']:%Y-%m-%d %H:%M} UTC; refreshing… ({seconds:.0f} s so far: "
                    "the data changed since, and this page updates by itself when the new results are ready).",
                    icon=":material/history:")
            return
        st.info(f"Measuring the whole network for your clearance ({seconds:.0f} s so far; at a million "
                "interactions this takes a couple of minutes, once per change of the data). This page fills "
                "in by itself; the other pages work meanwhile.", icon=":material/hourglass_top:")

    waiting()
    if previous is None:
        st.stop()
    found = previous
if state == "failed":
    if isinstance(found, CivicGraphError):
        show_error(found)
        st.stop()
    raise found

people: pd.DataFrame = found["people"]
if people.empty:
    st.info("No interactions or ties yet: import interactions or log some on the Data page.")
    st.stop()
approximate: dict = found["approximate"]  # measure -> how it was estimated, shown where the measure is

tabs = st.tabs(["Influencers", "Brokers", "Coalitions", "Warm introductions", "Memory risk"])
with tabs[0]:
    st.caption("Weighted PageRank: strong relationships with other influential people.")
    top = people.sort_values("influence", ascending=False).head(50)
    table(with_profile_links(top[["name", "kind", "title", "influence", "coalition", "id"]]), key="influencers")
with tabs[1]:
    st.caption("Betweenness: the share of the strongest paths between others that run through a person. "
               "Low constraint means their contacts do not know each other.")
    top = people.sort_values("brokerage", ascending=False).head(50)
    table(with_profile_links(top[["name", "kind", "title", "brokerage", "constraint", "id"]]), key="brokers")
    for measure in ("brokers", "constraint"):
        if measure in approximate:
            st.caption(f"Estimated: {approximate[measure]}.")
    st.subheader("Who connects two places?")
    st.caption("Exact, on the people of two jurisdictions and the places inside them, counting only ties that "
               "exist without our staff: who could introduce them to each other.")
    places = place_names()
    left, right, only = st.columns([2, 2, 1], vertical_alignment="bottom")
    place_a = left.selectbox("Between", [None, *places], format_func=lambda j: places.get(j, "choose a place"),
                             key="between_a")
    place_b = right.selectbox("and", [None, *places], format_func=lambda j: places.get(j, "choose a place"),
                              key="between_b")
    officials = only.checkbox("their elected officials only", value=True, key="between_officials")
    if place_a and place_a == place_b:
        st.info("Choose two different places.")
    elif place_a and place_b:
        try:
            with st.spinner("Following the strongest paths between them…"):
                bridges = call(bridges_between_places, place_a, place_b,
                               kind="elected_official" if officials else None)
        except CivicGraphError as exc:
            show_error(exc)
            bridges = None
        if bridges == []:
            st.info("Nobody connects them through ties that exist without our staff.")
        elif bridges:
            shown = pd.DataFrame(bridges).assign(
                bridging=lambda d: d["bridging"].map("{:.0%}".format),
                separates=lambda d: d["separates"].map({True: "yes", False: ""}),
                because=lambda d: d["because"].map(lambda why: why[1:]))  # the first restates bridging
            table(with_profile_links(shown[["name", "kind", "bridging", "separates", "because", "id"]]),
                  key="between")
with tabs[2]:
    st.caption("Louvain communities (seeded, so colours and numbers stay put between visits).")
    table(found["coalitions"], key="coalitions")
    if "coalitions" in approximate:
        st.caption(f"Estimated: {approximate['coalitions']}.")
with tabs[3]:
    target = person_or_org_picker("Who do you want to reach?", key="warm", kinds=("Contact",))
    if target:
        try:
            paths = warm_introductions(found["edges"], found["tables"]["contacts"], target)
        except CivicGraphError as exc:
            show_error(exc)
            paths = None
        if paths == []:
            st.info("None of our staff is within three introductions of this person.")
        for p in paths or []:
            st.markdown(f"**{' → '.join(md(name) for name in p['path'])}** · strength {p['strength']:.2f} · "
                        f"{p['hops']} hop(s)")
            for line in p["because"]:
                st.caption(md(line))
with tabs[4]:
    st.caption("Key contacts we could lose: one holder, holders leaving, nobody holding it, or gone quiet.")
    risk = pd.DataFrame(found["memory"])
    leaving = len(held_by_leavers(found["memory"]))
    st.caption(f"{len(risk)} key relationships at risk · {leaving} held by someone leaving (every holder "
               f"leaves within {LEAVING_DAYS} days; the Overview counts the same rows).")
    if risk.empty:
        st.success("No key relationship at risk.")
    else:
        risk = risk.rename(columns={"contact": "id"})
        table(with_profile_links(risk[["name", "risks", "because", "id"]]), key="memory")
