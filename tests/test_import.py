"""Importing never loses a row: good rows load, bad ones are reported with their fix."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graph.errors import InputError, PermissionDenied
from ingest.pipeline import import_path
from tests.conftest import ADMIN, DATA, PUBLIC, SMALL_REGION


def _problems(report, file=None):
    return [p for p in report.problems if file is None or p.file == file]


def test_a_region_imports_and_reimporting_changes_nothing(store):
    first = import_path(store, SMALL_REGION, ADMIN)
    assert first.totals() == {"created": 24, "updated": 0, "unchanged": 0, "rejected": 0}
    again = import_path(store, SMALL_REGION, ADMIN)
    assert again.totals() == {"created": 0, "updated": 0, "unchanged": 24, "rejected": 0}
    assert not again.changed


def test_a_file_with_broken_rows_loads_the_good_ones_and_reports_each_bad_one(store, tmp_path):
    report = import_path(store, DATA / "broken", ADMIN, reject_dir=tmp_path / "rejects")
    contacts = next(t for t in report.tables if t.table == "contacts")
    assert (contacts.created, contacts.rejected) == (2, 6)
    where = {(p.row, p.column) for p in _problems(report, "contacts.csv") if p.severity == "error"}
    assert (3, "kind") in where  # "journalist" is not a kind
    assert (4, "birth_date") in where  # 03/04/1975 is ambiguous
    assert (5, "birth_date") in where  # 1975-13-45 is not a date
    assert (6, "id") in where  # c-1 repeated
    assert (7, "id") in where  # no id
    assert (8, None) in where  # an unquoted comma shifted the values
    ambiguous = next(p for p in report.problems if p.row == 4)
    assert "2024-03-04" in ambiguous.fix and "2024-04-03" in ambiguous.fix
    unknown_column = next(p for p in report.problems if p.column == "shoe_size")
    assert unknown_column.severity == "warning" and "not loaded" in unknown_column.message
    # affiliations pointing at a rejected contact or an unknown organization are rejected too
    aff = _problems(report, "affiliations.csv")
    assert {p.row for p in aff} == {2, 3, 5}
    assert "o-nowhere" in next(p for p in aff if p.row == 2).message
    stored = store.query("MATCH (c:Contact) RETURN c.id AS id, c.status AS status ORDER BY id")
    assert stored == [{"id": "c-1", "status": "active"}, {"id": "c-8", "status": "deceased"}]


def test_rejected_rows_can_be_fixed_and_reimported(store, tmp_path):
    rejects = tmp_path / "rejects"
    import_path(store, DATA / "broken", ADMIN, reject_dir=rejects)
    fixed = pd.read_csv(rejects / "contacts.rejected.csv", dtype=str, keep_default_na=False)
    assert "problems" in fixed.columns and len(fixed) == 6
    fixed = fixed[fixed["name"] == "Cy Diaz"].assign(birth_date="1975-03-04")
    fixed.to_csv(rejects / "contacts.rejected.csv", index=False)
    report = import_path(store, rejects / "contacts.rejected.csv", ADMIN)
    assert report.totals()["created"] == 1 and not report.problems  # the problems column is ours, not a warning
    assert store.query("MATCH (c:Contact {id: 'c-3'}) RETURN c.birth_date AS b")[0]["b"].isoformat() == "1975-03-04"


def test_a_changed_value_counts_as_updated_and_absent_columns_keep_their_values(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    (tmp_path / "contacts.csv").write_text("id,name,kind\nc-bob,Hon. Robert E. Lee,elected_official\n")
    report = import_path(store, tmp_path / "contacts.csv", ADMIN)
    assert report.totals()["updated"] == 1
    row = store.query("MATCH (c:Contact {id: 'c-bob'}) RETURN c.name AS name, c.email AS email")[0]
    assert row == {"name": "Hon. Robert E. Lee", "email": "blee@pine.example"}


def test_moving_a_committee_moves_its_part_of_link(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    (tmp_path / "organizations.csv").write_text("id,name,type,parent_id\no-transport,Pine Transportation Committee,committee,o-cog\n")
    import_path(store, tmp_path / "organizations.csv", ADMIN)
    parents = store.query("MATCH (:Organization {id: 'o-transport'})-[:PART_OF]->(p) RETURN p.id AS id")
    assert parents == [{"id": "o-cog"}]


def test_rows_may_point_at_records_already_in_the_store(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    (tmp_path / "positions.csv").write_text("holder_id,issue_id,stance,as_of\nc-dee,i-transit,oppose,2025-01-10\n")
    report = import_path(store, tmp_path / "positions.csv", ADMIN)
    assert report.totals()["created"] == 1


def test_a_cp1252_file_is_read_and_the_user_is_told(store, tmp_path):
    (tmp_path / "organizations.csv").write_bytes("id,name,type\no-1,Café Olé Municipal Utility,utility\n".encode("cp1252"))
    report = import_path(store, tmp_path / "organizations.csv", ADMIN)
    assert report.totals()["created"] == 1
    assert any("not UTF-8" in n for n in report.notes)
    assert store.query("MATCH (o:Organization) RETURN o.name AS n")[0]["n"] == "Café Olé Municipal Utility"


def test_a_byte_order_mark_does_not_end_up_in_the_first_column(store, tmp_path):
    (tmp_path / "issues.csv").write_bytes("\ufeffid,name\ni-1,Water\n".encode("utf-8"))
    report = import_path(store, tmp_path / "issues.csv", ADMIN)
    assert report.totals()["created"] == 1 and not report.problems


def test_a_missing_required_column_rejects_every_row_and_names_the_column(store, tmp_path):
    (tmp_path / "contacts.csv").write_text("id,name\nc-1,Ana\nc-2,Bo\n")
    report = import_path(store, tmp_path / "contacts.csv", ADMIN)
    assert report.totals()["rejected"] == 2
    assert "no kind column" in report.problems[0].message


def test_a_duplicated_header_is_reported(store, tmp_path):
    (tmp_path / "issues.csv").write_text("id,name,name\ni-1,Water,Agua\n")
    report = import_path(store, tmp_path / "issues.csv", ADMIN)
    dup = next(p for p in report.problems if p.row == 1)
    assert dup.column == "name" and "twice" in dup.message
    assert store.query("MATCH (i:Issue) RETURN i.name AS n") == [{"n": "Water"}]


def test_an_excel_workbook_with_a_sheet_per_table_imports(store, tmp_path):
    path = tmp_path / "region.xlsx"
    with pd.ExcelWriter(path) as writer:
        for name in ("jurisdictions", "organizations", "contacts", "affiliations"):
            pd.read_csv(SMALL_REGION / f"{name}.csv", dtype=str, keep_default_na=False).to_excel(
                writer, sheet_name=name, index=False)
        pd.DataFrame({"x": [1]}).to_excel(writer, sheet_name="Notes", index=False)
    report = import_path(store, path, ADMIN)
    assert report.format == "excel workbook"
    assert report.totals()["created"] == 3 + 5 + 4 + 5
    assert any(p.file.endswith("[Notes]") for p in report.problems)  # an unknown sheet is reported


def test_json_lines_import(store, tmp_path):
    folder = tmp_path / "jl"
    folder.mkdir()
    (folder / "issues.jsonl").write_text(
        json.dumps({"id": "i-1", "name": "Housing for the elderly", "keywords": ["seniors", "aging"]}) + "\n"
        + "not json\n")
    report = import_path(store, folder, ADMIN)
    assert report.format == "json lines" and report.totals()["created"] == 1
    assert report.problems[0].row == 2
    assert store.query("MATCH (i:Issue) RETURN i.keywords AS k") == [{"k": "seniors;aging"}]


def test_viewers_may_not_import(store):
    with pytest.raises(PermissionDenied):
        import_path(store, SMALL_REGION, PUBLIC)


def test_a_file_named_after_no_table_is_refused_with_the_fix(store, tmp_path):
    (tmp_path / "people.csv").write_text("id,name\n")
    with pytest.raises(InputError, match="rename"):
        import_path(store, tmp_path / "people.csv", ADMIN)


def test_a_streamed_big_table_loads_in_its_turn_so_later_tables_may_point_at_it(store, tmp_path):
    (tmp_path / "issues.csv").write_text("id,name\ni-1,Transit\n")
    (tmp_path / "contacts.csv").write_text("id,name,kind\nc-1,Ana,elected_official\n")
    (tmp_path / "interactions.csv").write_text(
        "id,kind,date,subject\nx-1,meeting,2026-01-05,Bus lanes\nx-2,letter,2026-02-01,Bus lanes\nx-3,call,2026-03-01,Rail\n")
    (tmp_path / "positions.csv").write_text(
        "holder_id,issue_id,stance,as_of,source_interaction\nc-1,i-1,support,2026-01-05,x-1\nc-1,i-1,oppose,2026-02-01,x-2\n")
    report = import_path(store, tmp_path, ADMIN, chunk_rows=2)  # every file streamed, two rows at a time
    assert report.rejected == 0 and report.totals()["created"] == 1 + 1 + 3 + 2
    assert [t.table for t in report.tables] == ["issues", "contacts", "interactions", "positions"]


def test_a_long_streamed_import_reopens_the_database_and_loses_nothing(store, tmp_path):
    from ingest.pipeline import RELEASE_EVERY

    rows = 2 * RELEASE_EVERY * 3 + 1  # three chunks of two rows past two reopenings
    (tmp_path / "contacts.csv").write_text("id,name,kind\n" + "".join(f"c-{n},Person {n},resident\n"
                                                                     for n in range(rows)))
    report = import_path(store, tmp_path, ADMIN, chunk_rows=2)
    assert report.totals()["created"] == rows and report.rejected == 0
    assert any("reopened 3 time(s)" in n for n in report.notes), report.notes
    assert store.query("MATCH (c:Contact) RETURN count(c) AS n") == [{"n": rows}]
    again = import_path(store, tmp_path, ADMIN, chunk_rows=2)  # the reopened store works as before
    assert again.totals()["unchanged"] == rows


def test_the_database_is_not_reopened_under_another_threads_connection(store):
    import threading

    worker = threading.Thread(target=lambda: store.query("RETURN 1 AS x"))
    worker.start()
    worker.join()
    assert store.release_memory() is False
    assert store.query("RETURN 1 AS x") == [{"x": 1}]


def test_a_link_repeated_in_a_later_chunk_is_loaded_once_and_reported(store, tmp_path):
    (tmp_path / "contacts.csv").write_text("id,name,kind\nc-1,Ana,elected_official\nc-2,Bo,reporter\n")
    (tmp_path / "interactions.csv").write_text("id,kind,date,subject\nx-1,meeting,2026-01-05,Bus lanes\n")
    (tmp_path / "participants.csv").write_text(
        "interaction_id,contact_id,role\nx-1,c-1,attendee\nx-1,c-2,attendee\nx-1,c-1,attendee\n")
    report = import_path(store, tmp_path, ADMIN, chunk_rows=2)
    part = next(t for t in report.tables if t.table == "participants")
    assert (part.created, part.unchanged) == (2, 1)
    assert any("repeat participated_in links" in p.message for p in report.problems)
    assert store.query("MATCH ()-[r:PARTICIPATED_IN]->() RETURN count(r) AS n") == [{"n": 2}]


def test_fingerprints_answer_as_a_set_would_across_many_chunks():
    import random

    import numpy as np

    from ingest.pipeline import _Fingerprints

    seen, same, rng = _Fingerprints(), set(), random.Random(3)
    for _ in range(60):
        ids = pd.Series([f"c-{rng.randint(0, 50_000)}" for _ in range(rng.randint(0, 2_000))], dtype=object)
        assert (seen.contains(ids).to_numpy() == np.array([i in same for i in ids], dtype=bool)).all()
        seen.add(ids)
        same.update(ids)
    assert len(seen._runs) <= 8  # merged as it grows: a few runs, not one per chunk


def test_the_bulk_loader_stores_exactly_what_the_row_by_row_path_stores(tmp_path, monkeypatch):
    # a batch whose date column is empty in every row (ties with no end date) once came out as 0001-01-01
    import ingest.pipeline as pipeline
    from graph.store import open_store
    from ingest.export import export_tables

    with open_store(tmp_path / "rows") as rows:
        import_path(rows, SMALL_REGION, ADMIN)
        expected = export_tables(rows, ADMIN)
    monkeypatch.setattr(pipeline, "BULK_THRESHOLD", 0)  # every new record through COPY
    monkeypatch.setattr("ingest.import_writes.BULK_THRESHOLD", 0)  # (where it is read)
    with open_store(tmp_path / "bulk") as bulk:
        import_path(bulk, SMALL_REGION, ADMIN)
        got = export_tables(bulk, ADMIN)
        assert bulk.query("MATCH ()-[t:KNOWS]->() WHERE t.end_date IS NULL RETURN count(t) AS n")[0]["n"] > 0
    assert expected.keys() == got.keys()
    for name in expected:
        pd.testing.assert_frame_equal(expected[name].reset_index(drop=True), got[name].reset_index(drop=True),
                                      check_dtype=False, obj=name)
