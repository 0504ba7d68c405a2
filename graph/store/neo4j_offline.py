"""A first big load into an empty Neo4j through its offline importer.

``neo4j-admin database import full`` builds a new database straight from CSV files, with the
database stopped, at 10^5-10^6 records a second: far faster than any transaction for a first
load. To keep validation, rejected-row reports and the audit log identical on both engines,
the rows it gets are the ones the import pipeline wrote: the region is imported into an embedded
store first (``civicgraph import``, the same pipeline), then that store is turned into the
importer's files here, every node and relationship table with its model types (the audit log
and the store's meta facts too, verbatim, so ``civicgraph audit --verify`` holds on Neo4j).

    files = write_import_files(embedded_folder, out)          # the importer's CSV files + arguments
    run_import(files, data_folder, admin=admin_command(jars))  # into DATA/databases/neo4j, server stopped

The server is then started on that data folder (``tests/neo4j_server.py`` with
``CIVICGRAPH_NEO4J_LOAD``; an agency runs its own ``neo4j-admin`` with the same arguments) and
:class:`~graph.store.neo4j_store.Neo4jStore` creates the constraints and indexes when it opens.
Later imports go through the pipeline into the running server (``neo4j_bulk``).
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph import dialect
from graph import model as m
from graph.errors import StoreError

# the importer's header types for the model's property types
_TYPES = {m.STRING: "string", m.INT: "long", m.FLOAT: "double", m.BOOL: "boolean", m.DATE: "date"}


@dataclass
class ImportFiles:
    """The importer's files: ``args`` for ``neo4j-admin database import full``, rows per file."""

    folder: Path
    args: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    multiline: list[str] = field(default_factory=list)  # files with a line break inside a value

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def write_import_files(store_folder: str | Path, out: str | Path) -> ImportFiles:
    """Every table of the embedded store in ``store_folder`` as the importer's CSV files in ``out``.

    The importer's ``:ID`` of a node is its row number in the embedded table (Ladybug's
    ``offset(id(n))``), one id space per label, and its ``id`` an ordinary property: the importer
    matches a relationship's ends by number rather than by text (``--id-type=integer``; the
    benchmark region's relationships 25.1 -> 18.4-19.9 s, A/B on the same rows). Relationships name
    their endpoints' labels. Missing values are left empty (no property, as on the embedded
    engine), empty strings stay empty strings. The uniqueness of ``id`` is the constraint that
    :class:`~graph.store.neo4j_store.Neo4jStore` makes when it opens.
    """
    import ladybug

    from graph.store.embedded import DB_FILE

    path = Path(store_folder) / DB_FILE
    if not path.exists():
        raise StoreError(f"{store_folder} holds no embedded store ({DB_FILE} is missing): import the region "
                         "into an embedded store first (civicgraph import FOLDER with no Neo4j set)")
    files = ImportFiles(Path(out), args=["--id-type=integer"])
    files.folder.mkdir(parents=True, exist_ok=True)
    db = ladybug.Database(str(path), read_only=True)
    try:
        conn = ladybug.Connection(db)
        for label, types in _node_tables(conn):
            ret = "".join(f", n.{c} AS `{c}:{_TYPES[t]}`" for c, t in types.items())
            _write(files, conn, f"MATCH (n:{label}) RETURN offset(id(n)) AS `:ID({label})`{ret}", f"--nodes={label}=", label)
        for rel in m.RELS:
            types = {p.name: p.type for p in rel.all_props}
            props = "".join(f", r.{c} AS `{c}:{_TYPES[t]}`" for c, t in types.items())
            for a, b in rel.pairs:
                cypher = (f"MATCH (a:{a})-[r:{rel.type}]->(b:{b}) "
                          f"RETURN offset(id(a)) AS `:START_ID({a})`, offset(id(b)) AS `:END_ID({b})`{props}")
                _write(files, conn, cypher, f"--relationships={rel.type}=", f"{rel.type}.{a}-{b}")
    finally:
        db.close()
    if files.multiline:
        files.args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(files.multiline)}"]
    return files


def _node_tables(conn) -> list[tuple[str, dict[str, str]]]:
    """(label, column -> model type) of every node table: the model's, then the internal ones."""
    tables = [(n.label, {p.name: p.type for p in n.all_props}) for n in m.NODES]
    kinds = {"INT64": m.INT, "DOUBLE": m.FLOAT, "BOOLEAN": m.BOOL, "DATE": m.DATE}
    for label in (m.META_LABEL, m.AUDIT_LABEL, dialect.MERGE_LABEL, dialect.CANDIDATE_LABEL):
        result = conn.execute(f"CALL table_info('{label}') RETURN *")
        columns = {}
        while result.has_next():
            row = dict(zip(result.get_column_names(), result.get_next()))
            columns[row["name"]] = kinds.get(row["type"], m.STRING)
        tables.append((label, columns))
    return tables


def _write(files: ImportFiles, conn, cypher: str, arg: str, name: str) -> None:
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    table = conn.execute(cypher).get_as_arrow(500_000)
    if table.num_rows == 0:
        return
    path = files.folder / f"{name}.csv"
    pcsv.write_csv(table, path)
    files.args.append(f"{arg}{path}")
    files.rows[name] = table.num_rows
    for column in table.columns:
        if column.type == "string" and pc.any(pc.match_substring_regex(column, r"[\r\n]")).as_py():
            files.multiline.append(str(path))
            break


def admin_command(jars: list[Path], *, java_home: str | None = None, heap: str = "1g") -> list[str]:
    """``neo4j-admin`` from the server's ``jars``. Only the server's own: the importer looks through
    every jar on its class path for commands when it starts (plugins such as GDS only slow that)."""
    java = Path(java_home or os.environ.get("JAVA_HOME") or "/usr/lib/jvm/java-17-openjdk-amd64") / "bin" / "java"
    return [str(java), f"-Xmx{heap}", "-XX:+UseParallelGC", "-cp", os.pathsep.join(map(str, jars)),
            "org.neo4j.cli.AdminTool"]


def run_import(files: ImportFiles, data: str | Path, *, admin: list[str], threads: int | None = None,
               off_heap: str = "2g", database: str = "neo4j") -> tuple[float, str]:
    """Import ``files`` into ``data``/databases/``database`` (a server on ``data`` must be stopped);
    refuses a data folder that already holds that database. Returns (seconds, the importer's log)."""
    data = Path(data).resolve()
    if (data / "databases" / database).exists():
        raise StoreError(f"{data} already holds the database {database!r}: the offline importer only makes a new "
                         "database; import into the running server instead (civicgraph import)")
    with tempfile.TemporaryDirectory(prefix="civicgraph-neo4j-admin-") as home:
        conf = Path(home) / "conf"
        conf.mkdir()
        (conf / "neo4j.conf").write_text(f"server.directories.data={data}\n")
        cmd = [*admin, "database", "import", "full", *files.args, f"--threads={threads or os.cpu_count() or 2}",
               f"--max-off-heap-memory={off_heap}", f"--report-file={Path(home) / 'import.report'}", database]
        env = {**os.environ, "NEO4J_HOME": home, "NEO4J_CONF": str(conf)}
        started = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise StoreError(f"neo4j-admin database import full failed into {data}:\n{_tail(done.stdout)}")
    return seconds, done.stdout


def imported_counts(log: str) -> dict[str, int]:
    """The importer's own counts from its log.

    >>> imported_counts("Imported:\\n  32813 nodes\\n  174224 relationships\\n  665886 properties\\n")
    {'nodes': 32813, 'relationships': 174224, 'properties': 665886}
    """
    return {kind: int(n) for n, kind in re.findall(r"^\s+(\d+) (nodes|relationships|properties)\s*$", log, re.M)}


def _tail(log: str, lines: int = 30) -> str:
    return "\n".join([line for line in log.splitlines() if not line.startswith((".", "-"))][-lines:])
