"""The questions on real data: the Texas legislature from Open States, with the standard issue
list and committee focus derived from the committees' names (no hand-made links)."""
from __future__ import annotations

import datetime as dt

import pytest

from ingest.focus import derive_focus, link_id, review_focus
from queries.experts import officials_with_expertise
from queries.members import members_of
from tests.conftest import ADMIN, copy_of

TX = "ocd-jurisdiction/country:us/state:tx"
HOUSE_TRANSPORTATION = "ocd-organization/a1afa897-98c2-4e31-a418-7855f259b609"
SENATE_TRANSPORTATION = "ocd-organization/ffddc721-9b4c-4c28-a5ee-afd4815eb444"
TODAY = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def texas(tmp_path_factory):
    """civicgraph demo --sample texas: the people, the committees, the issues, the derived focus."""
    from graph.store import open_store
    from ingest.samples import load_sample

    s = open_store(tmp_path_factory.mktemp("tx-questions") / "db")
    reports = load_sample(s, ADMIN, sample="texas")
    assert any("derived" in n for n in reports[-1].notes)
    yield s
    s.close()


def test_house_and_senate_transportation_committees(texas):
    house = members_of(texas, ADMIN, HOUSE_TRANSPORTATION, as_of=TODAY)
    assert len(house) == 13
    assert [m["name"] for m in house if m["role"] == "chair"] == ["Tom Craddick"]
    senate = members_of(texas, ADMIN, SENATE_TRANSPORTATION, as_of=TODAY)
    assert len(senate) == 9
    assert [m["name"] for m in senate if m["role"] == "chair"] == ["Tan Parker"]


def test_transportation_experts_through_derived_committee_focus(texas):
    answer = officials_with_expertise(texas, ADMIN, "i-transportation", TX, as_of=TODAY)
    experts = {e["name"]: e for e in answer["experts"]}
    committee = {m["name"] for m in members_of(texas, ADMIN, HOUSE_TRANSPORTATION, as_of=TODAY)} | {
        m["name"] for m in members_of(texas, ADMIN, SENATE_TRANSPORTATION, as_of=TODAY)}
    assert committee <= set(experts)
    craddick = experts["Tom Craddick"]
    assert craddick["derived_only"]
    assert any(b.startswith("chairs Transportation (focuses on transportation; derived focus, "
                            "matched: transportation, review pending)") for b in craddick["because"])
    assert answer["officials_in_scope"] > len(experts)


@pytest.fixture
def texas_copy(texas, tmp_path):
    """A copy for a test that reviews and re-derives: the other tests never see its changes."""
    s = copy_of(texas, tmp_path)
    yield s
    s.close()


def test_a_rejected_derived_focus_is_ignored_and_survives_rederiving(texas_copy):
    texas = texas_copy
    house_link = link_id(HOUSE_TRANSPORTATION, "i-transportation")
    senate_link = link_id(SENATE_TRANSPORTATION, "i-transportation")
    review_focus(texas, ADMIN, reject=[house_link], accept=[senate_link])
    report = derive_focus(texas, ADMIN)
    assert house_link not in {c["link_id"] for c in report.created + report.updated}
    assert report.kept_reviewed >= 2
    experts = {e["name"] for e in officials_with_expertise(texas, ADMIN, "i-transportation", TX, as_of=TODAY)["experts"]}
    assert "Tan Parker" in experts
    only_house = {m["name"] for m in members_of(texas, ADMIN, HOUSE_TRANSPORTATION, as_of=TODAY)} - {
        m["name"] for m in members_of(texas, ADMIN, SENATE_TRANSPORTATION, as_of=TODAY)}
    assert "Tom Craddick" in only_house
    assert not any(
        e["name"] == "Tom Craddick" and any(b.startswith("chairs Transportation") for b in e["because"])
        for e in officials_with_expertise(texas, ADMIN, "i-transportation", TX, as_of=TODAY)["experts"])
