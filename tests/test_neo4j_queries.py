"""Every named query on a real Neo4j gives the embedded engine's answer on the demo region.

The ocg oracle (tests/test_dialect_oracle.py) is the fast check on a sample; this one runs
the real server on the whole demo region (make test-neo4j), with every example of
tests/query_examples.py, for an admin and a public viewer.
"""
from __future__ import annotations

import os

import pytest

import queries
from tests.conftest import ADMIN, PUBLIC
from tests.oracle import comparable
from tests.query_examples import EXAMPLES
from tests.test_dialect_oracle import CASES, _unordered

pytestmark = pytest.mark.neo4j


def test_the_demo_region_counts_alike(neo4j_demo, demo_store):
    assert neo4j_demo.counts() == demo_store.counts()
    assert neo4j_demo.counts(["public"]) == demo_store.counts(["public"])


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
@pytest.mark.parametrize("name,i", CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_neo4j_gives_the_embedded_answer(neo4j_demo, demo_store, name, i, viewer):
    params = EXAMPLES[name][i]
    expected = _unordered(comparable(queries.run(demo_store, name, viewer, **params)))
    assert _unordered(comparable(queries.run(neo4j_demo, name, viewer, **params))) == expected


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
def test_engagement_as_it_stood_is_the_embedded_answer_on_many_days(neo4j_demo, demo_store, viewer):
    """Neo4j reads the history with its own text functions (0-based substring and lists, a list
    comprehension: graph/dialect.py); the embedded answer is checked against counting the
    interactions (tests/test_engagement_history.py). Days before, inside and after the history, and
    month ends."""
    import datetime as dt

    from tests.demo_day import TODAY

    days = [TODAY, TODAY - dt.timedelta(days=1), TODAY.replace(day=1) - dt.timedelta(days=1), TODAY.replace(day=1),
            dt.date(TODAY.year - 1, 6, 17), dt.date(TODAY.year - 2, 12, 31), dt.date(TODAY.year - 4, 1, 1),
            dt.date(2000, 1, 1)]
    answered = 0
    for issue in ("i-transportation", "i-water"):
        for as_of in days:
            params = {"issue": issue, "since": as_of - dt.timedelta(days=3000), "as_of": as_of}
            expected = _unordered(comparable(queries.run(demo_store, "engagement_as_of", viewer, **params)))
            assert _unordered(comparable(queries.run(neo4j_demo, "engagement_as_of", viewer, **params))) \
                == expected, params
            answered += bool(expected)
    assert answered >= 10  # most of those days have engagement to compare

# -- graph algorithms inside Neo4j (GDS) give the fast path's answers -------------------------


@pytest.fixture(scope="module")
def demo_strength(demo_store):
    from queries.network_views import analytics_tables
    from graph.analytics.strength import strength_edges
    from tests.demo_day import TODAY as DEMO_TODAY

    t = analytics_tables(demo_store, ADMIN, as_of=DEMO_TODAY)
    import numpy as np

    e = strength_edges(t["interactions"], t["participants"], t["knows"], t["owns"], as_of=DEMO_TODAY)
    return e if "distance" in e else e.assign(distance=-np.log(np.clip(e["strength"], 1e-12, 1 - 1e-12)))


def test_gds_pagerank_betweenness_and_louvain_equal_the_fast_path(neo4j_demo, demo_strength):
    import numpy as np

    from graph.analytics import fast

    gds = neo4j_demo.graph_algorithms()
    assert gds is not None, "the test server has Graph Data Science"
    F = fast.FastGraph.from_edges(demo_strength)
    with gds.projection(demo_strength, F.names) as inside:
        rank, between, communities = inside.pagerank(), inside.betweenness(), inside.louvain()
    names = F.names
    want_rank, want_between = fast.pagerank(F), fast.betweenness(F, k=None)
    assert np.allclose([rank[x] for x in names], [want_rank[x] for x in names], rtol=1e-4, atol=1e-9)
    # betweenness counts shortest paths: where two paths are equally long up to the last bit of a
    # float sum (common with the strength model's repeated values), GDS and scipy may each count one;
    # so nearly every person must agree exactly and the order of all must be the same
    got, want = np.array([between[x] for x in names]), np.array([want_between[x] for x in names])
    same = np.isclose(got, want, rtol=1e-4, atol=1e-9)
    print(f"betweenness: {same.sum()} of {len(same)} equal; largest difference {np.abs(got - want).max():.3g}")
    assert same.mean() >= 0.99
    from scipy.stats import spearmanr

    assert spearmanr(got, want).statistic > 0.999
    # Louvain is a heuristic: as good a split, not the same one
    assert abs(fast.modularity(F, communities) - fast.modularity(F, fast.louvain(F, seed=7))) < 0.02


def test_the_analytics_refresh_on_neo4j_runs_in_gds_and_agrees(neo4j_demo, demo_store):
    import numpy as np

    from tests.demo_day import TODAY as DEMO_TODAY
    from queries.network_views import analytics_refresh

    # sampled betweenness (the refresh's default) picks other start points on each engine: the exact
    # values are compared above; here the refresh must run in GDS and rank influence alike
    _, there = analytics_refresh(neo4j_demo, ADMIN, as_of=DEMO_TODAY, use_cache=False)
    _, here = analytics_refresh(demo_store, ADMIN, as_of=DEMO_TODAY, use_cache=False)
    assert "neo4j-gds" in there.approximate["coalitions"] and "neo4j-gds" not in here.approximate["coalitions"]
    people = sorted(here.influence)
    assert sorted(there.influence) == people
    assert np.allclose([there.influence[x] for x in people], [here.influence[x] for x in people], rtol=1e-4)


def test_without_gds_the_refresh_on_neo4j_falls_back_to_the_fast_path(neo4j_demo, monkeypatch):
    from graph.store import open_store
    from graph.store.gds import GdsAlgorithms
    from tests.demo_day import TODAY as DEMO_TODAY
    from queries.network_views import analytics_refresh

    monkeypatch.setattr(GdsAlgorithms, "available", classmethod(lambda cls, driver, database=None: None))
    with open_store(os.environ["CIVICGRAPH_NEO4J_URI"]) as plain:  # a server that answers no gds.*
        assert plain.graph_algorithms() is None
        _, res = analytics_refresh(plain, ADMIN, as_of=DEMO_TODAY, use_cache=False)
    assert res.approximate["coalitions"].startswith("Louvain heuristic, seed") and res.influence


@pytest.mark.parametrize("name", ["stances_on_issue", "partners_for_issue", "issue_engagement", "engagement_as_of"])
def test_the_floor_benchmark_counts_every_value_of_the_answer(neo4j_demo, name):
    """benchmarks/neo4j_floor.py times each statement with its RETURN turned into one count: that
    count must be the number of values in the answer that are not NULL, or the floor measures less
    (or more) than the answer is made of."""
    from benchmarks.neo4j_floor import _BRANCH, counted

    params = EXAMPLES[name][0]
    query = queries.get(name)
    bound = {**query.bind(params), **queries.supplied(ADMIN)}
    rows = queries.run(neo4j_demo, name, ADMIN, **params)
    values = sum(v is not None for row in rows for v in row.values())
    counts = [neo4j_demo.query(counted(branch.strip()), used)[0]["values"]
              for text, used in query.reads(neo4j_demo.engine, bound) for branch in _BRANCH.split(text)]
    assert rows and sum(counts) == values
