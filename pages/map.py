"""Relationship map: an issue, an organization or a person at the centre; colour by stance or coalition."""
from __future__ import annotations

import streamlit as st

from graph.errors import CivicGraphError
from queries.maps import map_html
from pages.common import call, header, issue_picker, person_or_org_picker, show_error, table, with_profile_links

header("Relationship map", "Who is tied to whom around an issue, an organization or a person. Colour by stance "
       "or coalition, size by influence; click a node to open its profile.")

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
    colour_by = st.selectbox("Colour by", ["stance", "coalition", "kind"])
    issue = issue_picker("Stance on", key="map-stance-issue") if centre_kind != "issue" else centre
    max_nodes = st.slider("At most", 50, 500, 300, step=50, help="beyond this, the most influential are kept")

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
note = f"{facts['nodes']:,} people and organizations, {facts['edges']:,} ties"
if facts["nodes"] > facts["shown"]:
    note += f" — showing the {facts['shown']:,} most influential"
if facts["cut"]:
    note += f"; {facts['cut']:,} more with weaker evidence were left out before drawing"
st.caption(note)
st.components.v1.html(html, height=720)
with st.expander("The people and organizations on the map"):
    table(with_profile_links(facts["table"]), key="map-nodes")
