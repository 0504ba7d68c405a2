"""Invitation lists on the demo region: offices invite their holders, the departed their successors."""
import datetime as dt

import pytest

from tests.demo_day import P as PLANTED, TODAY as DEMO_TODAY, moved, dated
from ingest.resolve.invitations import invitation_list
from tests.conftest import ADMIN


@pytest.fixture
def gala(tmp_path):
    path = tmp_path / "gala.csv"
    path.write_text(
        "Name,Organization\n"
        "Harlan Whitfield,Bluebonnet County\n"        # died 2026-08-09; nobody sworn in since
        "Dolores Vance,City of Cedar Hollow\n"         # resigned 2025-06-30; Marcus Bell since 2025-08-16
        "\"Mayor, City of Pecan Springs\",\n"          # an office, not a person
        "Gordon Pratt,Pratt Aggregates\n"              # asked not to be contacted
        "Marcus Bell,City of Cedar Hollow\n"           # the successor is also on the list himself
        "Rosa Quintanilla,Riverbend Food Bank\n",      # not in the store
        encoding="utf-8")
    return path


@pytest.fixture
def rows(demo_store, gala):
    return {r["person_id"] or r["name"]: r for r in invitation_list(demo_store, ADMIN, [gala], as_of=DEMO_TODAY)}


def test_the_departed_official_is_replaced_by_the_successor_once(rows):
    bell = rows[PLANTED.successor]
    assert bell["replaces"].startswith(dated("Dolores Vance (left office 2025-06-30)"))
    assert bell["records"] == "gala.csv:3; gala.csv:6", "one invitation for both rows"
    assert PLANTED.former_official not in rows


def test_the_deceased_official_without_successor_is_flagged(rows):
    whitfield = rows[PLANTED.deceased_official]
    assert dated("died 2026-08-09") in whitfield["flag"] and "no successor" in whitfield["flag"]


def test_an_office_invites_its_current_holder(rows):
    mayor = rows[PLANTED.role_changed]
    assert mayor["name"] == "Teresa Alvarado" and "Mayor of Pecan Springs" in mayor["replaces"]
    assert mayor["organization"] == "City of Pecan Springs"


def test_do_not_contact_and_unknown_people(rows):
    assert "asked not to be contacted" in rows[PLANTED.do_not_contact]["flag"]
    assert rows["Rosa Quintanilla"]["person_id"] == "" and rows["Rosa Quintanilla"]["lists"] == "gala"
    assert len(rows) == 5


def test_the_office_held_on_an_earlier_date(demo_store, gala):
    rows = invitation_list(demo_store, ADMIN, [gala], as_of=moved(dt.date(2020, 1, 1)))
    mayor = next(r for r in rows if "Mayor of Pecan Springs" in r["replaces"])
    assert mayor["person_id"] != PLANTED.role_changed, "Teresa Alvarado became mayor in 2023"
