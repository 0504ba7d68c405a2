"""A manager's everyday tasks through AppTest (issue 18 part A): a forum invitation list from two bodies, an
organization's staff and one person with every warning kind; a profile's banner, card and history; who can
introduce us; logging a meeting with two people and our staff, then seeing it on the profile."""
from __future__ import annotations

import pytest

from tests.conftest import ADMIN, SMALL_REGION
from tests.demo_day import TODAY, P, moved_iso
from tests.test_app import _maker, frames, texts


@pytest.fixture
def demo(monkeypatch, demo_store):
    return _maker(monkeypatch, demo_store)


def test_a_forum_list_from_two_bodies_a_utility_and_a_person_shows_every_warning(demo):
    at = demo("pages/outreach.py")
    picker = at.multiselect(key="invite-choices")
    for choice in (P.transport_board, "o-transit-board", P.power_company, P.do_not_contact):
        picker.select(choice)
        at.run()  # each choice is kept while the next one is picked
        picker = at.multiselect(key="invite-choices")
    picker.select(P.opposing_official).run()
    assert not at.exception, at.exception
    assert at.multiselect(key="invite-choices").value == [P.transport_board, "o-transit-board", P.power_company,
                                                         P.do_not_contact, P.opposing_official]
    said = texts(at).replace("\\", "")
    assert "Pecan Springs Municipal Power: +1 person" in said and "Transportation Policy Board: +" in said
    table = at.dataframe[0]
    assert list(table.proto.column_order) == ["name", "warning", "why", "title", "profile"]  # ids hidden
    rows = table.value.set_index("id")
    assert rows.index.is_unique
    for who, words in ((P.deceased_official, "⛔ status: deceased"), (P.do_not_contact, "⛔ do not contact"),
                       (P.opposing_official, "⚠️ opposes our position"),
                       (P.power_company_contact, "⚠️ sensitive tie: Pecan Springs Municipal Power is in")):
        assert rows.loc[who, "warning"].startswith(words), rows.loc[who, "warning"]
    assert "None" not in rows.astype(str).to_string()


def test_an_organization_with_nobody_says_so(demo):
    at = demo("pages/outreach.py")
    at.multiselect(key="invite-choices").select("o-tx-legislature").run()
    assert not at.exception, at.exception
    assert any("Texas Legislature has no people on record" in w.value for w in at.warning)


def test_the_deceased_members_profile_has_its_banner_card_and_history(demo):
    at = demo("pages/profile.py", id=P.deceased_official)
    assert not at.exception, at.exception
    assert at.error and at.error[0].value.startswith("status\\: deceased")
    card = [t.value for t in at.text]
    assert "Office / title: Commissioner, Bluebonnet County Precinct 2" in card
    assert f"Status: deceased since {moved_iso('2026-08-09')}" in card
    assert any(t.startswith("Preferred channel: ") for t in card)
    history = frames(at)[0]
    assert list(at.dataframe[0].proto.column_order) == ["date", "time", "what", "text"]
    assert (history["what"] == "interaction").any() and (history["what"] == "role ended").any()
    assert "HOLDS_OFFICE" not in history.to_string()


def test_the_power_company_profile_says_litigation(demo):
    at = demo("pages/profile.py", id=P.power_company)
    assert not at.exception, at.exception
    assert any("litigation with Texas Utility Regulatory Commission" in w.value.replace("\\", "") for w in at.warning)


def test_who_can_introduce_us_to_an_official(demo):
    at = demo("pages/profile.py", id=P.opposing_official)
    assert not at.exception, at.exception
    asks = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**Ask ")]
    assert asks and asks[0].startswith("**Ask Keisha Monroe**: knows them directly")
    paths = [c.value.replace("\\", "") for c in at.caption if "because" in c.value]
    assert len(paths) == len(asks) and all("Carla Reyes · because" in p and "c-" not in p.split("·")[0]
                                           for p in paths)


@pytest.fixture
def fresh(monkeypatch, store):
    from ingest.pipeline import import_path

    import_path(store, SMALL_REGION, ADMIN)
    return _maker(monkeypatch, store)


def test_logging_a_meeting_with_two_people_and_our_staff(fresh):
    at = fresh("pages/data.py")
    at.multiselect(key="log-people").select("c-bob").run()
    at.multiselect(key="log-people").select("c-dee").run()  # the first stays chosen
    at.multiselect(key="log-staff").select("c-ana").run()
    next(t for t in at.text_input if t.label == "Subject").input("Transit forum")
    next(b for b in at.button if b.label == "Log it").click().run()
    assert not at.exception, at.exception
    done = [s.value for s in at.success]
    assert not at.error, [e.value for e in at.error]
    assert done and done[0].replace("\\", "").startswith(f"Logged meeting 'Transit forum' on {TODAY.isoformat()} with "
                                                         "Hon. Robert Lee, Dee Park; our staff: Ana Ruiz")
    profile = fresh("pages/profile.py", id="c-bob")
    history = frames(profile)[0]
    assert "meeting: Transit forum (attendee)" in set(history["text"])


def test_a_new_contact_shows_its_card_and_a_plain_sentence(monkeypatch, store):
    import pandas as pd

    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    contacts = pd.DataFrame([{"id": "c-new", "name": "Nia Brooks", "kind": "elected_official", "title": "Mayor",
                              "email": "nia@example.org", "confidentiality": "public"}])
    import_source(store, from_frames({"contacts": contacts}, Format.TABLES, origin="test"), ADMIN)
    at = _maker(monkeypatch, store)("pages/profile.py", id="c-new")
    assert not at.exception, at.exception
    assert "Office / title: Mayor" in [t.value for t in at.text]
    said = " ".join(i.value for i in at.info).replace("\\", "")
    assert "Nia Brooks is on record, with no interactions, roles or stances yet" in said
    assert "No dated history" not in texts(at)


def test_recording_the_send_of_an_invitation_list(fresh):
    # three people: one fine, one deceased, one who asked not to be contacted; leave out the flagged two
    at = fresh("pages/outreach.py")
    for person in ("c-bob", "c-carl", "c-dee"):
        at.multiselect(key="invite-choices").select(person).run()
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value["id"]) == {"c-bob", "c-carl", "c-dee"}
    next(t for t in at.text_input if t.label == "Subject").input("Invitation to the transit forum")
    next(c for c in at.checkbox if c.label == "Leave out everyone with a warning").check()
    next(b for b in at.button if b.label == "Record as a notice sent to the list").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    done = [s.value.replace("\\", "") for s in at.success]
    assert done == [f"Recorded the notice “Invitation to the transit forum” sent on {TODAY.isoformat()} "
                    "to 1 people."]
    sent = frames(fresh("pages/profile.py", id="c-bob"))[0]  # the record: on the recipient's history
    assert "notice: Invitation to the transit forum (recipient)" in set(sent["text"])
    assert set(sent.loc[sent["text"].str.startswith("notice: Invitation"), "date"].astype(str)) == {TODAY.isoformat()}
    for left_out in ("c-carl", "c-dee"):
        history = frames(fresh("pages/profile.py", id=left_out))
        assert not history or "notice: Invitation to the transit forum (recipient)" not in set(history[0]["text"])
