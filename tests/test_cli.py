"""The CLI is a public interface: help everywhere, stable JSON, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph import settings
from tests.conftest import SMALL_REGION


def run(*args: str, store=None):
    base = ["--store", str(store)] if store else []
    return CliRunner().invoke(cli, [*base, *args], catch_exceptions=False)


def all_commands():
    def walk(group, prefix=()):
        for name, cmd in group.commands.items():
            yield (*prefix, name), cmd
            if hasattr(cmd, "commands"):
                yield from walk(cmd, (*prefix, name))

    return list(walk(cli))


@pytest.mark.parametrize("path", [p for p, _ in all_commands()], ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example(path):
    result = run(*path, "-h")
    assert result.exit_code == 0
    assert "Example" in result.output, f"civicgraph {' '.join(path)} -h shows no example"


def test_import_then_reimport_reports_in_stable_json(tmp_path):
    store = tmp_path / "db"
    first = json.loads(run("import", str(SMALL_REGION), "--format", "json", store=store).output)
    assert set(first) == {"source", "format", "totals", "tables", "problems", "notes", "reject_files", "seconds"}
    assert first["totals"]["created"] == 24
    again = run("import", str(SMALL_REGION), store=store)
    assert "Nothing changed" in again.output


def test_query_prints_json_rows(tmp_path):
    store = tmp_path / "db"
    run("import", str(SMALL_REGION), store=store)
    rows = json.loads(run("query", "overview_counts", "--format", "json", store=store).output)
    assert {"kind": "contacts", "n": 4} in rows


def test_query_errors_are_one_line_with_a_non_zero_exit(tmp_path):
    store = tmp_path / "db"
    run("import", str(SMALL_REGION), store=store)
    result = CliRunner().invoke(cli, ["--store", str(store), "query", "no_such_query"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: there is no query named") and result.output.count("\n") == 1
    result = CliRunner().invoke(cli, ["--store", str(store), "query", "recent_interactions", "-p", "since=yesterday",
                                      "-p", "limit=3"])
    assert result.exit_code == 1 and "must be a date" in result.output


def test_a_missing_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "none"), "stats"])
    assert result.exit_code == 1 and 'civicgraph demo' in result.output


def test_clearance_option_hides_what_a_public_viewer_may_not_see(tmp_path):
    store = tmp_path / "db"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "contacts.csv").write_text(
        "id,name,kind,confidentiality\nc-1,Open Person,resident,public\nc-2,Secret Source,resident,confidential\n")
    run("import", str(tmp_path / "in"), store=store)
    everyone = json.loads(run("query", "overview_counts", "--format", "json", store=store).output)
    public = json.loads(run("--clearance", "public", "query", "overview_counts", "--format", "json",
                            store=store).output)
    assert {"kind": "contacts", "n": 2} in everyone and {"kind": "contacts", "n": 1} in public


def test_export_backup_and_restore_round_trip(tmp_path):
    store = tmp_path / "db"
    run("import", str(SMALL_REGION), store=store)
    assert run("backup", str(tmp_path / "b.zip"), store=store).exit_code == 0
    restored = tmp_path / "restored"
    result = run("restore", str(tmp_path / "b.zip"), "--format", "json", store=restored)
    assert json.loads(result.output)["totals"]["created"] == 24
    a = json.loads(run("stats", "--format", "json", store=store).output)
    b = json.loads(run("stats", "--format", "json", store=restored).output)
    assert (a["nodes"], a["relationships"]) == (b["nodes"], b["relationships"])
    refused = CliRunner().invoke(cli, ["--store", str(restored), "restore", str(tmp_path / "b.zip")])
    assert refused.exit_code == 1 and "not empty" in refused.output


def test_a_write_while_another_process_holds_the_database_fails_at_once(tmp_path):
    store = tmp_path / "db"
    run("import", str(SMALL_REGION), store=store)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from graph.store import open_store; s = open_store({str(store)!r}); "
         "print('ready', flush=True); import time; time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = subprocess.run([sys.executable, "-m", "cli", "--store", str(store), "import",
                                 str(SMALL_REGION)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 1
        assert "open for writing in another CivicGraph process" in result.stderr
        reading = subprocess.run([sys.executable, "-m", "cli", "--store", str(store), "stats",
                                  "--format", "json"], capture_output=True, text=True, timeout=30)
        assert reading.returncode == 0 and json.loads(reading.stdout)["nodes"]["Contact"] == 4
    finally:
        holder.kill()


def test_every_setting_is_documented():
    doc = (__import__("pathlib").Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text()
    for setting in settings.SETTINGS:
        assert setting.env in doc, f"{setting.env} is not documented in docs/cli.md"


def test_stats_count_only_what_the_viewer_may_see(tmp_path):
    store = tmp_path / "db"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "contacts.csv").write_text(
        "id,name,kind,confidentiality\nc-1,Open Person,resident,public\nc-2,Secret Source,resident,confidential\n")
    (tmp_path / "in" / "ties.csv").write_text("from_id,to_id,kind\nc-1,c-2,knows\n")
    run("import", str(tmp_path / "in"), store=store)
    everyone = json.loads(run("stats", "--format", "json", store=store).output)
    public = json.loads(run("--clearance", "public", "stats", "--format", "json", store=store).output)
    assert (everyone["nodes"]["Contact"], everyone["relationships"]["KNOWS"]) == (2, 1)
    assert (public["nodes"]["Contact"], public["relationships"]["KNOWS"]) == (1, 0)
