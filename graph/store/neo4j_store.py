"""The production store: Neo4j through the official driver.

The driver is passed in (or built from settings by :func:`graph.store.open_store`),
never created at import. Reads are routed as reads; results are turned into
plain Python values so both engines answer alike.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd

from graph import dialect
from graph.errors import StoreError
from graph.store import neo4j_bulk
from graph.store.base import Row, Store, Transaction, rows_from_columns


# a read text's rows come back as one record from its second run on (see Neo4jStore.query), if its first
# run gave at most this many rows (the server collects them in its heap); the texts remembered at most
ONE_RECORD_MAX_ROWS = 200_000
ONE_RECORD_TEXTS = 1_000
# how long opening a store waits for new indexes to come online (the benchmark region from cold: minutes)
SCHEMA_WAIT_SECONDS = 1800


class Neo4jStore(Store):
    engine = dialect.NEO4J

    def __init__(self, driver, database: str | None = None, *, read_only: bool = False) -> None:
        self._driver = driver
        self.database = database
        self.read_only = read_only
        self.location = f"neo4j database {database or '(default)'}"
        # read text -> its columns and those that held dates (one record from now on), or None (a text
        # that cannot be wrapped)
        self._one_record: dict[str, tuple[list[str], list[str]] | None] = {}
        self._populating = False  # relationship indexes still being built: the first write waits for them
        if not read_only:
            self.ensure_schema()

    def schema_statements(self) -> list[str]:
        return dialect.neo4j_schema()

    def ensure_schema(self) -> None:
        """Create the constraints and indexes not there yet, all in one transaction, and wait until
        those on nodes are online. The relationship indexes (by id) come online in the background:
        reads do not use them and do not wait; the first write does (:meth:`_writes_wait`), since
        later imports find relationships by id through them. After an offline first load of the
        benchmark region they take 16 of the 21 s that indexing the whole graph takes."""
        from neo4j.exceptions import Neo4jError

        present = {r["name"] for show in ("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")
                   for r in self._driver.execute_query(show, database_=self.database).records}
        missing = [s for s in self.schema_statements() if dialect.neo4j_schema_name(s) not in present]
        try:
            if missing:
                # Schema commands may share a transaction (but not one that writes data): one commit instead
                # of one per statement, each waiting for its own index; the server populates them together
                with self._driver.session(database=self.database) as session:
                    with session.begin_transaction() as tx:
                        for stmt in missing:
                            tx.run(stmt).consume()
                        tx.commit()
            waiting = self._driver.execute_query(
                "SHOW INDEXES YIELD name, entityType, state WHERE state <> 'ONLINE' RETURN name, entityType",
                database_=self.database).records
            with self._driver.session(database=self.database) as session:
                for r in waiting:
                    if r["entityType"] == "NODE":
                        session.run("CALL db.awaitIndex($name, $seconds)", name=r["name"],
                                    seconds=SCHEMA_WAIT_SECONDS).consume()
            self._populating = any(r["entityType"] != "NODE" for r in waiting)
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused CivicGraph's constraints and indexes ({len(missing)} to create"
                             + (f", first {dialect.neo4j_schema_name(missing[0])}" if missing else "")
                             + f"): {exc.message}; a uniqueness constraint fails on duplicate ids already in "
                             "the database") from None

    def indexes_online(self) -> None:
        """Wait until every index is online (the relationship indexes a first open left populating)."""
        from neo4j.exceptions import Neo4jError

        try:
            with self._driver.session(database=self.database) as session:
                session.run("CALL db.awaitIndexes($seconds)", seconds=SCHEMA_WAIT_SECONDS).consume()
        except Neo4jError as exc:
            raise StoreError(f"Neo4j could not bring CivicGraph's indexes online: {exc.message}") from None
        self._populating = False

    def _writes_wait(self) -> None:
        """Before a write: the read-only refusal, and the relationship indexes online (a MERGE or a
        lookup by relationship id without them reads every relationship of its type)."""
        if self.read_only:
            raise StoreError("this Neo4j store was opened read-only; the command cannot write")
        if self._populating:
            self.indexes_online()

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Rows as plain dicts. A text run before (a named query, with new parameters) comes back as
        one record holding every row (dialect.neo4j_one_record): far less work for the driver."""
        return self._answer(cypher, params)[1]

    def query_df(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """As the embedded engine gives it: the columns even with no row, dates as ``datetime64``."""
        keys, rows = self._answer(cypher, params)
        frame = pd.DataFrame(rows, columns=keys)
        for name in _date_columns(rows, keys):
            frame[name] = pd.to_datetime(frame[name]).astype("datetime64[us]")
        return frame

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None):
        """The columns even with no row; dates as ``date32`` (as the embedded engine gives them)."""
        import pyarrow as pa

        keys, rows = self._answer(cypher, params)
        return pa.table({k: [r[k] for r in rows] for k in keys}) if keys else pa.table({})

    def _answer(self, cypher: str, params: dict[str, Any] | None) -> tuple[list[str], list[Row]]:
        from neo4j.exceptions import Neo4jError

        known = self._one_record.get(cypher)
        if known:
            columns, dates = known
            try:
                records, _ = self._read(dialect.neo4j_one_record(cypher, columns, dates), params)
                return columns, _rows_of_columns([records[0][f"c{i}"] for i in range(len(columns))], columns, dates)
            except Neo4jError:  # e.g. the server's transaction memory for a text that now returns far more rows
                self._one_record[cypher] = None
        try:
            records, keys = self._read(cypher, params)
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused a query: {exc.message}") from None
        keys = list(keys)
        rows = [{k: _native(r[k]) for k in keys} for r in records]
        if cypher not in self._one_record and keys and len(rows) <= ONE_RECORD_MAX_ROWS:
            if len(self._one_record) >= ONE_RECORD_TEXTS:
                self._one_record.clear()
            self._one_record[cypher] = (keys, _date_columns(rows, keys))
        return keys, rows

    def _read(self, cypher: str, params: dict[str, Any] | None) -> tuple[list, list[str]]:
        from neo4j import RoutingControl

        records, _, keys = self._driver.execute_query(
            cypher, params or {}, database_=self.database, routing_=RoutingControl.READ
        )
        return records, keys

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        self._writes_wait()
        with self._driver.session(database=self.database) as session:
            tx = session.begin_transaction()
            try:
                yield _Neo4jTransaction(tx)
            except BaseException:
                tx.rollback()
                raise
            else:
                from neo4j.exceptions import Neo4jError

                try:
                    tx.commit()
                except Neo4jError as exc:
                    raise StoreError(f"Neo4j refused to commit: {exc.message}") from None

    def erase_all(self) -> None:
        """Delete every node and relationship, in batches (one transaction would outgrow the
        server's transaction memory). For test and benchmark servers: nothing is audited."""
        self._writes_wait()
        with self._driver.session(database=self.database) as session:
            # relationships first: one DETACH DELETE of a busy issue (200,000 interactions about it
            # in the medium region) is one inner transaction and exceeded a 1.5 GiB heap's pool
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def graph_algorithms(self):
        """GDS inside this server when it has the plugin, else None (the Python fast path)."""
        if not hasattr(self, "_algorithms"):
            from graph.store.gds import GdsAlgorithms

            self._algorithms = GdsAlgorithms.available(self._driver, self.database)
        return self._algorithms

    # -- bulk loading: batched UNWIND ... CREATE, the unique constraints guard the keys ----
    def bulk_create_nodes(self, label: str, frame: pd.DataFrame) -> None:
        """Create nodes whose ids do not exist yet, in big batches sent by a few sessions at
        once, with one audit entry for the whole load (as the embedded COPY does): neo4j_bulk."""
        if frame.empty:
            return
        self._writes_wait()
        if frame["id"].duplicated().any():
            raise StoreError(f"bulk load of {label}: duplicate ids in the batch")
        stmt = dialect.create_nodes(label, list(frame.columns))
        neo4j_bulk.load(self, self._driver, self.database, stmt, frame, neo4j_bulk.NODE_BATCH, label,
                        lambda: frame["id"].astype(str).tolist())

    def bulk_create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        self._writes_wait()
        props = [c for c in frame.columns if c not in ("from_id", "to_id")]
        stmt = dialect.create_rels(rel_type, from_label, to_label, props)
        neo4j_bulk.load(self, self._driver, self.database, stmt, frame, neo4j_bulk.REL_BATCH,
                        f"{rel_type} ({from_label} to {to_label})",
                        lambda: frame["id"].astype(str).tolist() if "id" in frame.columns else [])

    def close(self) -> None:
        self._driver.close()


class _Neo4jTransaction(Transaction):
    def __init__(self, tx) -> None:
        self._tx = tx

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        from neo4j.exceptions import Neo4jError

        try:
            result = self._tx.run(cypher, params or {})
            return [{k: _native(v) for k, v in rec.items()} for rec in result]
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused a query: {exc.message}") from None


def _date_columns(rows: list[dict], keys) -> list[str]:
    """The columns whose values in ``rows`` are all dates (or NULL), at least one: the one-record form
    sends these as ISO text, which the client reads in ~0.1 µs a date (the driver makes one in ~8 µs)."""
    return [k for k in keys if any(type(r[k]) is dt.date for r in rows)
            and all(r[k] is None or type(r[k]) is dt.date for r in rows)]


def _rows_of_columns(values: list[list], columns: list[str], dates: list[str]) -> list[Row]:
    """The one record's columns as rows (dicts), the date columns read back from their ISO text. The
    server sends only dates as text (``IS :: DATE``), so any other value stays as it came, except a
    string that is an ISO date in a column that held only dates before (a named query keeps one type
    per column). A column of plain values (most) is taken as it is: one set of its types is checked."""
    out = []
    for name, column in zip(columns, values):
        if name in dates:
            column = [_date_or_text(v) if type(v) is str else _native(v) for v in column]
        elif not set(map(type, column)) <= _PLAIN:
            column = [_native(v) for v in column]
        out.append(column)
    return rows_from_columns(out, columns)


def _date_or_text(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _native(value: Any) -> Any:
    """neo4j.time values to datetime ones, recursively through lists and maps."""
    if hasattr(value, "to_native"):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})  # nothing to convert
