"""Resolving lists against the stored contacts, loading them, and the review queue of duplicates,
on the real Texas Open States sample (15 names have two person files each)."""
import json

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.errors import PermissionDenied
from ingest.pipeline import import_path
from ingest.resolve.queue import decide, pending_candidates, scan_duplicates
from ingest.resolve.store import list_clusters, load_resolution, resolve_against_store, store_ids
from tests.conftest import ADMIN, EDITOR, PUBLIC, copy_of

WATSON_MAYOR = "ocd-person/b01406d8-8d24-4fc9-887f-d169b220a5dc"  # mayor (term to 2025), with e-mail
WATSON_SENATOR = "ocd-person/603db6b7-89e7-488f-ac09-0da68b3dbce4"  # senator to 2020-04-30, then mayor


@pytest.fixture(scope="module")
def texas_built(tmp_path_factory):
    """The Texas sample, imported once for this module."""
    from graph.store import open_store
    from ingest.samples import TEXAS

    s = open_store(tmp_path_factory.mktemp("texas-resolve") / "db")
    import_path(s, TEXAS, ADMIN)
    yield s
    s.close()


@pytest.fixture
def texas(texas_built, tmp_path):
    """A copy of it for each test: the queue tests merge and load into it, in any order."""
    s = copy_of(texas_built, tmp_path)
    yield s
    s.close()


@pytest.fixture
def board(tmp_path):
    path = tmp_path / "mpo_board.csv"
    path.write_text("Name,E-mail,Agency\nMayor Kirk Watson,kirk.watson@austintexas.gov,City of Austin\n"
                    "Jane Roe,jroe@example.org,Capital Area MPO\n", encoding="utf-8")
    return path


def test_against_store_finds_the_stored_person(texas, board):
    res = resolve_against_store(texas, PUBLIC, [board])
    shown = list_clusters(res)
    assert len(shown) == 2, "one person per list row"
    watson = next(c for c in shown if "Kirk Watson" in " ".join(res.records.iloc[r]["name"] for r in c.records))
    assert set(store_ids(res, watson.records)) == {WATSON_MAYOR, WATSON_SENATOR}
    roe = next(c for c in shown if c is not watson)
    assert store_ids(res, roe.records) == []


def test_cli_against_store_prints_store_ids_and_loads_nothing(texas, board):
    before = texas.counts().nodes["Contact"]
    out = CliRunner().invoke(cli, ["--store", texas.location, "resolve", str(board), "--against-store",
                                   "--format", "json"])
    # the fixture holds the database in this process: the CLI opens it read-only, and must succeed
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    watson = next(c for c in data["clusters"] if c["store_ids"])
    assert {"store_id": WATSON_MAYOR} in watson["records"] and {"file": "mpo_board.csv", "row": 2} in watson["records"]
    assert texas.counts().nodes["Contact"] == before


def test_load_updates_the_matched_contact_and_creates_the_new_one(texas, board):
    res = resolve_against_store(texas, EDITOR, [board])
    with pytest.raises(PermissionDenied):
        load_resolution(texas, PUBLIC, res)
    report = load_resolution(texas, EDITOR, res)
    assert len(report["created"]) == 1 and len(report["updated"]) == 1
    new = texas.query("MATCH (c:Contact {id: $id}) RETURN c.name AS name, c.email AS email, c.source AS source",
                      {"id": report["created"][0]})[0]
    assert new == {"name": "Jane Roe", "email": "jroe@example.org", "source": "mpo_board.csv:3"}
    updated = texas.query("MATCH (c:Contact {id: $id}) RETURN c.source AS source, c.email AS email",
                          {"id": report["updated"][0]})[0]
    assert updated["source"].startswith("openstates:") and updated["source"].endswith("mpo_board.csv:2")
    assert updated["email"]


def test_kirk_watson_senator_then_mayor_is_proposed_as_one_person(texas):
    summary = scan_duplicates(texas, EDITOR)
    assert summary["queued"] >= 10
    pending = pending_candidates(texas, EDITOR)
    watson = [c for c in pending if {c["a_id"], c["b_id"]} == {WATSON_MAYOR, WATSON_SENATOR}]
    assert len(watson) == 1
    evidence = " ".join(watson[0]["evidence"])
    assert watson[0]["score"] >= 0.95 and "same given name Kirk" in evidence
    # the senate term ended (2020-04-30) before the mayor's terms: not "two offices at once"
    assert "active at the same time" not in evidence and "blocks merge" not in evidence
    # successive mayors share the mayor's mailbox, phone and address: never one person on their own
    margo = [c for c in pending if {c["a_name"], c["b_name"]} == {"Dee Margo", "Oscar Leeser"}]
    assert margo and any("different given and family names" in e for e in margo[0]["evidence"])


def test_deciding_merges_or_remembers_distinct(texas):
    scan_duplicates(texas, EDITOR)
    pending = pending_candidates(texas, EDITOR)
    watson = next(c for c in pending if {c["a_id"], c["b_id"]} == {WATSON_MAYOR, WATSON_SENATOR})
    with pytest.raises(PermissionDenied):
        decide(texas, PUBLIC, watson["id"], "merge")
    result = decide(texas, EDITOR, watson["id"], "merge")
    assert result["status"] == "merged" and result["merge_id"]
    assert len(texas.query("MATCH (c:Contact) WHERE c.name = 'Kirk Watson' RETURN c.id AS id")) == 1
    other = next(c for c in pending_candidates(texas, EDITOR) if c["id"] != watson["id"])
    assert decide(texas, EDITOR, other["id"], "distinct")["status"] == "distinct"
    again = scan_duplicates(texas, EDITOR)
    assert again["already_decided"] >= 1
    assert other["id"] not in {c["id"] for c in pending_candidates(texas, EDITOR)}


def test_auto_merge_never_joins_two_differently_named_people(texas):
    scan_duplicates(texas, ADMIN, auto_merge=True)
    for successor in ("Dee Margo", "Oscar Leeser", "John B. Muns", "Harry LaRosiliere"):
        assert texas.query("MATCH (c:Contact) WHERE c.name = $n RETURN c.id AS id", {"n": successor}), successor
