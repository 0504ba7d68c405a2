"""How fast a named query could be on this Neo4j server: its answer's own cost, against its p95.

For each query and each of bench_queries' parameter sets (the same seeded sets), three times are
taken on the server's and the client's clocks:

- **as run**: the query as bench_queries runs it (``queries.run``: a ``// run: each branch`` query's
  branches side by side), client wall time; and **server**: the server's own part
  (``result_available_after`` + ``result_consumed_after``) of its statements, each in its one-record
  form, one after the other;
- **values**: each branch with its ``RETURN`` turned into one count of every value of the answer
  (``RETURN count(a) + count(b) + ...``, no ORDER BY / LIMIT; that count is the number of values
  in the answer that are not NULL, a test checks it): the server must read and compute each value
  once to answer at all, and here it sends one number instead. Server time;
- **receive**: the client's part of the run as is (its wall minus the server's part: the
  answer on the wire, unpacked by the driver) plus turning the columns into rows.

``values + receive`` is the floor this engine gives the answer on this machine: what any text of
the query would cost that returns the same rows. Printed per query: p50 / p95 of each, and whether
the floor's p95 alone is over the 200 ms goal.

    python benchmarks/neo4j_floor.py --store bolt://127.0.0.1:7687 engagement_as_of stances_on_issue
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import queries  # noqa: E402
from benchmarks.bench_queries import GOAL_MS, VIEWER, _p95, param_sets  # noqa: E402
from benchmarks.query_costs import _BRANCH  # noqa: E402
from graph import dialect  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.store.base import rows_from_columns  # noqa: E402

_TAIL = re.compile(r"\s+(ORDER BY|LIMIT|SKIP)\s", re.IGNORECASE)


def top_level(text: str, sep: str = ",") -> list[str]:
    """``text`` split at ``sep`` outside brackets and quotes.

    >>> top_level("a.id AS x, coalesce(a.n, 0) AS n, [1, 2] AS l, 'a, b' AS s")
    ['a.id AS x', ' coalesce(a.n, 0) AS n', ' [1, 2] AS l', " 'a, b' AS s"]
    """
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


def counted(branch: str) -> str:
    """The branch with its last RETURN made one count of every value it returns.

    >>> counted("MATCH (c:Contact) RETURN c.id AS id, 'Contact' AS label, c.name AS name ORDER BY id LIMIT $k")
    "MATCH (c:Contact) RETURN count(c.id) + count('Contact') + count(c.name) AS `values`"
    """
    head, _, tail = branch.rpartition("RETURN ")
    tail = _TAIL.split(tail, maxsplit=1)[0]
    values = [re.split(r"\s+AS\s+", item.strip(), flags=re.IGNORECASE)[0].strip() for item in top_level(tail)]
    return f"{head}RETURN {' + '.join(f'count({v})' for v in values)} AS `values`"


def server_ms(session, text: str, params: dict) -> tuple[float, list]:
    result = session.run(text, params)
    records = list(result)
    summary = result.consume()
    return float(summary.result_available_after + summary.result_consumed_after), records


def measure(store, name: str, sets: list[dict]) -> dict[str, list[float]]:
    """Per parameter set: the query as bench_queries runs it (client wall), and, over its statements
    one after the other, the server's part, the values' count and the client's receiving."""
    query = queries.get(name)
    out: dict[str, list[float]] = {"as run": [], "server": [], "values": [], "receive": []}
    with store._driver.session(database=store.database) as session:
        for n, params in enumerate(sets):
            for repeat in range(3 if n == 0 else 1):  # the first set thrice: plans made, one-record form known
                started = time.perf_counter()
                queries.run(store, name, VIEWER, **params)
                as_run = (time.perf_counter() - started) * 1000
                bound = {**query.bind(params), **queries.supplied(VIEWER)}
                server = values = receive = 0.0
                for text, used in query.reads(store.engine, bound):
                    columns, dates = store._one_record[text]  # as the store learnt them on the first run
                    started = time.perf_counter()
                    ms, records = server_ms(session, dialect.neo4j_one_record(text, columns, dates), used)
                    rows_from_columns([records[0][f"c{i}"] for i in range(len(columns))], columns)
                    took = (time.perf_counter() - started) * 1000
                    server, receive = server + ms, receive + took - ms
                    values += sum(server_ms(session, counted(branch.strip()), used)[0]
                                  for branch in _BRANCH.split(text))
                if n or repeat > 1:
                    for key, value in (("as run", as_run), ("server", server), ("values", values),
                                       ("receive", receive)):
                        out[key].append(value)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="+", help="named queries")
    ap.add_argument("--store", required=True, help="a Neo4j URI (bolt://...) holding the benchmark region")
    ap.add_argument("--runs", type=int, default=10, help="parameter sets per query (bench_queries' seeded sets)")
    args = ap.parse_args()
    store = open_store(args.store)
    if store.engine != dialect.NEO4J:
        sys.exit("--store must be a Neo4j URI: the floor is taken on the server's own clock")
    sets = param_sets(store, args.runs)
    print(f"{'p50/p95 ms':24} {'as run':>15} {'server':>15} {'values':>15} {'receive':>15} {'floor p95':>10}  "
          f"over {GOAL_MS} ms")
    for name in args.names:
        got = measure(store, name, sets[name])
        floor = [v + r for v, r in zip(got["values"], got["receive"])]
        cells = " ".join(f"{statistics.median(got[k]):8.0f}/{_p95(got[k]):<6.0f}" for k in ("as run", "server", "values",
                                                                                            "receive"))
        print(f"{name:24} {cells} {_p95(floor):10.0f}  {'yes' if _p95(floor) > GOAL_MS else 'no'}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
