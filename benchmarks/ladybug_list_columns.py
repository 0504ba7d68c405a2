"""How fast Ladybug writes list columns: a COPY into a new table, then its COMMIT, timed apart.

    python benchmarks/ladybug_list_columns.py --rows 200000 --kind date          # relationship table, six DATE[]
    python benchmarks/ladybug_list_columns.py --rows 200000 --kind date --node   # the same on a node table
    python benchmarks/ladybug_list_columns.py --rows 1000000 --kind text         # six STRING columns ("d1;d2;...")

Why it exists: the daily engagement history kept as lists on ENGAGED_ON (2026-12-03) spent minutes
in COMMIT at the benchmark size. This isolates the engine's part from CivicGraph's
(docs/import-format.md, "The daily history as lists on ENGAGED_ON"). Each row gets six lists of six items.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import ladybug
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ITEMS = 6
COLUMNS = 6
TYPES = {"none": None, "date": "DATE[]", "int": "INT64[]", "text": "STRING"}


def _lists(kind: str, rows: int) -> pa.Array:
    offsets = pa.array(np.arange(0, (rows + 1) * ITEMS, ITEMS, dtype=np.int32))
    values = np.arange(rows * ITEMS, dtype=np.int32) % 2000 + 18000
    if kind == "int":
        return pa.ListArray.from_arrays(offsets, pa.array(values.astype(np.int64)))
    days = pa.ListArray.from_arrays(offsets, pa.array(values, type=pa.date32()))
    return days if kind == "date" else pc.binary_join(days.cast(pa.list_(pa.string())), ";")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--kind", choices=sorted(TYPES), default="date")
    parser.add_argument("--node", action="store_true", help="a node table instead of a relationship table")
    args = parser.parse_args()
    rows, typ = args.rows, TYPES[args.kind]
    extra = "".join(f", l{i} {typ}" for i in range(COLUMNS)) if typ else ""
    with tempfile.TemporaryDirectory() as folder:
        conn = ladybug.Connection(ladybug.Database(str(Path(folder) / "g.lbug")))
        columns: dict[str, pa.Array] = {}
        if args.node:
            conn.execute(f"CREATE NODE TABLE H(id STRING PRIMARY KEY, n INT64{extra})")
            columns["id"] = pa.array([f"h{i}" for i in range(rows)])
        else:
            conn.execute("CREATE NODE TABLE A(id STRING PRIMARY KEY)")
            conn.execute("CREATE NODE TABLE B(id STRING PRIMARY KEY)")
            conn.execute(f"CREATE REL TABLE H(FROM A TO B, n INT64{extra})")
            a = pa.table({"id": [f"a{i}" for i in range(rows // 10 + 1)]})  # noqa: F841 (COPY reads it by name)
            b = pa.table({"id": [f"b{i}" for i in range(10)]})  # noqa: F841
            conn.execute("COPY A FROM a")
            conn.execute("COPY B FROM b")
            columns["from"] = pa.array([f"a{i // 10}" for i in range(rows)])
            columns["to"] = pa.array([f"b{i % 10}" for i in range(rows)])
        columns["n"] = pa.array(np.ones(rows, dtype=np.int64))
        for i in range(COLUMNS if typ else 0):
            columns[f"l{i}"] = _lists(args.kind, rows)
        batch = pa.table(columns)  # noqa: F841 (COPY reads it by name)
        started = time.perf_counter()
        conn.execute("BEGIN TRANSACTION")
        conn.execute("COPY H FROM batch")
        copied = time.perf_counter()
        conn.execute("COMMIT")
        done = time.perf_counter()
    where = "node" if args.node else "relationship"
    print(f"{where} table, {rows:,} rows, six {typ or 'no list'} columns: COPY {copied - started:.1f} s, "
          f"COMMIT {done - copied:.1f} s")


if __name__ == "__main__":
    main()
