"""Benchmark: a full analytics refresh on the fast path (igraph) against pure NetworkX.

    python benchmarks/bench_analytics.py                    # synthetic 100k people, ~1M ties
    python benchmarks/bench_analytics.py --nodes 20000      # smaller
    python benchmarks/bench_analytics.py --from-csv FOLDER  # interactions.csv, participants.csv, ties.csv

Both paths share the pandas strength table. Where pure NetworkX would take
too long it is timed on a part and extrapolated linearly, and the table says
so: betweenness on fewer pivots (cost is linear in pivots), Burt's constraint
and effective size on a sample of people (linear in people). Each fast result
is also checked against NetworkX (same pivots, same people).
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from graph.analytics import fast
from graph.analytics.strength import graph_from_edges, strength_edges


def synthetic(nodes: int, interactions: int, seed: int):
    """People in communities of ~100; 85% of interactions stay inside one community."""
    rng = np.random.default_rng(seed)
    n_comm = max(1, nodes // 100)
    comm = rng.integers(0, n_comm, nodes)
    members = np.argsort(comm, kind="stable")
    start = np.searchsorted(comm[members], np.arange(n_comm))
    count = np.bincount(comm, minlength=n_comm)
    size = rng.choice([2, 3, 4], interactions, p=[0.5, 0.3, 0.2])
    iid = np.repeat(np.arange(interactions), size)
    home = comm[rng.integers(0, nodes, interactions)][iid]
    local = rng.random(len(iid)) < 0.85
    who = np.where(local, members[start[home] + (rng.random(len(iid)) * count[home]).astype(np.int64)],
                   rng.integers(0, nodes, len(iid)))
    kinds = np.array(["meeting", "call", "email", "letter", "event", "notice"])
    days = pd.Timestamp("2026-10-01") - pd.to_timedelta(rng.integers(0, 4 * 365, interactions), unit="D")
    inter = pd.DataFrame({"id": pd.Index(np.arange(interactions)).astype(str).map("i{}".format),
                          "kind": kinds[rng.choice(6, interactions, p=[.3, .25, .2, .1, .1, .05])], "date": days})
    ids = pd.Index(np.arange(nodes)).astype(str).map("c{}".format).to_numpy(object)
    part = pd.DataFrame({"interaction_id": inter["id"].to_numpy(object)[iid], "contact_id": ids[who]})
    k = nodes
    knows = pd.DataFrame({"from_id": ids[rng.integers(0, nodes, k)], "to_id": ids[rng.integers(0, nodes, k)],
                          "strength": rng.uniform(0.1, 1.0, k), "start_date": None})
    return inter, part, knows


def from_csv(folder: Path):
    inter = pd.read_csv(folder / "interactions.csv", usecols=["id", "kind", "date"], dtype=str)
    part = pd.read_csv(folder / "participants.csv", usecols=["interaction_id", "contact_id"], dtype=str)
    knows = owns = None
    if (folder / "ties.csv").exists():
        ties = pd.read_csv(folder / "ties.csv", dtype=str)
        knows = ties[ties["kind"] == "knows"].assign(strength=lambda d: pd.to_numeric(d["strength"], errors="coerce"))
        owns = ties[ties["kind"] == "owns"].rename(columns={"from_id": "staff_id", "to_id": "contact_id"})
    return inter, part, knows, owns


class Clock:
    def __init__(self):
        self.rows = []

    @staticmethod
    def cpu():
        # our own CPU seconds, forked workers included: robust when other jobs share the machine
        c = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + c.ru_utime + c.ru_stime

    def time(self, step, path, fn, *, scale=1.0, note=""):
        t, c = time.perf_counter(), self.cpu()
        out = fn()
        dt, dc = (time.perf_counter() - t) * scale, (self.cpu() - c) * scale
        self.rows.append((step, path, dt, dc, note))
        print(f"  {path:8} {step:24} {dt:9.2f} s wall {dc:9.2f} s cpu {note}", flush=True)
        return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--interactions", type=int, default=None, help="default: 4.6 per person (~1M ties)")
    ap.add_argument("--from-csv", type=Path, default=None, help="folder with interactions.csv, participants.csv, ties.csv")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--pivots", type=int, default=64, help="betweenness pivots on the fast path")
    ap.add_argument("--nx-pivots", type=int, default=2, help="pivots NetworkX is timed on (then extrapolated)")
    ap.add_argument("--nx-sample", type=int, default=200, help="people NetworkX's Burt measures are timed on")
    ap.add_argument("--skip-nx-louvain", action="store_true", help="NetworkX Louvain takes minutes at 1M ties")
    a = ap.parse_args(argv)

    print(f"CPU cores: {os.cpu_count()}")
    if a.from_csv:
        inter, part, knows, owns = from_csv(a.from_csv)
    else:
        inter, part, knows = synthetic(a.nodes, a.interactions or int(a.nodes * 4.6), a.seed)
        owns = None
    print(f"input: {len(inter):,} interactions, {len(part):,} participations, {0 if knows is None else len(knows):,} knows ties")
    ck = Clock()
    as_of = "2026-10-01"

    e = ck.time("strength table", "shared", lambda: strength_edges(inter, part, knows, owns, as_of=as_of))
    print(f"strength graph: {e[['u', 'v']].stack().nunique():,} people, {len(e):,} weighted ties")

    # fast path
    F = ck.time("build graph", "fast", lambda: fast.FastGraph.from_edges(e))
    pr_f = ck.time("influence (PageRank)", "fast", lambda: fast.pagerank(F))
    bt_f = ck.time("brokers (betweenness)", "fast", lambda: fast.betweenness(F, k=a.pivots, seed=a.seed, n_jobs=2),
                   note=f"sampled, {a.pivots} pivots, 2 processes")
    cs_f = ck.time("brokers (Burt)", "fast", lambda: (fast.constraint(F), fast.effective_size(F)))
    lv_f = ck.time("coalitions (Louvain)", "fast", lambda: fast.louvain(F, seed=a.seed))

    # pure NetworkX
    G = ck.time("build graph", "networkx", lambda: graph_from_edges(e, attrs=["strength", "distance"]))
    pr_n = ck.time("influence (PageRank)", "networkx", lambda: nx.pagerank(G, weight="strength"))
    rng = random.Random(a.seed)
    bt_n = ck.time("brokers (betweenness)", "networkx",
                   lambda: nx.betweenness_centrality(G, k=a.nx_pivots, weight="distance", seed=rng),
                   scale=a.pivots / a.nx_pivots, note=f"timed on {a.nx_pivots} pivots, x{a.pivots / a.nx_pivots:g}")
    sample = random.Random(a.seed).sample(list(G), min(a.nx_sample, len(G)))
    scale = len(G) / len(sample)
    cs_n = ck.time("brokers (Burt)", "networkx",
                   lambda: (nx.constraint(G, nodes=sample, weight="strength"), nx.effective_size(G, nodes=sample)),
                   scale=scale, note=f"timed on {len(sample):,} people, x{scale:g}")
    if not a.skip_nx_louvain:
        lv_n = ck.time("coalitions (Louvain)", "networkx",
                       lambda: fast._numbered(list(G), np.array(_member(G, a.seed))))
    else:
        lv_n = None

    # same results?
    print("\nchecks (fast vs NetworkX):")
    d = max(abs(pr_f[x] - pr_n[x]) for x in G)
    print(f"  PageRank max abs difference {d:.2e} (values average {1 / len(G):.1e})")
    bf = fast.betweenness(F, k=a.nx_pivots, seed=random.Random(a.seed))
    rng2 = random.Random(a.seed)
    bn = nx.betweenness_centrality(G, k=a.nx_pivots, weight="distance", seed=rng2) if len(G) < 20_000 else None
    if bn is not None:
        print(f"  betweenness, same {a.nx_pivots} pivots: max abs difference {max(abs(bf[x] - bn[x]) for x in G):.2e}")
    else:
        print("  betweenness: equality on the same pivots is checked by tests/test_analytics.py")
    c_n = cs_n[0]
    print(f"  constraint on {len(sample):,} people: max abs difference "
          f"{max(abs(cs_f[0][x] - c_n[x]) for x in sample if not np.isnan(c_n[x])):.2e}")
    q_f = fast.modularity(F, lv_f)
    line = f"  Louvain modularity fast {q_f:.4f}"
    if lv_n is not None:
        line += f", NetworkX {fast.modularity(F, lv_n):.4f}"
    print(line + f"; {len(set(lv_f.values())):,} communities")

    df = pd.DataFrame(ck.rows, columns=["step", "path", "seconds", "cpu", "note"])
    piv = df.pivot_table(index="step", columns="path", values="seconds", aggfunc="sum", sort=False)
    shared = float(df.loc[df.path == "shared", "seconds"].sum())
    piv = piv.drop(index="strength table").drop(columns="shared", errors="ignore")
    piv["speed-up"] = piv["networkx"] / piv["fast"]
    print("\n" + piv.to_string(float_format=lambda v: f"{v:,.2f}"))
    tf, tn = piv["fast"].sum() + shared, piv["networkx"].sum() + shared
    print(f"\nshared strength table: {shared:.2f} s")
    print(f"full refresh (strength table + graph + influence + brokers + coalitions): "
          f"fast {tf:.2f} s, NetworkX {tn:,.1f} s, speed-up {tn / tf:.1f}x"
          + ("" if lv_n is not None else " (NetworkX Louvain skipped: lower bound)"))
    print("NetworkX betweenness and Burt measures are extrapolated linearly from the parts timed (see notes).")
    return 0


def _member(G, seed):
    comms = nx.community.louvain_communities(G, weight="strength", seed=seed)
    m = {x: i for i, c in enumerate(comms) for x in c}
    return [m[x] for x in G]


if __name__ == "__main__":
    sys.exit(main())
