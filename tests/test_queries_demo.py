"""The relationship questions on the demo region: the planted cases, hand-checked (ingest.demo.PLANTED)."""
from __future__ import annotations

import datetime as dt

import pytest

import queries
from graph.errors import NotFound
from tests.demo_day import P, TODAY, moved, moved_iso, dated
from queries.experts import officials_with_expertise
from queries.members import history, members_of
from queries.network import who_knows
from queries.notices import notice_compliance, notices_status
from queries.partners import find_partners
from queries.reporters import reporters_on_issue
from queries.sensitivity import sensitivity_check
from queries.stances import advocates, contradictions, opponents
from tests.conftest import ADMIN, PUBLIC


def flags(row: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in row["flags"]:
        out.setdefault(f["flag"], []).append(f["reason"])
    return out


def test_partners_for_transportation_come_with_evidence(demo_store):
    rows = find_partners(demo_store, ADMIN, P.transportation, as_of=TODAY)
    assert rows and all(r["because"] for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    ids = {r["id"] for r in rows}
    assert P.opposing_official not in ids  # opposes since 2025: an opponent, not a partner
    assert P.our_organization not in ids and not any(r["kind"] == "our_staff" for r in rows)
    assert any("Transportation Policy Board" in b for r in rows for b in r["because"])


def test_private_sector_partners_for_workforce(demo_store):
    rows = find_partners(demo_store, ADMIN, "i-workforce", sector="private", as_of=TODAY, limit=None)
    assert rows
    assert all(r["sector"] not in ("public", "nonprofit", "media") for r in rows if r["label"] == "Organization")
    public = find_partners(demo_store, ADMIN, "i-workforce", sector="public", as_of=TODAY, limit=None)
    assert not {r["id"] for r in rows if r["label"] == "Organization"} & {r["id"] for r in public}


def test_partners_in_a_county_only(demo_store):
    county = P.broker_counties[0]
    scope = {r["jurisdiction_id"] for r in queries.run(demo_store, "jurisdiction_scope", ADMIN, jurisdiction=county)}
    rows = find_partners(demo_store, ADMIN, "i-emergency", jurisdiction=county, as_of=TODAY, limit=None)
    assert rows and len(scope) > 1
    everywhere = find_partners(demo_store, ADMIN, "i-emergency", as_of=TODAY, limit=None)
    assert len(rows) < len(everywhere)


def test_an_unknown_issue_is_named(demo_store):
    with pytest.raises(NotFound, match='"i-nope" is not an issue id'):
        find_partners(demo_store, ADMIN, "i-nope")


def test_the_contradiction_is_found_with_both_sources(demo_store):
    rows = {h["id"]: h for h in contradictions(demo_store, ADMIN, P.transportation, as_of=TODAY)}
    tillman = rows[P.contradicting_official]
    (a, b), = tillman["contradictions"]
    assert (a["stance"], a["source_id"], a["as_of"]) == ("support", P.contradiction_meeting, moved(dt.date(2026, 4, 8)))
    assert (b["stance"], b["source_id"], b["as_of"]) == ("oppose", P.contradiction_letter, moved(dt.date(2026, 4, 29)))
    assert dated("contradiction: supports transportation (meeting, 2026-04-08) but opposes transportation "
                 "(letter, 2026-04-29)") in tillman["because"]
    # a change of mind over three years is history, not a contradiction
    assert P.opposing_official not in rows


def test_opponents_and_advocates_use_the_latest_stance(demo_store):
    opp = {h["id"]: h for h in opponents(demo_store, ADMIN, P.transportation, as_of=TODAY)}
    reyes = opp[P.opposing_official]
    assert reyes["as_of"] == moved(dt.date(2025, 2, 18)) and [s["stance"] for s in reyes["history"]] == ["support", "oppose"]
    earlier = {h["id"] for h in advocates(demo_store, ADMIN, P.transportation, as_of=moved(dt.date(2023, 1, 1)))}
    assert P.opposing_official in earlier


def test_high_profile_opponents_rank_by_office(demo_store):
    rows = opponents(demo_store, ADMIN, P.transportation, as_of=TODAY, high_profile=True)
    assert [r["profile"] for r in rows] == sorted((r["profile"] for r in rows), reverse=True)
    reyes = next(r for r in rows if r["id"] == P.opposing_official)
    assert any("Texas House" in o for o in reyes["offices"])


def test_officials_with_transportation_expertise(demo_store):
    answer = officials_with_expertise(demo_store, ADMIN, P.transportation, "j-tx", as_of=TODAY)
    experts = {e["id"]: e for e in answer["experts"]}
    assert experts[P.transport_expert]["because"] == ["expertise in transportation (expert)"]
    assert experts[P.transport_board_member]["because"] == [
        "member of Transportation Policy Board (focuses on transportation)"]
    assert experts[P.transit_expert]["because"] == ["expertise in transit (working)"]  # transit is part of transportation
    assert P.no_transport_official not in experts
    assert P.deceased_official not in experts  # deceased: no longer an official
    assert answer["officials_in_scope"] > len(experts)


def test_reporters_by_beat_and_by_recent_article(demo_store):
    rows = {r["id"]: r for r in reporters_on_issue(demo_store, ADMIN, P.transportation, as_of=TODAY)}
    assert rows[P.beat_reporter]["beat"]
    castell = rows[P.recent_article_reporter]
    assert not castell["beat"] and castell["last_article"] == moved(dt.date(2026, 10, 28)) and castell["outlets"]


def test_members_on_a_date_flag_the_deceased(demo_store):
    now = {m["contact_id"]: m for m in members_of(demo_store, ADMIN, P.deceased_board, as_of=TODAY)}
    assert dated("warning: deceased since 2026-08-09 but the membership has no end date") in now[P.deceased_official]["because"]
    then = {m["contact_id"] for m in members_of(demo_store, ADMIN, P.deceased_board, as_of=moved(dt.date(2017, 1, 1)))}
    assert then != set(now)


def test_history_is_dated_and_ordered(demo_store):
    rows = history(demo_store, ADMIN, P.role_changed, until=TODAY)
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    ends = [r for r in rows if r["event"] == "role_end" and r["kind"] == "HOLDS_OFFICE"]
    starts = [r for r in rows if r["event"] == "role_start" and r["detail"] and "mayor" in r["detail"].lower()]
    assert ends and starts and starts[0]["date"] == moved(dt.date(2023, 5, 13))
    org = history(demo_store, ADMIN, P.power_company, until=TODAY)
    assert any(r["event"] == "tie" and r["other_id"] == P.regulator for r in org)


def test_sensitivity_check_gives_every_reason(demo_store):
    people = [P.deceased_official, P.former_official, P.do_not_contact, P.power_company_contact,
              P.regulator_contact, P.opposing_official, P.recent_negative_contact, "c-nobody"]
    rows = sensitivity_check(demo_store, ADMIN, people, issue=P.transportation, as_of=TODAY)
    assert [r["id"] for r in rows] == people  # nothing dropped, in the list's order
    by = {r["id"]: flags(r) for r in rows}
    assert by[P.deceased_official]["status"] == [dated("deceased since 2026-08-09")]
    assert "now held by Marcus Bell" in by[P.former_official]["left_office"][0]  # by name, not by id
    assert P.successor not in by[P.former_official]["left_office"][0]
    assert "resigned" in by[P.former_official]["left_office"][0]
    assert by[P.do_not_contact]["do_not_contact"] == ["asked not to be contacted (channel: all)"]
    assert any("Victor Osei" in r for r in by[P.power_company_contact]["conflict_pair"])
    assert any("Lena Marsh" in r for r in by[P.regulator_contact]["conflict_pair"])
    assert by[P.opposing_official]["opposes_our_position"] == [
        dated("opposes transportation (testimony, 2025-02-18); our position: support")]
    assert any(moved_iso("2026-10-20") in r for r in by[P.recent_negative_contact]["negative"])
    assert by["c-nobody"] == {"unknown": ["no contact with this id that you may see: check the id"]}
    assert all(f["reason"] for r in rows for f in r["flags"])


def test_a_public_clerk_checking_the_landmine_pair_is_told_to_ask_someone_cleared(demo_store):
    pair = [P.power_company_contact, P.regulator_contact]
    public = {r["id"]: flags(r) for r in sensitivity_check(demo_store, PUBLIC, pair, as_of=TODAY)}
    lena, victor = public[P.power_company_contact], public[P.regulator_contact]
    assert set(lena) == set(victor) == {"hidden_conflict_pair"}, "the pair form, not the lone one, and nothing more"
    for reason in lena["hidden_conflict_pair"] + victor["hidden_conflict_pair"]:
        assert "Lena Marsh" in reason and "Victor Osei" in reason and "ask someone cleared" in reason
        assert not any(word in reason.lower() for word in ("conflict", "litigation", "power", "regulat"))
    admin = {r["id"]: flags(r) for r in sensitivity_check(demo_store, ADMIN, pair, as_of=TODAY)}
    assert "conflict_pair" in admin[P.power_company_contact]
    assert not {"hidden_conflict_pair", "hidden_sensitivity"} & set(admin[P.power_company_contact])
    alone = flags(sensitivity_check(demo_store, PUBLIC, [P.power_company_contact], as_of=TODAY)[0])
    assert set(alone) == {"hidden_sensitivity"}, "without the other person on the list, the lone form"


def test_sensitivity_without_an_issue_has_no_stance_flags(demo_store):
    rows = sensitivity_check(demo_store, ADMIN, [P.opposing_official], as_of=TODAY)
    assert "opposes_our_position" not in flags(rows[0])


def test_notice_compliance_names_the_late_and_the_missing(demo_store):
    ok = notice_compliance(demo_store, ADMIN, P.notice_on_time)
    assert ok["compliant"] and not ok["late"] and not ok["missing"] and ok["required"] == len(ok["on_time"])
    late = notice_compliance(demo_store, ADMIN, P.notice_late)
    assert not late["compliant"] and late["sent_late"] and late["late"]
    assert all(dated("after the deadline 2026-09-14") in e["reason"] for e in late["late"])
    missing = notice_compliance(demo_store, ADMIN, P.notice_missing_member)
    assert [(m["id"], m["reason"]) for m in missing["missing"]] == [(P.missing_member, "never sent")]


def test_notices_list_with_status(demo_store):
    rows = {r["notice_id"]: r for r in notices_status(demo_store, ADMIN, since=moved(dt.date(2026, 1, 1)), until=TODAY)}
    assert rows[P.notice_on_time]["status"] == "compliant"
    assert rows[P.notice_late]["status"] == "problems" and rows[P.notice_late]["because"][0].startswith(dated("sent 2026-09-16"))
    assert rows[P.notice_missing_member]["missing"] == 1


def test_who_knows_the_dormant_official(demo_store):
    rows = who_knows(demo_store, ADMIN, P.dormant_contact, as_of=TODAY, limit=None)
    assert rows[0]["kind"] == "our_staff" and rows[0]["hops"] == 1
    assert any(r["hops"] > 1 and r["via"] for r in rows)
    assert all(r["because"] for r in rows)


def test_the_lead_queries_run(demo_store):
    counts = {r["kind"]: r["n"] for r in queries.run(demo_store, "overview_counts", PUBLIC)}
    assert counts["contacts"] > 0
    rows = queries.run(demo_store, "recent_interactions", ADMIN, since=moved(dt.date(2026, 11, 1)), limit=5)
    assert len(rows) == 5
