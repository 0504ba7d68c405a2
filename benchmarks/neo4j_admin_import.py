"""Neo4j's engine limit for a first load: the offline importer on the same graph, for comparison.

``neo4j-admin database import full`` (the importer shipped in the server artifacts that
neo4j/pom.xml fetches) writes a new, offline database straight from CSV files. This runs it on
a region's canonical tables turned into the importer's CSV layout (one file per node table, one
per relationship table, relationship types from the same kinds as the pipeline), with no
validation and every property as text: a reference point like the embedded engine's raw COPY,
not a way to import. Prints the time to write the files, the importer's own time (the JVM
included) and its counts.

    python benchmarks/neo4j_admin_import.py --csv /tmp/civicgraph-benchmark-csv
    python benchmarks/neo4j_admin_import.py --size medium        # generated if missing
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "neo4j" / "target" / "lib"


def write_import_files(csv_folder: Path, out: Path) -> list[str]:
    """The importer's --nodes / --relationships arguments for the tables in ``csv_folder``."""
    from ingest.formats import DERIVED, ENDPOINTS, TABLES
    from ingest.import_writes import _rel_types

    out.mkdir(parents=True, exist_ok=True)
    args: list[str] = []
    frames = {t.name: pd.read_csv(csv_folder / f"{t.name}.csv", dtype=str, keep_default_na=False)
              for t in TABLES if (csv_folder / f"{t.name}.csv").exists()}
    for spec in TABLES:
        frame = frames.get(spec.name)
        if frame is None:
            continue
        if spec.node:
            path = out / f"{spec.name}.csv"
            frame.rename(columns={"id": "id:ID"}).to_csv(path, index=False)
            args.append(f"--nodes={spec.node}={path}")
            for (label, column), (rel_type, _target) in DERIVED.items():
                if label != spec.node or column not in frame.columns:
                    continue
                pairs = frame[["id", column]][frame[column] != ""]
                pairs = pairs.assign(**{column: pairs[column].str.split(";")}).explode(column)
                pairs = pairs[pairs[column].str.strip() != ""]
                rels = pd.DataFrame({":START_ID": pairs["id"], ":END_ID": pairs[column].str.strip()})
                path = out / f"{spec.name}-{column}.csv"
                rels.to_csv(path, index=False)
                args.append(f"--relationships={rel_type}={path}")
        else:
            a, b = ENDPOINTS[spec.name]
            rels = frame.rename(columns={a: ":START_ID", b: ":END_ID"})
            rels[":TYPE"] = _rel_types(spec.name, frame)
            path = out / f"{spec.name}.csv"
            rels.to_csv(path, index=False)
            args.append(f"--relationships={path}")
    return args


def run_importer(args: list[str], home: Path, heap: str) -> tuple[float, str]:
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(f"server.directories.data={home / 'data'}\n")
    java = Path(os.environ.get("JAVA_HOME") or "/usr/lib/jvm/java-17-openjdk-amd64") / "bin" / "java"
    cmd = [str(java), f"-Xmx{heap}", "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool", "database", "import", "full",
           *args, "--overwrite-destination", "--threads=2", f"--report-file={home / 'import.report'}", "neo4j"]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"the importer failed:\n{done.stdout[-3000:]}")
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="benchmark", choices=["demo", "medium", "benchmark"])
    parser.add_argument("--csv", help="folder of the region's CSV files (generated if missing)")
    parser.add_argument("--heap", default="2g", help="the importer's JVM heap")
    args = parser.parse_args()
    if not LIB.is_dir():
        sys.exit("neo4j/target/lib is missing: run `make neo4j` once (it builds the Maven module)")
    csv_folder = Path(args.csv or Path(tempfile.gettempdir()) / f"civicgraph-{args.size}-csv")
    if not (csv_folder / "interactions.csv").exists():
        from ingest.demo import write_region

        write_region(csv_folder, size=args.size)
    work = Path(tempfile.mkdtemp(prefix="civicgraph-admin-import-"))
    try:
        started = time.perf_counter()
        files = write_import_files(csv_folder, work / "in")
        written = time.perf_counter() - started
        seconds, log = run_importer(files, work / "home", args.heap)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = re.findall(r"^\s+(\d+) (nodes|relationships|properties)\s*$", log, flags=re.M)
    own = re.search(r"IMPORT DONE in ([^.]+)\.", log)
    print(f"importer CSV written     : {written:.1f} s")
    print(f"neo4j-admin import full  : {seconds:.1f} s wall, JVM start included ({own.group(1) if own else '?'} "
          f"by its own clock)")
    print(f"imported                 : {', '.join(f'{int(n):,} {k}' for n, k in counts)}")
    print(f"total                    : {written + seconds:.1f} s (an offline, empty database; no validation)")


if __name__ == "__main__":
    main()
