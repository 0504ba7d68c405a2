"""Merging two stored contacts keeps everything, is audited, and can be undone exactly."""
import json

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph import audit
from graph.errors import NotFound, PermissionDenied
from ingest.export import export_tables
from ingest.pipeline import import_path
from ingest.resolve.merge import MergeError, merge_contacts, merges, unmerge
from tests.conftest import ADMIN, EDITOR, PUBLIC, SMALL_REGION


@pytest.fixture
def region(store):
    """The small region: Bob Lee (commissioner, chair of the transport board, supports transit),
    Carl Ortiz (deceased, a transport board member), Ana Ruiz (our staff, owns and knows Bob)."""
    import_path(store, SMALL_REGION, ADMIN)
    return store


def tables(store):
    out = export_tables(store, ADMIN)
    return {name: frame.sort_values(list(frame.columns)).reset_index(drop=True) for name, frame in out.items()}


def contact(store, cid):
    rows = store.query("MATCH (c:Contact {id: $id}) RETURN c.name AS name, c.other_names AS other_names, "
                       "c.email AS email, c.source AS source", {"id": cid})
    return rows[0] if rows else None


def test_merge_moves_every_relationship_and_keeps_names_and_sources(region):
    summary = merge_contacts(region, EDITOR, "c-bob", "c-carl", reason="test: the same commissioner")
    assert contact(region, "c-carl") is None
    bob = contact(region, "c-bob")
    assert "Carl Ortiz" in bob["other_names"]
    orgs = region.query("MATCH (c:Contact {id: 'c-bob'})-[r:MEMBER_OF]->(o:Organization) RETURN r.id AS id, "
                        "r.role AS role ORDER BY role")
    assert [r["role"] for r in orgs] == ["chair", "member"], "Carl's membership moved, with its own id"
    assert summary["moved_relationships"] >= 1
    record = merges(region, ADMIN)[0]
    assert record["keep_id"] == "c-bob" and record["duplicate_id"] == "c-carl" and record["user"] == "editor"
    assert record["reason"] == "test: the same commissioner" and not record["undone_at"]


def test_merge_then_unmerge_restores_exactly_the_same_graph(region):
    before = tables(region)
    # Ana owns and knows Bob: the ties between the two are set aside, and come back
    summary = merge_contacts(region, ADMIN, "c-ana", "c-bob")
    assert summary["dropped_relationships"] >= 2
    assert tables(region)["contacts"].shape[0] == before["contacts"].shape[0] - 1
    undone = unmerge(region, ADMIN, summary["merge_id"])
    assert undone["missing_relationships"] == [] and undone["changed_since_merge"] == []
    after = tables(region)
    for name in before:
        assert before[name].equals(after[name]), f"{name} differs after merge + unmerge"
    assert merges(region, ADMIN)[0]["undone_at"]
    with pytest.raises(MergeError, match="already undone"):
        unmerge(region, ADMIN, summary["merge_id"])


def test_merge_and_unmerge_are_audited_in_the_chain(region):
    summary = merge_contacts(region, EDITOR, "c-bob", "c-carl", reason="duplicate")
    unmerge(region, EDITOR, summary["merge_id"])
    entries = audit.entries(region)
    actions = [(e.action, e.target, e.user) for e in entries]
    assert ("merge", f"MergeRecord:{summary['merge_id']}", "editor") in actions
    assert ("delete", "Contact:c-carl", "editor") in actions
    assert ("unmerge", f"MergeRecord:{summary['merge_id']}", "editor") in actions
    assert ("create", "Contact:c-carl", "editor") in actions
    assert audit.verify(region).ok


def test_a_viewer_cannot_merge_or_unmerge(region):
    with pytest.raises(PermissionDenied, match="may not merge contacts"):
        merge_contacts(region, PUBLIC, "c-bob", "c-carl")
    summary = merge_contacts(region, ADMIN, "c-bob", "c-carl")
    with pytest.raises(PermissionDenied, match="may not undo a merge"):
        unmerge(region, PUBLIC, summary["merge_id"])


def test_merge_names_the_missing_contact(region):
    with pytest.raises(NotFound, match='"c-nobody" is not a contact id'):
        merge_contacts(region, ADMIN, "c-bob", "c-nobody")
    with pytest.raises(MergeError, match="with itself"):
        merge_contacts(region, ADMIN, "c-bob", "c-bob")
    with pytest.raises(NotFound, match="is not a merge id"):
        unmerge(region, ADMIN, "merge-nope")


def test_cli_merge_merges_and_unmerge(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVICGRAPH_ROLES_FILE", raising=False)
    runner = CliRunner()
    db = str(tmp_path / "db")
    assert runner.invoke(cli, ["--store", db, "import", str(SMALL_REGION)]).exit_code == 0
    done = runner.invoke(cli, ["--store", db, "merge", "c-bob", "c-carl", "--reason", "same", "--format", "json"])
    assert done.exit_code == 0, done.output
    merge_id = json.loads(done.output)["merge_id"]
    listed = json.loads(runner.invoke(cli, ["--store", db, "merges", "--format", "json"]).output)
    assert listed[0]["id"] == merge_id and listed[0]["keep_id"] == "c-bob"
    undone = runner.invoke(cli, ["--store", db, "unmerge", merge_id, "--format", "json"])
    assert undone.exit_code == 0 and json.loads(undone.output)["duplicate"] == "c-carl"
    missing = runner.invoke(cli, ["--store", db, "merge", "c-bob", "c-nobody"])
    assert missing.exit_code == 1 and "is not a contact id" in missing.output


def _engagement(store):
    from ingest.engagement_history import HISTORY

    rows = store.query("MATCH (s)-[e:ENGAGED_ON]->(t:Issue) RETURN s.id AS s, t.id AS t, e.id AS id, "
                       "e.n_public AS n0, e.n_internal AS n1, e.n_confidential AS n2, e.confidentiality AS conf, "
                       + ", ".join(f"e.{c} AS {c}" for c in HISTORY))  # and the history lists
    return sorted((r["s"], r["t"], r["id"], r["n0"], r["n1"], r["n2"], r["conf"],
                   *(tuple(r[c]) if r[c] is not None else None for c in HISTORY)) for r in rows)


def test_merge_and_unmerge_recompute_engagement_instead_of_moving_it(store, demo_tables):
    """ENGAGED_ON is derived: a merge must not move the duplicate's counts onto the kept contact
    (they would double); after the merge they equal a from-scratch refresh, after unmerge the original."""
    from ingest.engagement import refresh_engagement
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    import_source(store, from_frames(demo_tables, Format.TABLES, origin="demo"), ADMIN)
    busiest = store.query("MATCH (c:Contact)-[e:ENGAGED_ON]->(:Issue) WHERE c.confidentiality IN ['public', "
                          "'internal'] WITH c, count(e) AS n RETURN c.id AS id ORDER BY n DESC, id LIMIT 2")
    keep, duplicate = busiest[0]["id"], busiest[1]["id"]
    original = _engagement(store)
    assert any(r[0] == duplicate for r in original) and any(r[0] == keep for r in original)
    summary = merge_contacts(store, EDITOR, keep, duplicate)
    merged = _engagement(store)
    assert not any(r[0] == duplicate for r in merged)
    refresh_engagement(store)
    assert merged == _engagement(store), "a merge leaves the counts a full refresh would give"
    unmerge(store, EDITOR, summary["merge_id"])
    assert _engagement(store) == original
    assert audit.verify(store).ok


@pytest.fixture
def secret_duplicate(region, tmp_path):
    """The small region plus a confidential record of Bob Lee: a private phone, a note, a tie to Dee."""
    folder = tmp_path / "secret"
    folder.mkdir()
    (folder / "contacts.csv").write_text(
        "id,name,kind,phone,notes,title,confidentiality\n"
        "c-bob-private,Robert Lee,elected_official,555-0199,never name her,Informant handler,confidential\n",
        encoding="utf-8")
    (folder / "ties.csv").write_text("from_id,to_id,kind,confidentiality\nc-bob-private,c-dee,knows,public\n",
                                     encoding="utf-8")
    import_path(region, folder, ADMIN)
    return region


def _bob(store, viewer):
    return store.query("MATCH (c:Contact {id: 'c-bob'}) WHERE c.confidentiality IN $visible "
                       "RETURN c.notes AS notes, c.phone AS phone", {"visible": viewer.visible})


def test_merging_a_confidential_duplicate_makes_the_kept_record_confidential(secret_duplicate):
    store = secret_duplicate
    assert _bob(store, PUBLIC), "Bob is public before the merge"
    summary = merge_contacts(store, ADMIN, "c-bob", "c-bob-private", reason="same person")
    assert summary["confidentiality"] == "confidential"
    assert _bob(store, ADMIN) == [{"notes": "never name her", "phone": "555-0199"}]
    assert _bob(store, PUBLIC) == [], "the merged record is not shown at public clearance"
    ties = store.query("MATCH (:Contact {id: 'c-bob'})-[r:KNOWS]-(:Contact {id: 'c-dee'}) "
                       "RETURN r.confidentiality AS conf")
    assert [t["conf"] for t in ties] == ["confidential"], "the moved tie is as confidential as its record"
    public_export = export_tables(store, PUBLIC)["contacts"]
    assert "never name her" not in public_export.to_csv()
    assert "c-bob" not in set(public_export["id"])
    unmerge(store, ADMIN, summary["merge_id"])
    assert _bob(store, PUBLIC) == [{"notes": None, "phone": None}], "undo restores the public record as it was"


def test_only_someone_cleared_for_both_records_can_merge_them(secret_duplicate):
    with pytest.raises(NotFound, match="c-bob-private"):
        merge_contacts(secret_duplicate, EDITOR, "c-bob", "c-bob-private")
    assert contact(secret_duplicate, "c-bob-private") is not None, "nothing was merged"


def test_the_merge_record_is_listed_only_to_those_cleared_for_both(secret_duplicate):
    store = secret_duplicate
    summary = merge_contacts(store, ADMIN, "c-bob", "c-bob-private")
    assert [r["id"] for r in merges(store, ADMIN)] == [summary["merge_id"]]
    assert merges(store, EDITOR) == [] and merges(store, PUBLIC) == []
    with pytest.raises(PermissionDenied, match="ask someone cleared"):
        unmerge(store, EDITOR, summary["merge_id"])
    unmerge(store, ADMIN, summary["merge_id"])
    assert merges(store, PUBLIC) == [], "an undone merge of a confidential record stays hidden"


def test_merges_at_public_clearance_do_not_show_a_confidential_id(secret_duplicate, tmp_path):
    runner = CliRunner()
    store = secret_duplicate
    merge_contacts(store, ADMIN, "c-bob", "c-bob-private")
    path = store.folder
    store.close()
    listed = runner.invoke(cli, ["--store", str(path), "--clearance", "public", "merges", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert "c-bob-private" not in listed.output
