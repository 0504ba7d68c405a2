"""Relationship map: an issue, an organization or a person at the centre; colour by stance, coalition or kind."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from queries.introductions import introductions
from queries.maps import map_html
from pages.common import call, header, issue_picker, person_or_org_picker, show_error, table, with_profile_links

header("Relationship map", "Who is tied to whom around an issue, an organization or a person. The biggest names "
       "are written on the map; hover over a dot for the others, click one to open its profile.")

COLOURS = {"stance": "their stance", "coalition": "coalition (who works together)",
           "kind": "kind (elected official, our staff, organization, other)"}

a, b, c = st.columns([1, 2, 1])
centre_kind = a.radio("Centred on", ["issue", "organization", "person"], horizontal=False)
with b:
    if centre_kind == "issue":
        centre = issue_picker(key="map-issue")
        stances = st.multiselect("Stances", ["support", "oppose", "mixed", "neutral"],
                                 default=["support", "oppose", "mixed", "neutral"])
    else:
        label = "Contact" if centre_kind == "person" else "Organization"
        centre = person_or_org_picker(f"Find the {centre_kind}", key=f"map-{centre_kind}", kinds=(label,),
                                      default="o-tpb" if centre_kind == "organization" else "c-harlan-whitfield")
        stances = None
with c:
    colour_by = st.selectbox("Colour by", list(COLOURS), format_func=COLOURS.get)
    issue = issue_picker("Stance on", key="map-stance-issue") if centre_kind != "issue" else centre
    max_nodes = st.slider("At most", 50, 500, 100, step=50, help="beyond this, the most influential are kept")

if not centre:
    st.info("Pick what the map is about.")
    st.stop()
try:
    with st.spinner("Reading ties and drawing the map…"):
        html, facts = call(map_html, centre_kind, centre, issue=issue, stances=stances, colour_by=colour_by,
                           max_nodes=max_nodes)
except CivicGraphError as exc:
    show_error(exc)
    st.stop()

if facts["nodes"] == 0:
    st.info("Nothing to draw: nobody you may see is tied to this yet.")
    st.stop()
if centre_kind == "issue":
    note = (f"Showing {facts['shown']:,} of {facts['total']:,} people and organizations with a stance on the "
            "issue (the most influential), with the bodies they sit on")
else:
    note = f"Showing {facts['shown']:,} of {facts['total']:,} people and organizations"
if facts["cut"] and centre_kind != "issue":
    note += f"; {facts['cut']:,} more with weaker evidence were left out before drawing"
st.caption(note + ". ★ our staff.")

if centre_kind == "person":
    if st.toggle("Who can introduce us?", key="map-introduce"):
        try:
            with st.spinner("Looking for the warmest introductions…"):
                paths = pd.DataFrame(call(introductions, centre))
        except CivicGraphError as exc:
            show_error(exc)
            paths = pd.DataFrame()
        if paths.empty:
            st.info("None of our staff is within three introductions of this person.")
        else:
            table(paths[["introducer", "how", "strength", "why"]], key="map-introductions",
                  labels={"introducer": "Ask", "how": "How", "strength": "Tie", "why": "Why"},
                  widths={"introducer": 160, "how": 220, "strength": 80, "why": 420})

st.iframe(html, height=780, alt="Relationship map")
with st.expander("The people and organizations on the map"):
    table(with_profile_links(facts["table"]), key="map-nodes", labels={"influence": "Influence (rank)"})
with st.expander("How is this measured?"):
    st.markdown("**Influence** (dot size, the order of the list): how strongly someone is tied to other "
                "well-tied people on this map (weighted PageRank). **Coalitions**: groups more tied to each other "
                "than to the rest (Louvain community detection, seeded so the groups stay put between visits), "
                "named after their most influential member. Ties are weighted by strength: stated relationships "
                "and shared interactions.")
