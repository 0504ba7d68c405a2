"""Network analytics on small, hand-checkable graphs, and the fast path against NetworkX."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph.analytics import AnalyticsError, NodeNotFound, fast
from graph.analytics.brokers import bridges_between, bridging, brokers, constraint, effective_size, separates
from graph.analytics.coalitions import coalition_stances, coalitions
from graph.analytics.inference import infer_stances
from graph.analytics.influence import influence, issue_influence, issue_members
from graph.analytics.memory import memory_risk
from graph.analytics.paths import warm_paths
from graph.analytics.refresh import full_refresh
from graph.analytics.strength import graph_from_edges, relationship_strength, strength_edges, strength_graph


def meetings(rows):
    """rows: (interaction id, kind, date, [participants])."""
    inter = pd.DataFrame([(i, k, d) for i, k, d, _ in rows], columns=["id", "kind", "date"])
    part = pd.DataFrame([(i, c) for i, _, _, cs in rows for c in cs], columns=["interaction_id", "contact_id"])
    return inter, part


def two_counties():
    """Bexar and Travis commissioners each meet among themselves; only Rosa meets both."""
    bexar = ["bexar1", "bexar2", "bexar3", "bexar4"]
    travis = ["travis1", "travis2", "travis3", "travis4"]
    rows, n = [], 0
    for group in (bexar, travis):
        for a in group:
            for b in group:
                if a < b:
                    n += 1
                    rows.append((f"m{n}", "meeting", "2026-06-01", [a, b]))
    rows += [("r1", "meeting", "2026-06-01", ["rosa", "bexar1"]), ("r2", "meeting", "2026-06-01", ["rosa", "travis1"])]
    return meetings(rows)


def test_strength_counts_kinds_and_explains():
    inter, part = meetings([("i1", "meeting", "2026-01-10", ["ana", "bo"]), ("i2", "meeting", "2026-03-01", ["ana", "bo"]),
                            ("i3", "call", "2026-09-14", ["bo", "ana"]), ("i4", "notice", "2026-09-14", ["ana", "cy"])])
    G = strength_graph(inter, part, as_of="2026-09-14")
    r = relationship_strength(G, "ana", "bo")
    assert r["because"] == ["2 meetings and 1 call since 2026, last on 2026-09-14"]
    assert r["strength"] > relationship_strength(G, "ana", "cy")["strength"] > 0
    assert relationship_strength(G, "bo", "cy")["because"] == ["no shared interactions or stated ties"]
    with pytest.raises(NodeNotFound, match="zed"):
        relationship_strength(G, "ana", "zed")


def test_decay_halves_at_the_half_life():
    inter, part = meetings([("old", "meeting", "2025-01-01", ["ana", "bo"]), ("new", "meeting", "2026-01-01", ["cy", "di"])])
    e = strength_edges(inter, part, as_of="2026-01-01", half_life_days=365).set_index("u")
    assert e.at["ana", "raw"] == pytest.approx(e.at["cy", "raw"] / 2)


def test_knows_ties_add_and_big_mailings_do_not_make_pairs():
    inter, part = meetings([("blast", "notice", "2026-01-01", [f"p{i}" for i in range(40)])])
    knows = pd.DataFrame({"from_id": ["p1"], "to_id": ["p0"], "strength": [0.8], "start_date": [None]})
    e = strength_edges(inter, part, knows, as_of="2026-01-01")
    assert e[["u", "v", "knows"]].values.tolist() == [["p0", "p1", 0.8]]
    with pytest.raises(AnalyticsError, match="smoke signal"):
        strength_edges(pd.DataFrame({"id": ["x"], "kind": ["smoke signal"], "date": ["2026-01-01"]}), part,
                       as_of="2026-01-01")


def test_the_broker_between_two_counties_is_rosa():
    G = strength_graph(*two_counties(), as_of="2026-06-01")
    b = brokers(G)
    assert max(b, key=b.get) == "rosa"
    c = constraint(G)
    assert min(c, key=c.get) == "rosa"
    assert effective_size(G)["rosa"] == 2
    group = {x: "Bexar County" if x.startswith("bexar") else "Travis County" for x in G if x != "rosa"}
    rows = bridges_between(G, group)
    assert [r["contact"] for r in rows] == ["rosa"]
    assert len(rows[0]["because"]) == 2


def test_influence_and_issue_subgraph():
    G = strength_graph(*two_counties(), as_of="2026-06-01")
    pr = influence(G)
    assert sum(pr.values()) == pytest.approx(1.0)
    assert pr["bexar1"] > pr["bexar2"]  # bexar1 also has Rosa
    pos = pd.DataFrame({"holder_id": ["bexar1", "bexar2", "travis1"], "issue_id": "water",
                        "stance": "support", "as_of": "2026-01-01"})
    deg = issue_influence(G, issue_members(pos, "water"))
    assert deg["travis1"] == 0 and deg["bexar1"] == deg["bexar2"] > 0


def test_louvain_is_deterministic_with_a_seed_and_finds_the_counties():
    G = strength_graph(*two_counties(), as_of="2026-06-01")
    runs = [coalitions(G, seed=7) for _ in range(3)] + [fast.louvain(G, seed=7) for _ in range(3)]
    assert all(r == runs[0] for r in runs[:3]) and all(r == runs[3] for r in runs[3:])
    p = runs[0]
    assert len({p[f"bexar{i}"] for i in range(1, 5)}) == 1 and p["bexar1"] != p["travis1"]
    pos = pd.DataFrame({"holder_id": ["bexar1", "bexar2", "travis1", "travis2"], "issue_id": "rail",
                        "stance": ["support", "support", "oppose", "support"], "as_of": "2026-01-01"})
    rows = {r["community"]: r for r in coalition_stances(p, pos, "rail")}
    assert rows[p["bexar1"]]["lean"] == "support" and rows[p["travis1"]]["lean"] == "divided"


def test_warm_path_avoids_an_opponent_when_asked():
    G = nx.Graph()
    G.add_edge("staff", "opp", strength=0.9); G.add_edge("opp", "target", strength=0.9)
    G.add_edge("staff", "ally", strength=0.5); G.add_edge("ally", "friend", strength=0.6)
    G.add_edge("friend", "target", strength=0.6)
    assert warm_paths(G, "staff", "target", k=1)[0]["path"] == ["staff", "opp", "target"]
    pos = pd.DataFrame({"holder_id": ["opp", "ally", "friend"], "issue_id": "rail",
                        "stance": ["oppose", "support", "support"], "as_of": "2026-01-01"})
    paths = warm_paths(G, "staff", "target", k=3, allowed=issue_members(pos, "rail", stances=["support"]))
    assert [p["path"] for p in paths] == [["staff", "ally", "friend", "target"]]  # three hops: no hop limit
    assert paths[0]["strength"] == pytest.approx(0.5 * 0.6 * 0.6)
    assert warm_paths(G, ["staff", "ally"], "target", k=1, avoid={"opp"})[0]["path"] == ["ally", "friend", "target"]


def test_relationship_held_by_a_departing_staff_member_is_at_risk():
    inter, part = meetings([("i1", "meeting", "2026-09-01", ["kim", "mayor"]), ("i2", "meeting", "2026-09-01", ["kim", "mayor"]),
                            ("i3", "meeting", "2026-09-01", ["lou", "judge"]), ("i4", "meeting", "2026-09-01", ["kim", "judge"]),
                            ("i5", "meeting", "2024-01-05", ["lou", "chief"])])
    owns = pd.DataFrame({"staff_id": ["lou"], "contact_id": ["judge"], "role": ["primary"]})
    contacts = pd.DataFrame({"id": ["kim", "lou", "mayor", "judge", "chief"],
                             "name": ["Kim Lee", "Lou Park", "Mayor Diaz", "Judge Wolff", "Chief Ruiz"],
                             "kind": ["our_staff", "our_staff", "elected_official", "elected_official", "agency_staff"],
                             "status": "active", "leaving_date": ["2026-11-30", None, None, None, None]})
    G = strength_graph(inter, part, None, owns, as_of="2026-10-01")
    rows = {r["contact"]: r for r in memory_risk(G, contacts, owns, as_of="2026-10-01")}
    assert rows["mayor"]["risks"] == ["single_holder", "holder_leaving"]
    assert rows["mayor"]["because"] == ["only Kim Lee holds it", "Kim Lee leaves on 2026-11-30"]
    assert "judge" not in rows  # held by Kim and Lou: Lou stays
    assert rows["chief"]["risks"] == ["no_holder", "dormant"]  # one meeting in 2024 has faded
    assert "since 2024-01-05" in rows["chief"]["because"][-1]


def test_inferred_stance_is_labelled_with_its_neighbours_and_never_overrides_stated():
    G = nx.Graph()
    G.add_edges_from([("ann", "x"), ("bo", "x"), ("x", "far")], strength=0.8)
    G.add_edge("cy", "x", strength=0.2)
    pos = pd.DataFrame({"holder_id": ["ann", "bo", "cy"], "issue_id": "rail",
                        "stance": ["support", "support", "oppose"], "as_of": "2026-01-01"})
    inf = infer_stances(G, pos, "rail")
    assert set(inf) == {"x", "far"}  # stated people are not in the result
    assert inf["x"]["inferred"] is True and inf["x"]["stance"] == "support"
    assert [f["contact"] for f in inf["x"]["from"]] == ["ann", "bo"]
    assert inf["far"]["from"][0] == {"contact": "x", "stance": "support", "stated": False, "strength": 0.8}
    assert 0 < inf["far"]["confidence"] < inf["x"]["confidence"] <= 1


def synthetic(n=2000, m=6000, seed=3):
    """Clustered random graph with continuous strengths (no ties between path lengths)."""
    rng = np.random.default_rng(seed)
    comm = rng.integers(0, 20, n)
    u = rng.integers(0, n, m)
    same = rng.random(m) < 0.85
    pool = [np.flatnonzero(comm == c) for c in range(20)]
    v = np.where(same, [rng.choice(pool[comm[x]]) for x in u], rng.integers(0, n, m))
    e = pd.DataFrame({"u": u.astype(str), "v": v.astype(str), "strength": rng.uniform(0.05, 0.95, m)})
    e = e[e.u != e.v].drop_duplicates(["u", "v"])
    key = np.where(e.u < e.v, e.u + "|" + e.v, e.v + "|" + e.u)
    e = e.loc[~pd.Series(key, index=e.index).duplicated()]
    e["distance"] = -np.log(e["strength"])
    return e.reset_index(drop=True)


@pytest.fixture(scope="module")
def big():
    e = synthetic()
    return e, graph_from_edges(e, attrs=["strength", "distance"]), fast.FastGraph.from_edges(e)


def test_fast_pagerank_equals_networkx(big):
    _, G, F = big
    a, b = influence(G), fast.pagerank(F)
    # NetworkX stops when the summed change is below n * 1e-6; PRPACK solves to machine precision
    assert max(abs(a[x] - b[x]) for x in G) < 2e-5 and sum(abs(a[x] - b[x]) for x in G) < 2e-3
    assert set(sorted(a, key=a.get)[-10:]) == set(sorted(b, key=b.get)[-10:])


def test_fast_betweenness_exact_and_sampled_equal_networkx(big):
    _, G, F = big
    # exact over all 2,000 sources by hop count (weighted exact takes NetworkX over a minute) ...
    a, b = brokers(G, weight=None), fast.betweenness(F, weight=None, n_jobs=2)
    assert max(abs(a[x] - b[x]) for x in G) < 1e-9
    # ... and weighted by -log(strength), sampled from the same 50 seeded pivots
    a, b = brokers(G, k=50, seed=11), fast.betweenness(F, k=50, seed=11)
    assert max(abs(a[x] - b[x]) for x in G) < 1e-9


def test_fast_betweenness_shares_tied_paths_as_networkx_does():
    # a grid whose edge lengths are 1 or 2: many strongest paths tie, and NetworkX splits them evenly
    G = nx.convert_node_labels_to_integers(nx.grid_2d_graph(6, 7))
    rng = np.random.default_rng(4)
    for a, b in G.edges:
        G[a][b]["distance"] = float(rng.choice([1.0, 2.0]))
    a, b = nx.betweenness_centrality(G, weight="distance"), fast.betweenness(G)
    assert max(abs(a[x] - b[x]) for x in G) < 1e-12 and max(a.values()) > 0.1


def test_fast_betweenness_on_long_chains_equals_networkx():
    # shortest paths more than MAX_LEVELS steps deep go to igraph instead of one numpy pass per step
    G = nx.path_graph(3 * fast.MAX_LEVELS)
    G.add_edges_from([(0, 1000), (1000, 1001)])  # and a short branch
    rng = np.random.default_rng(5)
    for a, b in G.edges:
        G[a][b]["distance"] = float(rng.uniform(0.5, 1.5))
    for weight in ("distance", None):
        a, b = nx.betweenness_centrality(G, weight=weight), fast.betweenness(G, weight=weight, n_jobs=2)
        assert max(abs(a[x] - b[x]) for x in G) < 1e-12 and max(a.values()) > 0.4


def test_trimmed_betweenness_finds_the_real_brokers_from_few_pivots(big):
    # plain sampling: a pivot whose strongest paths all leave through one neighbour makes that
    # neighbour look like a broker; trimmed, the top 20 agrees with the exact top 20 much more often
    _, _, F = big
    exact = fast.betweenness(F, n_jobs=2)
    truth = set(sorted(exact, key=exact.get)[-20:])
    shared = lambda b: len(set(sorted(b, key=b.get)[-20:]) & truth)
    plain = [shared(fast.betweenness(F, k=40, seed=s)) for s in range(5)]
    trimmed = [shared(fast.betweenness(F, k=40, seed=s, trim=0.1)) for s in range(5)]
    assert all(t >= p for t, p in zip(trimmed, plain)) and sum(trimmed) >= sum(plain) + 10, (plain, trimmed)
    # the trimmed values never exceed the plain ones, and nobody outside the sample's reach gets a score
    p, t = fast.betweenness(F, k=40, seed=0), fast.betweenness(F, k=40, seed=0, trim=0.1)
    assert all(t[x] <= p[x] + 1e-15 for x in p) and {x for x in t if t[x] > 0} <= {x for x in p if p[x] > 0}


def test_betweenness_split_over_processes_equals_one_process(big, monkeypatch):
    _, _, F = big
    monkeypatch.setattr(fast, "can_fork", lambda: True)  # forks even where the test runner has threads
    for trim in (0.0, 0.1):
        a, b = fast.betweenness(F, k=30, seed=2, n_jobs=2, trim=trim), fast.betweenness(F, k=30, seed=2, trim=trim)
        assert a.keys() == b.keys() and max(abs(a[x] - b[x]) for x in a) < 1e-12 and max(a.values()) > 0


def test_brokerage_never_forks_from_a_process_with_other_threads(big, monkeypatch):
    """The dashboard refreshes on a thread of its server: a fork there copies locks other threads
    hold, and the child can hang on one (graph/forking.py). It then runs in one process, same result."""
    import threading

    _, _, F = big
    want = fast.betweenness(F, k=30, seed=2)

    def no_fork(*args, **kwargs):
        raise AssertionError("forked from a process with other threads")

    monkeypatch.setattr(fast.multiprocessing, "get_context", no_fork)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        got = fast.betweenness(F, k=30, seed=2, n_jobs=2)
    finally:
        release.set()
        other.join()
    assert got == want and max(got.values()) > 0


def test_fast_bridging_and_separates_equal_networkx(big):
    _, G, F = big
    rng = np.random.default_rng(8)
    a, b = rng.choice(list(G), 40, replace=False).tolist(), rng.choice(list(G), 50, replace=False).tolist()
    want, got = bridging(G, a, b), fast.bridging(F, a, b, n_jobs=2)
    assert max(abs(want[x] - got[x]) for x in G) < 1e-12 and max(want.values()) > 0.01
    assert fast.bridging(F, a, b, normalized=False) == pytest.approx(bridging(G, a, b, normalized=False), abs=1e-9)
    top = sorted(want, key=want.get)[-10:]
    assert [fast.separates(F, x, a, b) for x in top] == [separates(G, x, a, b) for x in top]
    path = nx.path_graph(["a1", "rosa", "b1", "b2"])
    assert fast.separates(path, "rosa", ["a1"], ["b1", "b2"]) and not fast.separates(path, "b1", ["a1"], ["b2", "rosa"])


def test_fast_burt_measures_equal_networkx(big):
    _, G, F = big
    sub = list(G)[:300]
    a, b = nx.constraint(G, nodes=sub, weight="strength"), fast.constraint(F)
    assert max(abs(a[x] - b[x]) for x in sub) < 1e-9
    a, b = effective_size(G), fast.effective_size(F)
    assert max(abs(a[x] - b[x]) for x in G if G.degree(x)) < 1e-9


def test_fast_louvain_quality_comparable_to_networkx(big):
    _, G, F = big
    p_nx, p_fast = coalitions(G, seed=5), fast.louvain(F, seed=5)
    q = lambda p: fast.modularity(F, p)
    comms = {}
    for x, c in p_nx.items():
        comms.setdefault(c, set()).add(x)
    assert q(p_nx) == pytest.approx(nx.community.modularity(G, comms.values(), weight="strength"))
    assert abs(q(p_fast) - q(p_nx)) < 0.02


def test_leiden_finds_the_counties_and_repeats_with_a_seed():
    G = strength_graph(*two_counties(), as_of="2026-06-01")
    runs = [fast.leiden(G, seed=7) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    p = runs[0]
    assert len({p[f"bexar{i}"] for i in range(1, 5)}) == 1 and len({p[f"travis{i}"] for i in range(1, 5)}) == 1
    assert p["bexar1"] != p["travis1"] and len(set(p.values())) == 2


def test_leiden_at_least_as_good_a_split_as_louvain(big):
    # the refresh's coalitions: Louvain with Leiden's refinement must not split the network worse
    _, G, F = big
    q = lambda p: fast.modularity(F, p)
    assert q(fast.leiden(F, seed=5)) >= q(fast.louvain(F, seed=5)) - 0.005
    assert fast.leiden(F, seed=5) == fast.leiden(F, seed=5)


def test_full_refresh_caches_by_data_version_and_reports_progress(monkeypatch):
    from queries import network_cache
    from queries.network_cache import cached_refresh

    monkeypatch.setattr(network_cache, "_MEMORY", type(network_cache._MEMORY)())
    inter, part = two_counties()
    steps = []
    r1 = cached_refresh({"interactions": inter, "participants": part}, seed=1, as_of="2026-06-01",
                        progress=lambda s, f: steps.append((s, f)), betweenness_k=None)
    assert max(r1.brokers, key=r1.brokers.get) == "rosa" and "brokers" not in r1.approximate
    # brokerage runs in forked processes while PageRank and Leiden run here, so it ends after them
    assert [s for s, _ in steps] == ["fingerprint", "strength", "strength", "graph", "influence", "coalitions",
                                     "brokers", "constraint"]
    assert [f for _, f in steps] == sorted(f for _, f in steps) and steps[-1][1] == 1.0
    assert set(r1.timings) == {"strength", "graph", "influence", "brokers", "constraint", "coalitions"}
    assert cached_refresh({"interactions": inter, "participants": part}, seed=1, as_of="2026-06-01",
                          betweenness_k=None) is r1
    part2 = pd.concat([part, pd.DataFrame({"interaction_id": ["r1"], "contact_id": ["travis2"]})])
    r2 = cached_refresh({"interactions": inter, "participants": part2}, seed=1, as_of="2026-06-01", betweenness_k=None)
    assert r2 is not r1 and r2.version != r1.version
    # graph/analytics itself keeps nothing: the same call measures again
    again = full_refresh({"interactions": inter, "participants": part}, seed=1, as_of="2026-06-01", betweenness_k=None)
    assert again is not r1 and again.brokers == r1.brokers


def test_constraint_is_measured_for_the_strongest_brokers_the_reports_show():
    """The reports leave our staff out, so the constraint's top is counted without them (issue 21)."""
    inter, part = two_counties()
    everyone = full_refresh({"interactions": inter, "participants": part}, seed=1, as_of="2026-06-01",
                            betweenness_k=None, constraint_top=2)
    ranked = sorted(everyone.brokers, key=lambda x: (-everyone.brokers[x], x))
    assert set(everyone.constraint) == set(ranked[:2]) and ranked[0] == "rosa"
    without = full_refresh({"interactions": inter, "participants": part}, seed=1, as_of="2026-06-01",
                           betweenness_k=None, constraint_top=2, constraint_skip=["rosa"])
    assert set(without.constraint) == set(ranked[1:3])
    assert without.constraint[ranked[1]] == everyone.constraint[ranked[1]]
    assert "1 of our staff not counted" in without.approximate["constraint"]


def test_graph_analytics_touches_no_file():
    """Algorithms take data and return results (issue 19): no file, folder or cache code under graph/analytics."""
    import re

    folder = Path(__file__).parent.parent / "graph" / "analytics"
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith((">>>", "...")))
        found = re.findall(r"\b(open\(|to_parquet|read_parquet|write_text|read_text|shutil|pathlib|cache_dir|"
                           r"graph\.files|os\.(?:path|remove|makedirs))", code)
        assert not found, f"{path.name} touches files: {found}"


def test_a_refresh_kept_in_a_folder_is_found_by_the_next_process(tmp_path, monkeypatch):
    from queries import network_cache
    from queries.network_cache import CACHE_SIZE, cached_refresh, load_result

    inter, part = two_counties()
    tables = {"interactions": inter, "participants": part}
    monkeypatch.setattr(network_cache, "_MEMORY", type(network_cache._MEMORY)())
    first = cached_refresh(tables, seed=1, as_of="2026-06-01", folder=tmp_path)
    monkeypatch.setattr(network_cache, "_MEMORY", type(network_cache._MEMORY)())  # a new process: nothing in memory
    steps = []
    again = cached_refresh(tables, seed=1, as_of="2026-06-01", folder=tmp_path, progress=lambda s, f: steps.append(s))
    assert steps[-1] == "saved" and again is not first
    for name in ("influence", "brokers", "constraint", "effective_size", "communities", "approximate", "version"):
        assert getattr(again, name) == getattr(first, name), name
    assert list(again.influence) == list(first.influence)  # same order of people
    pd.testing.assert_frame_equal(again.edges, first.edges, check_dtype=False)  # Parquet keeps dates in ms
    # other data, other seeds: other entries; only the newest CACHE_SIZE stay
    for seed in range(2, 2 + CACHE_SIZE + 1):
        cached_refresh(tables, seed=seed, as_of="2026-06-01", folder=tmp_path)
    assert len([f for f in tmp_path.iterdir() if (f / "done").exists()]) == CACHE_SIZE
    # use_cache=False neither reads nor writes
    before = sorted(f.name for f in tmp_path.iterdir())
    cached_refresh(tables, seed=99, as_of="2026-06-01", folder=tmp_path, use_cache=False)
    assert sorted(f.name for f in tmp_path.iterdir()) == before
    assert load_result(tmp_path / before[0]).seed in range(2, 2 + CACHE_SIZE + 1)


def test_a_half_written_cache_entry_is_measured_again(tmp_path, monkeypatch):
    from queries import network_cache
    from queries.network_cache import cached_refresh, load_result

    inter, part = two_counties()
    tables = {"interactions": inter, "participants": part}
    monkeypatch.setattr(network_cache, "_MEMORY", type(network_cache._MEMORY)())
    cached_refresh(tables, seed=1, as_of="2026-06-01", folder=tmp_path)
    (entry,) = list(tmp_path.iterdir())
    (entry / "people.parquet").write_bytes(b"not parquet")
    monkeypatch.setattr(network_cache, "_MEMORY", type(network_cache._MEMORY)())
    steps = []
    res = cached_refresh(tables, seed=1, as_of="2026-06-01", folder=tmp_path, progress=lambda s, f: steps.append(s))
    assert "saved" not in steps and max(res.brokers, key=res.brokers.get) == "rosa"
    assert load_result(entry).brokers == res.brokers  # and the entry is whole again


def test_strength_table_ignores_input_order_duplicates_and_unknown_interactions():
    inter, part = meetings([("i1", "meeting", "2026-01-01", ["bo", "ana", "cy"]), ("i2", "call", "2026-01-02", ["cy", "ana"])])
    shuffled = pd.concat([part.iloc[::-1], part.iloc[[0]],  # reversed, with a repeated row
                          pd.DataFrame({"interaction_id": ["nope"], "contact_id": ["zed"]})])
    a = strength_edges(inter, part, as_of="2026-01-02").sort_values(["u", "v"], ignore_index=True)
    b = strength_edges(inter.iloc[::-1], shuffled, as_of="2026-01-02").sort_values(["u", "v"], ignore_index=True)
    pd.testing.assert_frame_equal(a, b)
    assert a[["u", "v", "n_interactions"]].values.tolist() == [["ana", "bo", 1], ["ana", "cy", 2], ["bo", "cy", 1]]


def random_interactions(n_people=300, n_interactions=3000, seed=3):
    """Meetings, calls, e-mails with senders and recipients, some big mailings, over two years."""
    rng = np.random.default_rng(seed)
    people = [f"p{i:03d}" for i in rng.permutation(n_people)]
    kinds = ["meeting", "call", "email", "letter", "notice", "event"]
    inter = pd.DataFrame({"id": [f"i{i}" for i in range(n_interactions)],
                          "kind": rng.choice(kinds, n_interactions),
                          "date": (pd.Timestamp("2026-06-01") - pd.to_timedelta(rng.integers(0, 730, n_interactions),
                                                                                unit="D")).strftime("%Y-%m-%d")})
    size = rng.choice([2, 2, 3, 4, 30], n_interactions)
    rows = [(iid, p, "sender" if j == 0 and k == "email" else "recipient")
            for iid, k, n in zip(inter["id"], inter["kind"], size)
            for j, p in enumerate(rng.choice(people, n, replace=False))]
    part = pd.DataFrame(rows, columns=["interaction_id", "contact_id", "role"])
    knows = pd.DataFrame({"from_id": people[:40], "to_id": people[40:80], "strength": rng.uniform(0, 1, 40)})
    owns = pd.DataFrame({"staff_id": people[:5] * 4, "contact_id": people[100:120], "role": "primary"})
    return inter, part, knows, owns


def test_new_interactions_update_only_the_pairs_they_touch_and_equal_a_full_recompute():
    from graph.analytics.strength import add_interactions

    inter, part, knows, owns = random_interactions()
    inter = pd.concat([inter, pd.DataFrame({"id": ["new-1"], "kind": ["meeting"], "date": ["2026-05-30"]})])
    part = pd.concat([part, pd.DataFrame({"interaction_id": ["new-1"] * 2, "contact_id": ["p000", "newcomer"],
                                          "role": "recipient"})])
    is_new = inter["id"].isin(set(inter["id"].iloc[-301:]))  # the last 300 interactions and one with a newcomer
    new_ids = set(inter.loc[is_new, "id"])
    before = strength_edges(inter[~is_new], part[~part["interaction_id"].isin(new_ids)], knows, owns, as_of="2026-06-01")
    after = add_interactions(before, inter[is_new], part[part["interaction_id"].isin(new_ids)], as_of="2026-06-01")
    full = strength_edges(inter, part, knows, owns, as_of="2026-06-01")
    pd.testing.assert_frame_equal(after, full, check_exact=True)
    assert len(full) > len(before) and ((full["u"] == "newcomer") | (full["v"] == "newcomer")).any()
    untouched = before.merge(after, on=["u", "v"], suffixes=("", "_after"))
    assert (untouched["raw"] == untouched["raw_after"]).mean() > 0.5  # most pairs were not touched at all
    with pytest.raises(AnalyticsError, match="measured on 2026-06-01, not on 2026-06-02"):
        add_interactions(before, inter[is_new], part[part["interaction_id"].isin(new_ids)], as_of="2026-06-02")


def test_the_strongest_brokers_are_those_a_full_sort_gives_ties_included():
    from graph.analytics.refresh import _strongest

    rng = np.random.default_rng(3)
    values = {f"p{i}": float(v) for i, v in enumerate(rng.integers(0, 20, 500))}  # many ties
    for n in (1, 7, 250, 499, 500):
        assert _strongest(values, n) == sorted(values, key=lambda x: (-values[x], str(x)))[:n]
