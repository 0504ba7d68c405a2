"""Names where a person types an issue, a jurisdiction or a body: `--issue transportation` works, ids still do."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.errors import InputError, NotFound
from queries.lookup import resolve
from tests.conftest import ADMIN, PUBLIC, SMALL_REGION


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    db = tmp_path_factory.mktemp("names") / "db"
    result = CliRunner().invoke(cli, ["--store", str(db), "import", str(SMALL_REGION)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def run(folder, *args: str):
    return CliRunner().invoke(cli, ["--store", str(folder), *args], catch_exceptions=False)


def test_an_issue_by_its_name_gives_the_same_answer_as_by_its_id(folder):
    by_name = run(folder, "partners", "--issue", "transportation", "--format", "json")
    by_id = run(folder, "partners", "--issue", "i-transportation", "--format", "json")
    assert by_name.exit_code == 0 and by_id.exit_code == 0, by_name.output
    assert json.loads(by_name.output) == json.loads(by_id.output) and json.loads(by_id.output)


def test_an_ambiguous_name_lists_the_choices_with_their_ids(folder):
    result = run(folder, "partners", "--issue", "trans")
    assert result.exit_code != 0
    assert '"trans" matches 2 issues: Transit (i-transit); Transportation (i-transportation)' in result.output
    assert "give the full name or the id" in result.output and "Traceback" not in result.output


def test_an_unknown_name_says_so(folder):
    result = run(folder, "advocates", "--issue", "zoning")
    assert result.exit_code != 0
    assert 'no issue you may see is named "zoning"' in result.output


def test_a_jurisdiction_and_a_body_by_name(folder):
    by_name = run(folder, "experts", "--issue", "Transportation", "--jurisdiction", "pine county", "--format", "json")
    by_id = run(folder, "experts", "--issue", "i-transportation", "--jurisdiction", "j-pine", "--format", "json")
    assert by_name.exit_code == 0, by_name.output
    assert json.loads(by_name.output) == json.loads(by_id.output)


def test_resolve_prefers_an_id_then_an_equal_name_then_the_only_match(small_store):
    assert resolve(small_store, ADMIN, "issue", "i-transit") == "i-transit"
    assert resolve(small_store, ADMIN, "issue", "  TRANSIT ") == "i-transit"  # equal beats containing
    assert resolve(small_store, ADMIN, "jurisdiction", "cedar") == "j-cedar"
    with pytest.raises(InputError, match="matches 2 issues"):
        resolve(small_store, ADMIN, "issue", "tran")
    with pytest.raises(NotFound):
        resolve(small_store, PUBLIC, "issue", "nowhere")
