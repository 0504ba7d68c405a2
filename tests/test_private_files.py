"""Everything CivicGraph writes is private: folders 0700, files 0600, rejects beside the store."""
import json
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.files import whole_folder
from graph.store import open_store
from ingest.backup import backup
from ingest.export import export_tables, write_excel, write_tables
from ingest.pipeline import import_path
from tests.conftest import ADMIN, SMALL_REGION

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture
def loose_umask():
    """A user whose umask is the usual 022: the library must tighten what it writes by itself."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def test_the_library_writes_private_folders_and_files_whatever_the_umask(tmp_path, loose_umask):
    store = open_store(tmp_path / "db")
    try:
        assert mode(tmp_path / "db") == 0o700
        report = import_path(store, SMALL_REGION, ADMIN, reject_dir=tmp_path / "rej")
        assert report.rejected == 0
        zip_path = tmp_path / "backups" / "b.zip"
        backup(store, ADMIN, zip_path)
        assert mode(zip_path) == 0o600 and mode(tmp_path / "backups") == 0o700
        tables = export_tables(store, ADMIN)
        paths = write_tables(tables, tmp_path / "out")
        assert mode(tmp_path / "out") == 0o700 and {mode(p) for p in paths} == {0o600}
        assert mode(write_excel(tables, tmp_path / "out.xlsx")) == 0o600
    finally:
        store.close()
    with whole_folder(tmp_path / "db" / "insights" / "x") as tmp:
        (tmp / "a.parquet").write_bytes(b"1")
    assert mode(tmp_path / "db" / "insights" / "x") == 0o700
    assert mode(tmp_path / "db" / "insights" / "x" / "a.parquet") == 0o600


def test_reject_files_go_beside_the_store_not_into_the_working_folder(tmp_path, monkeypatch, loose_umask):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "contacts.csv").write_text("id,name,kind\nc-1,Ann,astronaut\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    db = tmp_path / "db"
    result = CliRunner().invoke(cli, ["--store", str(db), "import", str(bad), "--format", "json"])
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["reject_files"]
    assert files == [str(db / "rejected" / "contacts.rejected.csv")]
    assert list(work.iterdir()) == [], "nothing is written where the command was run"
    assert mode(files[0]) == 0o600 and mode(db / "rejected") == 0o700


def test_the_cli_sets_a_private_umask(tmp_path, loose_umask):
    db = tmp_path / "db"
    assert CliRunner().invoke(cli, ["--store", str(db), "import", str(SMALL_REGION)]).exit_code == 0
    assert os.umask(0o022) == 0o077, "the CLI entry point set umask 077"
    open_to_others = [p for p in [db, *db.rglob("*")] if mode(p) & 0o077]
    assert open_to_others == []


def test_doctor_warns_about_a_store_others_can_read_and_a_missing_roles_file(tmp_path, monkeypatch):
    db = tmp_path / "db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", str(db), "import", str(SMALL_REGION)]).exit_code == 0
    monkeypatch.delenv("CIVICGRAPH_ROLES_FILE", raising=False)
    os.chmod(db, 0o755)
    result = runner.invoke(cli, ["--store", str(db), "doctor", "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    warnings = {f["check"]: f["message"] for f in report["findings"] if not f["ok"]}
    assert "chmod -R go-rwx" in warnings["store folder"] and "CIVICGRAPH_ROLES_FILE" in warnings["roles file"]
    roles = tmp_path / "roles.toml"
    roles.write_text('[default]\nrole = "viewer"\nclearance = "public"\n', encoding="utf-8")
    monkeypatch.setenv("CIVICGRAPH_ROLES_FILE", str(roles))
    os.chmod(db, 0o700)
    fine = runner.invoke(cli, ["--store", str(db), "doctor", "--format", "json"])
    assert fine.exit_code == 0 and json.loads(fine.output)["ok"] is True
    monkeypatch.setenv("CIVICGRAPH_ROLES_FILE", str(tmp_path / "gone.toml"))
    gone = runner.invoke(cli, ["--store", str(db), "doctor"])
    assert gone.exit_code == 1 and "gone.toml" in gone.output and "does not exist" in gone.output


def test_every_command_has_a_section_in_the_cli_docs():
    headings = [set(re.findall(r"[a-z][a-z0-9-]*", line.lstrip("#").lower()))
                for line in (DOCS / "cli.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    missing = [name for name in cli.commands if not any(name in h for h in headings)]
    assert missing == [], f"docs/cli.md has no section for {missing}"
