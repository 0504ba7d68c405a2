"""Two layouts of ENGAGED_ON's public history, timed on a copy of a built store: the text the
model keeps (days separated by a space, split in the query) against DATE[] / INT64[] lists on a
node table of their own, joined by the relationship's id or scanned alone.

    python -m benchmarks.ladybug_history_layouts --store /tmp/cg-bench [--issue i-transportation] [--as-of 2025-06-01]

The store is copied to a temporary folder first (the node table is written there, never into the
store). Prints the node table's COPY and COMMIT times, then each query's wall times (4 runs) and
its answer (rows, days counted): the answers must agree. docs/queries.md cites a run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

VISIBLE = ["public", "internal", "confidential"]
QUERIES = {
    "text on ENGAGED_ON": "WITH $asof_text AS asof MATCH (c:Contact)-[e:ENGAGED_ON]->(top:Issue {id: $issue}) "
                          "WHERE c.confidentiality IN $visible AND e.confidentiality IN $visible "
                          "RETURN count(*), sum(coalesce(size(list_filter(string_split(e.days_public, ' '), "
                          "item -> item <= asof)), 0))",
    "lists on a node, joined": "WITH $asof AS asof MATCH (c:Contact)-[e:ENGAGED_ON]->(top:Issue {id: $issue}) "
                               "WHERE c.confidentiality IN $visible AND e.confidentiality IN $visible "
                               "MATCH (h:History {id: e.id}) "
                               "RETURN count(*), sum(coalesce(size(list_filter(h.days, item -> item <= asof)), 0))",
    "lists on a node, scanned": "WITH $asof AS asof MATCH (h:History) WHERE ends_with(h.id, $suffix) "
                                "RETURN count(*), sum(coalesce(size(list_filter(h.days, item -> item <= asof)), 0))",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--issue", default="i-transportation")
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2025, 6, 1))
    args = ap.parse_args()

    import ladybug
    import pyarrow as pa
    import pyarrow.compute as pc

    with tempfile.TemporaryDirectory(prefix="cg-layouts-") as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(args.store, copy)
        conn = ladybug.Connection(ladybug.Database(str(copy / "graph.lbug")))
        table = conn.execute("MATCH ()-[e:ENGAGED_ON]->() RETURN e.id AS id, e.days_public AS d, "
                             "e.upto_public AS u").get_as_arrow(2_000_000)
        lists = pa.table({"id": table["id"],
                          "days": pc.cast(pc.split_pattern(table["d"], " "), pa.list_(pa.date32())),
                          "upto": pc.cast(pc.split_pattern(table["u"], " "), pa.list_(pa.int64()))})
        conn.execute("CREATE NODE TABLE History(id STRING, days DATE[], upto INT64[], PRIMARY KEY (id))")
        start = time.perf_counter()
        conn.execute("BEGIN TRANSACTION")
        conn.execute("COPY History FROM $df", {"df": lists})
        copied = time.perf_counter()
        conn.execute("COMMIT")
        print(f"node table History, {lists.num_rows:,} rows: COPY {copied - start:.1f} s, "
              f"COMMIT {time.perf_counter() - copied:.1f} s")
        params = {"issue": args.issue, "visible": VISIBLE, "asof": args.as_of, "asof_text": args.as_of.isoformat(),
                  "suffix": f">{args.issue}"}
        for name, text in QUERIES.items():
            wanted = {k: v for k, v in params.items() if f"${k}" in text}
            times, answer = [], None
            for _ in range(4):
                start = time.perf_counter()
                answer = conn.execute(text, wanted).get_next()
                times.append(round((time.perf_counter() - start) * 1000))
            print(f"{name:26} ms {times}  rows, days counted: {answer[0]:,}, {int(answer[1]):,}")


if __name__ == "__main__":
    main()
