"""Where a named query's time goes on the embedded engine: each UNION ALL branch's engine time
(``execute``: planning and running) apart from the Python driver's conversion of its rows to dicts,
and, with ``--profile``, the operators of each branch (Ladybug's PROFILE: rows and milliseconds).

    python -m benchmarks.query_costs --store /tmp/cg-bench partners_for_issue issue_engagement
    python -m benchmarks.query_costs --store /tmp/cg-medium --profile reporters_on_issue -p issue=i-transit \\
        -p since=2026-01-01

Without ``-p`` each query runs with bench_queries' parameter sets (``--runs``, seeded), its first set
twice (the first run warms up) and prints, per branch, the engine's wall p50 / p95 and CPU p50
(user + system of this process: the engine's threads included), the conversion's wall p50 / p95 and
the rows. With ``-p`` it runs once with those parameters (``--profile`` needs them) and prints the
operators that read or produced more than ``--min-rows`` rows or took more than 1 ms.
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import time

import queries
from benchmarks.bench_queries import VIEWER, _p95, cpu_s, param_sets
from graph.store import open_store

_BRANCH = re.compile(r"^UNION ALL$", re.MULTILINE)
_OPERATOR = re.compile(r"^[A-Z_]+\[\d+\]$")


def branches(store, query: queries.NamedQuery, params: dict) -> list[tuple[str, dict]]:
    """Each UNION ALL branch of the text the engine gets, with the parameters it uses."""
    bound = {**query.bind(params), **queries.supplied(VIEWER)}
    out = []
    for text in _BRANCH.split(query.cypher_for(store.engine, bound)):
        out.append((text.strip(), {k: v for k, v in bound.items() if f"${k}" in text}))
    return out


def timed(store, text: str, params: dict) -> tuple[float, float, float, int]:
    """(engine wall ms, engine CPU ms, conversion wall ms, rows) of one statement."""
    conn = store._conn()  # the engine's own result object: its conversion is what is timed apart
    wall, cpu = time.perf_counter(), cpu_s()
    result = conn.execute(text, params)
    engine_wall, engine_cpu = (time.perf_counter() - wall) * 1000, (cpu_s() - cpu) * 1000
    wall = time.perf_counter()
    names, rows = result.get_column_names(), 0
    while result.has_next():
        dict(zip(names, result.get_next()))
        rows += 1
    return engine_wall, engine_cpu, (time.perf_counter() - wall) * 1000, rows


def operators(plan: str) -> list[tuple[int, str, str, str]]:
    """(id, operator, rows, ms) from PROFILE's box drawing: boxes are read column by column."""
    columns: dict[int, list[str]] = collections.defaultdict(list)
    for line in plan.splitlines():
        for m in re.finditer(r"│([^│]*)│", line):
            columns[m.start()].append(m.group(1).strip())
    found = []
    for _, cells in sorted(columns.items()):
        current = None
        for cell in cells:
            if _OPERATOR.match(cell):
                current = {"name": cell}
                found.append(current)
            elif current is not None and ":" in cell:
                key, value = cell.split(":", 1)
                current[key.strip()] = value.strip()
    return sorted(((int(o["name"].split("[")[1][:-1]), o["name"], o.get("NumOutputTuples", ""),
                    o.get("ExecutionTime", "")) for o in found), key=lambda o: o[0])


def profile(store, name: str, params: dict, min_rows: int) -> None:
    for i, (text, used) in enumerate(branches(store, queries.get(name), params)):
        result = store._conn().execute("PROFILE " + text, used)
        plan = "\n".join(str(value) for row in result.get_all() for value in row)
        print(f"{name} branch {i}: operators with more than {min_rows:,} rows or 1 ms")
        for _, op, rows, ms in operators(plan):
            if (rows.isdigit() and int(rows) > min_rows) or (ms and float(ms) > 1):
                print(f"   {op:34} rows {rows:>10}  ms {float(ms or 0):8.1f}")


def costs(store, name: str, sets: list[dict]) -> None:
    query = queries.get(name)
    by_branch: dict[int, list[tuple]] = {}
    for n, params in enumerate(sets):
        for repeat in range(2 if n == 0 else 1):
            for i, (text, used) in enumerate(branches(store, query, params)):
                got = timed(store, text, used)
                if n or repeat:
                    by_branch.setdefault(i, []).append(got)
    print(name)
    for i, xs in by_branch.items():
        walls, cpus, conv, rows = zip(*xs)
        print(f"  branch {i}: engine wall p50 {statistics.median(walls):6.1f} p95 {_p95(walls):6.1f}  CPU p50 "
              f"{statistics.median(cpus):6.1f}  conversion p50 {statistics.median(conv):6.1f} p95 {_p95(conv):6.1f}"
              f"  rows p50 {statistics.median(rows):8,.0f} max {max(rows):,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="+", help="named queries")
    ap.add_argument("--store", required=True)
    ap.add_argument("--runs", type=int, default=10, help="parameter sets per query (without -p)")
    ap.add_argument("-p", "--param", action="append", default=[], help="key=value: one parameter set of your own")
    ap.add_argument("--profile", action="store_true", help="print each branch's operators (needs -p)")
    ap.add_argument("--min-rows", type=int, default=1000)
    args = ap.parse_args()
    own = dict(p.split("=", 1) for p in args.param)
    if args.profile and not own:
        ap.error("--profile needs the parameters: -p key=value ...")
    with open_store(args.store, read_only=True) as store:
        sets = {} if own else param_sets(store, args.runs)
        print(f"{args.store}: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; ms")
        for name in args.names:
            if args.profile:
                profile(store, name, own, args.min_rows)
            else:
                costs(store, name, [own] if own else sets[name])


if __name__ == "__main__":
    main()
