"""Everyone affiliated with an organization, in any role, on a date or in a period; and its
history read from its own side ("Jane Roe works here"), not the person's."""
from __future__ import annotations

import datetime as dt
import json
import textwrap

import pytest
from click.testing import CliRunner

from cli.main import cli
from ingest.pipeline import import_path
from queries.members import EVERY_ROLE, history, members_of
from tests.conftest import ADMIN

FIRM = "o-capitol-strategies"


@pytest.fixture
def firm(store, tmp_path):
    """A lobbying firm with a lobbyist who left in 2024, one who joined in 2025, and a board member."""
    folder = tmp_path / "firm"
    folder.mkdir()
    files = {
        "organizations.csv": f"""\
            id,name,type
            {FIRM},Capitol Strategies,company
            """,
        "contacts.csv": """\
            id,name,kind
            c-jane-roe,Jane Roe,other
            c-john-doe,John Doe,other
            c-ann-lee,Ann Lee,other
            """,
        "affiliations.csv": f"""\
            contact_id,organization_id,kind,role,start_date,end_date
            c-jane-roe,{FIRM},works_at,lobbyist,2020-01-06,2024-06-30
            c-john-doe,{FIRM},works_at,lobbyist,2025-02-03,
            c-ann-lee,{FIRM},member_of,board member,2019-01-01,
            """,
    }
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    import_path(store, folder, ADMIN)
    return store


def names(rows):
    return sorted(r["name"] for r in rows)


def test_everyone_in_any_role_in_a_year(firm):
    in_2024 = members_of(firm, ADMIN, FIRM, as_of=dt.date(2024, 1, 1), until=dt.date(2024, 12, 31),
                         relations=EVERY_ROLE)
    assert names(in_2024) == ["Ann Lee", "Jane Roe"]
    lobbyists = members_of(firm, ADMIN, FIRM, as_of=dt.date(2024, 1, 1), until=dt.date(2025, 12, 31),
                           relations=EVERY_ROLE, role="lobbyist")
    assert names(lobbyists) == ["Jane Roe", "John Doe"]
    # on one day, and by default only members and office holders (notices go to those)
    assert names(members_of(firm, ADMIN, FIRM, as_of=dt.date(2026, 11, 15), relations=EVERY_ROLE)) == [
        "Ann Lee", "John Doe"]
    assert names(members_of(firm, ADMIN, FIRM, as_of=dt.date(2026, 11, 15))) == ["Ann Lee"]


def test_history_reads_from_both_ends(firm):
    body = [e["text"] for e in history(firm, ADMIN, FIRM)]
    assert "started: Jane Roe works here (lobbyist)" in body
    assert "ended: Jane Roe works here (lobbyist)" in body
    assert not [t for t in body if "works at Capitol Strategies" in t]
    person = [e["text"] for e in history(firm, ADMIN, "c-jane-roe")]
    assert "started: lobbyist works at Capitol Strategies" in person


def test_cli_members_filters_by_relation_role_and_period(firm, tmp_path):
    firm.close()
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "db"), "members", FIRM, "--as-of", "2024-01-01",
                                   "--until", "2024-12-31", "--relation", "works_at", "--format", "json"],
                             catch_exceptions=False)
    rows = json.loads(out.output)
    assert [(r["name"], r["relation"], r["role"]) for r in rows] == [("Jane Roe", "WORKS_AT", "lobbyist")]
