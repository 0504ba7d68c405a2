"""Relationship maps: a pure function to self-contained, escaped HTML; builders on the demo region."""
from __future__ import annotations

import datetime as dt
import re

import networkx as nx
import pytest

from graph.visual import prune, relationship_map_html
from tests.demo_day import P as PLANTED, TODAY as DEMO_TODAY, moved
from tests.conftest import ADMIN, PUBLIC

HOSTILE = "<img src=x onerror=alert(1)>"


def small_map() -> nx.Graph:
    """A mayor, a county judge who opposes, and the board both sit on."""
    G = nx.Graph(centre="c-mayor")
    G.add_node("c-mayor", name="Mayor Ana", label="Contact", stance="support", influence=0.5, coalition=0)
    G.add_node("c-judge", name=HOSTILE, label="Contact", stance="oppose", influence=0.2, coalition=1,
               lines=["</script><script>alert(2)</script>"])
    G.add_node("o-board", name="Transit Board", label="Organization", influence=0.3, coalition=0)
    G.add_edge("c-mayor", "o-board", kind="MEMBER_OF", weight=0.6)
    G.add_edge("c-judge", "o-board", kind="MEMBER_OF", weight=0.6, note="<b>chair</b>")
    return G


def test_the_map_has_no_cdn_and_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = relationship_map_html(small_map())
    assert not re.search(r"<script[^>]+src\s*=", page, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?https?:", page, re.I)
    assert "vis.Network" in page and "cdnjs" not in page and "jsdelivr" not in page
    assert list(tmp_path.iterdir()) == []  # pyvis would have written a graph.html here


def test_every_label_and_tooltip_is_escaped():
    page = relationship_map_html(small_map())
    data = page[page.index("var data = "):]
    assert "<img" not in data and "</script><script>alert(2)" not in page and "<b>chair" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page  # still shown, as text
    assert "textContent" in page  # tooltips are built as text, never as HTML


def test_the_same_graph_gives_the_same_picture():
    assert relationship_map_html(small_map()) == relationship_map_html(small_map())


def test_colour_by_stance_and_by_coalition():
    by_stance = relationship_map_html(small_map(), colour_by="stance")
    assert "#2e7d32" in by_stance and "#c62828" in by_stance  # support green, oppose red
    by_coalition = relationship_map_html(small_map(), colour_by="coalition")
    assert '["around Mayor Ana (2)", "#1f77b4"]' in by_coalition  # named by its most influential member
    assert "coalition 2" not in by_coalition
    with pytest.raises(ValueError, match="colour_by"):
        relationship_map_html(small_map(), colour_by="mood")


def test_beyond_the_limit_the_most_influential_stay_and_the_map_says_so():
    G = nx.star_graph(20)
    nx.set_node_attributes(G, {n: {"name": f"n{n}", "label": "Contact", "influence": 1 / (n + 1)} for n in G})
    H, dropped = prune(G, 5)
    assert sorted(H) == [0, 1, 2, 3, 4] and dropped == 16
    assert "Showing the 5 most influential of 21" in relationship_map_html(G, max_nodes=5)


def test_five_hundred_nodes_draw_fast():
    import time

    G = nx.barabasi_albert_graph(900, 2, seed=1)
    nx.set_node_attributes(G, {n: {"name": f"person {n}", "label": "Contact"} for n in G})
    start = time.perf_counter()
    page = relationship_map_html(G, max_nodes=500)
    assert time.perf_counter() - start < 3
    assert "Showing the 500 most influential of 900" in page


def test_maps_of_the_demo_region(demo_store):
    from queries.maps import issue_map, organization_map, person_map

    G = person_map(demo_store, ADMIN, PLANTED.deceased_official, issue=PLANTED.transportation, as_of=DEMO_TODAY)
    assert G.graph["centre"] == PLANTED.deceased_official and PLANTED.deceased_board in G
    board = organization_map(demo_store, ADMIN, PLANTED.transport_board, as_of=DEMO_TODAY)
    assert PLANTED.transport_board_member in board
    issue = issue_map(demo_store, ADMIN, PLANTED.transportation, as_of=DEMO_TODAY)
    assert issue.nodes[PLANTED.opposing_official]["stance"] == "oppose"
    assert all("influence" in d and "coalition" in d for _, d in issue.nodes(data=True))


def test_a_confidential_contact_is_not_on_a_public_map(demo_store):
    from queries.maps import map_of

    G = map_of(demo_store, PUBLIC, [PLANTED.confidential_contact, PLANTED.broker], as_of=DEMO_TODAY)
    assert PLANTED.confidential_contact not in G
    G = map_of(demo_store, ADMIN, [PLANTED.confidential_contact, PLANTED.broker], as_of=DEMO_TODAY)
    assert PLANTED.confidential_contact in G


def test_coalitions_are_stable(demo_store):
    from queries.maps import organization_map

    a = organization_map(demo_store, ADMIN, PLANTED.transport_board, as_of=moved(dt.date(2026, 1, 1)))
    b = organization_map(demo_store, ADMIN, PLANTED.transport_board, as_of=moved(dt.date(2026, 1, 1)))
    assert dict(a.nodes(data="coalition")) == dict(b.nodes(data="coalition"))


def legend(page: str) -> list:
    import json

    data = page[page.rindex("var data = ") + len("var data = "):]
    return json.loads(data[:data.index(";\n")])["legend"]


def test_many_coalitions_never_repeat_a_colour_in_the_legend():
    G = nx.Graph()
    for c in range(14):  # fourteen coalitions of two: more than there are colours
        G.add_node(f"a{c}", name=f"Leader {c}", label="Contact", coalition=c, influence=1.0 / (c + 1))
        G.add_node(f"b{c}", name=f"Member {c}", label="Contact", coalition=c, influence=0.01)
        G.add_edge(f"a{c}", f"b{c}")
    entries = legend(relationship_map_html(G, colour_by="coalition"))
    colours = [c for _, c in entries]
    assert len(colours) == len(set(colours)) == 10
    assert entries[0][0] == "around Leader 0 (2)" and entries[-1][0] == "smaller coalitions"


def test_kind_tells_officials_staff_organizations_and_others_apart_and_staff_are_stars():
    G = small_map()
    G.add_node("c-staff", name="Priya (our staff)", label="Contact", kind="our_staff", influence=0.1)
    G.add_node("c-official", name="Rep. Lee", label="Contact", kind="elected_official", influence=0.1)
    page = relationship_map_html(G, colour_by="kind")
    assert sorted(k for k, _ in legend(page)) == ["elected official", "organization", "other person", "our staff"]
    data = page[page.rindex("var data = "):]
    assert '"id": "c-staff", "label": "Priya (our staff)"' in data and '"shape": "star"' in data


def test_only_the_most_influential_names_are_written_on_a_big_map():
    G = nx.star_graph(120)
    nx.set_node_attributes(G, {n: {"name": f"person {n}", "label": "Contact", "influence": 1 / (n + 1)} for n in G})
    page = relationship_map_html(G)
    assert '"label": "person 0"' in page and '"label": "person 24"' in page
    assert '"label": "person 25"' not in page and '"label": ""' in page  # in the tooltip only


def test_an_issue_maps_total_does_not_move_with_how_many_are_drawn(demo_store):
    from queries.maps import map_html

    small = map_html(demo_store, ADMIN, "issue", PLANTED.transportation, max_nodes=50)[1]
    big = map_html(demo_store, ADMIN, "issue", PLANTED.transportation, max_nodes=200)[1]
    assert small["total"] == big["total"] > big["shown"] > small["shown"]
    assert small["shown"] >= 40  # the stance holders come first; the bodies they sit on fill in
