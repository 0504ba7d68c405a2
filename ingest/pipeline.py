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

from graph.files import private_dir, private_file
from graph.audit import acting_as
from graph.errors import DiskFull, InputError
from graph.bulk_memory import for_bulk_work
from graph.store import Store
from graph.viewer import Viewer
from ingest import formats as f
from ingest.engagement_history import refresh_after_import
from ingest.focus import derive_focus
from ingest.identities import unify_people
from ingest.import_references import ReferencePhase, _text
from ingest.import_writes import BATCH, BULK_THRESHOLD, WritePhases  # noqa: F401  (re-exported)
from ingest.offices import derive_status
from ingest.places import unify_places
from ingest.problems import Problem
from ingest.readers import Format, Source, read_source
from ingest.validate import Checked, check_table

Progress = Callable[[str, int, int], None]

RELEASE_EVERY = 4  # streamed chunks between reopening the embedded database (see Store.release_memory)
# new relationships of a big file held for one bulk load at its end, at most (then written, and held again):
# each COPY into a relationship table that has rows rewrites its adjacency lists (issue 21)
HOLD_ROWS = 4_000_000


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
    with for_bulk_work():  # the import's many large arrays: no huge pages for numpy, jemalloc for Arrow (graph/bulk_memory.py)
        return _import_all(store, source, progress=progress, reject_dir=reject_dir, name=name)


def _import_all(store: Store, source: Source, *, progress: Progress | None,
                reject_dir: str | Path | None, name: str) -> ImportReport:
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
    refresh_after_import(store, report)  # derived engagement counts, and as they stood on each day
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
        raw = source.tables[table]
        checked[table] = (raw.check or check_table)(f.TABLE_BY_NAME[table], raw)
        report.problems.extend(checked[table].problems)
    run = _Import(store, checked, report, progress, created)
    report.tables.extend(run.reports.values())
    run.resolve_references()
    for table in tables:
        if f.TABLE_BY_NAME[table].node:
            run.load_nodes(table)
    # every new relationship of the phase in one transaction at its end: a commit per table made the
    # engine checkpoint (rewrite the adjacency written so far) a dozen times (issue 21)
    created.deferred = {} if store.copies_in_bulk else None
    try:
        for table in tables:
            if not f.TABLE_BY_NAME[table].node:
                run.load_links(table)
        for table in tables:
            run.derived(table)
    except InputError:
        created.write_deferred(store)  # "the rows before it were imported": their links too
        raise
    except BaseException:
        created.deferred = None
        raise
    created.write_deferred(store)
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
    counters: dict[str, int] = {}
    created.deferred = {} if store.copies_in_bulk else None  # Neo4j: written part by part, as before
    try:
        _load_chunks(store, raw, spec, table, total, seen, report, progress, reject_path, created, counters)
    except InputError:
        created.write_deferred(store)  # "the rows before it were imported": their links too
        raise
    created.write_deferred(store)
    kept, released = counters.get("kept", 0), counters.get("released", 0)
    if released:
        report.notes.append(f"{raw.file}: the database was reopened {released} time(s) during the import, every "
                            f"{RELEASE_EVERY} parts, to give back the memory it held for the rows written")
    if kept > MAX_PROBLEMS:
        report.notes.append(f"{raw.file}: {kept - MAX_PROBLEMS:,} more problems are not listed; "
                            "every rejected row is in the reject file")


def _load_chunks(store: Store, raw, spec: f.TableSpec, table: str, total: TableReport, seen: "_Fingerprints",
                 report: ImportReport, progress: Progress, reject_path: Path | None, created: "_Created",
                 counters: dict[str, int]) -> None:
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
        counters.update(kept=kept, released=released)


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
        # the same 64-bit hashes as hash_pandas_object, without its factorising first (ids hardly repeat):
        # a third of the time (45,000 link ids: 28 ms -> 10 ms)
        return pd.util.hash_array(ids.astype(str).to_numpy(dtype=object), categorize=False)

    def hashes(self, ids: pd.Series) -> np.ndarray:
        """The hashes of ``ids``, computed once for :meth:`contains` and :meth:`add`."""
        return self._hash(ids)

    def contains(self, ids: pd.Series, hashes: np.ndarray | None = None) -> pd.Series:
        if not self._runs:  # empty: no need to hash
            return pd.Series(np.zeros(len(ids), dtype=bool), index=ids.index)
        h = self._hash(ids) if hashes is None else hashes
        # looked up in sorted order: each search starts where the last ended, in memory already
        # read (4x faster on a part of 100,000 ids against 4 M)
        order = np.argsort(h)
        h = h[order]
        hit = np.zeros(len(h), dtype=bool)
        for run in self._runs:
            pos = np.minimum(np.searchsorted(run, h), len(run) - 1)
            hit |= run[pos] == h
        found = np.empty(len(h), dtype=bool)
        found[order] = hit
        return pd.Series(found, index=ids.index)

    def add(self, ids: pd.Series, hashes: np.ndarray | None = None) -> None:
        """Add ids (one already in the set is harmless: it is then in two runs)."""
        new = np.unique(self._hash(ids) if hashes is None else hashes)
        if len(new) == 0:
            return
        self._runs.append(new)
        while len(self._runs) > 1 and len(self._runs[-2]) <= len(self._runs[-1]):
            last = self._runs.pop()
            self._runs[-1] = np.sort(np.concatenate([self._runs[-1], last]), kind="stable")  # merges two runs


class _Created:
    """Fingerprints of the records and links one import creates (8 bytes each), and, while a big
    file is read in parts, the new relationships held for one bulk load at its end."""

    def __init__(self) -> None:
        self.nodes = _Fingerprints()
        self.links = _Fingerprints()
        self.deferred: dict[tuple[str, str, str], list[Any]] | None = None
        self.held_rows = 0
        self.empty_at_start: dict[str, bool] = {}  # per label: no record of it was stored before this import
        self.by_label: dict[str, _Fingerprints] = {}  # the records created, per label (references to them)

    def add_nodes(self, label: str, ids: pd.Series) -> None:
        self.nodes.add(ids)
        self.by_label.setdefault(label, _Fingerprints()).add(ids)

    def defer(self, store: Store, key: tuple[str, str, str], frame: pd.DataFrame) -> None:
        assert self.deferred is not None
        self.deferred.setdefault(key, []).append(store.prepare_rels(key[0], frame))
        self.held_rows += len(frame)
        if self.held_rows >= HOLD_ROWS:  # a very big file: bounded memory, a COPY every few million
            self.write_deferred(store, keep_holding=True)

    def write_deferred(self, store: Store, *, keep_holding: bool = False) -> None:
        """Create the held relationships: one bulk load per (type, from label, to label)."""
        held, self.deferred = self.deferred or {}, ({} if keep_holding else None)
        self.held_rows = 0
        if held:
            store.create_prepared_rel_groups(held)


class _Import(ReferencePhase, WritePhases):
    """One import of checked tables: references, then records, derived links and link tables."""

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
        self._marked: dict[str, set[int]] = {}  # frame indexes of rows rejected, not yet dropped
        self.stored_before: dict[str, list[str]] = {}  # per node table: the ids that were stored before


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
