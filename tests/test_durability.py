"""Nothing lost: restore drills, SIGKILL in the middle of writes, a second process on the database."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from graph import audit
from graph.errors import StoreBusy
from graph.store import open_store
from ingest.backup import backup, restore
from ingest.export import export_tables
from tests.conftest import ADMIN

ROOT = Path(__file__).resolve().parent.parent


def _harness():
    import importlib.util

    spec = importlib.util.spec_from_file_location("crash_writes", ROOT / "benchmarks" / "crash_writes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_restore_drill_gives_identical_counts_and_an_identical_export(demo_store, tmp_path):
    zip_path = tmp_path / "backups" / "civicgraph.zip"
    manifest = backup(demo_store, ADMIN, zip_path)
    with open_store(tmp_path / "restored") as restored:
        report = restore(restored, ADMIN, zip_path)
        assert report.rejected == 0
        assert restored.counts() == demo_store.counts()
        before, after = export_tables(demo_store, ADMIN), export_tables(restored, ADMIN)
        for name in before:
            pd.testing.assert_frame_equal(before[name].reset_index(drop=True), after[name].reset_index(drop=True),
                                          check_dtype=False, obj=name)
        assert sum(manifest["rows"].values()) == sum(len(f) for f in after.values())
        # the history comes back verbatim, the restore chains on it, audited by the admin who ran it
        original, log = audit.entries(demo_store), audit.entries(restored)
        assert manifest["audit_entries"] == len(original) > 0
        assert log[:len(original)] == original
        assert {e.user for e in log[len(original):]} == {"admin"} and log[-1].action == "restore"
        assert audit.verify(restored).ok
        assert any("audit log restored" in n and "the chain verifies" in n for n in report.notes)


def test_a_backup_without_confidential_clearance_leaves_the_audit_log_out(small_store, tmp_path):
    from graph.model import Confidentiality, Role
    from graph.viewer import Viewer

    internal_admin = Viewer("ops", Role.ADMIN, Confidentiality.INTERNAL)
    manifest = backup(small_store, internal_admin, tmp_path / "b.zip")
    assert manifest["audit_entries"] is None and "confidential" in manifest["audit_left_out"]
    import zipfile

    assert "audit.jsonl" not in zipfile.ZipFile(tmp_path / "b.zip").namelist()
    with open_store(tmp_path / "restored") as restored:
        report = restore(restored, ADMIN, tmp_path / "b.zip")
        assert any("has no audit log" in n for n in report.notes)
        assert audit.verify(restored).ok


def test_a_tampered_log_is_restored_as_it_was_and_verify_says_where(small_store, tmp_path):
    import json
    import zipfile

    backup(small_store, ADMIN, tmp_path / "b.zip")
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    lines = files["audit.jsonl"].decode().splitlines()
    first = json.loads(lines[0])
    first["user"] = "someone else"
    lines[0] = json.dumps(first)
    files["audit.jsonl"] = ("\n".join(lines) + "\n").encode()
    with zipfile.ZipFile(tmp_path / "tampered.zip", "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    with open_store(tmp_path / "restored") as restored:
        report = restore(restored, ADMIN, tmp_path / "tampered.zip")
        check = audit.verify(restored)
        assert not check.ok and any("entry 1" in p and "altered" in p for p in check.problems)
        assert any("does NOT verify" in n for n in report.notes)


def test_a_backup_can_be_taken_while_another_process_holds_the_database(small_store, tmp_path):
    folder = Path(small_store.location)
    small_store.checkpoint()
    with open_store(folder, read_only=True) as reader:
        manifest = backup(reader, ADMIN, tmp_path / "b.zip")
    assert manifest["rows"]["contacts"] == 4


@pytest.mark.slow
def test_sigkill_during_an_import_loses_no_acknowledged_batch_and_a_rerun_completes_it(tmp_path):
    result = _harness().crash_import(tmp_path, rows=2000, batch=100, kill_after=7)
    assert result["killed"], result
    assert result["writes_found"] >= result["writes_acknowledged"] > 0
    assert not result["half_written_batches"]
    assert result["audit_ok_after_crash"] and result["audit_ok_after_rerun"]
    assert result["complete_after_rerun"]


@pytest.mark.slow
def test_sigkill_during_a_burst_of_interaction_logging_loses_no_acknowledged_write(tmp_path):
    result = _harness().crash_logging(tmp_path, writes=300, kill_after=25)
    assert result["killed"], result
    assert result["acknowledged_missing"] == 0 and result["writes_acknowledged"] >= 25
    assert result["interactions_without_their_links"] == 0  # each write is whole or absent
    assert result["audit_entries"] == result["writes_found"] and result["audit_ok_after_crash"]


def test_a_second_process_on_the_database_gets_store_busy_at_once(tmp_path):
    folder = tmp_path / "db"
    open_store(folder).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from graph.store import open_store; s = open_store({str(folder)!r}); "
         "print('ready', flush=True); import time; time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="open for writing in another CivicGraph process"):
            open_store(folder)
        assert time.monotonic() - started < 5  # at once, never a hang
        with open_store(folder, read_only=True) as reader:  # reading still works
            assert reader.counts().nodes["Contact"] == 0
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("value, says", [("lots", "number of megabytes"), ("64", "at least 256 MB")])
def test_a_wrong_memory_setting_is_named_with_its_fix(tmp_path, monkeypatch, value, says):
    from graph.errors import StoreError

    monkeypatch.setenv("CIVICGRAPH_MEMORY_MB", value)
    with pytest.raises(StoreError, match=says):
        open_store(tmp_path / "db")


def test_a_restore_that_failed_half_way_can_be_run_again(small_store, tmp_path, monkeypatch):
    import ingest.backup as B

    backup(small_store, ADMIN, tmp_path / "b.zip")
    real_import = B.import_path

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with open_store(tmp_path / "restored") as restored:
        monkeypatch.setattr(B, "import_path", broken)
        with pytest.raises(OSError):
            restore(restored, ADMIN, tmp_path / "b.zip")
        monkeypatch.setattr(B, "import_path", real_import)
        report = restore(restored, ADMIN, tmp_path / "b.zip")
        assert restored.counts() == small_store.counts()
        original, log = audit.entries(small_store), audit.entries(restored)
        assert log[:len(original)] == original and log[-1].action == "restore"
        assert audit.verify(restored).ok
        assert any("already in this store" in n for n in report.notes), report.notes


def _meta(store, key: str) -> list:
    return store.query("MATCH (v:CivicGraphMeta {key: $k}) RETURN v.value AS v", {"k": key})


def test_a_write_after_the_database_reopens_survives_while_an_old_result_is_still_held(tmp_path):
    """release_memory reopens the database mid-import; a result of the old one still referenced used
    to keep it open, and its last checkpoint (when freed) overwrote the writes made since."""
    folder = tmp_path / "db"
    with open_store(folder) as store:
        store.write([("MERGE (v:CivicGraphMeta {key: 'mark'}) SET v.value = 'a'", {})])
        held = store._execute(store._conn(), "MATCH (v:CivicGraphMeta) RETURN v.key")  # an old result, kept
        assert store.release_memory()
        store.write([("MATCH (v:CivicGraphMeta {key: 'mark'}) DELETE v", {})])
        assert _meta(store, "mark") == []
    del held
    with open_store(folder) as store:
        assert _meta(store, "mark") == []


def test_a_connection_of_a_thread_that_ended_is_let_go(tmp_path):
    """The dashboard runs each page on a new thread: the store keeps no connection of ended threads."""
    import threading

    with open_store(tmp_path / "db") as store:
        for _ in range(5):
            worker = threading.Thread(target=lambda: store.query("RETURN 1 AS one"))
            worker.start()
            worker.join()
        # this thread's connection and at most the last worker's (dropped when the next one is made)
        assert threading.get_ident() in store._conns and len(store._conns) <= 2
