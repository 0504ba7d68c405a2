"""The bulk paths of an import: new records by COPY, stored ones by MERGE, in the same file; a
big file read in parts with its relationships held for one COPY at its end; rejected rows
counted exactly. A hand-checkable region: three people, four meetings, six participations."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import import_path
from tests.conftest import ADMIN

ISSUES = "id,name\ni-roads,Roads\ni-transit,Transit\n"
CONTACTS = "id,name,kind\nc-ana,Ana Ruiz,resident\nc-bo,Bo Lee,resident\nc-cy,Cy Park,resident\n"
INTERACTIONS = ("id,kind,date,subject,issue_ids\n"
                "x1,meeting,2025-01-10,Bus lanes,i-transit\n"
                "x2,call,2025-02-01,Potholes,i-roads\n"
                "x3,meeting,not a date,Bridges,i-roads\n"          # rejected: row 4
                "x4,email,2025-03-05,Both,i-roads;i-transit\n")
PARTICIPANTS = ("interaction_id,contact_id,role\n"
                "x1,c-ana,organizer\nx1,c-bo,attendee\nx2,c-ana,attendee\n"
                "x3,c-cy,attendee\n"                                 # rejected: x3 was rejected
                "x4,c-bo,sender\nx4,c-cy,recipient\n")


def _write(folder: Path, **tables: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def everything_by_copy(monkeypatch):
    monkeypatch.setattr("ingest.import_writes.BULK_THRESHOLD", 0)


def _count(store, pattern: str) -> int:
    return store.query(f"MATCH {pattern} RETURN count(*) AS n")[0]["n"]


def test_a_file_read_in_parts_loads_by_copy_and_rejects_exactly(store, tmp_path, everything_by_copy):
    folder = _write(tmp_path / "in", issues=ISSUES, contacts=CONTACTS, interactions=INTERACTIONS,
                    participants=PARTICIPANTS)
    report = import_path(store, folder, ADMIN, chunk_rows=2)  # every file in parts of two rows
    by = {t.table: t for t in report.tables}
    assert (by["interactions"].created, by["interactions"].rejected) == (3, 1)
    assert (by["participants"].created, by["participants"].rejected) == (5, 1)
    bad = sorted((p.file, p.row, p.column) for p in report.problems if p.severity == "error")
    assert bad == [("interactions.csv", 4, "date"), ("participants.csv", 5, "interaction_id")]
    assert _count(store, "(:Contact)-[:PARTICIPATED_IN]->(:Interaction)") == 5
    assert _count(store, "(:Interaction)-[:ABOUT]->(:Issue)") == 4  # x1, x2, x4 twice
    # the relationships of the parts went in with one bulk load per kind, audited as one entry each
    bulk = store.query("MATCH (a:AuditEntry) WHERE a.action = 'bulk-create' RETURN a.target AS t")
    targets = sorted(r["t"] for r in bulk)
    assert targets.count("PARTICIPATED_IN (Contact to Interaction)") == 1
    assert targets.count("ABOUT (Interaction to Issue)") == 1
    engaged = store.query("MATCH (c:Contact {id: 'c-bo'})-[e:ENGAGED_ON]->(i:Issue) RETURN i.id AS i, "
                          "e.n_public AS n ORDER BY i.id")
    assert engaged == [{"i": "i-roads", "n": 1}, {"i": "i-transit", "n": 2}]


def test_new_and_stored_ids_in_one_file_are_created_and_updated(store, tmp_path, everything_by_copy):
    first = _write(tmp_path / "one", issues=ISSUES, contacts=CONTACTS)
    import_path(store, first, ADMIN)
    again = _write(tmp_path / "two", contacts=("id,name,kind\n"
                                                "c-ana,Ana Ruiz,resident\n"       # stored, unchanged
                                                "c-bo,Bo Lee-Park,resident\n"     # stored, renamed
                                                "c-dee,Dee Ng,resident\n"         # new
                                                "c-eve,Eve Ode,resident\n"))      # new
    version = store.data_version()
    report = import_path(store, again, ADMIN)
    line = next(t for t in report.tables if t.table == "contacts")
    assert (line.created, line.updated, line.unchanged, line.rejected) == (2, 1, 1, 0)
    names = {r["id"]: r["name"] for r in store.query("MATCH (c:Contact) RETURN c.id AS id, c.name AS name")}
    assert names == {"c-ana": "Ana Ruiz", "c-bo": "Bo Lee-Park", "c-cy": "Cy Park", "c-dee": "Dee Ng",
                     "c-eve": "Eve Ode"}
    assert store.data_version() != version
    # and the same file a second time changes nothing
    version = store.data_version()
    report = import_path(store, again, ADMIN)
    assert not report.changed and store.data_version() == version


def test_a_second_import_of_a_file_read_in_parts_changes_nothing(store, tmp_path, everything_by_copy):
    folder = _write(tmp_path / "in", issues=ISSUES, contacts=CONTACTS, interactions=INTERACTIONS,
                    participants=PARTICIPANTS)
    import_path(store, folder, ADMIN, chunk_rows=2)
    counts = (_count(store, "()-[:PARTICIPATED_IN]->()"), _count(store, "()-[:ABOUT]->()"),
              _count(store, "()-[:ENGAGED_ON]->()"))
    version = store.data_version()
    report = import_path(store, folder, ADMIN, chunk_rows=2)
    assert not report.changed and store.data_version() == version
    assert report.totals() == {"created": 0, "updated": 0, "unchanged": 2 + 3 + 3 + 5, "rejected": 2}
    assert (_count(store, "()-[:PARTICIPATED_IN]->()"), _count(store, "()-[:ABOUT]->()"),
            _count(store, "()-[:ENGAGED_ON]->()")) == counts


def test_held_relationships_are_written_when_too_many_are_held(store, tmp_path, everything_by_copy, monkeypatch):
    monkeypatch.setattr("ingest.pipeline.HOLD_ROWS", 2)  # memory bound: written every two held
    folder = _write(tmp_path / "in", issues=ISSUES, contacts=CONTACTS, interactions=INTERACTIONS,
                    participants=PARTICIPANTS)
    report = import_path(store, folder, ADMIN, chunk_rows=2)
    assert report.rejected == 2
    assert _count(store, "(:Contact)-[:PARTICIPATED_IN]->(:Interaction)") == 5
    assert _count(store, "(:Interaction)-[:ABOUT]->(:Issue)") == 4
    bulk = store.query("MATCH (a:AuditEntry) WHERE a.action = 'bulk-create' AND a.target STARTS WITH "
                       "'PARTICIPATED_IN' RETURN count(*) AS n")[0]["n"]
    assert bulk >= 2
