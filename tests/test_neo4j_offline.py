"""A first big load into Neo4j through its offline importer (graph/store/neo4j_offline.py).

The importer gets the tables the import pipeline wrote into an embedded store, so validation,
rejected rows and the audit log are the pipeline's on both engines. Writing the importer's files
needs no server; the load itself starts a server of its own on the imported data folder (the
importer needs the database stopped), so it runs in make test-neo4j.
"""
from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

import pytest

from graph import audit
from graph.errors import StoreError
from graph.store import neo4j_offline as off
from graph.store import open_store
from ingest.export import export_tables
from ingest.pipeline import import_path
from tests.conftest import ADMIN, SMALL_REGION, copy_of
from tests.test_engagement import region  # noqa: F401  (the fixture)


def _header(path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


@pytest.fixture
def small_copy(small_store, tmp_path):
    """The small region's embedded store, a copy of its own, closed (the importer's files read it)."""
    copy = copy_of(small_store, tmp_path)
    folder = copy.location
    counts = {label: copy.query(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"]
              for label in ("Contact", "Organization", "AuditEntry")}
    counts["MEMBER_OF"] = copy.query("MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS n")[0]["n"]
    copy.close()
    return folder, counts


def test_the_importers_files_hold_every_record_with_its_model_type(small_copy, tmp_path):
    folder, counts = small_copy
    files = off.write_import_files(folder, tmp_path / "files")
    assert files.rows["Contact"] == counts["Contact"] > 0
    assert files.rows["AuditEntry"] == counts["AuditEntry"] > 0
    assert sum(n for name, n in files.rows.items() if name.startswith("MEMBER_OF.")) == counts["MEMBER_OF"] > 0
    contact = _header(files.folder / "Contact.csv")
    assert contact[:2] == [":ID(Contact)", "id:string"] and "confidentiality:string" in contact
    assert "start_date:date" in _header(files.folder / "MEMBER_OF.Contact-Organization.csv")
    assert "seq:long" in _header(files.folder / "AuditEntry.csv")
    member = _header(files.folder / "MEMBER_OF.Contact-Organization.csv")
    assert member[:2] == [":START_ID(Contact)", ":END_ID(Organization)"]
    assert files.args[0] == "--id-type=integer"
    assert f"--nodes=Contact={files.folder / 'Contact.csv'}" in files.args


def test_relationships_name_their_ends_by_the_numbers_of_their_nodes(small_copy, tmp_path):
    """The importer's numbers of the two ends, read back through the node files, are the ends the
    embedded store holds, for every membership."""
    folder, _ = small_copy
    files = off.write_import_files(folder, tmp_path / "files")

    def ids(label: str) -> dict[str, str]:
        with open(files.folder / f"{label}.csv", newline="", encoding="utf-8") as fh:
            return {row[f":ID({label})"]: row["id:string"] for row in csv.DictReader(fh)}

    people, bodies = ids("Contact"), ids("Organization")
    with open(files.folder / "MEMBER_OF.Contact-Organization.csv", newline="", encoding="utf-8") as fh:
        pairs = sorted((people[r[":START_ID(Contact)"]], bodies[r[":END_ID(Organization)"]]) for r in csv.DictReader(fh))
    with open_store(folder, read_only=True) as store:
        stored = sorted((r["a"], r["b"]) for r in store.query(
            "MATCH (c:Contact)-[:MEMBER_OF]->(o:Organization) RETURN c.id AS a, o.id AS b"))
    assert pairs == stored and len(pairs) > 0
    assert len(set(people.values())) == len(people)  # one number per person


def test_engagement_history_goes_as_text(region, tmp_path):
    """ENGAGED_ON's history (tests/test_engagement.py's region): ``string`` columns holding the
    embedded store's text as it is, a level with none an empty field (no property)."""
    folder = region.location
    region.close()
    files = off.write_import_files(folder, tmp_path / "files")
    path = files.folder / "ENGAGED_ON.Contact-Issue.csv"
    header = _header(path)
    assert {"days_public:string", "upto_public:string", "days_confidential:string", "upto_internal:string"} <= set(header)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open_store(folder, read_only=True) as store:
        stored = {r["id"]: r for r in store.query("MATCH (:Contact)-[e:ENGAGED_ON]->(:Issue) RETURN e.id AS id, "
                                                  "e.days_public AS days, e.upto_public AS upto")}
    assert len(rows) == len(stored) > 0
    for row in rows:
        want = stored[row["id:string"]]
        assert (row["days_public:string"], row["upto_public:string"]) == (want["days"] or "", want["upto"] or "")
    ana = next(r for r in rows if r["id:string"] == "ENGAGED_ON:c-ana>i-transportation")
    assert (ana["days_internal:string"], ana["upto_internal:string"]) == ("2025-04-01 2025-05-01", "1 2")
    assert ana["days_public:string"] == "2025-01-10"


def test_a_value_with_a_line_break_marks_its_file_as_multiline(small_store, tmp_path):
    copy = copy_of(small_store, tmp_path)
    copy.write([("MATCH (c:Contact) WITH c ORDER BY c.id LIMIT 1 SET c.notes = $notes", {"notes": "line one\nline two"})])
    folder = copy.location
    copy.close()
    files = off.write_import_files(folder, tmp_path / "files")
    assert files.multiline == [str(files.folder / "Contact.csv")]
    assert f"--multiline-fields={files.folder / 'Contact.csv'}" in files.args


def test_the_importer_refuses_a_data_folder_that_holds_the_database_already(tmp_path):
    (tmp_path / "data" / "databases" / "neo4j").mkdir(parents=True)
    with pytest.raises(StoreError, match="already holds the database 'neo4j'.*civicgraph import"):
        off.run_import(off.ImportFiles(tmp_path / "files"), tmp_path / "data", admin=["false"])


def test_a_folder_without_an_embedded_store_is_named(tmp_path):
    with pytest.raises(StoreError, match=f"{tmp_path} holds no embedded store"):
        off.write_import_files(tmp_path, tmp_path / "files")


@pytest.mark.neo4j
def test_a_first_load_through_the_offline_importer_equals_the_embedded_store(small_copy, tmp_path, monkeypatch):
    """The small region through the pipeline into the embedded store, then offline into a new
    Neo4j: the same exports, the audit chain verifies, and a later import through the running
    server (the transactional path) finds everything there and changes nothing."""
    if not os.environ.get("CIVICGRAPH_NEO4J_URI"):
        pytest.skip("needs Java and the Neo4j module: make test-neo4j")
    from tests.neo4j_server import Neo4jServer

    folder, counts = small_copy
    monkeypatch.setenv("CIVICGRAPH_NEO4J_HEAP", "512m")
    with open_store(folder, read_only=True) as embedded:
        before = export_tables(embedded, ADMIN)
    litter = set(Path(tempfile.gettempdir()).glob("log4j-*.xml"))
    with Neo4jServer(tmp_path / "neo4j", gds=False, load=folder) as server:
        assert set(Path(tempfile.gettempdir()).glob("log4j-*.xml")) == litter  # its temporary files stay in its folder
        assert server.load_counts["nodes"] > counts["Contact"] + counts["Organization"]
        with open_store(server.uri) as neo:
            assert neo.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"] == counts["Contact"]
            after = export_tables(neo, ADMIN)
            assert before.keys() == after.keys()
            for name, frame in before.items():
                key = list(frame.columns)
                assert frame.sort_values(key).reset_index(drop=True).equals(
                    after[name][key].sort_values(key).reset_index(drop=True)), name
            assert audit.verify(neo).ok
            again = import_path(neo, SMALL_REGION, ADMIN)
            assert not again.changed and again.totals()["created"] == 0
            assert audit.verify(neo).ok


def test_the_cli_writes_the_importers_files_and_prints_the_command(tmp_path):
    import json

    from click.testing import CliRunner

    from cli.main import cli

    store = tmp_path / "db"
    assert CliRunner().invoke(cli, ["--store", str(store), "import", str(SMALL_REGION)]).exit_code == 0
    result = CliRunner().invoke(cli, ["--store", str(store), "neo4j-files", str(tmp_path / "files"), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["rows"]["Contact"] > 0 and f"--nodes=Contact={tmp_path / 'files' / 'Contact.csv'}" in out["arguments"]
    text = CliRunner().invoke(cli, ["--store", str(store), "neo4j-files", str(tmp_path / "again")])
    assert "neo4j-admin database import full --id-type=integer --nodes=Jurisdiction=" in text.output
    public = CliRunner().invoke(cli, ["--store", str(store), "--clearance", "internal", "neo4j-files",
                                      str(tmp_path / "x")])
    assert public.exit_code == 1 and "cleared for confidential records" in public.output
