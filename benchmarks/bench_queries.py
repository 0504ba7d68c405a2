"""Every named query on the benchmark region: p50 and p95 over repeated runs with varied parameters.

    civicgraph --store /tmp/cg-bench demo --size benchmark     # once: 1 M interactions
    python -m benchmarks.bench_queries --store /tmp/cg-bench [--runs 30] [--repeats 3] [--only NAME]
    python -m benchmarks.bench_queries --store bolt://127.0.0.1:7687 --embedded /tmp/cg-bench [--size demo]

With a Neo4j URI (``make neo4j`` starts a server) both engines run side by side on the same
region with the same parameters: the embedded store in ``--embedded`` and the Neo4j database,
each built with ``civicgraph demo --size SIZE`` when it is empty (the Neo4j one is EMPTIED first).

Parameters are drawn (seeded) from the store itself: issues, officials, organizations
with members, notices, people with ties. Every query has its own generator, seeded with the
seed and its name, and draws from ids read in id order: the same store gives the same
parameters in the same order in every run and every process, whatever --only says.
The whole set runs --repeats times (3) with those parameters; each query prints p50 / p95 of
each run and the worst p95, against the goal p95 <= 200 ms. The last column is how much this
process's memory grew over a query's first run: the engine keeps memory for each distinct
query text, so a query that grows here would, run often enough, fill it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import queries
from graph.store import open_store
from graph.viewer import Viewer
from graph.model import Confidentiality, Role

try:
    from benchmarks.goals import record
except ImportError:  # run as a script: python benchmarks/bench_x.py
    from goals import record

VIEWER = Viewer("bench", Role.ADMIN, Confidentiality.CONFIDENTIAL)
TODAY = dt.date(2026, 11, 15)


GOAL_MS = 200


def _ids(store, cypher: str, k: int, rng: random.Random) -> list[str]:
    ids = sorted(r["id"] for r in store.query(cypher))  # id order: the engine's order is not fixed
    return rng.sample(ids, min(k, len(ids))) if ids else []


def param_sets(store, runs: int, seed: int = 7) -> dict[str, list[dict]]:
    """``runs`` parameter sets per query, the same for the same store and seed (see the module docstring)."""
    rng = random.Random(seed)
    issues = sorted(r["id"] for r in store.query("MATCH (i:Issue) RETURN i.id AS id"))
    people = _ids(store, "MATCH (c:Contact) WHERE c.kind = 'elected_official' RETURN c.id AS id", 400, rng)
    anyone = _ids(store, "MATCH (c:Contact) RETURN c.id AS id", 400, rng)
    bodies = _ids(store, "MATCH (:Contact)-[:MEMBER_OF]->(o:Organization) RETURN DISTINCT o.id AS id", 200, rng)
    orgs = _ids(store, "MATCH (o:Organization) RETURN o.id AS id", 200, rng)
    notices = _ids(store, "MATCH (n:Notice) RETURN n.id AS id", 200, rng)
    juris = _ids(store, "MATCH (j:Jurisdiction) WHERE j.level IN ['county', 'state'] RETURN j.id AS id", 40, rng)

    def draws(name: str, rng: random.Random) -> dict:
        pick = rng.choice
        days = lambda lo, hi: TODAY - dt.timedelta(days=rng.randint(lo, hi))  # noqa: E731
        group = lambda: rng.sample(anyone, 8)  # noqa: E731
        return {
            "overview_counts": lambda: {},
            "recent_interactions": lambda: {"since": days(7, 60), "limit": 50},
            "partners_for_issue": lambda: {"issue": pick(issues), "as_of": TODAY},
            "issue_engagement": lambda: {"issue": pick(issues), "since": days(365, 730)},
            "engagement_as_of": lambda: {"issue": pick(issues), "since": days(1100, 1500), "as_of": days(60, 1000)},
            "subject_facts": lambda: {"subjects": rng.sample(anyone, 50) + rng.sample(orgs, 50)},
            "stances_on_issue": lambda: {"issue": pick(issues)},
            "stance_sources": lambda: {"holders": rng.sample(anyone, 50) + rng.sample(orgs, 10),
                                       "issue": pick(issues)},
            "affiliations": lambda: {"contacts": group(), "as_of": TODAY},
            "staff_ties": lambda: {"contacts": group(), "as_of": TODAY},
            "contact_reach": lambda: {"contacts": group(), "since": days(365, 365)},
            "jurisdiction_scope": lambda: {"jurisdiction": pick(juris)},
            "officials_with_expertise": lambda: {"issue": pick(issues), "jurisdiction": pick(juris), "as_of": TODAY},
            "reporters_on_issue": lambda: {"issue": pick(issues), "since": days(180, 365)},
            "members_of": lambda: {"organization": pick(bodies), "as_of": days(0, 3000)},
            "history": lambda: {"subject": pick(people + orgs), "since": days(1500, 3650), "until": TODAY},
            "sensitivity_check": lambda: {"contacts": group(), "issue": pick(issues), "since": days(180, 180),
                                          "as_of": TODAY},
            "notice_compliance": lambda: {"notice": pick(notices)},
            "notices": lambda: {"since": days(300, 400), "until": TODAY},
            "focus_links": lambda: {"review": None},
            "who_knows": lambda: {"target": pick(people), "as_of": TODAY},
        }.get(name)

    out: dict[str, list[dict]] = {}
    for name in sorted(queries.catalogue()):
        own = random.Random(f"{seed}:{name}")  # its own order: adding a query moves no other's draws
        draw = draws(name, own)
        if draw is not None:
            out[name] = [draw() for _ in range(runs)]
    return out


def rss_mb() -> int:
    """This process's resident memory now (Linux), the engine's included."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20


def cpu_s() -> float:
    """CPU seconds of this process so far, user + system, the engine's threads included: on a shared
    machine the wall time says as much about the other jobs as about the query."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def proc_cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) of another process on this machine so far (0 without one)."""
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _p95(times: list[float]) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def bench(store, runs: int, only: str | None = None, sets_by_query: dict | None = None,
          server_pid: int | None = None) -> list[dict]:
    """One run of the set: each query warmed up once, then timed with each of its parameter sets
    (``server_pid``: a local Neo4j server's process, whose CPU time each run also takes)."""
    results = []
    for name, sets in (sets_by_query or param_sets(store, runs)).items():
        if only and name != only:
            continue
        if name not in queries.catalogue():
            continue
        for _ in range(2):  # warm-up: Neo4j plans a text's one-record form on its second run (neo4j_store.py)
            queries.run(store, name, VIEWER, **sets[0])
        before = rss_mb()
        times, cpus, server_cpus, rows = [], [], [], 0
        for params in sets:
            t, c, sc = time.perf_counter(), cpu_s(), proc_cpu_s(server_pid)
            rows += len(queries.run(store, name, VIEWER, **params))
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((cpu_s() - c) * 1000)
            server_cpus.append((proc_cpu_s(server_pid) - sc) * 1000)
        p95 = _p95(times)
        results.append({"query": name, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
                        "cpu_p95_ms": round(_p95(cpus), 1),
                        "max_ms": round(max(times), 1), "mean_rows": round(rows / len(sets), 1),
                        "grew_mb": rss_mb() - before, "ok": p95 <= GOAL_MS,
                        **({"server_cpu_p95_ms": round(_p95(server_cpus), 1)} if server_pid else {})})
    return results


def bench_repeated(store, runs: int, repeats: int = 3, only: str | None = None) -> dict[str, list[dict]]:
    """The whole set ``repeats`` times with the same parameters: query -> its result of each run."""
    sets = param_sets(store, runs)
    out: dict[str, list[dict]] = {}
    for _ in range(repeats):
        for r in bench(store, runs, only, sets):
            out.setdefault(r["query"], []).append(r)
    return out


def report(by_query: dict[str, list[dict]]) -> bool:
    """Print each run's p50 / p95 and the worst p95 against the goal; True if every query meets it."""
    repeats = max(len(v) for v in by_query.values())
    head = "".join(f"{f'run {i + 1} p50/p95':>18}" for i in range(repeats))
    print(f"{'query':26}{head} {'rows':>9} {'grew MB':>8} {'CPU p95':>8}  goal p95 <= {GOAL_MS} ms (wall)")
    met = True
    for name, rs in by_query.items():
        worst = max(r["p95_ms"] for r in rs)
        ok = worst <= GOAL_MS
        met &= ok
        cells = "".join(f"{r['p50_ms']:>9.0f} /{r['p95_ms']:>6.0f}" for r in rs)
        print(f"{name:26}{cells} {rs[0]['mean_rows']:>9,.0f} {rs[0]['grew_mb']:>8,} "
              f"{max(r.get('cpu_p95_ms', 0) for r in rs):>8.0f}  "
              f"worst {worst:.0f} ms {'✓' if ok else '✗'}")
    failing = [n for n, rs in by_query.items() if max(r["p95_ms"] for r in rs) > GOAL_MS]
    print(f"goal p95 <= {GOAL_MS} ms in every one of {repeats} runs: "
          + ("met by all " + str(len(by_query)) + " queries ✓" if met else f"not met by {', '.join(failing)} ✗"))
    return met


def build(store_url: str, size: str) -> None:
    print(f"building the {size} region in {store_url} ...", file=sys.stderr)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "--store", store_url, "demo", "--size", size,
                    "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def side_by_side(args) -> None:
    """Both engines on the same region with the same parameters: the whole set ``--repeats`` times,
    the engines alternating (embedded, Neo4j, embedded, Neo4j, ...: the machine's load falls on
    both alike), then each query's p50 and worst p95 on each engine and one goal line per engine."""
    from graph.store import open_store as open_any

    if not Path(args.embedded).exists():
        build(args.embedded, args.size)
    with open_any(args.store) as neo:
        if neo.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"] == 0:
            neo.erase_all()
            build(args.store, args.size)
    server = server_pid(args.store, args.server_pid)
    load_before = os.getloadavg()
    here: dict[str, list[dict]] = {}
    there: dict[str, list[dict]] = {}
    with open_store(args.embedded, read_only=True) as store, open_any(args.store, read_only=True) as neo:
        sets = param_sets(store, args.runs)
        for _ in range(args.repeats):
            for r in bench(store, args.runs, args.only, sets):
                here.setdefault(r["query"], []).append(r)
            for r in bench(neo, args.runs, args.only, sets, server_pid=server):
                there.setdefault(r["query"], []).append(r)
    print_side_by_side(here, there, f"{args.embedded} beside {args.store}: {args.runs} parameter sets per query, "
                       f"the set run {args.repeats} times on each engine, alternating; load average "
                       f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores",
                       server is not None)
    for goal_name, by_query in (("worst named-query p95", here), ("worst named-query p95 on Neo4j", there)):
        worst = max(by_query.items(), key=lambda kv: max(r["p95_ms"] for r in kv[1]))
        if not args.only:
            record(goal_name, max(r["p95_ms"] for r in worst[1]), GOAL_MS, "ms",
                   note=f"{worst[0]}, worst of {args.repeats} runs, side by side")


def server_pid(url: str, given: int | None) -> int | None:
    """The process listening on a loopback Neo4j URI's port (its CPU is the queries' CPU), or None."""
    import re

    if given:
        return given
    host_port = url.split("://", 1)[-1].split("/")[0]
    if not host_port.startswith(("127.0.0.1:", "localhost:")):
        return None
    try:
        out = subprocess.run(["ss", "-Hltnp", f"sport = :{host_port.rsplit(':', 1)[1]}"], capture_output=True,
                             text=True).stdout
    except OSError:
        return None
    pids = set(re.findall(r"pid=(\d+)", out))
    return int(pids.pop()) if len(pids) == 1 else None


def print_side_by_side(here: dict[str, list[dict]], there: dict[str, list[dict]], title: str,
                       server_cpu: bool) -> None:
    """Each query's p50 (median of the runs' p50) and worst p95 on both engines, then the goal per engine.
    Neo4j's worst p95 of the runs after the first is printed too: a server just started reads its
    pages from disk in the first run (the embedded store's first run does too, but its files are
    in the operating system's cache after the import)."""
    print(title)
    cpu = "server CPU p95" if server_cpu else ""
    print(f"{'query':28} {'embedded p50':>12} {'worst p95':>10} {'CPU p95':>8} {'neo4j p50':>10} {'worst p95':>10} "
          f"{'p95 after run 1':>16} {cpu:>14} {'rows':>9}  goal p95 <= {GOAL_MS} ms (wall, worst run)")
    for name, rs in here.items():
        ns = there.get(name, [])
        if not ns:
            continue
        e95, n95 = max(r["p95_ms"] for r in rs), max(r["p95_ms"] for r in ns)
        e50, n50 = statistics.median(r["p50_ms"] for r in rs), statistics.median(r["p50_ms"] for r in ns)
        server = f"{max(r.get('server_cpu_p95_ms', 0) for r in ns):14.0f}" if server_cpu else f"{'':14}"
        marks = f"{'✓' if e95 <= GOAL_MS else '✗'} {'✓' if n95 <= GOAL_MS else '✗'}"
        same = "" if rs[0]["mean_rows"] == ns[0]["mean_rows"] else "  rows differ!"
        warm = f"{max(r['p95_ms'] for r in ns[1:]):16.1f}" if len(ns) > 1 else f"{'':16}"
        print(f"{name:28} {e50:12.1f} {e95:10.1f} {max(r['cpu_p95_ms'] for r in rs):8.0f} {n50:10.1f} {n95:10.1f} "
              f"{warm} {server} {rs[0]['mean_rows']:9,.1f}  {marks}{same}")
    for engine, by_query in (("embedded", here), ("neo4j", there)):
        failing = [n for n, rs in by_query.items() if max(r["p95_ms"] for r in rs) > GOAL_MS]
        runs = max(len(v) for v in by_query.values())
        print(f"{engine:9} goal p95 <= {GOAL_MS} ms in every one of {runs} runs: "
              + (f"met by all {len(by_query)} queries ✓" if not failing
                 else f"not met by {len(failing)} of {len(by_query)}: {', '.join(failing)} ✗"))


def main() -> None:
    from graph.store import is_neo4j_url

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default="/tmp/cg-bench")
    ap.add_argument("--embedded", default="/tmp/cg-bench", help="with a Neo4j --store: the embedded store beside it")
    ap.add_argument("--size", default="benchmark", choices=["demo", "medium", "benchmark"])
    ap.add_argument("--runs", type=int, default=30, help="parameter sets per query in each run")
    ap.add_argument("--repeats", type=int, default=3, help="how many times the whole set runs")
    ap.add_argument("--only")
    ap.add_argument("--server-pid", type=int, help="with a Neo4j --store: the server's process id, for its CPU "
                    "time (found by itself for a server of tests/neo4j_server.py on this machine)")
    args = ap.parse_args()
    if is_neo4j_url(args.store):
        side_by_side(args)
        return
    if not Path(args.store).exists():
        build(args.store, args.size)
    with open_store(args.store, read_only=True) as store:
        by_query = bench_repeated(store, args.runs, args.repeats, args.only)
    print(f"{args.store}: {args.runs} parameter sets per query, the set run {args.repeats} times, p50 / p95 in ms "
          f"(wall; CPU p95: the worst run's, user + system; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores)")
    report(by_query)
    worst = max(by_query.items(), key=lambda kv: max(r["p95_ms"] for r in kv[1]))
    if not args.only:
        record("worst named-query p95", max(r["p95_ms"] for r in worst[1]), GOAL_MS, "ms",
               note=f"{worst[0]}, worst of {args.repeats} runs; its CPU p95 "
                    f"{max(r['cpu_p95_ms'] for r in worst[1]):.0f} ms")


if __name__ == "__main__":
    main()
