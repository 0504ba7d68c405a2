"""Backup and restore, the same way for both engines: a zip of the canonical tables.

Export is a read, so a backup can be taken while the dashboard holds the
embedded database (the CLI opens it read-only and sees one consistent state).
Restore imports the tables into an empty store through the normal pipeline.
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.store import Store
from graph.viewer import Viewer
from ingest.export import export_tables
from ingest.pipeline import ImportReport, import_path


def backup(store: Store, viewer: Viewer, path: Path) -> dict[str, Any]:
    """A consistent logical backup: every table as CSV in one zip, with a manifest."""
    viewer.require_admin("make a backup")
    tables = export_tables(store, viewer)
    manifest = {
        "civicgraph_backup": 1,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "engine": store.engine,
        "data_version": store.data_version(),
        "rows": {name: len(frame) for name, frame in tables.items()},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, frame in tables.items():
            zf.writestr(f"{name}.csv", frame.to_csv(index=False))
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
        manifest = json.loads(zf.read("manifest.json"))
        stats = store.counts()
        if not force and (any(stats.nodes.values())):
            raise InputError(
                f"the store at {store.location} is not empty; restore into a new folder "
                "(--store NEW_FOLDER) or pass --force to merge the backup into it"
            )
        for name in names:
            if name.endswith(".csv"):
                zf.extract(name, tmp)
        report = import_path(store, Path(tmp), viewer)
        report.source = str(path)
        report.notes.append(f"backup of {manifest.get('created')} with {sum(manifest['rows'].values())} rows")
        return report
