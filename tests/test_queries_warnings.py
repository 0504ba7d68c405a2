"""Warnings that matter: on a typical transportation forum list from the demo region, few people are
flagged, every flag is a relevant one, and the planted cases are still flagged (ingest.demo.PLANTED)."""
from __future__ import annotations

from queries.outreach import invitation_list
from queries.sensitivity import LEVELS, MARKERS, NEGATIVE_DAYS, markers, sensitivity_check
from tests.conftest import ADMIN
from tests.demo_day import P, TODAY, moved_iso

FORUM = {"issue": P.transportation, "jurisdiction": "j-brazos-prairie", "bodies": [P.transport_board]}


def _forum(store):
    return invitation_list(store, ADMIN, as_of=TODAY, **FORUM)


def test_a_transportation_forum_list_is_flagged_under_a_quarter(demo_store):
    people = _forum(demo_store)
    rows = sensitivity_check(demo_store, ADMIN, [p["id"] for p in people], issue=P.transportation, as_of=TODAY)
    flagged = [r for r in rows if not r["ok"]]
    assert len(people) >= 40 and len(flagged) < len(people) / 4
    assert P.deceased_official in {r["id"] for r in flagged}
    for r in flagged:  # only relevant warnings: never a negative interaction on another topic, seen once
        assert r["warning"] and r["severity"] in LEVELS
        assert [LEVELS.index(f["severity"]) for f in r["flags"]] == sorted(LEVELS.index(f["severity"])
                                                                         for f in r["flags"])
        assert len([f for f in r["flags"] if f["flag"] == "negative"]) <= 1  # one line per person
        for f in r["flags"]:
            assert f["flag"] in ("status", "left_office", "do_not_contact", "opposes_our_position",
                                 "conflict_pair", "sensitive_tie", "negative"), f


def test_the_planted_cases_are_still_flagged_first(demo_store):
    planted = [P.deceased_official, P.do_not_contact, P.opposing_official, P.power_company_contact,
               P.regulator_contact, P.recent_negative_contact]
    rows = {r["id"]: r for r in sensitivity_check(demo_store, ADMIN, planted, issue=P.transportation, as_of=TODAY)}
    assert not any(r["ok"] for r in rows.values())
    assert rows[P.deceased_official]["severity"] == "stop" and "deceased" in rows[P.deceased_official]["warning"]
    assert rows[P.do_not_contact]["severity"] == "stop"
    assert rows[P.opposing_official]["flags"][0]["flag"] == "opposes_our_position"
    assert rows[P.power_company_contact]["severity"] == "high"  # the landmine
    negative = [f for f in rows[P.recent_negative_contact]["flags"] if f["flag"] == "negative"]
    assert len(negative) == 1 and moved_iso("2026-10-20") in negative[0]["reason"]


def test_a_single_negative_interaction_on_another_topic_is_not_a_warning(demo_store):
    # the planted negative call is about transit: on transportation it warns, on water it does not
    # (unless repeated in the window); without an issue every topic counts
    on = sensitivity_check(demo_store, ADMIN, [P.recent_negative_contact], issue=P.transportation, as_of=TODAY)[0]
    off = sensitivity_check(demo_store, ADMIN, [P.recent_negative_contact], issue="i-water", as_of=TODAY)[0]
    anything = sensitivity_check(demo_store, ADMIN, [P.recent_negative_contact], as_of=TODAY)[0]
    assert any(f["flag"] == "negative" for f in on["flags"])
    assert any(f["flag"] == "negative" for f in anything["flags"])
    n_recent = len([f for f in anything["flags"] if f["flag"] == "negative"][0]["reason"].split("; "))
    assert any(f["flag"] == "negative" for f in off["flags"]) == (n_recent >= 2)
    assert NEGATIVE_DAYS <= 30


def test_markers_put_the_same_warning_beside_each_flagged_name(demo_store):
    planted = [P.deceased_official, P.do_not_contact, P.opposing_official, P.successor]
    marks = markers(demo_store, ADMIN, planted + ["c-nobody-at-all"], issue=P.transportation, as_of=TODAY)
    checked = {r["id"]: r for r in sensitivity_check(demo_store, ADMIN, planted, issue=P.transportation, as_of=TODAY)}
    assert set(marks) == {i for i, r in checked.items() if not r["ok"]}  # the unknown id is not a table row
    assert {P.deceased_official, P.do_not_contact, P.opposing_official} <= set(marks)
    assert marks[P.deceased_official]["marker"] == MARKERS["stop"]
    assert marks[P.opposing_official] == {"severity": "high", "marker": MARKERS["high"],
                                          "warning": checked[P.opposing_official]["warning"]}
