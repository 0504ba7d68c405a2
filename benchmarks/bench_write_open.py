"""What opening a store for writing costs: the open, then ``ensure_history`` called several times.

``ensure_history`` (ingest/engagement_history.py) runs on every write-open (each CLI command that
writes, the dashboard's store). It used to count every ENGAGED_ON lacking its history (1 M
relationships at the benchmark size); now it reads the store's bookkeeping facts, and scans ENGAGED_ON
only the first time it sees a store not yet marked as checked (then marks it).

    # one code version: the CivicGraph on PYTHONPATH
    python benchmarks/bench_write_open.py --store COPY_OF_A_STORE [--calls 5]
    # two versions alternately, A/B/A/B, each in its own process on the same store
    python benchmarks/bench_write_open.py --store COPY --ab /work/main /work/wt-h7 [--rounds 2]
    # the repair: K contacts' history marked pending (as a crash after a logged interaction leaves it)
    python benchmarks/bench_write_open.py --store COPY --pending 1

The store is WRITTEN to (the bookkeeping fact, and the schema check of the open): give it a copy
(``cp -r /tmp/cg-bench-s6 /tmp/cg-bench-copy``; at the benchmark size under ``flock /work/bench.lock``).
Each line: wall and CPU (user + system of this process, all its threads) in ms, and the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _timed(fn):
    w, c = time.perf_counter(), _cpu()
    out = fn()
    return out, (time.perf_counter() - w) * 1000, (_cpu() - c) * 1000


def measure(store_path: str, calls: int, pending: int = 0) -> dict:
    """Open the store for writing, then ``calls`` calls of ensure_history, each timed (after marking the
    history of ``pending`` contacts as pending, if asked)."""
    import ingest.engagement_history as eh
    from graph.store import open_store

    store, open_wall, open_cpu = _timed(lambda: open_store(store_path))
    out = {"code": str(Path(eh.__file__).resolve().parent.parent), "load": os.getloadavg()[0],
           "open_ms": (open_wall, open_cpu), "calls": []}
    try:
        if pending:
            from ingest.engagement import history_pending

            eh.ensure_history(store)  # the store's one check first, so that the calls time the repair
            ids = [r["id"] for r in store.query(
                "MATCH (c:Contact)-[e:ENGAGED_ON]->() WITH c.id AS id, count(e) AS n "
                "RETURN id ORDER BY n DESC, id LIMIT $k", {"k": pending})]
            store.write([history_pending(contacts=ids)])
            out["pending"] = ids
        for _ in range(calls):
            wrote, wall, cpu = _timed(lambda: eh.ensure_history(store))
            out["calls"].append({"wall_ms": wall, "cpu_ms": cpu, "wrote": wrote})
    finally:
        store.close()
    out["load_after"] = os.getloadavg()[0]
    return out


def show(result: dict) -> None:
    calls = result["calls"]
    print(f"code {result['code']}  load average {result['load']:.2f} -> {result['load_after']:.2f}")
    if result.get("pending"):
        print(f"  history marked pending for {len(result['pending'])} contact(s) with the most ENGAGED_ON: "
              f"{', '.join(result['pending'][:5])}")
    print(f"  open_store(write): {result['open_ms'][0]:8.1f} ms wall {result['open_ms'][1]:8.1f} ms CPU")
    for i, c in enumerate(calls, 1):
        print(f"  ensure_history call {i}: {c['wall_ms']:8.1f} ms wall {c['cpu_ms']:8.1f} ms CPU"
              f"{'  (wrote history)' if c['wrote'] else ''}")
    print(f"  ensure_history median of {len(calls)}: {statistics.median(c['wall_ms'] for c in calls):.1f} ms wall, "
          f"{statistics.median(c['cpu_ms'] for c in calls):.1f} ms CPU")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="an embedded store's folder (a copy: it is written to)")
    ap.add_argument("--calls", type=int, default=5)
    ap.add_argument("--pending", type=int, default=0, metavar="K",
                    help="first mark K contacts' history pending (the busiest): time the repair (new code only)")
    ap.add_argument("--ab", nargs=2, metavar=("CODE_A", "CODE_B"), help="two checkouts, run alternately")
    ap.add_argument("--rounds", type=int, default=2, help="A/B rounds with --ab")
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # a child of --ab
    args = ap.parse_args()
    if not args.ab:
        result = measure(args.store, args.calls, args.pending)
        print(json.dumps(result)) if args.json else show(result)
        return
    for rnd in range(1, args.rounds + 1):
        for label, code in zip("AB", args.ab):
            env = {**os.environ, "PYTHONPATH": code}
            out = subprocess.run([sys.executable, __file__, "--store", args.store, "--calls", str(args.calls), "--json"],
                                 env=env, cwd=code, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"{label} ({code}) failed:\n{out.stderr}")
            print(f"round {rnd}, {label}: ", end="")
            show(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
