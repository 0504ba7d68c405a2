"""Bad input, round two: each case answered with one line naming the file, row, column and the fix,
within seconds, and nothing half-written (docs/security.md, "Bad input: every case and its message")."""
from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.errors import InputError, StoreError
from graph.store import open_store
from ingest.backup import backup, restore
from ingest.pipeline import import_path
from tests.conftest import ADMIN, SMALL_REGION


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _counts(store) -> dict:
    stats = store.counts()
    return {**stats.nodes, **stats.relationships}


def _one_line(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    line = result.output.strip()
    assert line.startswith("Error: ") and "\n" not in line, line
    return line


def _cli_import(tmp_path, folder):
    return CliRunner().invoke(cli, ["--store", str(tmp_path / "db"), "import", str(folder)])


# -- sizes --------------------------------------------------------------------------

def test_a_50_mb_cell_is_rejected_with_its_row_and_column(store, tmp_path):
    big = "x" * (50 * 2**20)
    _write(tmp_path / "in", "contacts.csv", f"id,name,kind\nc-1,Ann Lee,resident\nc-2,{big},resident\n")
    report = import_path(store, tmp_path / "in", ADMIN)
    (problem,) = [p for p in report.problems if p.severity == "error"]
    assert (problem.file, problem.row, problem.column) == ("contacts.csv", 3, "name")
    assert "52,428,800 characters" in problem.message and "shorten it" in problem.fix
    assert len(problem.value) < 100, "the message quotes the start of the value, not 50 MB"
    assert _counts(store)["Contact"] == 1


def test_a_quote_never_closed_over_64_mb_is_one_line(tmp_path):
    _write(tmp_path / "in", "contacts.csv", 'id,name,kind\nc-1,"Ann' + "x" * (65 * 2**20) + "\n")
    line = _one_line(_cli_import(tmp_path, tmp_path / "in"))
    assert "contacts.csv row 2" in line and "never closed" in line


def test_a_header_of_a_million_columns_is_refused_at_once(tmp_path):
    header = ",".join(f"c{i}" for i in range(1_000_000))
    _write(tmp_path / "in", "contacts.csv", header + "\n" + ",".join("1" for _ in range(10)) + "\n")
    line = _one_line(_cli_import(tmp_path, tmp_path / "in"))
    assert "contacts.csv row 1" in line and "1,000,000 columns" in line


# -- encodings -----------------------------------------------------------------------

CONTACTS = "id,name,kind\nc-1,José Núñez,resident\nc-2,Zoë Ng,reporter\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_are_read_with_or_without_a_byte_order_mark(store, tmp_path, encoding):
    _write(tmp_path / "in", "contacts.csv", CONTACTS.encode(encoding))
    report = import_path(store, tmp_path / "in", ADMIN)
    assert report.problems == [] and report.rejected == 0
    names = {r["name"] for r in store.query("MATCH (c:Contact) RETURN c.name AS name")}
    assert names == {"José Núñez", "Zoë Ng"}


# -- numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["-5", "1e26", "inf", "-inf", "NaN", "1.01"])
def test_a_strength_outside_0_to_1_is_rejected(store, tmp_path, value):
    import_path(store, SMALL_REGION, ADMIN)
    _write(tmp_path / "in", "ties.csv", f"from_id,to_id,kind,strength\nc-bob,c-dee,knows,{value}\n")
    report = import_path(store, tmp_path / "in", ADMIN)
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "strength")
    assert problem.message == "is not a number from 0 to 1" and "from 0 to 1" in problem.fix


def test_json_output_is_always_valid_json(tmp_path):
    from cli.output import to_json

    text = to_json([{"a": float("inf"), "b": float("nan"), "c": [float("-inf")], "d": 0.5}])
    assert json.loads(text) == [{"a": None, "b": None, "c": [None], "d": 0.5}]
    import numpy as np

    assert json.loads(to_json({"x": np.float32("inf"), "y": np.int64(3)})) == {"x": None, "y": 3}


def test_a_limit_too_big_is_answered_in_our_words(tmp_path):
    db = tmp_path / "db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", str(db), "import", str(SMALL_REGION)]).exit_code == 0
    line = _one_line(runner.invoke(cli, ["--store", str(db), "query", "recent_interactions", "-p",
                                         "since=2020-01-01", "-p", "limit=99999999999999999999999"]))
    assert "parameter limit must be from 0 to 1,000,000,000" in line
    too_big = runner.invoke(cli, ["--store", str(db), "who-knows", "c-bob", "--limit", "99999999999999999999"])
    assert too_big.exit_code == 2 and "--limit" in too_big.output and "Traceback" not in too_big.output


# -- hierarchies and ties ------------------------------------------------------------

def test_a_self_parent_and_a_self_tie_are_rejected(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    _write(tmp_path / "in", "organizations.csv", "id,name,type,parent_id\no-loop,Loop Board,board,o-loop\n")
    _write(tmp_path / "in", "ties.csv", "from_id,to_id,kind,strength\nc-bob,c-bob,knows,0.5\n")
    report = import_path(store, tmp_path / "in", ADMIN)
    found = {(p.file, p.row, p.column): p.message for p in report.problems}
    assert found[("organizations.csv", 2, "parent_id")] == "is the record itself: a record cannot be its own parent"
    assert "a tie from a record to itself" in found[("ties.csv", 2, "to_id")]


def test_a_hierarchy_cycle_is_rejected_with_its_path_also_through_stored_records(store, tmp_path):
    _write(tmp_path / "a", "issues.csv", "id,name,parent_id\ni-a,A,\ni-b,B,i-a\ni-c,C,i-b\n")
    import_path(store, tmp_path / "a", ADMIN)
    _write(tmp_path / "b", "issues.csv", "id,name,parent_id\ni-a,A,i-c\n")
    report = import_path(store, tmp_path / "b", ADMIN)
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "parent_id")
    assert problem.message == "makes i-a its own ancestor: i-a → i-c → i-b → i-a"
    assert store.query("MATCH (i:Issue {id: 'i-a'}) RETURN i.parent_id AS p") == [{"p": None}]
    _write(tmp_path / "c", "jurisdictions.csv", "id,name,level,parent_id\nj-x,X,city,j-y\nj-y,Y,county,j-x\n")
    report = import_path(store, tmp_path / "c", ADMIN)
    assert sorted(p.message for p in report.problems) == ["makes j-x its own ancestor: j-x → j-y → j-x",
                                                          "makes j-y its own ancestor: j-y → j-x → j-y"]


def test_nul_bytes_in_names_are_rejected(store, tmp_path):
    _write(tmp_path / "in", "contacts.csv", "id,name,kind\nc-1,Ann\x00Lee,resident\nc-2,Bo Li,resident\n")
    report = import_path(store, tmp_path / "in", ADMIN)
    (problem,) = report.problems
    assert (problem.row, problem.column) == (2, "name") and "NUL character" in problem.message
    assert _counts(store)["Contact"] == 1


# -- folders and links ----------------------------------------------------------------

def test_links_in_an_import_folder_are_not_followed_and_a_dangling_one_is_no_traceback(store, tmp_path):
    secret = _write(tmp_path / "elsewhere", "secret.csv", "id,name,kind\nc-9,Root Secret,resident\n")
    folder = tmp_path / "in"
    _write(folder, "issues.csv", "id,name\ni-1,Roads\n")
    os.symlink(secret, folder / "contacts.csv")
    os.symlink(tmp_path / "gone.csv", folder / "organizations.csv")
    report = import_path(store, folder, ADMIN)
    linked = {p.file: p.message for p in report.problems}
    assert "is a symbolic link; links in an import folder are not followed" in linked["contacts.csv"]
    assert "organizations.csv" in linked
    assert _counts(store)["Contact"] == 0 and _counts(store)["Issue"] == 1


# -- backups ----------------------------------------------------------------------------

@pytest.fixture
def a_backup(tmp_path):
    with open_store(tmp_path / "src") as src:
        import_path(src, SMALL_REGION, ADMIN)
        backup(src, ADMIN, tmp_path / "b.zip")
    return tmp_path / "b.zip"


def _altered(path: Path, out: Path, *, manifest: bytes | None = None, rename: dict | None = None) -> Path:
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "manifest.json" and manifest is not None:
                data = manifest
            zout.writestr((rename or {}).get(name, name), data)
    return out


@pytest.mark.parametrize("manifest, message", [(b"{}", '"civicgraph_backup": 1'), (b"not json{", "is not JSON"),
                                               (b'{"civicgraph_backup": 1}', '"rows" object')])
def test_a_backup_with_a_bad_manifest_is_refused_before_anything_is_written(store, tmp_path, a_backup,
                                                                            manifest, message):
    bad = _altered(a_backup, tmp_path / "bad.zip", manifest=manifest)
    with pytest.raises(InputError, match=message):
        restore(store, ADMIN, bad)
    assert not any(_counts(store).values())
    from graph import audit

    assert audit.entries(store) == []


def test_a_zip_entry_pointing_outside_is_refused_not_flattened(store, tmp_path, a_backup):
    bad = _altered(a_backup, tmp_path / "slip.zip", rename={"contacts.csv": "../contacts.csv"})
    with pytest.raises(InputError, match=r'the entry "\.\./contacts\.csv" is not a plain file name'):
        restore(store, ADMIN, bad)
    assert not any(_counts(store).values())


# -- the store's disk ------------------------------------------------------------------

def test_a_new_store_on_a_read_only_disk_is_one_line(tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/civicgraph-data")  # read-only even for root
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        os.chmod(ro, 0o500)
        target = ro / "db"
    with pytest.raises(StoreError, match="cannot create the database folder .*choose a folder you can write to"):
        open_store(target)
    line = _one_line(CliRunner().invoke(cli, ["--store", str(target), "import", str(SMALL_REGION)]))
    assert "cannot create the database folder" in line
