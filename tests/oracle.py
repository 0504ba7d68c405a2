"""A Neo4j-dialect oracle for tests: ocg, an in-memory openCypher engine.

It is not a store (in memory, no transactions); it only lets the test suite run
every named query's Neo4j text on the same data as the embedded engine and
compare the answers. ocg does not take dates as parameters, so dates travel as
ISO strings, which compare in the same order.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph import dialect
from graph.store.base import Row, Store, Transaction


def _iso(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_iso(v) for v in value]
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    return value


class OcgOracle(Store):
    engine = dialect.NEO4J
    location = "ocg (in memory)"

    def __init__(self) -> None:
        import ocg

        self.graph = ocg.Graph()

    def schema_statements(self) -> list[str]:
        return []

    def ensure_schema(self) -> None:
        pass

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self.graph.execute(cypher, _iso(params or {}))

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        yield _OcgTx(self)

    def close(self) -> None:
        pass


class _OcgTx(Transaction):
    def __init__(self, oracle: OcgOracle) -> None:
        self.oracle = oracle

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return self.oracle.query(cypher, params)


def comparable(rows: list[Row]) -> list[dict[str, Any]]:
    """Rows with dates as ISO strings and floats rounded, sorted: engine-neutral."""

    def norm(v: Any) -> Any:
        v = _iso(v)
        if isinstance(v, float):
            return round(v, 6)
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v

    out = [{k: norm(v) for k, v in r.items()} for r in rows]
    return sorted(out, key=lambda r: repr(sorted(r.items())))
