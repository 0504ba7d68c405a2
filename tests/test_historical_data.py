"""A mailbox that ends in 2002, asked about on today's date: every analytics command says where
the data ends and how to ask about it, and all of them agree; asked about 2002, they answer."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.store import open_store
from ingest.pipeline import import_path
from tests.conftest import ADMIN, DATA

ENDS = "2002-06-21"
COMMANDS = {
    "strength": ["strength", "c-ana", "c-ben"],
    "who-knows": ["who-knows", "c-ben"],
    "influencers": ["influencers"],
    "brokers": ["brokers"],
    "coalitions": ["coalitions"],
    "warm-paths": ["warm-paths", "--to", "c-dev"],
    "memory-risk": ["memory-risk"],
    "analytics refresh": ["analytics", "refresh"],
}


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mailbox") / "db"
    with open_store(folder) as store:
        report = import_path(store, DATA / "old-mailbox", ADMIN)
        assert report.rejected == 0
    return folder


def _run(store, args, *extra):
    return CliRunner().invoke(cli, ["--store", str(store), *args, *extra, "--format", "json"])


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_asked_about_today_every_command_says_where_the_data_ends(mailbox, command):
    result = _run(mailbox, COMMANDS[command])
    assert result.exit_code != 0, result.output
    assert f"the newest before then is {ENDS}" in result.output
    assert f"--as-of {ENDS}" in result.output and f"CIVICGRAPH_TODAY={ENDS}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["strength", "who-knows", "influencers", "analytics refresh"])
def test_asked_about_the_day_the_data_ends_they_answer(mailbox, command):
    result = _run(mailbox, COMMANDS[command], "--as-of", ENDS)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    if command == "strength":
        assert answer["strength"] > 0 and answer["n_interactions"] == 3
    elif command == "who-knows":
        assert {r["id"] for r in answer} >= {"c-ana", "c-cleo"}
    elif command == "influencers":
        assert {r["id"] for r in answer} >= {"c-ben", "c-cleo", "c-dev"}
    else:
        assert answer["interactions"] == 5


def test_the_clock_setting_moves_every_command_at_once(mailbox, monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_TODAY", ENDS)
    result = _run(mailbox, COMMANDS["strength"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n_interactions"] == 3


def test_the_insights_page_says_where_the_data_ends(mailbox, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CIVICGRAPH_STORE", str(mailbox))
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.switch_page("pages/insights.py")
    at.run()
    assert not at.exception, at.exception
    shown = re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in at.error))  # as Markdown shows it
    assert f"the newest before then is {ENDS}" in shown and f"CIVICGRAPH_TODAY={ENDS}" in shown


def test_the_overview_says_where_the_data_ends(mailbox, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CIVICGRAPH_STORE", str(mailbox))
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert any(f"the newest before then is {ENDS}" in str(e.value) for e in at.info)
