"""Import benchmark: the benchmark region (1 M interactions) from CSV into a fresh store, beside
the engine's own bulk loader writing the same rows, in the same run.

Three processes, one after the other, so that each peak memory is its own:

1. ``civicgraph import``'s pipeline (read, validate, resolve references, compare with the
   store, write, derived engagement), timed, then imported a second time (it must change
   nothing);
2. an untimed export of every node and relationship table that import wrote, to Parquet;
3. a raw Ladybug ``COPY FROM`` of those Parquet files into an empty database with the
   same schema, timed: what the engine alone needs for the same graph.

It prints each measure beside its goal (docs/import-format.md, issue 21):

    python benchmarks/bench_import.py                   # benchmark size (alone on the machine)
    python benchmarks/bench_import.py --size demo       # quick check
    python benchmarks/bench_import.py --reimport        # also a second import of the same tables (changes nothing)
    python benchmarks/bench_import.py --naive           # also one MERGE per row on a sample, for scale
    python benchmarks/bench_import.py --size demo --store bolt://127.0.0.1:7687
                                 # also into Neo4j (make neo4j starts one; its database is EMPTIED)
    python benchmarks/bench_import.py --store bolt://127.0.0.1:7687
                                 # the goal: the benchmark region into Neo4j in <= 60 s (transactions)
    python benchmarks/bench_import.py --offline [--queries 10]
                                 # a first load into an EMPTY Neo4j: the pipeline into the embedded
                                 # store, then neo4j-admin's offline importer into a new server's data
                                 # folder (graph/store/neo4j_offline.py); starts and stops its own
                                 # server; --queries N then runs bench_queries on both engines
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.goals import record
except ImportError:  # run as a script: python benchmarks/bench_x.py
    from goals import record

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 30.0
GOAL_RATIO = 3.0
GOAL_PEAK_GIB = 4.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(csv_folder: str, store_folder: str) -> None:
    from graph.store import open_store
    from graph.viewer import system_viewer
    from ingest.pipeline import import_path

    with open_store(store_folder) as store:
        if hasattr(store, "erase_all"):  # a Neo4j benchmark server: start empty
            store.erase_all()
        server = _server_pid(store_folder)  # a Neo4j server on this machine: its CPU is the import's too
        started, cpu, server_cpu = time.perf_counter(), _cpu(), _proc_cpu(server) if server else 0.0
        report = import_path(store, csv_folder, system_viewer())
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        server_cpu = _proc_cpu(server) - server_cpu if server else None
        peak = _peak_mb()
        print(f"first import: {sum(report.totals().values()):,} rows in {seconds:.1f} s", file=sys.stderr, flush=True)
        again = time.perf_counter()
        second = import_path(store, csv_folder, system_viewer()) if "--twice" in sys.argv else None
        again = time.perf_counter() - again
        from graph import audit

        audit_ok = audit.verify(store).ok if "--verify" in sys.argv else None
    print(json.dumps({
        "audit_ok": audit_ok,
        "seconds": seconds, "cpu_seconds": cpu, "server_cpu_seconds": server_cpu,
        "rows": sum(report.totals().values()), "totals": report.totals(),
        "peak_rss_mb": peak, "reimport_seconds": again if second else None,
        "reimport_totals": second.totals() if second else None,
        "reimport_changed": second.changed if second else None,
    }))


def _tables(conn) -> list[tuple[str, str, list[str], list[tuple[str, str]]]]:
    """(kind, name, columns in table order, endpoint pairs) of every node and relationship table of the model."""
    from graph import model as m

    out = []
    for node in m.NODES:
        cols = [r["name"] for r in _rows(conn.execute(f"CALL table_info('{node.label}') RETURN *"))]
        out.append(("node", node.label, cols, []))
    for rel in m.RELS:
        cols = [r["name"] for r in _rows(conn.execute(f"CALL table_info('{rel.type}') RETURN *"))]
        out.append(("rel", rel.type, cols, list(rel.pairs)))
    return out


def _rows(result) -> list[dict]:
    names = result.get_column_names()
    out = []
    while result.has_next():
        out.append(dict(zip(names, result.get_next())))
    return out


def child_export(store_folder: str, parquet_folder: str) -> None:
    """Every node and relationship table of the imported store as Parquet files (not timed)."""
    import ladybug
    import pyarrow.parquet as pq

    from graph.store.embedded import DB_FILE

    db = ladybug.Database(str(Path(store_folder) / DB_FILE), read_only=True)
    conn = ladybug.Connection(db)
    out = Path(parquet_folder)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for kind, name, cols, pairs in _tables(conn):
        if kind == "node":
            ret = ", ".join(f"n.{c} AS {c}" for c in cols)
            parts = [("", f"MATCH (n:{name}) RETURN {ret}")]
        else:
            ret = ", ".join(["a.id AS `from`", "b.id AS `to`"] + [f"r.{c} AS {c}" for c in cols])
            parts = [(f"{a}-{b}", f"MATCH (a:{a})-[r:{name}]->(b:{b}) RETURN {ret}") for a, b in pairs]
        for suffix, cypher in parts:
            table = conn.execute(cypher).get_as_arrow(100_000)
            if table.num_rows == 0:
                continue
            path = out / f"{name}{'.' + suffix if suffix else ''}.parquet"
            pq.write_table(table, path)
            files.append({"kind": kind, "name": name, "pair": suffix, "path": str(path), "rows": table.num_rows})
    db.close()
    print(json.dumps(files))


def child_raw(parquet_folder: str, store_folder: str, files_json: str) -> None:
    """The engine alone: an empty database with the same schema, one COPY FROM per Parquet file."""
    import ladybug

    from graph import dialect

    files = json.loads(Path(files_json).read_text())
    Path(store_folder).mkdir(parents=True, exist_ok=True)
    db = ladybug.Database(str(Path(store_folder) / "graph.lbug"))
    conn = ladybug.Connection(db)
    for stmt in dialect.ladybug_schema():
        conn.execute(stmt)
    from graph import model as m

    started, cpu = time.perf_counter(), _cpu()
    rows = 0
    for f in sorted(files, key=lambda f: f["kind"] != "node"):  # nodes first
        options = ""
        if f["kind"] == "rel" and len(m.REL_BY_TYPE[f["name"]].pairs) > 1:
            a, b = f["pair"].split("-")
            options = f" (from='{a}', to='{b}')"
        conn.execute(f"COPY {f['name']} FROM '{f['path']}'{options}")
        rows += f["rows"]
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    db.close()
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": rows, "peak_rss_mb": _peak_mb()}))


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
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_rss_mb": _peak_mb()}))


def child_offline(store_folder: str, queries_runs: str) -> None:
    """A first load of the embedded store in ``store_folder`` into a new Neo4j: the importer's files,
    the offline importer (server stopped), the server's start, its constraints and indexes online;
    then the counts, the audit chain and (``queries_runs`` > 0) bench_queries on both engines."""
    from graph import audit
    from graph.store import open_store
    from tests.neo4j_server import Neo4jServer

    data = Path(tempfile.mkdtemp(prefix="civicgraph-bench-neo4j-"))
    server = Neo4jServer(data / "server", gds=False, load=store_folder)
    cpu0 = _cpu()
    try:
        started = time.perf_counter()
        server.start()
        start_total = time.perf_counter() - started
        seconds = dict(server.load_seconds)
        seconds["server start"] = start_total - sum(seconds.values())
        started = time.perf_counter()
        with open_store(server.uri) as neo:  # creates the constraints and indexes, waits for the nodes' ones
            seconds["constraints + indexes"] = time.perf_counter() - started
            neo.indexes_online()  # what the first write waits for: the relationship indexes (by id)
            seconds["relationship indexes"] = time.perf_counter() - started - seconds["constraints + indexes"]
            nodes = neo.query("MATCH (n) RETURN count(n) AS n")[0]["n"]
            rels = neo.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
            checked = time.perf_counter()
            audit_ok = audit.verify(neo).ok
            audit_seconds = time.perf_counter() - checked
        cpu = _cpu() - cpu0 + _proc_cpu(server.process.pid)
        if int(queries_runs):
            subprocess.run([sys.executable, "-m", "benchmarks.bench_queries", "--store", server.uri, "--embedded",
                            store_folder, "--runs", queries_runs], check=True, cwd=ROOT, stdout=sys.stderr)
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)
    print(json.dumps({"seconds": seconds, "rows": server.load_rows, "counts": server.load_counts, "nodes": nodes,
                      "rels": rels, "audit_ok": audit_ok, "audit_seconds": audit_seconds, "cpu_seconds": cpu}))


def _cpu() -> float:
    """user + sys seconds of this process and its finished children (the importer's JVM, the server's)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _proc_cpu(pid: int) -> float:
    """user + sys seconds of a running process (the server, not yet a finished child)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid(url: str) -> int | None:
    """The process of a Neo4j server on this machine's loopback (bench_queries.server_pid), else None."""
    if "://" not in url:
        return None
    from benchmarks.bench_queries import server_pid

    return server_pid(url, None)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_child(*args: str) -> dict | list:
    # as a module from the project's folder: the children import tests.neo4j_server (the offline load's server),
    # which the installed package does not hold (run as a script, the offline load failed: "No module named 'tests'")
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_import", *args], check=True, stdout=subprocess.PIPE,
                         text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def goal(measured: float, limit: float, unit: str, fmt: str = ".1f") -> str:
    """``goal ≤ 30 s: measured 27.1 s ✓`` (✗ when the goal is missed)."""
    mark = "✓" if measured <= limit else "✗"
    return f"goal ≤ {limit:g}{unit}: measured {measured:{fmt}}{unit} {mark}"


def record_import_goals(size: str, fast: dict, raw: dict, neo: dict | None) -> None:
    """The summary's lines (benchmarks/goals.py): import time, the ratio to raw COPY, peak memory, Neo4j."""
    note = f"{size} size" if size != "benchmark" else ""
    record("import time", round(fast["seconds"], 1), GOAL_SECONDS, "s", note=note)
    if raw:
        record("import / raw COPY", round(fast["seconds"] / raw["seconds"], 2), GOAL_RATIO, "×", note=note)
    record("import peak memory", round(fast["peak_rss_mb"] / 1024, 2), GOAL_PEAK_GIB, "GiB", note=note)
    if neo:
        record("Neo4j import", round(neo["seconds"], 1), 60, "s", note=note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="benchmark", choices=["demo", "medium", "benchmark"])
    parser.add_argument("--csv", help="folder of the region's CSV files (generated if missing)")
    parser.add_argument("--reimport", action="store_true", help="import the same tables a second time (it must "
                        "change nothing) and time it")
    parser.add_argument("--naive", action="store_true", help="also time one MERGE per row on a sample")
    parser.add_argument("--naive-sample", type=int, default=2000, help="rows per table for the naive loader")
    parser.add_argument("--store", help="a Neo4j URI: import into it too, beside the embedded store")
    parser.add_argument("--offline", action="store_true", help="also a first load into a new Neo4j through the "
                        "offline importer (starts its own server, <= 4 GiB heap: CIVICGRAPH_NEO4J_HEAP)")
    parser.add_argument("--queries", type=int, default=0, help="with --offline: bench_queries with this many "
                        "parameter sets per query on both engines while the loaded server runs")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw COPY FROM reference (its export and "
                        "load: minutes at benchmark size)")
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

    load_before = _load()
    work = Path(tempfile.mkdtemp(prefix="civicgraph-bench-"))
    try:
        twice = ["--twice"] if args.reimport else []
        kept = Path(args.keep) if args.keep else work / "fast"
        print(f"load average before the embedded import: {_load()}", flush=True)
        fast = run_child("--child-import", str(csv_folder), str(kept), *twice)
        offline = None
        if args.offline:
            print(f"load average before the offline load: {_load()}", flush=True)
            offline = run_child("--child-offline", str(kept), str(args.queries))
            print(f"load average after it: {_load()}", flush=True)
        raw = None
        if not args.no_raw:
            files = run_child("--child-export", str(kept), str(work / "parquet"))
            (work / "files.json").write_text(json.dumps(files))
            if not args.keep:
                shutil.rmtree(kept, ignore_errors=True)  # the disk holds one database at a time
            raw = run_child("--child-raw", str(work / "parquet"), str(work / "raw"), str(work / "files.json"))
        naive = run_child("--child-naive", str(csv_folder), str(work / "naive"), str(args.naive_sample)) \
            if args.naive else None
        neo = run_child("--child-import", str(csv_folder), args.store, *twice, "--verify") if args.store else None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak_gib = fast["peak_rss_mb"] / 1024
    print(f"import            : {goal(fast['seconds'], GOAL_SECONDS, ' s')} "
          f"({fast['rows'] / fast['seconds']:,.0f} rows/s; CPU {fast['cpu_seconds']:.1f} s; {fast['totals']})")
    if raw:
        print(f"graph written     : {raw['rows']:,} records and relationships from {fast['rows']:,} rows read")
        print(f"raw COPY FROM     : {raw['seconds']:.1f} s, CPU {raw['cpu_seconds']:.1f} s (the same {raw['rows']:,} "
              f"records and relationships, Parquet into an empty database, peak RSS {raw['peak_rss_mb'] / 1024:.2f} GiB)")
        print(f"import / raw COPY : {goal(fast['seconds'] / raw['seconds'], GOAL_RATIO, '×')} "
              f"(wall time; CPU time {fast['cpu_seconds'] / raw['cpu_seconds']:.1f}×)")
    print(f"import peak RSS   : {goal(peak_gib, GOAL_PEAK_GIB, ' GiB', '.2f')}")
    print(f"load average      : {load_before} before, {_load()} after (1, 5, 15 min; 2 cores: above 2 the "
          "wall times include waiting for a core)")
    record_import_goals(args.size, fast, raw, neo)
    if fast["reimport_seconds"] is not None:
        same = "changed nothing ✓" if not fast["reimport_changed"] else "CHANGED records ✗"
        print(f"re-import         : {fast['reimport_seconds']:.1f} s, {same} ({fast['reimport_totals']})")
    if naive:
        naive_rate = naive["rows"] / naive["seconds"]
        print(f"naive (1 row/query, sample of {naive['rows']:,}): {naive_rate:,.0f} rows/s; the pipeline is "
              f"{fast['rows'] / fast['seconds'] / naive_rate:,.0f}x faster")
    if offline:
        _print_offline(fast, offline, args.size)
    if neo:
        print(f"{'':16}   {'embedded':>12} {'neo4j':>12}   goal for neo4j")
        print(f"{'first import s':16}   {fast['seconds']:12.1f} {neo['seconds']:12.1f}   "
              + (goal(neo["seconds"], 60, " s") if args.size == "benchmark" else "(<= 60 s at benchmark size)"))
        print(f"{'neo4j/embedded':16}   {neo['seconds'] / fast['seconds']:25.2f}x")
        print(f"{'rows/s':16}   {fast['rows'] / fast['seconds']:12,.0f} {neo['rows'] / neo['seconds']:12,.0f}")
        server = neo.get("server_cpu_seconds")
        print(f"{'CPU s (client)':16}   {fast['cpu_seconds']:12.1f} {neo['cpu_seconds']:12.1f}   "
              + (f"+ the Neo4j server's {server:.1f} s = {neo['cpu_seconds'] + server:.1f} s" if server is not None
                 else "(the server is not on this machine: its CPU is not counted)"))
        if args.reimport:
            print(f"{'re-import s':16}   {fast['reimport_seconds']:12.1f} {neo['reimport_seconds']:12.1f}")
        print(f"{'client peak MB':16}   {fast['peak_rss_mb']:12,.0f} {neo['peak_rss_mb']:12,.0f}")
        print(f"totals equal: {fast['totals'] == neo['totals']} ({neo['totals']})")
        print(f"audit verifies on neo4j: {neo['audit_ok']}")


def _print_offline(fast: dict, off: dict, size: str) -> None:
    steps = off["seconds"]
    files, importer, schema = steps["files"], steps["importer"], steps["constraints + indexes"]
    load = files + importer + schema
    total = fast["seconds"] + load
    print(f"first load into an empty Neo4j (offline importer), seconds, wall:")
    print(f"  pipeline into the embedded store (validation, rejects, audit) : {fast['seconds']:8.1f}")
    print(f"  the store as the importer's files ({off['rows']:,} rows)      : {files:8.1f}")
    print(f"  neo4j-admin database import full (JVM included)           : {importer:8.1f}  {off['counts']}")
    print(f"  server start (the launcher; not part of the load)         : {steps['server start']:8.1f}")
    print(f"  constraints and the nodes' indexes online                 : {schema:8.1f}")
    print(f"  the load into Neo4j (files + importer + those indexes)    : {load:8.1f}  (reads from here on)")
    if "relationship indexes" in steps:
        print(f"  then the relationship indexes online (the first write waits): {steps['relationship indexes']:6.1f}"
              f"  (load + these {load + steps['relationship indexes']:.1f})")
    print(f"  CPU (user+sys) of the load and the server's start          : {off['cpu_seconds']:8.1f}")
    print(f"  Neo4j holds {off['nodes']:,} nodes and {off['rels']:,} relationships; audit verifies: {off['audit_ok']} "
          f"({off['audit_seconds']:.1f} s)")
    mark = goal(total, 60, " s") if size == "benchmark" else "(<= 60 s at benchmark size)"
    print(f"  pipeline + load into Neo4j, from CSV: {mark}")
    print(f"  the load alone after the pipeline   : {goal(load, 60, ' s') if size == 'benchmark' else f'{load:.1f} s'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-import":
        child_import(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-offline":
        child_offline(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-export":
        child_export(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-raw":
        child_raw(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-naive":
        child_naive(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
