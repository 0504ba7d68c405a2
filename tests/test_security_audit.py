"""The audit log: every change, who made it, before and after, in a chain that shows tampering."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graph import audit
from graph.errors import StoreError
from ingest.pipeline import import_path
from tests.conftest import ADMIN, EDITOR, SMALL_REGION


def _log(store):
    return audit.entries(store)


def test_an_import_records_who_created_each_record(store):
    import_path(store, SMALL_REGION, EDITOR)
    log = _log(store)
    created = {e.target for e in log if e.action == "create"}
    assert "Contact:c-bob" in created and "Organization:o-cog" in created
    assert {e.user for e in log} == {"editor"}
    bob = next(e for e in log if e.target == "Contact:c-bob")
    assert json.loads(bob.after)["email"] == "blee@pine.example" and bob.before == ""
    assert audit.verify(store).ok


def test_an_update_records_the_value_before_and_after(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    (tmp_path / "contacts.csv").write_text("id,name,kind\nc-bob,Hon. Robert E. Lee,elected_official\n")
    import_path(store, tmp_path / "contacts.csv", EDITOR)
    update = [e for e in _log(store) if e.action == "update"]
    assert len(update) == 1 and update[0].target == "Contact:c-bob" and update[0].user == "editor"
    assert json.loads(update[0].after) == {"name": "Hon. Robert E. Lee", "source": "contacts.csv:2"}
    assert json.loads(update[0].before)["name"] != "Hon. Robert E. Lee"


def test_reimporting_unchanged_data_adds_no_entries(store):
    import_path(store, SMALL_REGION, ADMIN)
    n = len(_log(store))
    import_path(store, SMALL_REGION, ADMIN)
    assert len(_log(store)) == n


def test_a_bulk_load_writes_one_summary_entry(store):
    frame = pd.DataFrame({"id": [f"i-{n}" for n in range(50)], "name": [f"Issue {n}" for n in range(50)]})
    with audit.acting_as("loader"):
        store.bulk_create_nodes("Issue", frame)
    (entry,) = _log(store)
    after = json.loads(entry.after)
    assert (entry.action, entry.user, after["count"]) == ("bulk-create", "loader", 50)
    assert after["ids_sha256"] == audit.ids_digest(frame["id"].tolist())


def test_a_failed_write_leaves_no_entry(store):
    with pytest.raises(StoreError):
        store.write([("CREATE (:Issue {id: 'i-1', name: 'x'})", {}), ("NOT CYPHER", {})],
                    audit=audit.Change("create", "Issue:i-1", None, {"name": "x"}))
    assert _log(store) == [] and audit.verify(store).ok


def test_altering_removing_or_truncating_entries_is_detected(store):
    import_path(store, SMALL_REGION, ADMIN)
    assert audit.verify(store).ok
    store.query("MATCH (a:AuditEntry {seq: 3}) SET a.user = 'mallory'")
    result = audit.verify(store)
    assert not result.ok and "entry 3" in result.problems[0] and "altered" in result.problems[0]


def test_removing_the_last_entries_is_detected(store):
    import_path(store, SMALL_REGION, ADMIN)
    last = _log(store)[-1].seq
    store.query(f"MATCH (a:AuditEntry) WHERE a.seq >= {last - 1} DELETE a")
    result = audit.verify(store)
    assert not result.ok and "removed" in " ".join(result.problems)


def test_since_filters_by_time(store):
    import_path(store, SMALL_REGION, ADMIN)
    import datetime as dt

    assert _log(store) and audit.entries(store, since=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)) == []


def test_reading_the_audit_log_needs_an_admin_cleared_for_confidential(tmp_path):
    import pytest

    from graph import audit
    from graph.errors import PermissionDenied
    from graph.model import Confidentiality, Role
    from graph.store import open_store
    from graph.viewer import Viewer
    from ingest.pipeline import import_path
    from tests.conftest import ADMIN, SMALL_REGION

    with open_store(tmp_path / "db") as store:
        import_path(store, SMALL_REGION, ADMIN)
        assert audit.read_log(store, ADMIN)
        for who in (Viewer("ed", Role.EDITOR, Confidentiality.CONFIDENTIAL),
                    Viewer("ad", Role.ADMIN, Confidentiality.INTERNAL)):
            with pytest.raises(PermissionDenied):
                audit.read_log(store, who)
