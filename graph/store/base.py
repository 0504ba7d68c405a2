"""The store protocol both engines implement, and what they share.

A store runs Cypher with ``$parameters`` and returns plain rows (dicts of
strings, numbers, dates, lists), never engine objects, so both engines give the
same answers. Writes go through :meth:`Store.write`, which runs a list of
statements in one transaction, appends their audit entries (graph/audit.py) and
bumps the data version (the analytics cache key) in the same transaction.
"""
from __future__ import annotations

import abc
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Union

import pandas as pd

from graph import audit as au
from graph import dialect
from graph import model as m
from graph.model import META_LABEL

Row = dict[str, Any]
Statement = tuple[str, dict[str, Any]]
READ_FORMS = {"rows": "query", "frame": "query_df", "arrow": "query_arrow"}  # Store.query_each's forms
# what a write is audited with: entries, or a function that reads the "before" values
# inside the write's own transaction and returns the entries
Audit = Union[au.Change, list[au.Change], Callable[["Transaction"], list[au.Change]], None]


class Store(abc.ABC):
    """One graph database. Subclasses: EmbeddedStore (Ladybug), Neo4jStore."""

    engine: str
    location: str
    read_only: bool = False
    # an engine whose bulk load is one COPY from Arrow, with results that come out as Arrow fast (Ladybug):
    # an import holds a big file's new relationships for one COPY per kind, and derived tables (ENGAGED_ON)
    # are computed in Python from edge lists and copied in, rather than rebuilt by Cypher in the database
    copies_in_bulk: bool = False

    # -- the three primitives each engine implements -----------------------
    @abc.abstractmethod
    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run a read query; rows as dicts keyed by the RETURN column names."""

    @abc.abstractmethod
    @contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """A write transaction: commits on leaving the block, rolls back on an exception."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def release_memory(self) -> bool:
        """Give back memory an engine holds for what was written (embedded: reopen); True if it did."""
        return False

    def graph_algorithms(self):
        """Where the analytics refresh runs PageRank, betweenness and Louvain: None for the
        Python fast path; Neo4j with Graph Data Science answers with its own (graph/store/gds.py)."""
        return None

    # -- shared behaviour -------------------------------------------------
    def query_df(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        rows = self.query(cypher, params)
        return pd.DataFrame(rows)

    def query_each(self, reads: list[Statement], *, form: str = "rows") -> list:
        """Several reads' answers (``(cypher, params)`` each), in their order: rows, or with ``form``
        "frame" DataFrames, "arrow" Arrow tables. Read side by side, on as many threads as cores,
        made for the call, each with its own connection (session): a thread takes the next read
        when it is done, so put the longest first. Each engine runs a statement on one core, so a
        query sent as its ``UNION ALL`` branches (queries: ``// run: each branch``) takes about its
        longest branch instead of their sum. The threads end with the call: a command stays
        single-threaded between reads, so it may still fork (graph/forking.py)."""
        if form not in READ_FORMS:
            raise ValueError(f"form must be one of {', '.join(READ_FORMS)}, not {form!r}")
        read = getattr(self, READ_FORMS[form])
        workers = min(len(reads), os.cpu_count() or 1)
        if workers < 2:
            return [read(cypher, params) for cypher, params in reads]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="civicgraph-read") as pool:
            pending = [pool.submit(self._read_aside, cypher, params, form) for cypher, params in reads]
            return [f.result() for f in pending]

    def _read_aside(self, cypher: str, params: dict[str, Any] | None, form: str):
        """One of :meth:`query_each`'s reads, on a thread made for it."""
        return getattr(self, READ_FORMS[form])(cypher, params)

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None):
        """A read's rows as a ``pyarrow.Table`` (an engine that returns Arrow natively skips Python
        objects per cell: the analytics refresh reads a million participations this way)."""
        import pyarrow as pa

        return pa.Table.from_pandas(self.query_df(cypher, params), preserve_index=False)

    def write(self, statements: Iterable[Statement], *, audit: Audit = None) -> None:
        """Run statements in one transaction, with their audit entries and a new data version.

        ``audit``: the :class:`graph.audit.Change` entries describing the change, or a
        function ``(tx) -> [Change]`` run first inside the transaction (to read the
        values before the change). Without it, statements are recorded as a generic
        ``write`` entry, so no change goes unlogged. The user is the one set with
        :func:`graph.audit.acting_as` unless an entry names its own.
        """
        statements = list(statements)
        version = _new_version()
        with self.transaction() as tx:
            changes = _changes(audit, tx, statements)
            for cypher, params in statements:
                tx.run(cypher, params)
            if changes:
                append_audit(tx, changes)
            tx.run(
                f"MERGE (v:{META_LABEL} {{key: 'data_version'}}) SET v.value = $value",
                {"value": version},
            )
        self.last_written = version  # the last write that committed whole (a failed one never gets here)

    def data_version(self) -> str:
        rows = self.query(f"MATCH (v:{META_LABEL} {{key: 'data_version'}}) RETURN v.value AS value")
        return rows[0]["value"] if rows else "empty"

    def ensure_schema(self) -> None:
        """Create tables / constraints / indexes that do not exist yet."""
        statements = self.schema_statements()
        with self.transaction() as tx:
            for stmt in statements:
                tx.run(stmt, {})

    @abc.abstractmethod
    def schema_statements(self) -> list[str]: ...

    def counts(self, visible: list[str] | None = None) -> m.GraphStats:
        """Records by kind: all of them, or only those a viewer who sees ``visible`` levels may see
        (a relationship counts when it and both its ends are visible)."""
        stats = m.GraphStats()
        if visible is None:
            node_q, rel_q = "MATCH (n:{}) RETURN count(n) AS n", "MATCH ()-[r:{}]->() RETURN count(r) AS n"
        else:
            node_q = "MATCH (n:{}) WHERE n.confidentiality IN $visible RETURN count(n) AS n"
            rel_q = ("MATCH (a)-[r:{}]->(b) WHERE r.confidentiality IN $visible AND a.confidentiality IN $visible "
                     "AND b.confidentiality IN $visible RETURN count(r) AS n")
        params = {"visible": visible} if visible is not None else None
        for node in m.NODES:
            stats.nodes[node.label] = self.query(node_q.format(node.label), params)[0]["n"]
        for rel in m.RELS:
            stats.relationships[rel.type] = self.query(rel_q.format(rel.type), params)[0]["n"]
        return stats

    def existing(self, label: str, ids: list[str], props: list[str]) -> dict[str, Row]:
        """The stored values of ``props`` for those of ``ids`` that exist (batched)."""
        m.NODE_BY_LABEL[label]
        ret = "".join(f", n.{p} AS {p}" for p in props)
        out: dict[str, Row] = {}
        for chunk in _chunks(ids, 5000):
            for row in self.query(
                f"UNWIND $ids AS k MATCH (n:{label} {{id: k}}) RETURN n.id AS id{ret}", {"ids": chunk}
            ):
                out[row["id"]] = row
        return out

    def labels_of(self, ids: list[str], labels: Iterable[str]) -> dict[str, str]:
        """Which of ``labels`` each of ``ids`` has (ids are unique across node tables)."""
        found: dict[str, str] = {}
        for label in labels:
            m.NODE_BY_LABEL[label]
            for chunk in _chunks(ids, 5000):
                for row in self.query(
                    f"UNWIND $ids AS k MATCH (n:{label} {{id: k}}) RETURN n.id AS id", {"ids": chunk}
                ):
                    found[row["id"]] = label
        return found

    # -- upserts in batches (MERGE on the key) --------------------------------
    def upsert_nodes(self, label: str, frame: pd.DataFrame, *, batch: int = 2000) -> None:
        """MERGE nodes on ``id`` and SET the frame's other columns, one transaction per batch."""
        props = list(frame.columns)
        for rows in _record_chunks(frame, batch):
            self.write([(dialect.merge_nodes(label, props, _all_null(rows, props)), {"rows": rows})],
                       audit=_upsert_changes(label, rows, props, dialect.node_values(label, props)))

    def upsert_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame,
                    *, batch: int = 2000) -> None:
        """MERGE relationships on ``id`` between existing nodes; frame has from_id, to_id, id, props."""
        props = [c for c in frame.columns if c not in ("from_id", "to_id")]
        for rows in _record_chunks(frame, batch):
            stmt = dialect.merge_rels(rel_type, from_label, to_label, props, _all_null(rows, props))
            self.write([(stmt, {"rows": rows})],
                       audit=_upsert_changes(rel_type, rows, props, dialect.rel_values(rel_type, props)))

    # -- bulk loading: engines with a native bulk path override these ----
    def bulk_create_nodes(self, label: str, frame: pd.DataFrame) -> None:
        """Create nodes that do not exist yet (the caller guarantees that)."""
        self.upsert_nodes(label, frame)

    def bulk_create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        """Create relationships whose ids do not exist yet."""
        self.upsert_rels(rel_type, from_label, to_label, frame)

    def prepare_rels(self, rel_type: str, frame: pd.DataFrame) -> Any:
        """New relationships held for a later :meth:`create_prepared_rels`, in the engine's compact form
        (embedded: a typed Arrow table), so that a big import writes each type once, not per part."""
        return frame

    def create_prepared_rels(self, rel_type: str, from_label: str, to_label: str, parts: list[Any]) -> None:
        """Create the relationships of several :meth:`prepare_rels` parts in one bulk load."""
        if parts:
            self.bulk_create_rels(rel_type, from_label, to_label, pd.concat(parts, ignore_index=True))

    def replace_rels(self, rel_type: str, parts: list[tuple[str, str, pd.DataFrame]], *, audit: Audit = None) -> None:
        """Replace every relationship of a derived type with ``parts`` ((from label, to label, frame
        of from_id, to_id, id and properties), ...), in one transaction: readers see the old ones
        or the new ones. Engines with a native bulk path override it."""
        rel = m.REL_BY_TYPE[rel_type]
        statements: list[Statement] = [(f"MATCH ()-[r:{rel.type}]->() DELETE r", {})]
        for from_label, to_label, frame in parts:
            props = [c for c in frame.columns if c not in ("from_id", "to_id")]
            statements += [(dialect.create_rels(rel_type, from_label, to_label, props, _all_null(rows, props)),
                            {"rows": rows}) for rows in _record_chunks(frame, 5000)]
        self.write(statements, audit=audit)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Transaction(abc.ABC):
    @abc.abstractmethod
    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]: ...


# -- audit ---------------------------------------------------------------------

def rows_from_columns(columns: list[list], names: list[str]) -> list[Row]:
    """Rows (dicts keyed by ``names``) from one list of values per column, as both engines hand
    over a big answer. A function made for the names builds each row as a dict display: 15 ms for
    60,000 rows of 5 columns against 27 ms for ``dict(zip(names, values))``.

    >>> rows_from_columns([["c-1", "c-2"], [3, 1]], ["id", "n"])
    [{'id': 'c-1', 'n': 3}, {'id': 'c-2', 'n': 1}]
    """
    if not names:
        return []
    return list(map(_row_maker(tuple(names)), *columns))


@lru_cache(maxsize=512)
def _row_maker(names: tuple[str, ...]) -> Callable[..., Row]:
    """``(v0, v1, ...) -> {names[0]: v0, names[1]: v1, ...}``. The generated code holds only
    names made here (``_k0``, ``_v0``): the column names are values in its namespace, never code."""
    args = ", ".join(f"_v{i}" for i in range(len(names)))
    body = ", ".join(f"_k{i}: _v{i}" for i in range(len(names)))
    space: dict[str, Any] = {f"_k{i}": name for i, name in enumerate(names)}
    exec(f"def row({args}):\n    return {{{body}}}", space)  # noqa: S102 - see the docstring
    return space["row"]


def append_audit(tx: Transaction, changes: list[au.Change]) -> None:
    """Append entries to the hash chain inside ``tx`` (the caller's transaction)."""
    # Ladybug has one writer; on Neo4j two concurrent writers would both append the
    # same seq, and the unique constraint on AuditEntry.seq fails one of them (no fork).
    tx.run(f"MERGE (h:{META_LABEL} {{key: '{au.HEAD_KEY}'}}) ON CREATE SET h.value = ''")
    head = tx.run(f"MATCH (h:{META_LABEL} {{key: '{au.HEAD_KEY}'}}) RETURN h.value AS value")
    seq, prev = au.parse_head(head[0]["value"] if head else None)
    rows = au.chain(changes, seq, prev)
    for part in _chunks(rows, 5000):
        tx.run(dialect.insert_audit(), {"rows": part})
    last = rows[-1]
    tx.run(f"MATCH (h:{META_LABEL} {{key: '{au.HEAD_KEY}'}}) SET h.value = $value",
           {"value": f"{last['seq']}:{last['hash']}"})


def restore_audit(store: "Store", records: list[dict[str, Any]]) -> None:
    """Write a backed-up audit log back verbatim (same seq, times, users and hashes) into an empty log.

    The chain is not recomputed: an entry altered before the backup stays altered, and
    :func:`graph.audit.verify` still says where. Entries written afterwards chain on.
    """
    from graph.errors import StoreError

    if store.query(f"MATCH (a:{au.AUDIT_LABEL}) RETURN a.seq AS seq LIMIT 1"):
        raise StoreError("this store already has an audit log; a backed-up log can only go into an empty one")
    if not records:
        return
    rows = [{k: r[k] for k in au.FIELDS} for r in sorted(records, key=lambda r: int(r["seq"]))]
    for r in rows:
        r["seq"] = int(r["seq"])
    last = rows[-1]
    with store.transaction() as tx:
        for part in _chunks(rows, 5000):
            tx.run(dialect.insert_audit(), {"rows": part})
        tx.run(f"MERGE (h:{META_LABEL} {{key: '{au.HEAD_KEY}'}}) ON CREATE SET h.value = ''")
        tx.run(f"MATCH (h:{META_LABEL} {{key: '{au.HEAD_KEY}'}}) SET h.value = $value",
               {"value": f"{last['seq']}:{last['hash']}"})


def _changes(audit: Audit, tx: Transaction, statements: list[Statement]) -> list[au.Change]:
    if callable(audit):
        return list(audit(tx))
    if isinstance(audit, au.Change):
        return [audit]
    if audit is not None:
        return list(audit)
    if not statements:
        return []
    return [au.Change("write", "", None, {"statements": [
        {"cypher": cypher, "params": _short(params)} for cypher, params in statements]})]


def _short(params: dict[str, Any]) -> Any:
    text = au.to_json(params)
    return params if len(text) <= 2000 else text[:2000] + "…"


def _upsert_changes(name: str, rows: list[Row], props: list[str], read: str) -> Callable[[Transaction], list[au.Change]]:
    """Entries for a MERGE batch: created records in full, updated ones with the changed fields."""

    def changes(tx: Transaction) -> list[au.Change]:
        before = {r["id"]: r for r in tx.run(read, {"ids": [row["id"] for row in rows]})}
        out = []
        for row in rows:
            old = before.get(row["id"])
            if old is None:
                after = {k: v for k, v in row.items() if v is not None}
                out.append(au.Change("create", f"{name}:{row['id']}", None, after))
                continue
            diff = [p for p in props if p != "id" and p in row and not _same_value(old.get(p), row[p])]
            if diff:
                out.append(au.Change("update", f"{name}:{row['id']}",
                                     {p: old.get(p) for p in diff}, {p: row[p] for p in diff}))
        return out

    return changes


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return a == b


def _all_null(rows: list[Row], props: list[str]) -> frozenset[str]:
    return frozenset(p for p in props if all(r.get(p) is None for r in rows))


def _new_version() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _record_chunks(frame: pd.DataFrame, size: int) -> Iterator[list[Row]]:
    for start in range(0, len(frame), size):
        part = frame.iloc[start : start + size]
        yield [{k: _plain(v) for k, v in rec.items()} for rec in part.to_dict("records")]


def _plain(value: Any) -> Any:
    """pandas' missing values and timestamps as plain Python for the drivers."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def bulk_change(table: str, ids: list[str]) -> au.Change:
    """The one audit entry of a bulk load: the table, how many, and a digest of the ids."""
    return au.Change("bulk-create", table, None, {
        "count": len(ids), "ids_sha256": au.ids_digest(ids),
        "first_id": min(ids) if ids else None, "last_id": max(ids) if ids else None})
