"""What a manager reads first: profile banners and cards, who can introduce us, and the outreach planner's
list from bodies, organizations and people (queries/profiles.py, queries/outreach.plan), on the demo region."""
from __future__ import annotations

import pandas as pd

from queries.outreach import plan
from queries.introductions import introductions
from queries.profiles import (contact_card, organization_card, organization_warnings, person_warnings,
                              timeline)
from tests.conftest import ADMIN, EDITOR, PUBLIC
from tests.demo_day import P, TODAY, dated, moved_iso

FORUM = [P.transport_board, "o-transit-board", P.power_company, P.do_not_contact]


def _flags(store, contact):
    return {w["flag"]: w for w in person_warnings(store, ADMIN, contact, as_of=TODAY)}


def test_every_banner_kind_on_the_planted_people(demo_store):
    dead = _flags(demo_store, P.deceased_official)
    assert dead["status"]["severity"] == "stop" and "deceased since " + moved_iso("2026-08-09") in dead["status"]["warning"]
    assert _flags(demo_store, P.do_not_contact)["do_not_contact"]["marker"] == "⛔"
    opposes = _flags(demo_store, P.opposing_official)["opposes_our_position"]  # on transportation, with no issue asked
    assert opposes["severity"] == "high" and "our position: support" in opposes["warning"]
    ties = [w["warning"] for w in person_warnings(demo_store, ADMIN, P.power_company_contact, as_of=TODAY)]
    assert any("litigation with Texas Utility Regulatory Commission" in w for w in ties)
    assert "left_office" in _flags(demo_store, P.former_official)
    assert not {"status", "left_office", "do_not_contact"} & set(_flags(demo_store, P.successor))  # in office


def test_each_banner_warning_says_its_flag_once_and_the_successor_by_name(demo_store):
    # last session's review: "do not contact: asked not to be contacted", "negative: negative call",
    # "status: left office ..." above "left office: left council member ...", the successor as an id
    said = {c: [w["warning"] for w in person_warnings(demo_store, ADMIN, c, as_of=TODAY)]
            for c in (P.deceased_official, P.former_official, P.successor, P.do_not_contact,
                      P.power_company_contact, P.opposing_official, P.recent_negative_contact)}
    for contact, lines in said.items():
        for line in lines:
            for word in ("contact", "office", "left", "oppos", "negative", "position", "status", "sensitiv"):
                assert line.lower().count(word) <= 1, (contact, line)
    assert said[P.former_official] == [dated("left office: council member, City of Cedar Hollow, on 2025-06-30 "
                                             "(resigned); now held by Marcus Bell")]
    assert said[P.do_not_contact] == ["do not contact: by any channel, at their request"]
    assert said[P.recent_negative_contact] == [
        dated("opposes transit (call, 2026-10-20); our position: support"),
        dated("negative call on 2026-10-20: Call about transit route cuts")]
    assert said[P.deceased_official][0] == dated("status: deceased since 2026-08-09")


def test_the_power_company_says_it_is_in_litigation_with_the_regulators(demo_store):
    said = [w["warning"] for w in organization_warnings(demo_store, EDITOR, P.power_company, as_of=TODAY)]
    assert any("litigation with Texas Utility Regulatory Commission" in w for w in said)
    assert any("conflict with Texas Utility Regulatory Commission" in w for w in said)
    # the ties are internal: a public viewer learns that something exists, not what
    public = organization_warnings(demo_store, PUBLIC, P.power_company, as_of=TODAY)
    assert [w["flag"] for w in public] == ["hidden_sensitivity"]
    assert "Regulatory" not in public[0]["warning"] and "not cleared" in public[0]["warning"]
    assert organization_warnings(demo_store, ADMIN, P.transport_board, as_of=TODAY) == []


def test_the_contact_card_has_the_basics_in_words(demo_store):
    card = dict(contact_card(demo_store, ADMIN, P.deceased_official, as_of=TODAY)["fields"])
    assert card["Office / title"] == "Commissioner, Bluebonnet County Precinct 2"
    assert card["Jurisdiction"] == "Bluebonnet County"
    assert card["E-mail"].endswith(".example") and card["Phone"].startswith("(")
    assert card["Status"] == "deceased since " + moved_iso("2026-08-09")
    assert "member of: Member, Transportation Policy Board" in card["Organizations"]
    assert "interactions" in card["Preferred channel"]
    assert "asked not to be contacted" in dict(contact_card(demo_store, ADMIN, P.do_not_contact)["fields"])[
        "Preferred channel"]
    assert dict(contact_card(demo_store, PUBLIC, P.deceased_official)["fields"])["Phone"] == "(withheld)"
    org = dict(organization_card(demo_store, ADMIN, P.power_company)["fields"])
    assert org["Type"] == "utility" and org["People on record"].startswith("1 ")


def test_a_new_contact_with_no_history_has_a_card(store):
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    contacts = pd.DataFrame([{"id": "c-new", "name": "Nia Brooks", "kind": "elected_official", "title": "Mayor",
                              "email": "nia@example.org", "confidentiality": "public"}])
    import_source(store, from_frames({"contacts": contacts}, Format.TABLES, origin="test"), ADMIN)
    card = dict(contact_card(store, ADMIN, "c-new")["fields"])
    assert card["Office / title"] == "Mayor" and card["E-mail"] == "nia@example.org"
    assert card["Preferred channel"] == "not known yet (no interactions on record)"
    assert timeline(store, ADMIN, "c-new") == [] and introductions(store, ADMIN, "c-new") == []


def test_the_history_is_in_words_newest_first(demo_store):
    rows = timeline(demo_store, ADMIN, P.deceased_official)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    text = " ".join(r["text"] + r["kind"] + r["what"] for r in rows)
    assert "HOLDS_OFFICE" not in text and "role_end" not in text and "holds office" in text
    assert any(r["what"] == "interaction" for r in rows)


def test_who_can_introduce_us_names_our_staff(demo_store):
    rows = introductions(demo_store, ADMIN, P.opposing_official, as_of=TODAY)
    assert rows and all(not r["introducer"].startswith("c-") for r in rows)
    assert rows[0]["path"].endswith("Carla Reyes") and "→" in rows[0]["path"]
    assert rows[0]["how"] == "knows them directly" or rows[0]["how"].startswith("through ")


def test_a_forum_list_from_two_bodies_a_utility_and_a_person(demo_store):
    out = plan(demo_store, ADMIN, FORUM + [P.regulator, P.opposing_official], issue=P.transportation, as_of=TODAY)
    rows = {r["id"]: r for r in out["rows"]}
    assert len(rows) == len(out["rows"])  # one row per person
    assert {P.deceased_official, P.transport_board_member, P.power_company_contact, P.regulator_contact,
            P.do_not_contact, P.opposing_official} <= set(rows)
    warned = {rows[i]["warning"].split(":")[0] for i in (P.deceased_official, P.do_not_contact,
                                                        P.opposing_official, P.power_company_contact)}
    assert warned == {"status", "do not contact", "opposes our position", "sensitive tie"}  # every kind
    assert rows[P.power_company_contact]["why"] == "works at Pecan Springs Municipal Power"
    added = {c["id"]: c for c in out["chosen"]}
    assert added[P.power_company]["note"] == "+1 person" and added[P.transport_board]["added"] >= 10
    assert not any(r["name"] is None or r["warning"] is None for r in out["rows"])


def test_nothing_silently_adds_nobody(demo_store):
    out = plan(demo_store, ADMIN, ["o-tx-legislature"], as_of=TODAY)
    assert out["rows"] == [] and out["chosen"][0]["note"] == "Texas Legislature has no people on record"
    members_only = plan(demo_store, ADMIN, [P.power_company], with_staff=False, as_of=TODAY)
    assert members_only["rows"] == [] and "tick" in members_only["chosen"][0]["note"]
