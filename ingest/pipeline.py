"""Import: read, check, resolve references, compare with the store, write, report.

Nothing the user gave is dropped without a word: a row with a problem is
rejected with its reasons (and written to ``<table>.rejected.csv`` for fixing
and re-importing), a column we do not know is reported. Writes are idempotent
MERGEs on stable keys, so importing the same data twice changes nothing and the
report says so. New records in bulk go through the engine's native loader.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graph import dialect
from graph import model as m
from graph.files import private_dir, private_file
from graph.audit import Change, acting_as
from graph.errors import DiskFull
from graph.store import Store
from graph.viewer import Viewer
from ingest import formats as f
from ingest.formats import DERIVED, ENDPOINTS
from ingest.engagement import refresh_after_import
from ingest.focus import derive_focus
from ingest.identities import unify_people
from ingest.offices import derive_status
from ingest.places import unify_places
from ingest.problems import Problem
from ingest.readers import Format, Source, read_source
from ingest.validate import Checked, check_table

Progress = Callable[[str, int, int], None]

BULK_THRESHOLD = 5000  # new records above this many go through the native bulk loader
BATCH = 2000
RELEASE_EVERY = 4  # streamed chunks between reopening the embedded database (see Store.release_memory)


@dataclass
class TableReport:
    table: str
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


@dataclass
class ImportReport:
    source: str
    format: str
    tables: list[TableReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reject_files: list[str] = field(default_factory=list)
    seconds: float = 0.0
    skipped: dict[str, int] | None = None  # mail and calendars: messages not loaded on purpose, by reason

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.tables)

    @property
    def rejected(self) -> int:
        return sum(t.rejected for t in self.tables)

    def totals(self) -> dict[str, int]:
        keys = ("created", "updated", "unchanged", "rejected")
        return {k: sum(getattr(t, k) for t in self.tables) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape of ``civicgraph import --format json`` (``skipped`` only for mail and calendars)."""
        out = {
            "source": self.source,
            "format": self.format,
            "totals": self.totals(),
            "tables": [
                {"table": t.table, "file": t.file, "created": t.created, "updated": t.updated,
                 "unchanged": t.unchanged, "rejected": t.rejected}
                for t in self.tables
            ],
            "problems": [p.as_dict() for p in self.problems],
            "notes": self.notes,
            "reject_files": self.reject_files,
            "seconds": round(self.seconds, 3),
        }
        if self.skipped is not None:
            out["skipped"] = dict(self.skipped)
        return out


def import_path(store: Store, path: str | Path, viewer: Viewer, *, progress: Progress | None = None,
                reject_dir: str | Path | None = None, chunk_rows: int | None = None) -> ImportReport:
    """Import a folder, file or workbook (format detected) into ``store``.

    Big CSV files are streamed in chunks (see ingest/readers.py); ``chunk_rows``
    streams every CSV file that many rows at a time.
    """
    source = read_source(path, chunk_rows=chunk_rows)
    return import_source(store, source, viewer, progress=progress, reject_dir=reject_dir, name=str(path))


def import_source(store: Store, source: Source, viewer: Viewer, *, progress: Progress | None = None,
                  reject_dir: str | Path | None = None, name: str = "") -> ImportReport:
    """Import tables already read; every write is audited as ``viewer.user``."""
    viewer.require_write("import data")
    before = getattr(store, "last_written", None)
    with acting_as(viewer.user):
        try:
            report = _import_source(store, source, progress=progress, reject_dir=reject_dir, name=name)
        except DiskFull:
            raise DiskFull(_disk_full_message(store, before)) from None
        _after_import(store, source, report, viewer)
    return report


def _disk_full_message(store: Store, before: str | None) -> str:
    """One line for an import the full disk stopped: was anything of it stored before?"""
    if getattr(store, "last_written", None) == before:
        return "the disk is full: nothing from this import was stored; free space and run it again"
    return ("the disk is full: the import stopped part way; what it stored before is complete and audited, the "
            "rest was not stored; free space and run it again (what is stored already is not imported twice)")


def _after_import(store: Store, source: Source, report: ImportReport, viewer: Viewer) -> None:
    """What follows from the imported facts: status from all of a person's offices, and, for
    public officials' data, the committees' derived focus (so that ``experts`` answers at once)."""
    contacts = source.tables.get("contacts")
    if contacts is not None and contacts.chunks is None and {"id", "status"} <= set(contacts.frame.columns):
        left = contacts.frame[contacts.frame["status"] == "left_office"]  # only they can be wrong
        again = derive_status(store, sorted(set(left["id"]) - {""}))
        if again:
            report.notes.append(f"{len(again)} people recorded here as having left office hold a current "
                                "office from another source; they were kept active")
    issues_changed = any(t.table == "issues" and (t.created or t.updated) for t in report.tables)
    officials = (source.format in (Format.OPENSTATES, Format.CONGRESS) and report.changed) or (
        issues_changed and store.query(
            "MATCH (o:Organization) WHERE o.source STARTS WITH 'openstates:' OR o.source STARTS WITH "
            "'congress-legislators:' RETURN o.id AS id LIMIT 1"))
    if not officials:
        return
    focus = derive_focus(store, viewer)
    derived = len(focus.created) + len(focus.updated)
    if derived:
        report.notes.append(f"derived {derived} focus links from committee names (pending review: "
                            "civicgraph focus list / civicgraph focus review)")
    elif not store.query("MATCH (i:Issue) RETURN i.id AS id LIMIT 1"):
        report.notes.append("no issues in the store, so no committee focus was derived and experts/partners "
                            "cannot match issues yet: import issues (e.g. ingest/samples/issues.csv), then run "
                            "civicgraph focus derive")


def _import_source(store: Store, source: Source, *, progress: Progress | None,
                   reject_dir: str | Path | None, name: str) -> ImportReport:
    """Load the tables in load order. Small tables are checked and loaded together (a
    phase); a big table is streamed in chunks where its turn comes, so tables after it
    may point at its rows and it may point at everything before it."""
    started = time.perf_counter()
    progress = progress or (lambda *a: None)
    report = ImportReport(name, source.format.value, problems=list(source.problems), notes=list(source.notes))
    report.notes.extend(unify_places(store, source))  # a place already stored keeps its id (ingest/places.py)
    report.notes.extend(unify_people(store, source))  # so does a person, matched on identifiers (identities.py)
    phase: list[str] = []
    created = _Created()  # what this import creates: links to new records cannot exist yet
    for table in f.LOAD_ORDER:
        if table not in source.tables:
            continue
        if source.tables[table].chunks is None:
            phase.append(table)
            continue
        _import_phase(store, source, phase, report, progress, reject_dir, created)
        phase = []
        _import_streamed(store, source, table, report, progress, reject_dir, created)
    _import_phase(store, source, phase, report, progress, reject_dir, created)
    _count_reader_rejects(source, report, name)
    report.tables.sort(key=lambda t: f.LOAD_ORDER.index(t.table))
    report.problems.extend(p for p in source.problems if p not in report.problems)  # found while streaming
    refresh_after_import(store, report)  # derived engagement counts (ingest/engagement.py)
    report.seconds = time.perf_counter() - started
    return report


def _count_reader_rejects(source: Source, report: ImportReport, name: str) -> None:
    """Add the records the reader could not map to their table's "rejected" (a table whose every
    record was refused still gets its line), so that the summary equals the problems listed."""
    for table, count in source.rejected.items():
        if not count:
            continue
        line = next((t for t in report.tables if t.table == table), None)
        if line is None:
            line = TableReport(table, f"{Path(name).name}:{table}" if name else table)
            report.tables.append(line)
        line.rejected += count


def _import_phase(store: Store, source: Source, tables: list[str], report: ImportReport, progress: Progress,
                  reject_dir: str | Path | None, created: _Created) -> None:
    if not tables:
        return
    checked: dict[str, Checked] = {}
    for table in tables:
        checked[table] = check_table(f.TABLE_BY_NAME[table], source.tables[table])
        report.problems.extend(checked[table].problems)
    run = _Import(store, checked, report, progress, created)
    report.tables.extend(run.reports.values())
    run.resolve_references()
    for table in tables:
        if f.TABLE_BY_NAME[table].node:
            run.load_nodes(table)
        else:
            run.load_links(table)
    for table in tables:
        run.derived(table)
    if reject_dir is not None:
        report.reject_files.extend(_write_rejects(checked, Path(reject_dir)))


MAX_PROBLEMS = 10_000  # per streamed file; the reject file holds every rejected row


def _import_streamed(store: Store, source: Source, table: str, report: ImportReport, progress: Progress,
                     reject_dir: str | Path | None, created: _Created) -> None:
    """Validate and load a big file one chunk at a time: memory stays bounded by the chunk size.

    Repeated ids across chunks are caught with an 8-byte fingerprint per row. A row
    may refer to rows in earlier chunks, other files or the store; one referring to a
    later row of the same file is rejected, and loads when its reject file is imported.
    """
    raw = source.tables[table]
    spec = f.TABLE_BY_NAME[table]
    total = TableReport(table, raw.file)
    report.tables.append(total)
    seen = _Fingerprints()
    reject_path = Path(reject_dir) / f"{table}.rejected.csv" if reject_dir is not None else None
    kept = chunks = released = 0
    for chunk in raw.chunks():
        c = check_table(spec, chunk)
        if spec.node and len(c.frame):
            again = seen.contains(c.frame["id"])
            seen.add(c.frame["id"][~again])
            if again.any():
                _reject_mask(c, again, "id", "appears again; it was first used on an earlier row",
                             "give each record its own id, or merge the two rows into one")
        part = ImportReport(report.source, report.format)
        run = _Import(store, {table: c}, part, progress, created)
        run.resolve_references()
        if spec.node:
            run.load_nodes(table)
            run.derived(table)
        else:
            run.load_links(table)
        for key in ("created", "updated", "unchanged", "rejected"):
            setattr(total, key, getattr(total, key) + getattr(run.reports[table], key))
        problems = c.problems + part.problems
        report.problems.extend(problems[: max(0, MAX_PROBLEMS - kept)])
        kept += len(problems)
        if reject_path is not None and not c.rejected.empty:
            private_dir(reject_path.parent)
            first = str(reject_path) not in report.reject_files
            c.rejected.to_csv(reject_path, mode="w" if first else "a", header=first, index=False)
            private_file(reject_path)
            if first:
                report.reject_files.append(str(reject_path))
        progress(f"{table}: {total.total:,} rows read", total.total, total.total)
        # A chunk's frames sit in reference cycles (pandas' and ours) that the collector reaches
        # late: its strings are not tracked, so nothing triggers it. Collect now, or a 1 GB file
        # keeps most of its chunks alive (measured: Python memory grew 0.9 KB a row, +600 MB for 128 MB).
        del c, part, run, chunk
        gc.collect()
        chunks += 1
        if chunks % RELEASE_EVERY == 0 and store.release_memory():
            released += 1
    if released:
        report.notes.append(f"{raw.file}: the database was reopened {released} time(s) during the import, every "
                            f"{RELEASE_EVERY} parts, to give back the memory it held for the rows written")
    if kept > MAX_PROBLEMS:
        report.notes.append(f"{raw.file}: {kept - MAX_PROBLEMS:,} more problems are not listed; "
                            "every rejected row is in the reject file")


def _reject_mask(c: Checked, mask: pd.Series, column: str, message: str, fix: str) -> None:
    """Move the accepted rows of ``c`` where ``mask`` holds to its rejected rows."""
    idx = np.flatnonzero(mask.to_numpy())
    recs = []
    for i in idx:
        value = _text(c.frame.iloc[i][column])
        problem = Problem(c.file, c.rows[i], column, value, message, fix)
        c.problems.append(problem)
        rec = {k: _text(v) for k, v in c.frame.iloc[i].items()}
        rec["problems"] = str(problem)
        recs.append(rec)
    c.rejected = pd.concat([c.rejected, pd.DataFrame(recs)], ignore_index=True)
    keep = ~mask.to_numpy()
    c.rows = [r for r, k in zip(c.rows, keep) if k]
    c.frame = c.frame[keep].reset_index(drop=True)


class _Fingerprints:
    """A set of ids as sorted 64-bit hashes: 8 bytes a row, whatever the ids' length.

    Kept as a few sorted runs, each bigger than the next (two are merged when
    not, as in a binary counter): adding a chunk costs about its size times the log of
    the set's. One sorted array re-sorted on every chunk made a 6 M-row file spend 40%
    of its import sorting.
    """

    def __init__(self) -> None:
        self._runs: list[np.ndarray] = []

    @staticmethod
    def _hash(ids: pd.Series) -> np.ndarray:
        return pd.util.hash_pandas_object(ids.astype(str), index=False).to_numpy(dtype=np.uint64)

    def contains(self, ids: pd.Series) -> pd.Series:
        h = self._hash(ids)
        found = np.zeros(len(h), dtype=bool)
        for run in self._runs:
            pos = np.minimum(np.searchsorted(run, h), len(run) - 1)
            found |= run[pos] == h
        return pd.Series(found, index=ids.index)

    def add(self, ids: pd.Series) -> None:
        """Add ids (one already in the set is harmless: it is then in two runs)."""
        new = np.unique(self._hash(ids))
        if len(new) == 0:
            return
        self._runs.append(new)
        while len(self._runs) > 1 and len(self._runs[-2]) <= len(self._runs[-1]):
            last = self._runs.pop()
            self._runs[-1] = np.sort(np.concatenate([self._runs[-1], last]), kind="stable")  # merges two runs


class _Created:
    """Fingerprints of the records and links one import creates (8 bytes each)."""

    def __init__(self) -> None:
        self.nodes = _Fingerprints()
        self.links = _Fingerprints()


class _Import:
    def __init__(self, store: Store, checked: dict[str, Checked], report: ImportReport, progress: Progress,
                 created: "_Created | None" = None) -> None:
        self.store, self.checked, self.report, self.progress = store, checked, report, progress
        self.created = created if created is not None else _Created()
        self.reports = {t: TableReport(t, c.file, rejected=len(c.rejected)) for t, c in checked.items()}
        # ids arriving in this import, by label
        self.incoming: dict[str, set[str]] = {}
        for table, c in checked.items():
            label = f.TABLE_BY_NAME[table].node
            if label:
                self.incoming[label] = set(c.frame["id"].dropna())
        self.known: dict[str, str] = {}  # id -> label, for ids found in the store
        self._pending: dict[str, list[dict]] = {}  # rejected rows not yet joined to their table
        self.stored_before: dict[str, list[str]] = {}  # per node table: the ids that were stored before

    # -- references ---------------------------------------------------------
    def resolve_references(self) -> None:
        """Reject rows that point at records that are neither in this import nor stored.

        Tables are checked in load order, so a row pointing at a rejected row is
        rejected too, and says why.
        """
        for table in f.LOAD_ORDER:
            if table not in self.checked:
                continue
            c = self.checked[table]
            for col in c.spec.columns:
                if not col.refers_to or col.name not in c.frame.columns:
                    continue
                values = c.frame[col.name]
                self._lookup_store(values, col)
                bad = self._unresolved(values, col)
                for idx in np.flatnonzero(bad.to_numpy()):
                    value = values.iloc[idx]
                    ids = [v.strip() for v in value.split(";") if v.strip()] if col.list else [value]
                    missing = [i for i in ids if self.label_of(i, col.refers_to) is None]
                    kinds = " or ".join(l.lower() for l in col.refers_to)
                    self._reject_row(table, int(c.frame.index[idx]), col.name, value,
                                     f"refers to {kinds} {', '.join(missing)}, which is neither in this "
                                     "import (or was rejected) nor in the database",
                                     f"add {missing[0]} to {_table_of(col.refers_to[0])} or correct the id")
                if bad.any():
                    self._drop_rejected(table)
        self.reject_cycles()

    def reject_cycles(self) -> None:
        """Reject rows whose parent_id would make a record its own ancestor: itself, or through
        others in this import or stored. The message shows the whole loop."""
        for table in ("jurisdictions", "organizations", "issues"):
            c = self.checked.get(table)
            if c is None or "parent_id" not in c.frame.columns or c.frame.empty:
                continue
            label = c.spec.node
            parents = {r["id"]: r["parent_id"] for r in self.store.query(
                f"MATCH (n:{label}) WHERE n.parent_id IS NOT NULL RETURN n.id AS id, n.parent_id AS parent_id")}
            pairs = list(zip(c.frame["id"], c.frame["parent_id"]))
            parents.update({i: p for i, p in pairs if i is not None})
            loops = []
            for pos, (node, parent) in enumerate(pairs):
                if parent is None or node is None:
                    continue
                path, seen, cur = [node], {node}, parent
                while cur is not None and cur not in seen:
                    path.append(cur)
                    seen.add(cur)
                    cur = parents.get(cur)
                if cur == node:
                    loops.append((pos, node, parent, " → ".join([*path, node])))
            for pos, node, parent, loop in loops:
                message = ("is the record itself: a record cannot be its own parent" if parent == node
                           else f"makes {node} its own ancestor: {loop}")
                self._reject_row(table, int(c.frame.index[pos]), "parent_id", parent, message,
                                 "correct one of these parent_id values, or leave it empty")
            if loops:
                self._drop_rejected(table)

    def _known_ids(self, labels: tuple[str, ...]) -> set[str]:
        ids: set[str] = set()
        for label in labels:
            ids |= self.incoming.get(label, set())
        ids |= {i for i, l in self.known.items() if l in labels}
        return ids

    def _unresolved(self, values: pd.Series, col: f.Column) -> pd.Series:
        """Rows whose reference (any of a list's references) points at no known record: vectorised."""
        known = self._known_ids(col.refers_to)
        present = values.notna()
        if not col.list:
            return present & ~values.isin(known)
        parts = values[present].str.split(";").explode().str.strip()
        parts = parts[parts != ""]
        missing = parts[~parts.isin(known)]
        return values.index.isin(missing.index) & present

    def _lookup_store(self, values: pd.Series, col: f.Column) -> None:
        wanted: set[str] = set()
        for value in values.dropna():
            for i in (value.split(";") if col.list else [value]):
                i = i.strip()
                if i and i not in self.known and not any(i in self.incoming.get(l, ()) for l in col.refers_to):
                    wanted.add(i)
        if wanted:
            self.known.update(self.store.labels_of(sorted(wanted), col.refers_to))

    def label_of(self, node_id: str, labels: tuple[str, ...]) -> str | None:
        for label in labels:
            if node_id in self.incoming.get(label, ()):
                return label
        label = self.known.get(node_id)
        return label if label in labels else None

    def _reject_row(self, table: str, idx: int, column: str, value: str, message: str, fix: str) -> None:
        c = self.checked[table]
        problem = Problem(c.file, c.rows[idx], column, value, message, fix)
        self.report.problems.append(problem)
        row = {k: ("" if v is None else _text(v)) for k, v in c.frame.loc[idx].items() if k != "__rejected__"}
        row["problems"] = str(problem)
        self._pending.setdefault(table, []).append(row)  # joined once: a row-by-row concat is quadratic
        c.frame.loc[idx, "__rejected__"] = True

    def _flush_rejects(self, table: str) -> None:
        rows = self._pending.pop(table, [])
        if rows:
            c = self.checked[table]
            c.rejected = pd.concat([c.rejected, pd.DataFrame(rows)], ignore_index=True)
        self.reports[table].rejected = len(self.checked[table].rejected)

    def _drop_rejected(self, table: str) -> None:
        self._flush_rejects(table)
        c = self.checked[table]
        if "__rejected__" not in c.frame.columns:
            return
        keep = c.frame["__rejected__"].isna()
        c.rows = [r for r, k in zip(c.rows, keep) if k]
        c.frame = c.frame[keep].drop(columns="__rejected__").reset_index(drop=True)
        self.reports[table].rejected = len(c.rejected)
        label = c.spec.node
        if label:
            self.incoming[label] = set(c.frame["id"].dropna())

    # -- nodes ----------------------------------------------------------------
    def load_nodes(self, table: str) -> None:
        c = self.checked[table]
        label = c.spec.node
        node = m.NODE_BY_LABEL[label]
        frame = c.frame
        frame["source"] = _sources(frame.get("source"), c.file, c.rows)
        props = [p.name for p in node.all_props]
        given = [p for p in props if p in self._given_columns(table)] + ["source"]
        given = list(dict.fromkeys(["id", *given]))
        existing = self._existing_nodes(label, frame["id"].tolist(), [p for p in given if p not in ("id", "source")])
        is_new = ~frame["id"].isin(existing.keys())
        new, old = frame[is_new], frame[~is_new]
        self.stored_before[table] = old["id"].tolist()  # only these can have relationships already
        self.created.nodes.add(new["id"])
        changed = _changed_rows(old, existing, [p for p in given if p not in ("id", "source")])
        rep = self.reports[table]
        rep.created, rep.updated, rep.unchanged = len(new), int(changed.sum()), int((~changed).sum())
        self.progress(f"{table}: writing", 0, len(new) + int(changed.sum()))
        if len(new) > BULK_THRESHOLD:
            self.store.bulk_create_nodes(label, new[props])
        elif len(new):
            self._merge_nodes(label, new[props], props, table)
        if changed.any():
            self._merge_nodes(label, old[changed.to_numpy()][given], given, table)
        self.progress(f"{table}: done", 1, 1)

    def _given_columns(self, table: str) -> set[str]:
        # a column absent from the user's file must not blank the stored values
        return self.checked[table].given

    def _existing_nodes(self, label: str, ids: list[str], props: list[str]) -> dict[str, dict]:
        if not ids or self.store.query(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"] == 0:
            return {}
        return self.store.existing(label, ids, props)

    def _merge_nodes(self, label: str, frame: pd.DataFrame, props: list[str], table: str) -> None:
        total = len(frame)
        for start in range(0, total, BATCH):
            self.store.upsert_nodes(label, frame.iloc[start:start + BATCH][props], batch=BATCH)
            self.progress(f"{table}: writing", min(start + BATCH, total), total)

    # -- relationships from node columns -----------------------------------
    def derived(self, table: str) -> None:
        c = self.checked[table]
        label = c.spec.node
        if not label:
            return
        given = self._given_columns(table)
        for (node_label, column), (rel_type, target) in DERIVED.items():
            if node_label != label or column not in given or column not in c.frame.columns:
                continue
            pairs = c.frame[["id", column, "confidentiality"]].dropna(subset=[column])
            if c.spec.column(column).list:
                pairs = pairs.assign(**{column: pairs[column].str.split(";")}).explode(column)
                pairs[column] = pairs[column].str.strip()
                pairs = pairs[pairs[column] != ""]
            want = pd.DataFrame({
                "from_id": pairs["id"].to_numpy(),
                "to_id": pairs[column].to_numpy(),
                "confidentiality": pairs["confidentiality"].to_numpy(),
            })
            want["id"] = rel_type + ":" + want["from_id"] + ">" + want["to_id"]
            want["source"] = f"{c.file} ({column})"
            self._sync_derived(rel_type, label, target, self.stored_before.get(table, []), want)

    def _sync_derived(self, rel_type: str, label: str, target: str, ids: list[str], want: pd.DataFrame) -> None:
        have: set[str] = set()
        if self.store.query(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n")[0]["n"]:
            for start in range(0, len(ids), 5000):
                rows = self.store.query(
                    f"UNWIND $ids AS k MATCH (a:{label} {{id: k}})-[r:{rel_type}]->(b:{target}) RETURN r.id AS id",
                    {"ids": ids[start:start + 5000]},
                )
                have.update(r["id"] for r in rows)
        stale = sorted(have - set(want["id"]))
        new = want[~want["id"].isin(have)].drop_duplicates("id")
        if stale:
            self.store.write([(dialect.delete_rels(rel_type), {"ids": stale[i:i + BATCH]})
                              for i in range(0, len(stale), BATCH)],
                             audit=[Change("delete", f"{rel_type}:{rid}", {"id": rid}, None) for rid in stale])
        self._create_rels(rel_type, label, target, new)

    def _create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        if len(frame) > BULK_THRESHOLD:
            self.store.bulk_create_rels(rel_type, from_label, to_label, frame)
            return
        self.store.upsert_rels(rel_type, from_label, to_label, frame, batch=BATCH)

    # -- link tables ----------------------------------------------------------
    def load_links(self, table: str) -> None:
        c = self.checked[table]
        rep = self.reports[table]
        frame = c.frame.copy()
        if frame.empty:
            return
        frame["source"] = _sources(frame.get("source"), c.file, c.rows)
        frame["confidentiality"] = frame["confidentiality"].where(frame["confidentiality"].notna(), "public")
        if table == "participants":  # a blind copy is never shown below confidential clearance
            frame.loc[frame["role"] == m.ParticipantRole.BCC.value, "confidentiality"] = m.Confidentiality.CONFIDENTIAL.value
        key = _key(c.spec, frame)
        frame["id"] = frame["id"].where(frame["id"].notna(), key)
        dup = frame["id"].duplicated(keep="first")
        for idx in np.flatnonzero(dup.to_numpy()):
            first = c.rows[int(np.flatnonzero((frame["id"] == frame["id"].iloc[idx]).to_numpy())[0])]
            self._reject_row(table, idx, "id", frame["id"].iloc[idx],
                             f"repeats the relationship on row {first}", "remove the repeated row")
        frame = frame[~dup]
        rows = [r for r, d in zip(c.rows, dup) if not d]
        self._flush_rejects(table)
        a_col, b_col = ENDPOINTS[table]
        a_refs = c.spec.column(a_col).refers_to
        b_refs = c.spec.column(b_col).refers_to
        frame["__a"] = self._labels(frame[a_col], a_refs)
        frame["__b"] = self._labels(frame[b_col], b_refs)
        frame["__type"] = _rel_types(table, frame)
        frame["__row"] = rows
        frame, bad = self._check_rel_types(table, frame)
        rep.rejected += bad
        given = self._given_columns(table)
        for (rel_type, a_label, b_label), group in frame.groupby(["__type", "__a", "__b"], sort=True):
            rel = m.REL_BY_TYPE[rel_type]
            props = [p.name for p in rel.all_props]
            unusable = [col for col in group.columns if col in given and col not in props
                        and col not in (a_col, b_col, "kind") and group[col].notna().any()]
            for col in unusable:
                self.report.problems.append(Problem(
                    c.file, None, col, "", f"does not apply to {rel_type.lower()} relationships; "
                    f"{int(group[col].notna().sum())} values were not loaded",
                    f"leave {col} empty for those rows", severity="warning"))
            out = pd.DataFrame({"from_id": group[a_col].to_numpy(), "to_id": group[b_col].to_numpy()})
            for p in props:
                out[p] = group[p].to_numpy() if p in group.columns else None
            self._write_links(table, rel_type, a_label, b_label, out, [p for p in props if p in given or p in
                                                                        ("id", "source", "confidentiality")])

    def _labels(self, ids: pd.Series, labels: tuple[str, ...]) -> pd.Series:
        """The label of each id (ids are unique across node tables), vectorised."""
        out = pd.Series(None, index=ids.index, dtype=object)
        for label in labels:
            known = self.incoming.get(label, set()) | {i for i, l in self.known.items() if l == label}
            out = out.where(~(out.isna() & ids.isin(known)), label)
        return out

    def _check_rel_types(self, table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """Reject rows whose kind does not fit the kinds of records they join (knows between organizations)."""
        allowed = {(rel.type, a, b) for rel in m.RELS for a, b in rel.pairs}
        fits = pd.Series([t in allowed for t in zip(frame["__type"], frame["__a"], frame["__b"])], index=frame.index)
        c = self.checked[table]
        for idx in np.flatnonzero(~fits.to_numpy()):
            row = frame.iloc[idx]
            rel = m.REL_BY_TYPE[row["__type"]]
            pair = f"{row['__a']} to {row['__b']}".lower()
            kinds = ", ".join(f"{a} to {b}".lower() for a, b in rel.pairs)
            problem = Problem(c.file, row["__row"], "kind", str(row.get("kind") or ""),
                              f"a {rel.type.lower()} link cannot go from {pair}",
                              f"{rel.type.lower()} links go from {kinds}; check the ids or the kind")
            self.report.problems.append(problem)
            rec = {k: _text(v) for k, v in row.items() if not k.startswith("__")}
            rec["problems"] = str(problem)
            c.rejected = pd.concat([c.rejected, pd.DataFrame([rec])], ignore_index=True)
        return frame[fits], int((~fits).sum())

    def _write_links(self, table: str, rel_type: str, a_label: str, b_label: str, out: pd.DataFrame,
                     given: list[str]) -> None:
        rep = self.reports[table]
        compare = [p for p in given if p not in ("id", "source")]
        # a link this import already created (a repeat in a later chunk of a big file) changes nothing
        repeat = self.created.links.contains(out["id"])
        if repeat.any():
            rep.unchanged += int(repeat.sum())
            self.report.problems.append(Problem(
                self.checked[table].file, None, None, "", f"{int(repeat.sum())} rows repeat {rel_type.lower()} "
                "links given on earlier rows of this import; they were not loaded twice",
                "remove the repeated rows", severity="warning"))
            out = out[~repeat]
        # a link to a record this import created cannot be stored already: look up only the others
        maybe = ~(self.created.nodes.contains(out["from_id"]) | self.created.nodes.contains(out["to_id"]))
        existing = self._existing_rels(rel_type, a_label, b_label, out[maybe], compare) if maybe.any() else {}
        is_new = ~out["id"].isin(existing.keys())
        new, old = out[is_new], out[~is_new]
        changed = _changed_rows(old, existing, compare)
        rep.created += len(new)
        rep.updated += int(changed.sum())
        rep.unchanged += int((~changed).sum())
        self.progress(f"{table}: writing {rel_type}", 0, len(new))
        self._create_rels(rel_type, a_label, b_label, new)
        self.created.links.add(new["id"])
        if changed.any():
            cols = ["from_id", "to_id", *dict.fromkeys(["id", *given])]
            self.store.upsert_rels(rel_type, a_label, b_label, old[changed.to_numpy()][cols], batch=BATCH)

    def _existing_rels(self, rel_type: str, a_label: str, b_label: str, out: pd.DataFrame,
                       props: list[str]) -> dict[str, dict]:
        total = self.store.query(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n")[0]["n"]
        if total == 0:
            return {}
        ret = "".join(f", r.{p} AS {p}" for p in props)
        found: dict[str, dict] = {}
        if len(out) > 50_000:
            # a big re-import: one scan beats a lookup per row
            for row in self.store.query(f"MATCH (a:{a_label})-[r:{rel_type}]->(b:{b_label}) RETURN r.id AS id{ret}"):
                found[row["id"]] = row
            wanted = set(out["id"])
            return {k: v for k, v in found.items() if k in wanted}
        # expand from each distinct start node (bound by its key) and keep the wanted ids: binding
        # both ends in one pattern made Ladybug scan the end table (3 s per 5,000 rows vs 0.7 s)
        wanted = set(out["id"])
        starts = sorted(set(out["from_id"]))
        for start in range(0, len(starts), 2000):
            for row in self.store.query(
                f"UNWIND $ids AS k MATCH (a:{a_label} {{id: k}})-[r:{rel_type}]->(b:{b_label}) "
                f"RETURN r.id AS id{ret}",
                {"ids": starts[start:start + 2000]},
            ):
                if row["id"] in wanted:
                    found[row["id"]] = row
        return found


def _rel_types(table: str, frame: pd.DataFrame) -> list[str]:
    if table == "affiliations":
        return [m.AFFILIATION_REL[m.AffiliationKind(k)] for k in frame["kind"]]
    if table == "expertise":
        return [m.EXPERTISE_REL[m.ExpertiseKind(k)] for k in frame["kind"]]
    if table == "ties":
        return ["KNOWS" if k == "knows" else "OWNS" if k == "owns" else "TIED_TO" for k in frame["kind"]]
    return [{"positions": "TAKES_POSITION", "participants": "PARTICIPATED_IN", "deliveries": "DELIVERED"}[table]] * len(frame)


def _key(spec: f.TableSpec, frame: pd.DataFrame) -> pd.Series:
    """A stable id from the table's key columns: the same row always gets the same id."""
    parts = [frame[k].map(_text, na_action="ignore").fillna("") for k in spec.key]
    key = parts[0].astype(str)
    for p in parts[1:]:
        key = key + "|" + p.astype(str)
    return spec.name + ":" + key


def _sources(given: pd.Series | None, file: str, rows: list[int]) -> pd.Series:
    generated = pd.Series([f"{file}:{r}" for r in rows], dtype=object)
    if given is None:
        return generated
    given = given.reset_index(drop=True)
    return given.where(given.notna(), generated)


def _changed_rows(old: pd.DataFrame, existing: dict[str, dict], props: list[str]) -> pd.Series:
    if old.empty:
        return pd.Series(False, index=old.index)
    # column by column in numpy (a re-import of 45,000 links spent 15 s here row by row); only the
    # values that differ are looked at one by one, with _same's rules
    ids = old["id"].tolist()
    changed = np.zeros(len(old), dtype=bool)
    for p in props:
        given = _nulled(old[p].to_numpy(dtype=object))
        stored = _nulled(np.array([existing.get(i, {}).get(p) for i in ids], dtype=object))
        differ = np.flatnonzero(given != stored)
        changed[differ[[not _same(given[k], stored[k]) for k in differ]]] = True
    return pd.Series(changed, index=old.index)


def _nulled(values: np.ndarray) -> np.ndarray:
    """None for every kind of missing value (None, NaN, NaT), so that two of them compare equal."""
    values = values.copy()
    values[pd.isna(values)] = None
    return values


def _same(a: Any, b: Any) -> bool:
    a, b = _none(a), _none(b)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return a == b


def _none(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    return v


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _table_of(label: str) -> str:
    return next(t.name for t in f.TABLES if t.node == label) + ".csv"


def reject_folder(store: Store) -> Path:
    """Where rejected rows go unless the user names a folder: ``rejected/`` in the embedded store's
    folder (private like the store), or ``~/.civicgraph/rejected`` for a server store."""
    folder = getattr(store, "folder", None)
    return Path(folder) / "rejected" if folder is not None else Path.home() / ".civicgraph" / "rejected"


def _write_rejects(checked: dict[str, Checked], folder: Path) -> list[str]:
    written = []
    for table, c in checked.items():
        if c.rejected.empty:
            continue
        private_dir(folder)
        path = folder / f"{table}.rejected.csv"
        c.rejected.to_csv(path, index=False)
        written.append(str(private_file(path)))
    return written
