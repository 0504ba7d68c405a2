"""Every named query on the benchmark region: p50 and p95 over repeated runs with varied parameters.

    civicgraph --store /tmp/cg-bench demo --size benchmark     # once: 1 M interactions
    python -m benchmarks.bench_queries --store /tmp/cg-bench [--runs 30] [--only NAME]
    python -m benchmarks.bench_queries --store bolt://127.0.0.1:7687 --embedded /tmp/cg-bench [--size demo]

With a Neo4j URI (``make neo4j`` starts a server) both engines run side by side on the same
region with the same parameters: the embedded store in ``--embedded`` and the Neo4j database,
each built with ``civicgraph demo --size SIZE`` when it is empty (the Neo4j one is EMPTIED first).

Parameters are drawn (seeded) from the store itself: issues, officials, organizations
with members, notices, people with ties. The goal is p95 <= 200 ms for each query. The last
column is how much this process's memory grew over a query's runs: the engine keeps memory for
each distinct query text, so a query that grows here would, run often enough, fill it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import queries
from graph.store import open_store
from graph.viewer import Viewer
from graph.model import Confidentiality, Role

VIEWER = Viewer("bench", Role.ADMIN, Confidentiality.CONFIDENTIAL)
TODAY = dt.date(2026, 11, 15)


def _ids(store, cypher: str, k: int, rng: random.Random) -> list[str]:
    ids = [r["id"] for r in store.query(cypher)]
    return rng.sample(ids, min(k, len(ids))) if ids else []


def param_sets(store, runs: int, seed: int = 7) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    issues = [r["id"] for r in store.query("MATCH (i:Issue) RETURN i.id AS id ORDER BY id")]
    people = _ids(store, "MATCH (c:Contact) WHERE c.kind = 'elected_official' RETURN c.id AS id", 400, rng)
    anyone = _ids(store, "MATCH (c:Contact) RETURN c.id AS id", 400, rng)
    bodies = _ids(store, "MATCH (:Contact)-[:MEMBER_OF]->(o:Organization) RETURN DISTINCT o.id AS id", 200, rng)
    orgs = _ids(store, "MATCH (o:Organization) RETURN o.id AS id", 200, rng)
    notices = _ids(store, "MATCH (n:Notice) RETURN n.id AS id", 200, rng)
    juris = _ids(store, "MATCH (j:Jurisdiction) WHERE j.level IN ['county', 'state'] RETURN j.id AS id", 40, rng)
    pick = rng.choice
    days = lambda lo, hi: TODAY - dt.timedelta(days=rng.randint(lo, hi))  # noqa: E731
    out: dict[str, list[dict]] = {}
    for _ in range(runs):
        group = rng.sample(anyone, 8)
        for name, params in {
            "overview_counts": {},
            "recent_interactions": {"since": days(7, 60), "limit": 50},
            "partners_for_issue": {"issue": pick(issues), "as_of": TODAY},
            "issue_engagement": {"issue": pick(issues), "since": days(365, 730)},
            "engagement_as_of": {"issue": pick(issues), "since": days(1100, 1500), "as_of": days(60, 1000)},
            "subject_facts": {"subjects": rng.sample(anyone, 50) + rng.sample(orgs, 50)},
            "stances_on_issue": {"issue": pick(issues)},
            "stance_sources": {"holders": rng.sample(anyone, 50) + rng.sample(orgs, 10), "issue": pick(issues)},
            "affiliations": {"contacts": group, "as_of": TODAY},
            "staff_ties": {"contacts": group, "as_of": TODAY},
            "contact_reach": {"contacts": group, "since": days(365, 365)},
            "jurisdiction_scope": {"jurisdiction": pick(juris)},
            "officials_with_expertise": {"issue": pick(issues), "jurisdiction": pick(juris), "as_of": TODAY},
            "reporters_on_issue": {"issue": pick(issues), "since": days(180, 365)},
            "members_of": {"organization": pick(bodies), "as_of": days(0, 3000)},
            "history": {"subject": pick(people + orgs), "since": days(1500, 3650), "until": TODAY},
            "sensitivity_check": {"contacts": group, "issue": pick(issues), "since": days(180, 180), "as_of": TODAY},
            "notice_compliance": {"notice": pick(notices)},
            "notices": {"since": days(300, 400), "until": TODAY},
            "focus_links": {"review": None},
            "who_knows": {"target": pick(people), "as_of": TODAY},
        }.items():
            out.setdefault(name, []).append(params)
    return out


def rss_mb() -> int:
    """This process's resident memory now (Linux), the engine's included."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def bench(store, runs: int, only: str | None = None, sets_by_query: dict | None = None) -> list[dict]:
    results = []
    for name, sets in (sets_by_query or param_sets(store, runs)).items():
        if only and name != only:
            continue
        if name not in queries.catalogue():
            continue
        queries.run(store, name, VIEWER, **sets[0])  # warm-up
        before = rss_mb()
        times, rows = [], 0
        for params in sets:
            t = time.perf_counter()
            rows += len(queries.run(store, name, VIEWER, **params))
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        results.append({"query": name, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
                        "max_ms": round(times[-1], 1), "mean_rows": round(rows / len(sets), 1),
                        "grew_mb": rss_mb() - before, "ok": p95 <= 200})
    return results


def build(store_url: str, size: str) -> None:
    print(f"building the {size} region in {store_url} ...", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "--store", store_url, "demo", "--size", size,
                    "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def side_by_side(args) -> None:
    from graph.store import open_store as open_any

    if not Path(args.embedded).exists():
        build(args.embedded, args.size)
    with open_any(args.store) as neo:
        if neo.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"] == 0:
            neo.erase_all()
            build(args.store, args.size)
    with open_store(args.embedded, read_only=True) as store:
        sets = param_sets(store, args.runs)
        here = {r["query"]: r for r in bench(store, args.runs, args.only, sets)}
    with open_any(args.store, read_only=True) as neo:
        there = {r["query"]: r for r in bench(neo, args.runs, args.only, sets)}
    print(f"{'query':28} {'embedded p50':>12} {'p95':>8} {'neo4j p50':>10} {'p95':>8} {'rows':>8}")
    for name, r in here.items():
        n = there[name]
        flag = "" if r["ok"] and n["ok"] else "  > 200 ms"
        print(f"{name:28} {r['p50_ms']:12.1f} {r['p95_ms']:8.1f} {n['p50_ms']:10.1f} {n['p95_ms']:8.1f} "
              f"{r['mean_rows']:8.1f}{flag}" + ("" if r["mean_rows"] == n["mean_rows"] else "  rows differ!"))


def main() -> None:
    from graph.store import is_neo4j_url

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default="/tmp/cg-bench")
    ap.add_argument("--embedded", default="/tmp/cg-bench", help="with a Neo4j --store: the embedded store beside it")
    ap.add_argument("--size", default="benchmark", choices=["demo", "medium", "benchmark"])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--only")
    args = ap.parse_args()
    if is_neo4j_url(args.store):
        side_by_side(args)
        return
    if not Path(args.store).exists():
        build(args.store, args.size)
    with open_store(args.store, read_only=True) as store:
        results = bench(store, args.runs, args.only)
    print(f"{'query':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows':>8} {'RSS grew MB':>12}")
    for r in results:
        flag = "" if r["ok"] else "  > 200 ms"
        print(f"{r['query']:28} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['max_ms']:8.1f} {r['mean_rows']:8.1f} "
              f"{r['grew_mb']:12,}{flag}")


if __name__ == "__main__":
    main()
