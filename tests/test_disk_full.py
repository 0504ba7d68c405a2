"""A full disk during a bulk import: one clear message, reads still work, the audit log's claims are
checked against the store, and a plain re-run completes the work (docs/security.md, "A full disk")."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph import audit
from graph.errors import DiskFull
from graph.store import open_store
from ingest import backup as backup_module
from ingest.backup import backup, restore
from ingest.pipeline import import_path
from tests.conftest import ADMIN, SMALL_REGION

ROWS = 80_000  # about 13 MB stored: more than the small disk holds after the first import


@pytest.fixture
def small_disk(tmp_path):
    """A 12 MB tmpfs: mounting needs root."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (mount -t tmpfs -o size=12m tmpfs DIR)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(disk)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def _grow(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=200m", str(disk)], check=True)


def _contacts(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "contacts.csv").open("w", encoding="utf-8") as fh:
        fh.write("id,name,kind,notes\n")
        fh.writelines(f"c-{i},Person {i},resident,{'a long note ' * 8}\n" for i in range(n))
    return folder


def _civicgraph(*args: str) -> subprocess.CompletedProcess:
    """The command in its own process, as a user runs it (the engine lets go of the files at exit)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_a_bulk_import_on_a_full_disk_says_so_keeps_reads_and_completes_on_a_re_run(small_disk, tmp_path):
    db = str(small_disk / "db")
    assert _civicgraph("--store", db, "import", str(SMALL_REGION)).returncode == 0
    big = _contacts(tmp_path / "big", ROWS)
    failed = _civicgraph("--store", db, "import", str(big))
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert failed.stderr.strip() == ("Error: the disk is full: nothing from this import was stored; free space "
                                     "and run it again")
    # reads work at once, the disk still full
    stats = _civicgraph("--store", db, "stats", "--format", "json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["nodes"]["Contact"] in (4, ROWS + 4)
    _grow(small_disk)
    # the log's entry and the store agree, or verify says where they do not
    with open_store(db, read_only=True) as store:
        stored = store.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"]
        claimed = [e for e in audit.entries(store) if e.action == "bulk-create" and e.target == "Contact"]
        check = audit.verify(store)
    if stored == 4:
        assert not claimed or any("the store does not hold it" in p for p in check.problems), check.problems
    else:
        assert stored == ROWS + 4 and claimed and check.ok
    verify = _civicgraph("--store", db, "audit", "--verify", "--format", "json")
    assert json.loads(verify.stdout)["ok"] == check.ok
    # a plain re-run completes it, and then log and store agree
    again = _civicgraph("--store", db, "import", str(big), "--format", "json")
    assert again.returncode == 0, again.stderr
    with open_store(db, read_only=True) as store:
        assert store.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"] == ROWS + 4
        assert audit.verify(store).ok


def test_verify_names_a_bulk_entry_whose_rows_are_not_in_the_store(store):
    """The same check without a full disk: a bulk entry whose rows the store does not hold."""
    import_path(store, SMALL_REGION, ADMIN)
    assert audit.verify(store).ok
    store.write([], audit=audit.Change("bulk-create", "Contact", None,
                                       {"count": 2, "first_id": "c-lost-1", "last_id": "c-lost-2"}))
    check = audit.verify(store)
    assert not check.ok
    assert "bulk-create Contact" in check.problems[0] and "c-lost-1, c-lost-2" in check.problems[0]
    assert "the store does not hold it" in check.problems[0]


def test_a_restore_that_stopped_half_way_completes_on_a_plain_re_run(tmp_path, monkeypatch):
    with open_store(tmp_path / "src") as src:
        import_path(src, SMALL_REGION, ADMIN)
        backup(src, ADMIN, tmp_path / "b.zip")
        wanted = src.counts()
    real_import = backup_module.import_path

    def disk_fills_up(store, path, viewer, **kw):
        real_import(store, Path(path), viewer, **kw)  # part of it reaches the disk, then it is full
        raise DiskFull("the disk is full: the import stopped part way")

    with open_store(tmp_path / "dst") as dst:
        monkeypatch.setattr(backup_module, "import_path", disk_fills_up)
        with pytest.raises(DiskFull):
            restore(dst, ADMIN, tmp_path / "b.zip")
        monkeypatch.setattr(backup_module, "import_path", real_import)
        report = restore(dst, ADMIN, tmp_path / "b.zip")  # no --force: it is the same backup
        assert any("this run completed it" in n for n in report.notes)
        assert dst.counts().nodes == wanted.nodes
        assert audit.verify(dst).ok
        assert [e.action for e in audit.entries(dst)].count("restore") == 1
        other = tmp_path / "other.zip"
        with zipfile.ZipFile(tmp_path / "b.zip") as zin, zipfile.ZipFile(other, "w") as zout:
            for name in zin.namelist():
                data = zin.read(name)
                if name == "manifest.json":
                    data = data.replace(b'"civicgraph_backup": 1', b'"civicgraph_backup": 1, "x": 1')
                zout.writestr(name, data)
        with pytest.raises(Exception, match="is not empty"):
            restore(dst, ADMIN, other)
