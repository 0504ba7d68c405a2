"""Import benchmark: the benchmark region (1 M interactions) from CSV into a fresh store.

Prints rows per second and peak memory of the real pipeline (read, validate,
resolve references, bulk load), then the same rows per second for a naive
loader that sends one MERGE per row, measured in the same run on a sample, and
the ratio. Each measurement runs in its own process so peak memory is its own.

    python benchmarks/bench_import.py                   # benchmark size
    python benchmarks/bench_import.py --size demo       # quick check
    python benchmarks/bench_import.py --size demo --store bolt://127.0.0.1:7687
                                 # also into Neo4j (make neo4j starts one; its database is EMPTIED)
    flock /work/bench.lock python benchmarks/bench_import.py --store bolt://127.0.0.1:7687
                                 # the goal: the benchmark region into Neo4j in <= 60 s
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_import(csv_folder: str, store_folder: str) -> None:
    from graph.store import open_store
    from graph.viewer import system_viewer
    from ingest.pipeline import import_path

    with open_store(store_folder) as store:
        if hasattr(store, "erase_all"):  # a Neo4j benchmark server: start empty
            store.erase_all()
        started = time.perf_counter()
        report = import_path(store, csv_folder, system_viewer())
        seconds = time.perf_counter() - started
        print(f"first import: {sum(report.totals().values()):,} rows in {seconds:.1f} s", file=sys.stderr, flush=True)
        again = time.perf_counter()
        second = import_path(store, csv_folder, system_viewer()) if "--twice" in sys.argv else None
        again = time.perf_counter() - again
        from graph import audit

        audit_ok = audit.verify(store).ok if "--verify" in sys.argv else None
    print(json.dumps({
        "audit_ok": audit_ok,
        "seconds": seconds, "rows": sum(report.totals().values()), "totals": report.totals(),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "reimport_seconds": again if second else None,
        "reimport_totals": second.totals() if second else None,
    }))


def child_naive(csv_folder: str, store_folder: str, sample: int) -> None:
    """One MERGE per row, each its own transaction: what a first script would do."""
    import pandas as pd

    from graph import dialect
    from graph.store import open_store

    folder = Path(csv_folder)
    contacts = pd.read_csv(folder / "contacts.csv", dtype=str, keep_default_na=False).head(sample)
    interactions = pd.read_csv(folder / "interactions.csv", dtype=str, keep_default_na=False).head(sample)
    rows = 0
    started = time.perf_counter()
    with open_store(store_folder) as store:
        node_stmt = dialect.merge_nodes("Contact", ["id", "name", "kind"])
        for rec in contacts[["id", "name", "kind"]].to_dict("records"):
            store.write([(node_stmt, {"rows": [rec]})])
            rows += 1
        x_stmt = dialect.merge_nodes("Interaction", ["id", "kind", "subject"])
        for rec in interactions[["id", "kind", "subject"]].to_dict("records"):
            store.write([(x_stmt, {"rows": [rec]})])
            rows += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": rows,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], check=True, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="benchmark", choices=["demo", "medium", "benchmark"])
    parser.add_argument("--csv", help="folder of the region's CSV files (generated if missing)")
    parser.add_argument("--naive-sample", type=int, default=2000, help="rows per table for the naive loader")
    parser.add_argument("--store", help="a Neo4j URI: import into it too, beside the embedded store")
    parser.add_argument("--once", action="store_true", help="skip the re-import of the same files (half the time)")
    parser.add_argument("--keep", help="import the embedded store into this (new) folder and keep it "
                                       "(for bench_queries --embedded)")
    args = parser.parse_args()

    from ingest.demo import write_region

    csv_folder = Path(args.csv or Path(tempfile.gettempdir()) / f"civicgraph-{args.size}-csv")
    if not (csv_folder / "interactions.csv").exists():
        started = time.perf_counter()
        write_region(csv_folder, size=args.size)
        print(f"generated {csv_folder} in {time.perf_counter() - started:.1f} s")
    sizes = {p.stem: sum(1 for _ in p.open()) - 1 for p in sorted(csv_folder.glob("*.csv"))}
    print("rows per file:", ", ".join(f"{k} {v:,}" for k, v in sizes.items()), f"(total {sum(sizes.values()):,})")

    work = Path(tempfile.mkdtemp(prefix="civicgraph-bench-"))
    try:
        twice = [] if args.once else ["--twice"]
        fast = run_child("--child-import", str(csv_folder), args.keep or str(work / "fast"), *twice)
        naive = run_child("--child-naive", str(csv_folder), str(work / "naive"), str(args.naive_sample))
        neo = run_child("--child-import", str(csv_folder), args.store, *twice, "--verify") if args.store else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    fast_rate = fast["rows"] / fast["seconds"]
    naive_rate = naive["rows"] / naive["seconds"]
    print(f"pipeline import : {fast['rows']:,} rows in {fast['seconds']:.1f} s = {fast_rate:,.0f} rows/s, "
          f"peak RSS {fast['peak_rss_mb']:,.0f} MB ({fast['totals']})")
    if fast["reimport_seconds"] is not None:
        print(f"re-import       : {fast['reimport_seconds']:.1f} s, {fast['reimport_totals']}")
    print(f"naive (1 row/query, sample of {naive['rows']:,}): {naive_rate:,.0f} rows/s")
    print(f"ratio           : {fast_rate / naive_rate:,.0f}x faster than one row per query")
    if neo:
        goal = "<= 60 s (benchmark size)" if args.size == "benchmark" else ""
        print(f"{'':16}   {'embedded':>12} {'neo4j':>12}   goal for neo4j")
        print(f"{'first import s':16}   {fast['seconds']:12.1f} {neo['seconds']:12.1f}   {goal}"
              + (f" {'met' if neo['seconds'] <= 60 else 'NOT met'}" if goal else ""))
        print(f"{'neo4j/embedded':16}   {neo['seconds'] / fast['seconds']:25.2f}x")
        print(f"{'rows/s':16}   {fast_rate:12,.0f} {neo['rows'] / neo['seconds']:12,.0f}")
        if not args.once:
            print(f"{'re-import s':16}   {fast['reimport_seconds']:12.1f} {neo['reimport_seconds']:12.1f}")
        print(f"{'client peak MB':16}   {fast['peak_rss_mb']:12,.0f} {neo['peak_rss_mb']:12,.0f}")
        print(f"totals equal: {fast['totals'] == neo['totals']} ({neo['totals']})")
        print(f"audit verifies on neo4j: {neo['audit_ok']}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-import":
        child_import(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-naive":
        child_naive(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
