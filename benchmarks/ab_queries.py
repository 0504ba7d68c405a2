"""A/B of named queries: the text at a git revision (A) against this checkout's (B), on one store.

    python -m benchmarks.ab_queries --store /tmp/cg-bench --before main sensitivity_check reporters_on_issue
    python -m benchmarks.ab_queries --store /tmp/cg-bench --before main issue_engagement --param limit=200

Both run alternately (A B, then B A, ...) with bench_queries' parameter sets for each query, so the
load of a shared machine falls on both alike; each prints wall p95, CPU p95 (user + system of this
process, the engine's threads included) and CPU p50, and whether every parameter set gave the same
rows (as a multiset). B runs as ``queries.run`` does (a ``// run: each branch`` query one branch at a
time, the branches side by side); A as its own header says. ``--param`` adds a parameter to B's sets
only (a new one A lacks).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

import queries
from benchmarks.bench_queries import VIEWER, _p95, cpu_s, param_sets
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent


def text_at(revision: str, name: str) -> queries.NamedQuery:
    out = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:queries/{name}.cypher"],
                         capture_output=True, text=True, check=True).stdout
    return queries.parse(name, out)


def timed(store, query: queries.NamedQuery, params: dict) -> tuple[float, float, list[str]]:
    bound = {**query.bind(params), **queries.supplied(VIEWER)}
    wall, cpu = time.perf_counter(), cpu_s()
    rows = [row for part in store.query_each(query.reads(store.engine, bound)) for row in part]
    return (time.perf_counter() - wall) * 1000, (cpu_s() - cpu) * 1000, sorted(repr(sorted(r.items())) for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="+", help="named queries")
    ap.add_argument("--store", required=True)
    ap.add_argument("--before", default="main", help="the git revision of A (default main)")
    ap.add_argument("--runs", type=int, default=10, help="parameter sets per query")
    ap.add_argument("--rounds", type=int, default=2, help="times each set runs on each side")
    ap.add_argument("--param", action="append", default=[], help="key=value added to B's parameters")
    args = ap.parse_args()
    extra = dict(p.split("=", 1) for p in args.param)
    with open_store(args.store, read_only=True) as store:
        sets = param_sets(store, args.runs)
        print(f"{args.store}: A = {args.before}, B = this checkout; {args.runs} parameter sets x {args.rounds} "
              f"rounds, alternately; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for name in args.names:
            a, b = text_at(args.before, name), queries.get(name)
            keep = {p.name for p in a.params}
            pairs = [({k: v for k, v in p.items() if k in keep}, {**p, **extra}) for p in sets[name]]
            timed(store, a, pairs[0][0]), timed(store, b, pairs[0][1])  # warm-up
            times = {"A": ([], []), "B": ([], [])}
            same = True
            for r in range(args.rounds):
                for pa, pb in pairs:
                    got = {}
                    for side in ("AB" if r % 2 == 0 else "BA"):
                        wall, cpu, rows = timed(store, a if side == "A" else b, pa if side == "A" else pb)
                        times[side][0].append(wall)
                        times[side][1].append(cpu)
                        got[side] = rows
                    same &= got["A"] == got["B"]
            cells = "  ".join(f"{s}: wall p95 {_p95(w):6.0f}  CPU p95 {_p95(c):5.0f}  CPU p50 {statistics.median(c):5.0f}"
                              for s, (w, c) in times.items())
            print(f"{name:26} {cells}  ms  same rows: {'yes' if same else 'NO'}")
        print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
