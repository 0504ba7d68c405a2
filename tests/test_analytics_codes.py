"""The refresh on integer codes (issue 21): Arrow tables straight from the store and DataFrames give
the same strength table, the same graph and the same measures, bit for bit.

``civicgraph analytics refresh`` reads its four tables as Arrow (no Python string per cell), turns
every id into an integer code once (graph/analytics/coded.py) and builds the graph from those codes
(``FastGraph.from_codes``). The DataFrame path is the one every other caller uses and the one the
measures were checked against NetworkX on, so the Arrow path must equal it exactly.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from graph.analytics import AnalyticsError, fast
from graph.analytics.coded import coded
from graph.analytics.refresh import full_refresh
from graph.analytics.strength import DEFAULT_WEIGHTS, strength_edges, strength_table
from queries.network_tables import REFRESH_TABLES, analytics_tables
from tests.conftest import ADMIN, PUBLIC
from tests.demo_day import TODAY

KINDS = list(DEFAULT_WEIGHTS)


def a_county_meeting():
    """Three commissioners met twice; Rosa also called Ana; an e-mail Ana sent to both."""
    inter = pa.table({"id": ["m1", "m2", "c1", "e1"], "kind": ["meeting", "meeting", "call", "email"],
                      "date": pa.array([20000, 20010, 20020, 20030], pa.date32())})
    part = pa.table({"interaction_id": ["m1", "m1", "m1", "m2", "m2", "m2", "c1", "c1", "e1", "e1", "e1"],
                     "contact_id": ["rosa", "ana", "bo", "bo", "ana", "rosa", "rosa", "ana", "ana", "bo", "rosa"],
                     "role": [None] * 8 + ["sender", "recipient", "Recipient"]})
    knows = pa.table({"from_id": ["bo"], "to_id": ["zed"], "strength": pa.array([None], pa.float64()),
                      "start_date": pa.array([None], pa.date32())})
    owns = pa.table({"staff_id": ["kim", "kim"], "contact_id": ["ana", "bo"], "role": ["primary", "primary"],
                     "end_date": pa.array([None, 19000], pa.date32())})  # the second ended long ago
    return inter, part, knows, owns


def test_arrow_tables_give_the_codes_a_hand_count_gives():
    inter, part, knows, owns = a_county_meeting()
    c = coded(inter, part, knows, owns, KINDS)
    assert c.names.tolist() == ["ana", "bo", "kim", "rosa", "zed"]  # name order, whatever the row order
    assert c.person[:3].tolist() == [3, 0, 1] and c.at[:3].tolist() == [0, 0, 0]
    assert c.kind.tolist() == [0, 0, 1, 3] and c.day.tolist() == [20000, 20010, 20020, 20030]
    assert c.sends.tolist() == [False] * 8 + [True, False, False]
    assert c.knows[2].tolist() == [0.5]  # a KNOWS without a strength counts 0.5
    assert c.owns[2].tolist() == [np.iinfo(np.int64).min, 19000]


def test_arrow_and_dataframes_give_the_same_strength_table_to_the_last_bit():
    tables = a_county_meeting()
    from_arrow = strength_edges(*tables, as_of="2026-01-01")
    from_frames = strength_edges(*(t.to_pandas() for t in tables), as_of="2026-01-01")
    pd.testing.assert_frame_equal(from_arrow, from_frames, check_exact=True)
    pairs = from_arrow.set_index(["u", "v"])
    assert pairs.loc[("ana", "rosa"), ["n_meeting", "n_call", "n_email"]].tolist() == [2, 1, 1]
    assert pairs.loc[("ana", "kim"), "owns"] and ("bo", "kim") not in pairs.index  # the ended ownership
    assert pairs.loc[("bo", "zed"), "knows"] == 0.5


def test_an_unknown_kind_is_named_on_the_arrow_path_too():
    inter, part, *_ = a_county_meeting()
    inter = inter.set_column(1, "kind", pa.array(["meeting", "fax", "call", "email"]))
    with pytest.raises(AnalyticsError, match="unknown kind"):
        strength_edges(inter, part, as_of="2026-01-01")


def test_the_graph_from_codes_is_the_graph_from_the_edge_table():
    e, u, v, names = strength_table(*a_county_meeting(), as_of="2026-01-01")
    a = fast.FastGraph.from_codes(u, v, names, {k: e[k].to_numpy() for k in ("strength", "distance")})
    b = fast.FastGraph.from_edges(e)
    assert a.names == b.names and a.ends.tolist() == b.ends.tolist()
    assert a.g.es["distance"] == b.g.es["distance"]


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
def test_the_refresh_on_arrow_tables_equals_the_refresh_on_dataframes(demo_store, viewer):
    arrow = analytics_tables(demo_store, viewer, as_of=TODAY, only=REFRESH_TABLES, arrow=True)
    frames = analytics_tables(demo_store, viewer, as_of=TODAY, only=REFRESH_TABLES)
    assert all(isinstance(t, pa.Table) for t in arrow.values())
    assert {k: len(t) for k, t in arrow.items()} == {k: len(t) for k, t in frames.items()}
    a = full_refresh(arrow, seed=7, as_of=TODAY, version="v")
    b = full_refresh(frames, seed=7, as_of=TODAY, version="v")
    pd.testing.assert_frame_equal(a.edges, b.edges, check_exact=True)
    assert list(a.influence) == list(b.influence)  # the same node order, so the same seeded pivots
    for measure in ("influence", "brokers", "constraint", "communities"):
        assert getattr(a, measure) == getattr(b, measure), measure


def a_barbell():
    """Two cliques of six joined through one go-between, with strengths that vary by tie."""
    import networkx as nx

    G = nx.barbell_graph(6, 1)
    for i, (a, b) in enumerate(G.edges()):
        G.edges[a, b]["strength"] = 0.3 + 0.05 * (i % 7)
        G.edges[a, b]["distance"] = -np.log(G.edges[a, b]["strength"])
    return fast.FastGraph.from_networkx(G)


def test_brokerage_begun_in_forked_processes_equals_one_process(monkeypatch):
    """The refresh starts brokerage in forked processes and computes PageRank and Leiden meanwhile:
    the result is the one a single process gives, whatever the main process did in between."""
    F = a_barbell()
    monkeypatch.setattr(fast, "can_fork", lambda: True)  # forks even where the test runner has threads
    want = fast.betweenness(F, k=8, seed=3, trim=0.1)
    pending = fast.betweenness_started(F, k=8, seed=3, n_jobs=2, trim=0.1)
    fast.leiden(F, seed=3)  # uses igraph's random numbers while the workers run
    got = pending()
    assert got == want and max(got, key=got.get) in {5, 6, 7}  # the go-between or a clique end next to it


def test_the_refresh_gives_numpy_its_huge_pages_back():
    from numpy._core.multiarray import _set_madvise_hugepage

    from graph.bulk_memory import without_huge_pages

    before = _set_madvise_hugepage(True)
    try:
        with without_huge_pages():
            assert _set_madvise_hugepage(False) is False  # off inside
        assert _set_madvise_hugepage(True) is True  # and back on after
    finally:
        _set_madvise_hugepage(before)


def test_a_failure_while_brokerage_runs_stops_its_processes(monkeypatch):
    import multiprocessing

    from graph.analytics import refresh

    monkeypatch.setattr(fast, "can_fork", lambda: True)
    e = strength_table(*a_county_meeting(), as_of="2026-01-01")[0]
    big = pd.concat([e.assign(u=e["u"] + str(i), v=e["v"] + str(i)) for i in range(10)], ignore_index=True)

    def broken(*args, **kwargs):
        raise RuntimeError("Leiden failed")

    monkeypatch.setattr(refresh.fast, "leiden", broken)
    try:
        full_refresh(big, seed=1, betweenness_k=8, n_jobs=2)
    except RuntimeError as failure:  # checked while the failure (and its frames) is still alive
        assert "Leiden failed" in str(failure)
        assert multiprocessing.active_children() == []
    else:
        raise AssertionError("the failure was swallowed")
