"""Network insights: influencers, brokers, coalitions, warm introductions, institutional-memory risk.

The whole-network measures are computed once per data version and clearance, in the
background (queries.network_views.saved_network_insights keeps them in the store folder).
Meanwhile the page shows the previous results at once, with when they were measured
(queries.network_views.previous_network_insights), and a button to show the new ones when they are
ready (the page is not redrawn under someone reading it or choosing in a list); or progress when
there are none yet, and then the results by themselves.
"""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from queries.network_views import (LEAVING_DAYS, bridges_between_places, held_by_leavers, previous_network_insights,
                                   saved_network_insights, warm_introductions)
from queries.introductions import strength_word
from pages.common import (call, header, in_background, md, person_or_org_picker, place_names, show_error, table,
                          with_profile_links)

header("Network insights", "Who is influential, who bridges groups, which coalitions exist, who can introduce "
       "us, and which relationships we could lose: from every relationship over the last three years.")

FIRST_WAIT = 3.0  # seconds the first run waits before showing progress (a small network is ready by then)

state, found = in_background(saved_network_insights)
previous = call(previous_network_insights) if state == "running" else None
deadline = time.monotonic() + (0.0 if previous is not None else FIRST_WAIT)
while state == "running" and time.monotonic() < deadline:
    time.sleep(0.25)
    state, found = in_background(saved_network_insights)

if state == "running" and previous is not None:
    # The kept results, and a button for the new ones: no timer here. A page that polls (a fragment
    # with run_every) closed any list a person had open on it at every tick, in Chromium, every 3 s.
    st.info(f"Results of {previous['saved_at']:%Y-%m-%d %H:%M} UTC. The data changed since: the new results "
            f"are being measured in the background ({found:.0f} s so far; at a million interactions this "
            "takes a couple of minutes).", icon=":material/history:")
    # a click reruns the page, which then shows the new results if they are ready
    st.button("Show the new results", key="insights-new-results", help="Shows them if they are ready")
    found = previous
elif state == "running":
    @st.fragment(run_every=3)
    def waiting() -> None:  # nothing on the page yet: show the results by themselves when they are ready
        now, seconds = in_background(saved_network_insights)
        if now != "running":
            st.rerun()
        st.info(f"Measuring the whole network for your clearance ({seconds:.0f} s so far; at a million "
                "interactions this takes a couple of minutes, once per change of the data). This page fills "
                "in by itself; the other pages work meanwhile.", icon=":material/hourglass_top:")

    waiting()
    st.stop()
if state == "failed":
    if isinstance(found, CivicGraphError):
        show_error(found)
        st.stop()
    raise found

people: pd.DataFrame = found["people"]
if people.empty:
    st.info("No interactions or ties yet: import interactions or log some on the Data page.")
    st.stop()
approximate: dict = found["approximate"]  # measure -> how it was estimated, said under "How is this measured?"
RISKS = {"single_holder": "only one of our staff knows them", "holder_leaving": "whoever knows them is leaving",
         "no_holder": "none of our staff knows them", "dormant": "no contact for a year or more"}


def band(values: pd.Series, *, high_is_more: bool = True) -> pd.Series:
    """A score as a reader says it: top fifth "very high", next "high", then "medium", "low"."""
    pct = values.rank(pct=True, ascending=high_is_more)
    return pd.cut(pct, [0, 0.4, 0.6, 0.8, 1.0], labels=["low", "medium", "high", "very high"]).astype(str)


def ranked(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    top = frame.sort_values(by, ascending=False).head(50).reset_index(drop=True)
    return top.assign(rank=range(1, len(top) + 1), kind=top["kind"].fillna("").str.replace("_", " "))


def how_measured(text: str) -> None:
    with st.expander("How is this measured?"):
        st.markdown(text)


coalition_names = dict(zip(found["coalitions"]["coalition"], found["coalitions"]["most influential"]
                           .map(lambda names: f"around {str(names).split(', ')[0]}"))) \
    if not found["coalitions"].empty else {}
tabs = st.tabs(["Most influential", "Brokers between groups", "Coalitions", "Who can introduce us?",
                "Relationships we could lose"])
with tabs[0]:
    st.caption("The people most strongly tied to other well-connected people: the 50 most influential.")
    top = ranked(people, "influence")
    top = top.assign(coalition=top["coalition"].map(coalition_names).fillna(""))
    table(with_profile_links(top[["rank", "name", "kind", "title", "coalition", "id"]]),
          key="influencers", widths={"rank": 50})
    how_measured("Weighted PageRank on the strength of every relationship (shared interactions, weighted by kind "
                 "and age, plus stated ties) over the last three years: being tied strongly to people who are "
                 "themselves well tied counts most. The rank is the place in that order.")
with tabs[1]:
    st.caption("People whose relationships join groups that otherwise do not talk to each other: the 50 "
               "strongest brokers.")
    top = ranked(people, "brokerage")
    top = top.assign(brokerage=band(top["brokerage"]),
                     contacts_know_each_other=band(top["constraint"]).where(top["constraint"].notna(), ""))
    table(with_profile_links(top[["rank", "name", "kind", "title", "brokerage", "contacts_know_each_other", "id"]]),
          key="brokers", widths={"rank": 50}, labels={"brokerage": "Bridging"})
    notes = "".join(f"\n\nEstimated: {approximate[m]}." for m in ("brokers", "constraint") if m in approximate)
    how_measured("**Bridging**: betweenness, the share of the strongest paths between others that run through a "
                 "person, shown as a band among these 50. **Contacts know each other**: Burt's constraint; low "
                 "means their contacts do not know each other, so they reach groups nobody else does." + notes)
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
                kind=lambda d: d["kind"].fillna("").str.replace("_", " "),
                because=lambda d: d["because"].map(lambda why: why[1:]))  # the first restates bridging
            table(with_profile_links(shown[["name", "kind", "bridging", "separates", "because", "id"]]),
                  key="between", labels={"bridging": "Share of the paths through them",
                                         "separates": "Without them, nobody connects the two", "because": "Why"})
with tabs[2]:
    st.caption("Groups of people more tied to each other than to everyone else, biggest first, named after their "
               "most influential member.")
    coal = found["coalitions"]
    if not coal.empty:
        coal = coal.assign(coalition=coal["coalition"].map(coalition_names))
        table(coal.rename(columns={"most influential": "most_influential"}), key="coalitions")
    how_measured("Louvain community detection on the strength of every relationship, seeded so that the groups "
                 "and their names stay put between visits."
                 + (f"\n\nEstimated: {approximate['coalitions']}." if "coalitions" in approximate else ""))
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
            st.markdown(f"**{' → '.join(md(name) for name in p['path'])}** · {strength_word(p['strength'])} "
                        f"tie · {p['hops']} step(s)")
            for line in p["because"]:
                st.caption(md(line))
with tabs[4]:
    st.caption("Key contacts we could lose: only one of our staff knows them, whoever knows them is leaving, "
               "none of our staff knows them, or we have not been in touch for a year.")
    risk = pd.DataFrame(found["memory"])
    leaving = len(held_by_leavers(found["memory"]))
    st.caption(f"{len(risk)} key relationships at risk · {leaving} held by someone leaving (every holder "
               f"leaves within {LEAVING_DAYS} days; the Overview counts the same rows).")
    if risk.empty:
        st.success("No key relationship at risk.")
    else:
        risk = risk.rename(columns={"contact": "id"})
        risk = risk.assign(risks=risk["risks"].map(
            lambda rs: "; ".join(RISKS.get(r, r.replace("_", " ")) for r in (rs if isinstance(rs, (list, tuple))
                                                                              else str(rs).split("; ")))))
        table(with_profile_links(risk[["name", "risks", "because", "id"]]), key="memory",
              labels={"risks": "Risk", "because": "Why"})
