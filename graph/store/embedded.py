"""The embedded store: Ladybug (the maintained fork of Kùzu), a database file on disk.

One ``Database`` per process and one ``Connection`` per thread (Streamlit runs
each session in its own thread). Ladybug lets only one process write: opening a
database that another process holds fails at once, and we turn that into a
:class:`StoreBusy` that says what to do, never a hang.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from graph import dialect
from graph import model as m
from graph.errors import DiskFull, StoreBusy, StoreError
from graph.files import private_dir
from graph.store.base import Row, Store, Transaction, bulk_change as _bulk_change, rows_from_columns

DB_FILE = "graph.lbug"
ARROW_CHUNK = 1_000_000  # rows per Arrow record batch of a read

_LOCK_HELD = re.compile(r"Could not set lock on file.*?(?:PID (\d+))?", re.S)
_DISK_FULL = re.compile(r"No space left on device|ENOSPC|Disk quota exceeded", re.I)
_RECOVERY_PENDING = "checkpoint recovery is pending"


class EmbeddedStore(Store):
    engine = dialect.LADYBUG
    copies_in_bulk = True

    def __init__(self, folder: str | Path, *, read_only: bool = False) -> None:
        self.folder = Path(folder).expanduser()
        self.location = str(self.folder)
        self.read_only = read_only
        path = self.folder / DB_FILE
        if read_only and not path.exists():
            raise StoreError(
                f"there is no CivicGraph database in {self.folder}; "
                'create one with "civicgraph demo" or "civicgraph import PATH"'
            )
        try:
            private_dir(self.folder)
        except OSError as exc:
            raise StoreError(f"cannot create the database folder {self.folder}: {exc.strerror or exc}; choose a "
                             "folder you can write to with --store (or CIVICGRAPH_STORE)") from None
        self._path = path
        self._db = self._open_database()
        self._local = threading.local()
        self._owners: set[int] = set()  # threads that hold a connection
        self._conns: dict[int, Any] = {}  # each live thread's connection on self._db, closed with it
        self._spare: list[Any] = []  # connections for query_each's side reads, kept between calls
        self._conns_lock = threading.Lock()
        self._write_lock = threading.RLock()
        if not read_only:
            self.ensure_schema()

    def _open_database(self):
        import ladybug  # imported here: opening a store is the only reason to load the engine

        try:
            try:
                return ladybug.Database(str(self._path), read_only=self.read_only, **_engine_options())
            except RuntimeError as exc:
                if not (self.read_only and _RECOVERY_PENDING in str(exc)):
                    raise
                # a write stopped half way (a full disk): finish the engine's recovery with a short
                # read-write open, so that reads (stats, export, backup, audit --verify) work again
                ladybug.Database(str(self._path), read_only=False, **_engine_options()).close()
                return ladybug.Database(str(self._path), read_only=True, **_engine_options())
        except (RuntimeError, OSError) as exc:
            if _DISK_FULL.search(str(exc)):
                raise DiskFull(f"the disk holding {self.folder} is full, so the database cannot be opened; free "
                               "space and run the command again") from None
            match = _LOCK_HELD.search(str(exc))
            if match:
                pid = re.search(r"PID (\d+)", str(exc))
                who = f" (process {pid.group(1)})" if pid else ""
                raise StoreBusy(
                    f"the database in {self.folder} is open for writing in another CivicGraph process{who}, "
                    "probably the dashboard. Import or edit through the dashboard's Data page, or stop "
                    "that process and try again; read-only commands (stats, query, export) work meanwhile."
                ) from None
            raise StoreError(f"could not open the database in {self.folder}: {exc}") from None

    # -- connections ----------------------------------------------------------
    def _conn(self):
        import ladybug

        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = ladybug.Connection(self._db)
            self._local.conn = conn
            # a thread that ended drops its connection (as its thread-local one would be): the dashboard
            # runs each page on a new thread, so keeping them all would grow without end
            alive = {t.ident for t in threading.enumerate()}
            with self._conns_lock:
                self._conns = {k: c for k, c in self._conns.items() if k in alive}
                self._conns[threading.get_ident()] = conn
            self._owners.add(threading.get_ident())
        return conn

    def schema_statements(self) -> list[str]:
        return dialect.ladybug_schema()

    def ensure_schema(self) -> None:
        """Create what does not exist yet, and add the columns a newer model has (time of day, ...)."""
        super().ensure_schema()
        tables = [n.label for n in m.NODES] + [r.type for r in m.RELS]
        existing = {t: {r["name"] for r in self.query(f"CALL table_info('{t}') RETURN *")} for t in tables}
        added = dialect.ladybug_added_columns(existing)
        if added:
            with self.transaction() as tx:
                for stmt in added:
                    tx.run(stmt, {})

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return _rows(self._execute(self._conn(), cypher, params))

    def query_df(self, cypher: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        return _frame(self._execute(self._conn(), cypher, params))

    def _read_aside(self, cypher: str, params: dict[str, Any] | None, form: str):
        # on a connection kept for these reads, not the short-lived thread's own: a new connection
        # plans every text afresh (sensitivity_check's nine branches: p95 59 -> 90 ms that way)
        with self._conns_lock:
            conn = self._spare.pop() if self._spare else None
        if conn is None:
            import ladybug

            conn = ladybug.Connection(self._db)
        try:
            return _AS[form](self._execute(conn, cypher, params))
        finally:
            with self._conns_lock:
                self._spare.append(conn)

    def query_arrow(self, cypher: str, params: dict[str, Any] | None = None):
        # Arrow straight from the engine: on the benchmark region's 879,579 participations the rows
        # came out in 0.4-0.7 s against 1.4-2 s as a DataFrame of Python strings
        return _arrow_of(self._execute(self._conn(), cypher, params))

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the database in {self.folder} is open read-only; this command cannot write")

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        self._writable()
        with self._write_lock:
            conn = self._conn()
            self._execute(conn, "BEGIN TRANSACTION")
            try:
                yield _LadybugTransaction(self, conn)
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except RuntimeError:
                    pass  # the engine already rolled back the failed statement's transaction
                raise
            else:
                self._execute(conn, "COMMIT")

    def _execute(self, conn, cypher: str, params: dict[str, Any] | None = None):
        try:
            return conn.execute(cypher, params or {})
        except RuntimeError as exc:
            if _DISK_FULL.search(str(exc)):
                raise DiskFull(f"the disk holding {self.folder} is full: the last write was not stored; free space "
                               "and run it again") from None
            raise StoreError(f"the embedded database refused a query: {exc}") from None

    # -- native bulk load ------------------------------------------------------
    def bulk_create_nodes(self, label: str, frame: pd.DataFrame) -> None:
        """COPY FROM a DataFrame. Only for ids that do not exist: COPY of an existing key
        crashes the engine, so the pipeline filters first and we check again here."""
        node = m.NODE_BY_LABEL[label]
        if frame.empty:
            return
        if frame["id"].duplicated().any():
            raise StoreError(f"bulk load of {label}: duplicate ids in the batch")
        table = _arrow(frame, [(p.name, p.type) for p in node.all_props])
        # one lookup of every id, scanning the Arrow column (a Python list parameter of a million ids
        # cost seconds converting; an empty table needs no lookup)
        clash = self.query(f"MATCH (n:{label}) RETURN n.id AS id LIMIT 1") and self.query(
            f"LOAD FROM $df MATCH (n:{label} {{id: id}}) RETURN n.id AS id LIMIT 1",  # by the key index
            {"df": table.select(["id"])})
        if clash:
            raise StoreError(f"bulk load of {label}: ids exist already, e.g. {clash[0]['id']}")
        # one transaction: the rows, one audit entry summarising them, the data version
        self.write([(f"COPY {label} FROM $df", {"df": table})],
                   audit=_bulk_change(label, table.column("id").to_pylist()))

    def bulk_create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        self.create_prepared_rels(rel_type, from_label, to_label, [self.prepare_rels(rel_type, frame)])

    def prepare_rels(self, rel_type: str, frame: pd.DataFrame):
        rel = m.REL_BY_TYPE[rel_type]
        return _arrow(frame, [("from_id", m.STRING), ("to_id", m.STRING)] + [(p.name, p.type) for p in rel.all_props])

    def create_prepared_rels(self, rel_type: str, from_label: str, to_label: str, parts: list) -> None:
        """One COPY of every part: Ladybug rewrites a relationship table's adjacency on each COPY into
        it, so ten parts of a big file written one by one cost ten rewrites."""
        self.create_prepared_rel_groups({(rel_type, from_label, to_label): parts})

    def create_prepared_rel_groups(self, groups: dict[tuple[str, str, str], list]) -> None:
        """:meth:`create_prepared_rels` of several (type, from label, to label) groups in ONE
        transaction: one commit (and one checkpoint of the adjacency written) for them all, not one
        per group (issue 21)."""
        import pyarrow as pa

        statements, audit = [], []
        for (rel_type, from_label, to_label), parts in groups.items():
            rel = m.REL_BY_TYPE[rel_type]
            parts = [p for p in parts if p.num_rows]
            if not parts:
                continue
            table = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
            ids = [i for i in table.column("id").to_pylist() if i is not None]
            table = table.rename_columns(["from", "to"] + [p.name for p in rel.all_props])
            # identifiers from the model only; COPY needs the pair spelled out when a table has several
            options = f"(from='{from_label}', to='{to_label}')" if len(rel.pairs) > 1 else ""
            statements.append((f"COPY {rel_type} FROM $df {options}", {"df": table}))
            audit.append(_bulk_change(f"{rel_type} ({from_label} to {to_label})", ids))
        if statements:
            self.write(statements, audit=audit)

    def replace_rels(self, rel_type: str, parts: list[tuple[str, str, pd.DataFrame]], *, audit=None) -> None:
        """Replace every ``rel_type`` relationship with ``parts``: readers see the old ones or the new,
        never a half-built table.

        The new rows are copied into a table of their own (``<type>__NEXT``) outside any transaction,
        then one transaction drops the old table, renames the new one and writes the audit entry and
        the data version. A COPY inside a transaction is committed as one column chunk per column:
        reading one issue's history text out of a chunk of a million values took 25 ms warm and
        91 ms cold (transit's people, benchmark region), against 7 and 10 from a COPY on its own,
        which the engine writes in chunks of about 60,000 (engagement_as_of p95 in the first run
        229-235 -> 177-186 ms). A COPY that fails drops the staging table and leaves the old one; a
        staging table left by a process that stopped before its swap is dropped by the next run. The
        table is made anew, not emptied: a COPY after deleting the old rows took 52-57 s on the
        medium region when the history was list columns, into a new table 15 s.
        """
        rel = m.REL_BY_TYPE[rel_type]
        for from_label, to_label, _ in parts:
            if (from_label, to_label) not in rel.pairs:
                raise StoreError(f"{rel_type} does not go from {from_label} to {to_label}")
        self._writable()
        staging = f"{rel.type}{STAGING}"  # identifiers from the model only
        create = next(q for q in dialect.ladybug_schema() if q.startswith(f"CREATE REL TABLE IF NOT EXISTS {rel.type}("))
        create = create.replace(f"CREATE REL TABLE IF NOT EXISTS {rel.type}(", f"CREATE REL TABLE {staging}(", 1)
        with self._write_lock:
            conn = self._conn()
            self._execute(conn, f"DROP TABLE IF EXISTS {staging}")
            self._execute(conn, create)
            cols = [("from_id", m.STRING), ("to_id", m.STRING)] + [(p.name, p.type) for p in rel.all_props]
            names = ["from", "to"] + [p.name for p in rel.all_props]
            try:
                for from_label, to_label, frame in parts:
                    if frame.empty:
                        continue
                    table = _arrow(frame, cols).rename_columns(names)
                    options = f"(from='{from_label}', to='{to_label}')" if len(rel.pairs) > 1 else ""
                    self._execute(conn, f"COPY {staging} FROM $df {options}", {"df": table})
            except BaseException:
                self._execute(conn, f"DROP TABLE IF EXISTS {staging}")
                raise
            self.write([(f"DROP TABLE {rel.type}", {}), (f"ALTER TABLE {staging} RENAME TO {rel.type}", {})],
                       audit=audit)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (before a file-level backup)."""
        if not self.read_only:
            self._execute(self._conn(), "CHECKPOINT")

    def release_memory(self) -> bool:
        """Close and reopen the database, if no other thread holds a connection to it.

        The engine keeps in memory much of what a long import wrote until the database is
        closed (about 2 KB a row: 3.3 GB after 800,000 contacts; 166 MB when opened afresh),
        so a streamed import calls this every few chunks. Not while the dashboard's other
        sessions hold connections: there it does nothing and says so (False).
        """
        if self.read_only:
            return False
        with self._write_lock:
            if self._owners - {threading.get_ident()}:
                return False
            self.checkpoint()
            self.close()
            self._db = self._open_database()
        return True

    def close(self) -> None:
        """Close every connection, then the database. A connection still referenced anywhere (a
        result, a transaction object) would keep the engine's database open after ``db.close()``;
        when it was freed later, after :meth:`release_memory` had opened the folder again, the old
        database's last checkpoint could overwrite what was written since (a restore's final write
        was lost that way)."""
        self._local = threading.local()
        self._owners = set()
        conns, self._conns = getattr(self, "_conns", {}), {}
        spare, self._spare = getattr(self, "_spare", []), []
        for conn in [*conns.values(), *spare]:
            conn.close()
        db, self._db = getattr(self, "_db", None), None
        if db is not None:
            db.close()




class _LadybugTransaction(Transaction):
    def __init__(self, store: EmbeddedStore, conn) -> None:
        self._store, self._conn = store, conn

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> list[Row]:
        return _rows(self._store._execute(self._conn, cypher, params))


# The engine reserves (does not use) address space for the largest database it may grow to: 8 TiB
# by default, so a process with about fifteen stores open at once (the dashboard, a test session)
# runs out of the 128 TiB a process may address ("Mmap for size 8796093022208 failed"). 1 TiB is
# far above any store CivicGraph makes (the benchmark region takes a few GB on disk).
MAX_DB_BYTES = 1 << 40


def _engine_options() -> dict[str, int]:
    return {"buffer_pool_size": _buffer_pool_bytes(), "max_db_size": MAX_DB_BYTES}


def _buffer_pool_bytes() -> int:
    """The page cache from the ``memory_mb`` setting (0: the engine's default, 80% of the machine's
    memory). A cap too small for the tables an import writes fails it ("the buffer pool is full")."""
    from graph import settings

    raw = settings.get("memory_mb")
    try:
        mb = int(raw)
    except ValueError:
        raise StoreError(f"CIVICGRAPH_MEMORY_MB is {raw!r}; set it to a number of megabytes, e.g. 4096, "
                         "or 0 for the engine's default") from None
    if 0 < mb < 256:
        raise StoreError(f"CIVICGRAPH_MEMORY_MB is {mb}; the database needs at least 256 MB (e.g. 4096), "
                         "or 0 for the engine's default")
    return mb * 2**20


# Column types whose values Arrow gives back exactly as the engine's own rows do (lists of them too)
_ARROW_EXACT = {"STRING", "INT64", "INT32", "INT16", "INT8", "UINT64", "UINT32", "UINT16", "UINT8", "DOUBLE", "BOOL",
                "DATE"}
STAGING = "__NEXT"  # the suffix of the table replace_rels copies new relationships into before its swap
ARROW_ROWS = 256  # from this many rows a read converts through Arrow (at 100 rows both ways take the same time)


def _rows(result) -> list[Row]:
    """The rows as dicts. A big answer goes through Arrow, a column at a time: 98,975 rows of
    issue_engagement took 155-192 ms row by row, 81-89 ms this way (each row the engine hands over
    is a Python call, and every date a new object; here a date column makes one object per distinct day).
    A small one row by row: Arrow costs ~0.1 ms more to set up."""
    names = result.get_column_names()
    if result.get_num_tuples() >= ARROW_ROWS and all(
            t.removesuffix("[]") in _ARROW_EXACT for t in result.get_column_data_types()):
        table = result.get_as_arrow(0)  # one chunk
        columns = [_python_values(table.column(i)) for i in range(table.num_columns)]
        return rows_from_columns(columns, names)
    out = []
    while result.has_next():
        out.append(dict(zip(names, result.get_next())))
    return out


def _frame(result) -> pd.DataFrame:
    return result.get_as_df()


def _arrow_of(result):
    return result.get_as_arrow(ARROW_CHUNK)


_AS = {"rows": _rows, "frame": _frame, "arrow": _arrow_of}  # a result in each of Store.query_each's forms


def _python_values(column) -> list:
    """An Arrow column as Python values; a date column through its distinct days (pyarrow makes
    each date object on its own: 80 ms for 98,975 of them, 5 ms this way)."""
    import pyarrow as pa

    if not pa.types.is_date(column.type):
        return column.to_pylist()
    coded = column.combine_chunks().dictionary_encode()
    days = coded.dictionary.to_pylist()
    return [None if i is None else days[i] for i in coded.indices.to_pylist()]


_ARROW = {m.STRING: "string", m.INT: "int64", m.FLOAT: "float64", m.BOOL: "bool", m.DATE: "date32"}


def _arrow(frame: pd.DataFrame, columns: list[tuple[str, str]]):
    """An Arrow table with exactly ``columns`` (name, model type), typed for COPY FROM.

    Arrow, not pandas, because its types are explicit: COPY from pandas' nullable
    dtypes trips an assertion in the engine.
    """
    import pyarrow as pa

    arrays = {}
    for name, typ in columns:
        col = frame[name] if name in frame.columns else pd.Series([None] * len(frame), index=frame.index)
        text = typ not in (m.DATE, m.FLOAT, m.INT, m.BOOL)
        blank_is_null = col.dtype == object  # "" is a missing value in a column of Python objects
        if blank_is_null and not text:
            col = col.where(col.notna() & (col != ""), None)
        if typ == m.DATE:  # missing -> null through a mask: a column of only NaT used to become 0001-01-01
            parsed = pd.to_datetime(col, errors="coerce")
            arrays[name] = pa.array(parsed.to_numpy("datetime64[D]"), pa.date32(), mask=parsed.isna().to_numpy())
        elif typ == m.FLOAT:
            arrays[name] = pa.array(pd.to_numeric(col, errors="coerce"), pa.float64(), from_pandas=True)
        elif typ == m.INT:
            arrays[name] = pa.array(pd.to_numeric(col, errors="coerce").astype("Int64"), pa.int64(), from_pandas=True)
        elif typ == m.BOOL:
            arrays[name] = pa.array(col.map(_as_bool, na_action="ignore").tolist(), pa.bool_())
        elif isinstance(col.dtype, pd.ArrowDtype):  # Arrow text already (derived history): no Python objects
            arrays[name] = pa.array(col.array).cast(pa.string())
        else:
            try:  # text as it is (in C); anything else (a number in a text column) through str below
                arr = pa.array(col.to_numpy(dtype=object), pa.string(), from_pandas=True)
            except (pa.ArrowTypeError, pa.ArrowInvalid):
                arr = pa.array([None if v is None or v != v else str(v) for v in col.tolist()], pa.string())
            arrays[name] = _blank_as_null(arr) if blank_is_null else arr
    return pa.table(arrays)


def _blank_as_null(arr):
    """Empty texts as nulls, in Arrow (three pandas passes over the column took three times as long)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    blank = pc.equal(arr, "")
    return pc.if_else(blank, pa.scalar(None, pa.string()), arr) if pc.any(blank).as_py() else arr


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}.get(text)
