"""The network analytics read from a real Neo4j give the embedded store's answers (make test-neo4j).

tests/test_neo4j_queries.py checks the graph algorithms inside Neo4j (GDS) against the fast path;
here every report of queries/network_views.py, the maps and the notices run on the same demo
region on both engines with the Python fast path (GDS hidden, as on a server without it), so
the answers must be the same: the same tables read, the same people ranked the same way, the
same paths, coalitions, risks and inferred stances, for an admin and for a public viewer.
Engines return rows in their own order; floats are compared to 9 significant digits (sums in
another order differ in the last bits).
"""
from __future__ import annotations

import datetime as dt
import math
import os

import networkx as nx
import pytest

from queries import network_views as N
from tests.conftest import ADMIN, PUBLIC
from tests.demo_day import P, TODAY

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def plain(neo4j_demo):
    """The demo region on Neo4j through a store that sees no GDS: the refresh takes the fast path."""
    from graph.store import open_store
    from graph.store.gds import GdsAlgorithms

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(GdsAlgorithms, "available", classmethod(lambda cls, driver, database=None: None))
        with open_store(os.environ["CIVICGRAPH_NEO4J_URI"]) as store:
            assert store.graph_algorithms() is None
            yield store


def same(value):
    """``value`` with floats to 9 significant digits, frames as sorted records, sets sorted."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        records = [same(r) for r in value.to_dict("records")]
        return sorted(records, key=repr)
    if isinstance(value, float):
        return None if math.isnan(value) else float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: same(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [same(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(same(v) for v in value)
    if value is pd.NaT or value is pd.NA:
        return None
    return value


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
def test_the_analytics_tables_are_the_same_rows(plain, demo_store, viewer):
    there = N.analytics_tables(plain, viewer, as_of=TODAY)
    here = N.analytics_tables(demo_store, viewer, as_of=TODAY)
    assert set(there) == set(here)
    for name in here:
        assert len(here[name]), name
        assert same(there[name][sorted(here[name].columns)]) == same(here[name][sorted(here[name].columns)]), name


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
def test_the_network_insights_are_the_same(plain, demo_store, viewer):
    there = N.network_insights(plain, viewer, as_of=TODAY)
    here = N.network_insights(demo_store, viewer, as_of=TODAY)
    assert len(here["people"]) > 100 and len(here["coalitions"]) > 3 and here["memory"]
    for part in ("people", "coalitions", "memory", "approximate"):
        assert same(there[part]) == same(here[part]), part


def test_the_reports_of_the_cli_are_the_same(plain, demo_store):
    def both(report, *args, **kw):
        there, here = report(plain, ADMIN, *args, **kw), report(demo_store, ADMIN, *args, **kw)
        assert here, report.__name__
        assert same(there) == same(here), report.__name__
        return here

    both(N.influencers, as_of=TODAY, top=50)
    both(N.influencers, issue=P.transportation, as_of=TODAY, top=50)
    both(N.broker_report, as_of=TODAY, top=10)
    bridges = both(N.bridges_between_places, *P.broker_counties, kind="elected_official", as_of=TODAY)
    assert bridges[0]["id"] == P.broker
    both(N.coalition_report, issue=P.transportation, as_of=TODAY, seed=7, use_cache=False)
    risks = both(N.memory_risks, as_of=TODAY)
    assert {r["contact"] for r in risks} >= set(P.orphaned_contacts)
    both(N.inferred_stances, P.transportation, as_of=TODAY, min_confidence=0.0, top=None)
    both(N.warm_paths_to, P.opposing_official, k=5, as_of=TODAY)
    both(N.warm_paths_to, P.opposing_official, issue=P.transportation, supporters_only=True, k=5, as_of=TODAY)
    both(N.relationship_between, P.leaving_staff, P.orphaned_contacts[0], as_of=TODAY)


def test_a_public_viewer_sees_the_same_on_both_and_never_the_confidential_contact(plain, demo_store):
    for report, kw in ((N.influencers, {"top": 3000}), (N.broker_report, {"top": 3000}),
                       (N.memory_risks, {}), (N.coalition_report, {"min_size": 1, "use_cache": False})):
        there, here = report(plain, PUBLIC, as_of=TODAY, **kw), report(demo_store, PUBLIC, as_of=TODAY, **kw)
        assert same(there) == same(here), report.__name__
        assert P.confidential_contact not in repr(there), report.__name__


@pytest.mark.parametrize("centre", ["person", "issue"])
def test_the_relationship_maps_are_the_same_graph(plain, demo_store, centre):
    from queries.maps import issue_map, person_map

    def graph(store):
        if centre == "person":
            return person_map(store, ADMIN, P.broker, as_of=TODAY)
        return issue_map(store, ADMIN, P.transportation, as_of=TODAY)

    there, here = graph(plain), graph(demo_store)
    assert here.number_of_nodes() > 5
    assert same(dict(there.nodes(data=True))) == same(dict(here.nodes(data=True)))
    assert nx.utils.edges_equal(there.edges, here.edges)
    assert same({tuple(sorted(e[:2])): e[2] for e in there.edges(data=True)}) \
        == same({tuple(sorted(e[:2])): e[2] for e in here.edges(data=True)})


def test_the_stakeholder_map_and_the_notices_are_the_same(plain, demo_store):
    from queries.maps import stakeholders
    from queries.notices import notices_status

    assert same(stakeholders(plain, ADMIN, P.transportation, as_of=TODAY)) \
        == same(stakeholders(demo_store, ADMIN, P.transportation, as_of=TODAY))
    here = notices_status(demo_store, ADMIN, until=TODAY)
    assert here and same(notices_status(plain, ADMIN, until=TODAY)) == same(here)


def test_an_empty_window_says_where_the_data_ends_on_both(plain, demo_store):
    from graph.analytics import AnalyticsError

    long_ago = dt.date(1990, 1, 1)
    messages = []
    for store in (plain, demo_store):
        with pytest.raises(AnalyticsError) as error:
            N.analytics_tables(store, ADMIN, as_of=long_ago)
        messages.append(str(error.value))
    assert messages[0] and messages[0] == messages[1]
