"""The import pipeline, the audit log and backups on a real Neo4j (make test-neo4j).

The engine-neutral tests of the embedded suites run here unchanged on a Neo4j store
(``neo4j_store`` instead of ``store``); what only the embedded engine has (reopening
the database, its threads) stays there. Backups move a store from one engine to the other
and back with equal exports.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graph import audit
from ingest.backup import backup, restore
from ingest.export import export_tables
from ingest.pipeline import import_path
from tests import test_import, test_security_audit
from tests.conftest import ADMIN, SMALL_REGION

pytestmark = pytest.mark.neo4j

IMPORT_TESTS = [
    "test_a_region_imports_and_reimporting_changes_nothing",
    "test_a_file_with_broken_rows_loads_the_good_ones_and_reports_each_bad_one",
    "test_rejected_rows_can_be_fixed_and_reimported",
    "test_a_changed_value_counts_as_updated_and_absent_columns_keep_their_values",
    "test_moving_a_committee_moves_its_part_of_link",
    "test_rows_may_point_at_records_already_in_the_store",
    "test_a_missing_required_column_rejects_every_row_and_names_the_column",
    "test_an_excel_workbook_with_a_sheet_per_table_imports",
    "test_json_lines_import",
    "test_a_streamed_big_table_loads_in_its_turn_so_later_tables_may_point_at_it",
    "test_a_link_repeated_in_a_later_chunk_is_loaded_once_and_reported",
]
AUDIT_TESTS = [
    "test_an_import_records_who_created_each_record",
    "test_an_update_records_the_value_before_and_after",
    "test_reimporting_unchanged_data_adds_no_entries",
    "test_a_bulk_load_writes_one_summary_entry",
    "test_a_failed_write_leaves_no_entry",
    "test_since_filters_by_time",
]


def _call(module, name, store, tmp_path):
    test = getattr(module, name)
    args = {"store": store, "tmp_path": tmp_path}
    test(**{k: args[k] for k in test.__code__.co_varnames[:test.__code__.co_argcount]})


@pytest.mark.parametrize("name", IMPORT_TESTS)
def test_the_import_pipeline_on_neo4j(neo4j_store, tmp_path, name):
    _call(test_import, name, neo4j_store, tmp_path)


@pytest.mark.parametrize("name", AUDIT_TESTS)
def test_the_audit_log_on_neo4j(neo4j_store, tmp_path, name):
    _call(test_security_audit, name, neo4j_store, tmp_path)


def _tamper(store, cypher: str) -> None:
    """A write from outside CivicGraph, straight through the driver (reads are routed as reads)."""
    store._driver.execute_query(cypher, database_=store.database)


def test_altering_an_audit_entry_behind_civicgraphs_back_is_detected(neo4j_store):
    import_path(neo4j_store, SMALL_REGION, ADMIN)
    assert audit.verify(neo4j_store).ok
    _tamper(neo4j_store, "MATCH (a:AuditEntry {seq: 3}) SET a.user = 'mallory'")
    result = audit.verify(neo4j_store)
    assert not result.ok and "entry 3" in result.problems[0] and "altered" in result.problems[0]


def test_removing_the_last_audit_entries_is_detected(neo4j_store):
    import_path(neo4j_store, SMALL_REGION, ADMIN)
    last = audit.entries(neo4j_store)[-1].seq
    _tamper(neo4j_store, f"MATCH (a:AuditEntry) WHERE a.seq >= {last - 1} DELETE a")
    result = audit.verify(neo4j_store)
    assert not result.ok and "removed" in " ".join(result.problems)


def test_the_open_states_sample_imports_alike_and_again_changes_nothing(neo4j_store, texas_store):
    from ingest.samples import load_sample

    load_sample(neo4j_store, ADMIN, sample="texas")
    assert neo4j_store.counts() == texas_store.counts()
    again = load_sample(neo4j_store, ADMIN, sample="texas")
    assert again and all(r.totals()["created"] == r.totals()["updated"] == r.rejected == 0 for r in again)
    assert sum(r.totals()["unchanged"] for r in again) > 0
    assert audit.verify(neo4j_store).ok


def _exports_equal(a, b) -> None:
    ea, eb = export_tables(a, ADMIN), export_tables(b, ADMIN)
    assert ea.keys() == eb.keys()
    for name in ea:
        pd.testing.assert_frame_equal(ea[name].reset_index(drop=True), eb[name].reset_index(drop=True),
                                      check_dtype=False, obj=name)


def test_a_backup_moves_a_store_from_the_embedded_engine_to_neo4j_and_back(neo4j_store, store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    backup(store, ADMIN, tmp_path / "embedded.zip")
    restore(neo4j_store, ADMIN, tmp_path / "embedded.zip")
    _exports_equal(store, neo4j_store)
    assert audit.verify(neo4j_store).ok

    backup(neo4j_store, ADMIN, tmp_path / "neo4j.zip")
    from graph.store import open_store

    back = open_store(tmp_path / "back")
    try:
        restore(back, ADMIN, tmp_path / "neo4j.zip")
        _exports_equal(store, back)
        assert audit.verify(back).ok
        # the whole history came along: the embedded import, both restores
        assert len(audit.entries(back)) > len(audit.entries(store))
    finally:
        back.close()


# -- the bulk path in many batches (neo4j_bulk; the demo region loads in one or two) ----------

def _issues(n: int) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"i-{k:02}" for k in range(n)], "name": [f"Issue {k}" for k in range(n)]})


def test_a_bulk_load_in_many_batches_keeps_every_id_and_writes_one_entry_per_table(neo4j_store, monkeypatch):
    from graph.store import neo4j_bulk

    monkeypatch.setattr(neo4j_bulk, "NODE_BATCH", 7)
    monkeypatch.setattr(neo4j_bulk, "REL_BATCH", 7)
    issues = _issues(30)
    links = pd.DataFrame({"from_id": issues["id"][1:].to_numpy(), "to_id": "i-00"})
    links["id"] = "PART_OF:" + links["from_id"] + ">i-00"
    links["source"] = "a test"
    neo4j_store.bulk_create_nodes("Issue", issues)
    neo4j_store.bulk_create_rels("PART_OF", "Issue", "Issue", links)
    stored = neo4j_store.query("MATCH (a:Issue)-[r:PART_OF]->(:Issue {id: 'i-00'}) RETURN a.id AS a, r.id AS id")
    assert sorted((r["a"], r["id"]) for r in stored) == sorted(zip(links["from_id"], links["id"]))
    entries = [e for e in audit.entries(neo4j_store) if e.action == "bulk-create"]
    assert [e.target for e in entries] == ["Issue", "PART_OF (Issue to Issue)"]
    assert audit.verify(neo4j_store).ok


def test_a_bulk_load_that_fails_half_way_logs_the_batches_it_stored(neo4j_store, monkeypatch):
    from graph.errors import StoreError
    from graph.store import neo4j_bulk

    monkeypatch.setattr(neo4j_bulk, "NODE_BATCH", 7)
    neo4j_store.bulk_create_nodes("Issue", _issues(30).iloc[[15]])  # the third batch will clash
    with pytest.raises(StoreError, match="refused a bulk batch"):
        neo4j_store.bulk_create_nodes("Issue", _issues(30))
    stored = neo4j_store.query("MATCH (n:Issue) RETURN count(n) AS n")[0]["n"]
    logged = sum(json.loads(e.after)["count"] for e in audit.entries(neo4j_store) if e.action == "bulk-create")
    assert stored == logged and stored < 31
    assert audit.verify(neo4j_store).ok
