"""The import's bulk paths (issue 21): relationships of a phase written in one transaction, the
bulk loader's check for stored ids, and the link-table checks done per distinct value, not per row.
Each still names the file, row, column and fix of a bad row, and the counts stay exact."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from graph import audit
from graph.errors import StoreError
from ingest.pipeline import _Fingerprints, import_path
from tests.conftest import ADMIN

CONTACTS = "id,name,kind\nc-ana,Ana Ruiz,our_staff\nc-bob,Bo Chen,our_staff\nc-cy,Cy Diaz,our_staff\n"
ORGS = "id,name,type\no-city,Cedar City,city\no-puc,Utility Commission,regulator\n"


def _region(folder, ties: str, affiliations: str = "") -> None:
    folder.mkdir()
    (folder / "contacts.csv").write_text(CONTACTS)
    (folder / "organizations.csv").write_text(ORGS)
    (folder / "ties.csv").write_text(ties)
    if affiliations:
        (folder / "affiliations.csv").write_text(affiliations)


def _ties(store) -> list[tuple[str, str, str]]:
    rows = store.query("MATCH (a)-[r]->(b) WHERE label(r) IN ['KNOWS', 'OWNS', 'TIED_TO'] "
                       "RETURN a.id AS one, label(r) AS t, b.id AS other ORDER BY one, t, other")
    return [(r["one"], r["t"], r["other"]) for r in rows]


def test_a_knows_link_between_organizations_is_rejected_with_its_row_and_fix(store, tmp_path):
    _region(tmp_path / "in", "from_id,to_id,kind\nc-ana,c-bob,knows\no-city,o-puc,knows\nc-bob,c-cy,owns\n")
    report = import_path(store, tmp_path / "in", ADMIN, reject_dir=tmp_path / "rejects")
    ties = next(t for t in report.tables if t.table == "ties")
    assert (ties.created, ties.rejected) == (2, 1)
    [problem] = [p for p in report.problems if p.file == "ties.csv"]
    assert (problem.row, problem.column) == (3, "kind")
    assert "cannot go from organization to organization" in problem.message
    assert "knows links go from contact to contact" in problem.fix
    rejected = pd.read_csv(tmp_path / "rejects" / "ties.rejected.csv", dtype=str, keep_default_na=False)
    assert rejected[["from_id", "to_id"]].values.tolist() == [["o-city", "o-puc"]]
    assert _ties(store) == [("c-ana", "KNOWS", "c-bob"), ("c-bob", "OWNS", "c-cy")]


def test_a_repeated_link_is_rejected_naming_the_first_row_and_the_others_load(store, tmp_path):
    _region(tmp_path / "in", "from_id,to_id,kind\nc-ana,c-bob,knows\nc-bob,c-cy,knows\n"
                             "c-ana,c-bob,knows\nc-bob,c-cy,knows\nc-ana,c-bob,knows\n")
    report = import_path(store, tmp_path / "in", ADMIN)
    ties = next(t for t in report.tables if t.table == "ties")
    assert (ties.created, ties.rejected) == (2, 3)
    found = sorted((p.row, p.column, p.message) for p in report.problems if p.file == "ties.csv")
    assert found == [(4, "id", "repeats the relationship on row 2"), (5, "id", "repeats the relationship on row 3"),
                     (6, "id", "repeats the relationship on row 2")]
    assert all(p.fix == "remove the repeated row" for p in report.problems if p.file == "ties.csv")
    assert _ties(store) == [("c-ana", "KNOWS", "c-bob"), ("c-bob", "KNOWS", "c-cy")]


def test_a_phase_writes_its_new_links_in_one_transaction_and_reimporting_changes_nothing(store, tmp_path,
                                                                                           monkeypatch):
    _region(tmp_path / "in", "from_id,to_id,kind\nc-ana,c-bob,knows\nc-bob,c-cy,owns\n",
            "contact_id,organization_id,kind\nc-ana,o-city,works_at\nc-cy,o-puc,member_of\n")
    before = len(audit.entries(store))
    calls = []  # the real store writes; we only note what each bulk write of links held
    real = store.create_prepared_rel_groups
    monkeypatch.setattr(store, "create_prepared_rel_groups", lambda groups: (calls.append(sorted(groups)),
                                                                              real(groups)))
    first = import_path(store, tmp_path / "in", ADMIN)
    assert calls == [[("KNOWS", "Contact", "Contact"), ("MEMBER_OF", "Contact", "Organization"),
                      ("OWNS", "Contact", "Contact"), ("WORKS_AT", "Contact", "Organization")]]
    assert first.totals() == {"created": 9, "updated": 0, "unchanged": 0, "rejected": 0}
    new = audit.entries(store)[before:]
    links = [e for e in new if e.action == "bulk-create" and "(" in e.target]
    assert sorted(e.target for e in links) == ["KNOWS (Contact to Contact)", "MEMBER_OF (Contact to Organization)",
                                               "OWNS (Contact to Contact)", "WORKS_AT (Contact to Organization)"]
    assert len({e.seq for e in links}) == 4 and all(json.loads(e.after)["count"] == 1 for e in links)
    # one transaction: consecutive entries, nothing written between them
    seqs = sorted(e.seq for e in links)
    assert seqs == list(range(seqs[0], seqs[0] + 4))
    again = import_path(store, tmp_path / "in", ADMIN)
    assert again.totals() == {"created": 0, "updated": 0, "unchanged": 9, "rejected": 0}
    assert audit.verify(store).ok


def test_relationship_groups_are_all_or_nothing(store):
    people = pd.DataFrame({"id": ["c-1", "c-2"], "name": ["Ana", "Bo"], "kind": ["our_staff", "our_staff"]})
    store.bulk_create_nodes("Contact", people)
    good = pd.DataFrame({"from_id": ["c-1"], "to_id": ["c-2"], "id": ["t-1"], "confidentiality": ["public"]})
    bad = pd.DataFrame({"from_id": ["c-2"], "to_id": ["c-nobody"], "id": ["t-2"], "confidentiality": ["public"]})
    with pytest.raises(StoreError):
        store.create_prepared_rel_groups({("KNOWS", "Contact", "Contact"): [store.prepare_rels("KNOWS", good)],
                                          ("OWNS", "Contact", "Contact"): [store.prepare_rels("OWNS", bad)]})
    assert store.query("MATCH ()-[r]->() WHERE label(r) IN ['KNOWS', 'OWNS'] RETURN count(r) AS n")[0]["n"] == 0


def test_the_bulk_loader_refuses_ids_already_stored_and_stores_nothing(store):
    store.bulk_create_nodes("Contact", pd.DataFrame({"id": ["c-1", "c-2"], "name": ["Ana", "Bo"]}))
    with pytest.raises(StoreError, match="ids exist already, e.g. c-2"):
        store.bulk_create_nodes("Contact", pd.DataFrame({"id": ["c-3", "c-2", "c-4"], "name": ["Cy", "B", "Di"]}))
    with pytest.raises(StoreError, match="duplicate ids"):
        store.bulk_create_nodes("Contact", pd.DataFrame({"id": ["c-5", "c-5"], "name": ["E", "E"]}))
    assert [r["id"] for r in store.query("MATCH (c:Contact) RETURN c.id AS id ORDER BY id")] == ["c-1", "c-2"]


def test_fingerprints_answer_the_same_with_hashes_computed_once():
    seen = _Fingerprints()
    ids = pd.Series(["a", "b", "c"])
    assert not seen.contains(ids).any()  # empty: nothing hashed, nothing found
    seen.add(ids.iloc[:2], seen.hashes(ids.iloc[:2]))
    asked = pd.Series(["c", "a", "z", "b"])
    assert seen.contains(asked).tolist() == seen.contains(asked, seen.hashes(asked)).tolist() == [
        False, True, False, True]
