"""Backup and restore, the same way for both engines: a zip of the canonical tables and the audit log.

Export is a read, so a backup can be taken while the dashboard holds the
embedded database (the CLI opens it read-only and sees one consistent state).
Restore imports the tables into an empty store through the normal pipeline.

The audit log (``audit.jsonl``, every entry verbatim with its hashes) goes with a
backup taken by an admin cleared for confidential records, as reading it needs
(it holds before and after values of confidential records). Restore writes it back
first, unchanged, so ``civicgraph audit --verify`` checks the whole history after a
restore; the restore's own import and an entry saying which backup it was chain on.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from graph import audit as au
from graph.errors import InputError
from graph.files import private_dir, private_file
from graph.model import Confidentiality
from graph.store import Store
from graph.store.base import META_LABEL, restore_audit
from graph.viewer import Viewer
from ingest.export import export_tables
from ingest.pipeline import ImportReport, import_path


AUDIT_FILE = "audit.jsonl"
IN_PROGRESS = "restore_in_progress"  # meta key: set when a restore starts, removed with its audit entry


def backup(store: Store, viewer: Viewer, path: Path) -> dict[str, Any]:
    """A consistent logical backup: every table as CSV in one zip, with a manifest."""
    viewer.require_admin("make a backup")
    tables = export_tables(store, viewer)
    log = au.read_log(store, viewer) if viewer.clearance is Confidentiality.CONFIDENTIAL else None
    manifest = {
        "civicgraph_backup": 1,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "engine": store.engine,
        "data_version": store.data_version(),
        "rows": {name: len(frame) for name, frame in tables.items()},
        "audit_entries": None if log is None else len(log),
        "audit_head": f"{log[-1].seq}:{log[-1].hash}" if log else None,
    }
    if log is None:
        manifest["audit_left_out"] = (f"{viewer.user} is cleared for {viewer.clearance.value} records; the audit "
                                      "log holds confidential values")
    private_dir(path.parent)
    tmp = path.with_suffix(path.suffix + ".partial")
    tmp.touch(mode=0o600)
    private_file(tmp)  # the audit log inside holds confidential before/after values
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, frame in tables.items():
            zf.writestr(f"{name}.csv", frame.to_csv(index=False))
        if log is not None:
            zf.writestr(AUDIT_FILE, "".join(json.dumps(e.as_dict()) + "\n" for e in log))
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
    tmp.replace(path)  # a backup file is either whole or absent
    return manifest


def restore(store: Store, viewer: Viewer, path: Path, *, force: bool = False) -> ImportReport:
    """Load a backup zip into ``store``; refuses a non-empty store unless ``force``."""
    viewer.require_admin("restore a backup")
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise InputError(f"{path} is not a CivicGraph backup (not a zip file)") from None
    with zf, tempfile.TemporaryDirectory() as tmp:
        names = zf.namelist()
        if "manifest.json" not in names:
            raise InputError(f"{path} has no manifest.json; it is not a CivicGraph backup")
        manifest = _manifest(zf, path)
        for name in names:
            # a backup holds plain file names; an entry like ../contacts.csv or /etc/x is refused, not flattened
            if name != Path(name).name or name in ("", ".", "..") or "\\" in name:
                raise InputError(f'{path}: the entry "{name}" is not a plain file name (it points outside the '
                                 "backup); civicgraph backup never writes one, so this zip was altered or made "
                                 "by something else: restore from another backup")
        mark = hashlib.sha256(zf.read("manifest.json")).hexdigest()
        resuming = _in_progress(store) == mark  # an earlier run of this restore stopped (a full disk)
        stats = store.counts()
        if not force and not resuming and (any(stats.nodes.values())):
            raise InputError(
                f"the store at {store.location} is not empty; restore into a new folder "
                "(--store NEW_FOLDER) or pass --force to merge the backup into it"
            )
        history = _audit_history(zf, path) if AUDIT_FILE in names else None
        if not resuming:
            with store.transaction() as tx:
                tx.run(f"MERGE (v:{META_LABEL} {{key: '{IN_PROGRESS}'}}) SET v.value = $mark", {"mark": mark})
        note = _restore_history(store, history)
        for name in names:
            if name.endswith(".csv"):
                zf.extract(name, tmp)
        report = import_path(store, Path(tmp), viewer)
        report.source = str(path)
        report.notes.append(f"backup of {manifest.get('created')} with {sum(manifest['rows'].values())} rows")
        report.notes.append(note)
        if resuming:
            report.notes.append("an earlier run of this restore had stopped; this run completed it")
        done = (f"MATCH (v:{META_LABEL} {{key: '{IN_PROGRESS}'}}) DELETE v", {})
        store.write([done], audit=au.Change("restore", f"backup:{path.name}", user=viewer.user, after={
            "created": manifest.get("created"), "rows": sum(manifest["rows"].values()),
            "audit_entries": None if history is None else len(history)}))
        return report


def _in_progress(store: Store) -> str | None:
    """The fingerprint of the backup whose restore into ``store`` started and did not finish."""
    rows = store.query(f"MATCH (v:{META_LABEL} {{key: '{IN_PROGRESS}'}}) RETURN v.value AS value")
    return rows[0]["value"] if rows else None


def _manifest(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    """The backup's manifest, checked before anything is written: a JSON object with its rows by table."""
    fix = "it is not a CivicGraph backup or was damaged; restore from another backup"
    try:
        manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path}: manifest.json is not JSON; {fix}") from None
    if not isinstance(manifest, dict) or manifest.get("civicgraph_backup") != 1:
        raise InputError(f'{path}: manifest.json has no "civicgraph_backup": 1; {fix}')
    rows = manifest.get("rows")
    if not isinstance(rows, dict) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0
                                             for v in rows.values()):
        raise InputError(f'{path}: manifest.json has no "rows" object counting each table\'s rows; {fix}')
    return manifest


def _audit_history(zf: zipfile.ZipFile, path: Path) -> list[dict[str, Any]]:
    damaged = ("the backup is damaged - restore an older backup, or remove audit.jsonl from the zip to restore "
               "the data without its history")
    try:
        text = zf.read(AUDIT_FILE).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: {AUDIT_FILE} is not UTF-8 text (byte {exc.start}); {damaged}") from None
    entries = []
    for n, line in enumerate(text.splitlines(), start=1):
        try:
            entry = json.loads(line)
            entries.append({k: entry[k] for k in au.FIELDS})
        except (ValueError, KeyError, TypeError):
            raise InputError(f"{path}: {AUDIT_FILE} line {n} is not an audit entry; {damaged}") from None
    return entries


def _restore_history(store: Store, history: list[dict[str, Any]] | None) -> str:
    if history is None:
        return "the backup has no audit log (taken without confidential clearance, or before logs were backed up)"
    if au.entries(store, limit=1):
        mine = au.entries(store, limit=len(history)) if history else []
        if history and [(e.seq, e.hash) for e in mine] == sorted((int(h["seq"]), h["hash"]) for h in history):
            return (f"the audit log of the backup ({len(history)} entries) is already in this store: "
                    "an earlier restore of this backup wrote it before stopping")
        return (f"the audit log of the backup ({len(history)} entries) was not restored: this store has its own "
                "log, and the two cannot be joined into one chain")
    restore_audit(store, history)
    check = au.verify(store, claims=False)  # the chain only: the records it names are imported next
    state = "the chain verifies" if check.ok else "the chain does NOT verify: " + "; ".join(check.problems[:3])
    return f"audit log restored: {len(history)} entries, {state}"
