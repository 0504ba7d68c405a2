"""The demo region: well-formed tables, determinism, and every planted case."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest

from graph import model as m
from ingest.demo import RegionSize, generate_region, shift_dates, write_region
from ingest.formats import TABLE_BY_NAME, TABLES
from ingest.readers import from_frames
from ingest.validate import check_table
from tests.demo_day import P as PLANTED, TODAY as DEMO_TODAY, moved, moved_iso

# A benchmark-shaped region small enough for a unit test: extra counties, many staff.
SMALL_BENCHMARK = RegionSize("small-benchmark", contacts=6_000, organizations=1_200, interactions=20_000,
                             staff=40, extra_counties=3, cities_per_extra_county=4)


@pytest.fixture(scope="module")
def region() -> dict[str, pd.DataFrame]:
    return generate_region("demo", seed=7)


@pytest.fixture(scope="module")
def medium() -> dict[str, pd.DataFrame]:
    return generate_region("medium", seed=3)


@pytest.fixture(scope="module", params=["demo", "small-benchmark", "medium"])
def any_region(request, region) -> dict[str, pd.DataFrame]:
    if request.param == "demo":
        return region
    if request.param == "medium":
        return request.getfixturevalue("medium")
    return generate_region(SMALL_BENCHMARK, seed=3)


def rows(frame: pd.DataFrame, **equal) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in equal.items():
        mask &= frame[column] == value
    return frame[mask]


def one(frame: pd.DataFrame, **equal) -> pd.Series:
    found = rows(frame, **equal)
    assert len(found) == 1, f"expected one row with {equal}, found {len(found)}"
    return found.iloc[0]


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# -- shape of the tables ---------------------------------------------------------


def test_every_table_has_exactly_the_format_columns(any_region):
    assert list(any_region) == [t.name for t in TABLES]
    for spec in TABLES:
        assert list(any_region[spec.name].columns) == spec.column_names, spec.name


def test_every_value_is_a_string_as_read_from_csv(any_region):
    for name, frame in any_region.items():
        for column in frame.columns:
            values = frame[column]
            assert values.map(type).eq(str).all(), f"{name}.{column} has a non-string value"


def test_the_demo_has_the_promised_size(region):
    assert len(region["contacts"]) == 2_000
    assert len(region["organizations"]) == 300
    assert len(region["interactions"]) == 30_000
    per_interaction = len(region["participants"]) / len(region["interactions"])
    assert 2.0 <= per_interaction <= 3.0


def test_the_medium_size_sits_between_demo_and_benchmark(medium):
    assert len(medium["contacts"]) == 20_000
    assert len(medium["organizations"]) == 4_000
    assert len(medium["interactions"]) == 200_000
    per_interaction = len(medium["participants"]) / len(medium["interactions"])
    assert 2.0 <= per_interaction <= 3.0


def test_ids_are_unique_across_all_node_tables(any_region):
    ids = pd.concat([any_region[t.name]["id"] for t in TABLES if t.node])
    assert ids.ne("").all()
    assert not ids.duplicated().any(), ids[ids.duplicated()].head().tolist()


def test_ids_have_readable_prefixes(region):
    prefixes = {"jurisdictions": "j-", "organizations": "o-", "contacts": "c-", "issues": "i-",
                "interactions": "x-", "notices": "n-"}
    for table, prefix in prefixes.items():
        assert region[table]["id"].str.startswith(prefix).all(), table


def test_link_tables_leave_their_id_to_the_importer(any_region):
    for spec in TABLES:
        if spec.node is None:
            assert any_region[spec.name]["id"].eq("").all(), spec.name


def test_link_rows_are_unique_on_their_key(any_region):
    for spec in TABLES:
        if spec.node is None:
            dup = any_region[spec.name].duplicated(list(spec.key))
            assert not dup.any(), f"{spec.name}: {any_region[spec.name][dup].head(3).to_dict('records')}"


def test_every_reference_points_at_an_existing_record(any_region):
    ids_by_label = {t.node: set(any_region[t.name]["id"]) for t in TABLES if t.node}
    for spec in TABLES:
        for column in spec.columns:
            if not column.refers_to:
                continue
            known = set().union(*(ids_by_label[label] for label in column.refers_to))
            values = any_region[spec.name][column.name]
            values = values[values != ""]
            if column.list:
                values = values.str.split(";").explode()
            dangling = set(values) - known
            assert not dangling, f"{spec.name}.{column.name}: {sorted(dangling)[:5]}"


def test_required_columns_are_filled(any_region):
    for spec in TABLES:
        for column in spec.columns:
            if column.required and not (column.name == "id" and spec.node is None):
                assert any_region[spec.name][column.name].ne("").all(), f"{spec.name}.{column.name}"


def test_enum_columns_hold_the_model_values(any_region):
    for spec in TABLES:
        for column in spec.columns:
            if column.enum is not None:
                values = set(any_region[spec.name][column.name]) - {""}
                assert values <= {e.value for e in column.enum}, f"{spec.name}.{column.name}: {values}"


def test_dates_booleans_and_numbers_are_written_plainly(any_region):
    for spec in TABLES:
        frame = any_region[spec.name]
        for column in spec.columns:
            values = frame[column.name][frame[column.name] != ""]
            if column.type == m.DATE:
                assert values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), f"{spec.name}.{column.name}"
                parsed = pd.to_datetime(values, format="%Y-%m-%d")
                assert (parsed <= pd.Timestamp(DEMO_TODAY) + pd.Timedelta(days=60)).all(), column.name
            elif column.type == m.BOOL:
                assert values.isin(["true", "false"]).all(), f"{spec.name}.{column.name}"
            elif column.type == m.FLOAT:
                assert pd.to_numeric(values).between(0, 1).all(), f"{spec.name}.{column.name}"


def test_the_importer_accepts_every_row(region):
    source = from_frames(region)
    for name, raw in source.tables.items():
        checked = check_table(TABLE_BY_NAME[name], raw)
        assert not checked.problems, [str(p) for p in checked.problems[:3]]
        assert len(checked.frame) == len(region[name])


def test_nothing_happens_after_demo_today(region):
    assert region["interactions"]["date"].max() <= DEMO_TODAY.isoformat()
    assert region["notices"]["sent_date"].max() <= DEMO_TODAY.isoformat()


def test_the_same_seed_gives_the_same_region_and_another_seed_another(region):
    again = generate_region("demo", seed=7)
    for name in region:
        pd.testing.assert_frame_equal(region[name], again[name])
    other = generate_region("demo", seed=8)
    assert not region["interactions"].equals(other["interactions"])
    assert not region["contacts"].equals(other["contacts"])


def test_the_region_ends_on_the_day_it_is_made_and_only_its_dates_move(region):
    later_day = DEMO_TODAY + dt.timedelta(days=400)
    later = generate_region("demo", seed=7, today=later_day)
    assert later["interactions"]["date"].max() < later_day.isoformat()
    assert (later_day - dt.date.fromisoformat(later["interactions"]["date"].max())).days <= 3
    assert PLANTED.on(later_day).notice_missing_member in set(later["notices"]["id"])
    back = shift_dates(later, -400)  # moved back, it is the session's region again, cell for cell
    for name in region:
        pd.testing.assert_frame_equal(region[name], back[name])
    for name in ("contacts", "organizations", "issues"):  # names, kinds and ids without a date stay put
        assert (later[name]["id"] == region[name]["id"]).all()
    again = generate_region("demo", seed=7, today=later_day)
    for name in later:
        pd.testing.assert_frame_equal(later[name], again[name])


def test_write_region_writes_csv_that_reads_back_identically(tmp_path, region):
    paths = write_region(tmp_path, "demo", seed=7)
    assert set(paths) == set(region)
    for name in ("contacts", "notices", "ties"):
        back = pd.read_csv(paths[name], dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, region[name], check_dtype=False)


def test_an_unknown_size_is_refused():
    with pytest.raises(ValueError, match="unknown size"):
        generate_region("huge")


# -- the region ------------------------------------------------------------------


def test_the_region_is_part_of_texas_and_counties_part_of_the_region(region):
    j = region["jurisdictions"]
    state = one(j, level="state")
    the_region = one(j, level="region")
    assert the_region["parent_id"] == state["id"]
    counties = rows(j, level="county")
    assert len(counties) == 6 and counties["parent_id"].eq(the_region["id"]).all()
    cities = rows(j, level="city")
    assert len(cities) == 20 and cities["parent_id"].isin(set(counties["id"])).all()


def test_our_organization_and_its_staff(region):
    org = one(region["organizations"], id=PLANTED.our_organization)
    assert org["type"] == "our_organization"
    staff = rows(region["contacts"], kind="our_staff")
    works = rows(region["affiliations"], kind="works_at", organization_id=PLANTED.our_organization)
    assert len(staff) >= 12 and set(staff["id"]) <= set(works["contact_id"])


def test_reporters_work_at_media_outlets(region):
    outlets = set(rows(region["organizations"], type="media_outlet")["id"])
    reporters = set(rows(region["contacts"], kind="reporter")["id"])
    works = rows(region["affiliations"], kind="works_at")
    assert reporters and set(works[works["contact_id"].isin(reporters)]["organization_id"]) <= outlets


def test_officials_hold_office_with_role_title_and_dates(region):
    offices = rows(region["affiliations"], kind="holds_office")
    assert set(offices["role"]) >= {"mayor", "council member", "county judge", "commissioner",
                                    "state senator", "state representative"}
    assert offices["start_date"].ne("").all() and offices["title"].ne("").all()
    ended = offices[offices["end_date"] != ""]
    assert ended["end_reason"].ne("").all()


def test_boards_have_a_chair_and_members(region):
    members = rows(region["affiliations"], kind="member_of", organization_id=PLANTED.transport_board)
    assert {"chair", "vice-chair", "member"} <= set(members["role"])


def test_the_transportation_bodies_focus_on_transportation(region):
    focus = rows(region["expertise"], kind="focus", issue_id=PLANTED.transportation)
    assert {PLANTED.transport_board, "o-rtc"} <= set(focus["subject_id"])


def test_issues_have_keywords_and_sub_issues(region):
    issues = region["issues"].set_index("id")
    assert issues["keywords"].str.contains(";").all()
    assert issues.loc[PLANTED.transit, "parent_id"] == PLANTED.transportation
    assert issues.loc["i-biofuel-power", "parent_id"] == "i-environment"


def test_some_records_are_internal_or_confidential(region):
    assert (region["interactions"]["confidentiality"] == "internal").any()
    assert (region["contacts"]["confidentiality"] == "confidential").any()


# -- the planted cases, at both sizes ----------------------------------------------


def contact(tables, cid) -> pd.Series:
    return one(tables["contacts"], id=cid)


def members_on(tables, board: str, date: str) -> set[str]:
    memberships = rows(tables["affiliations"], kind="member_of", organization_id=board)
    current = (memberships["start_date"] <= date) & ((memberships["end_date"] == "") |
                                                     (memberships["end_date"] >= date))
    return set(memberships[current]["contact_id"])


def last_interaction(tables, cid) -> str:
    ids = set(rows(tables["participants"], contact_id=cid)["interaction_id"])
    return tables["interactions"][tables["interactions"]["id"].isin(ids)]["date"].max()


def test_a_board_with_a_deceased_member_still_listed(any_region):
    person = contact(any_region, PLANTED.deceased_official)
    assert person["status"] == "deceased" and person["status_date"] == moved_iso("2026-08-09")
    membership = one(any_region["affiliations"], contact_id=PLANTED.deceased_official, kind="member_of")
    assert membership["organization_id"] == PLANTED.deceased_board
    assert membership["end_date"] == ""
    office = one(any_region["affiliations"], contact_id=PLANTED.deceased_official, kind="holds_office")
    assert office["end_reason"] == "death"
    assert last_interaction(any_region, PLANTED.deceased_official) < person["status_date"]


def test_an_official_who_left_office_and_the_successor_in_the_same_seat(any_region):
    former = one(any_region["affiliations"], contact_id=PLANTED.former_official, kind="holds_office")
    assert former["end_date"] == moved_iso("2025-06-30") and former["end_reason"] == "resigned"
    assert contact(any_region, PLANTED.former_official)["status"] == "left_office"
    successor = one(any_region["affiliations"], contact_id=PLANTED.successor, kind="holds_office")
    for column in ("organization_id", "role", "district"):
        assert successor[column] == former[column]
    assert successor["start_date"] > former["end_date"] and successor["end_date"] == ""


def test_a_council_member_who_became_mayor(any_region):
    offices = rows(any_region["affiliations"], contact_id=PLANTED.role_changed, kind="holds_office")
    council = one(offices, role="council member")
    mayor = one(offices, role="mayor")
    assert council["organization_id"] == mayor["organization_id"]
    assert council["end_date"] and council["end_date"] < mayor["start_date"] and mayor["end_date"] == ""
    assert contact(any_region, PLANTED.role_changed)["title"].startswith("Mayor")


def test_a_contact_who_must_not_be_contacted_at_all(any_region):
    person = contact(any_region, PLANTED.do_not_contact)
    assert person["do_not_contact"] == "true" and person["do_not_contact_channel"] == "all"
    assert last_interaction(any_region, PLANTED.do_not_contact) <= moved_iso("2024-03-01")


def test_the_landmine_between_the_power_company_and_the_regulators(any_region):
    orgs = any_region["organizations"].set_index("id")
    assert orgs.loc[PLANTED.power_company, "type"] == "utility"
    assert orgs.loc[PLANTED.regulator, "type"] == "regulator"
    ties = rows(any_region["ties"], from_id=PLANTED.power_company, to_id=PLANTED.regulator)
    sensitive = ties[ties["sensitive"] == "true"]
    assert set(sensitive["kind"]) == {"conflict", "litigation"}
    assert sensitive["note"].ne("").all()
    for person, org in ((PLANTED.power_company_contact, PLANTED.power_company),
                        (PLANTED.regulator_contact, PLANTED.regulator)):
        one(any_region["affiliations"], contact_id=person, organization_id=org, kind="works_at")


def test_an_official_who_said_yes_at_a_meeting_and_no_in_a_letter(any_region):
    stated = rows(any_region["positions"], holder_id=PLANTED.contradicting_official,
                  issue_id=PLANTED.transportation).sort_values("as_of")
    assert list(stated["stance"]) == ["support", "oppose"]
    assert (day(stated["as_of"].iloc[1]) - day(stated["as_of"].iloc[0])).days <= 31
    interactions = any_region["interactions"].set_index("id")
    sources = list(stated["source_interaction"])
    assert sources == [PLANTED.contradiction_meeting, PLANTED.contradiction_letter]
    assert [interactions.loc[s, "kind"] for s in sources] == ["meeting", "letter"]
    for source in sources:
        one(any_region["participants"], interaction_id=source, contact_id=PLANTED.contradicting_official)


def test_an_official_who_opposes_our_position_on_transportation(any_region):
    ours = one(any_region["positions"], holder_id=PLANTED.our_organization, issue_id=PLANTED.transportation)
    assert ours["stance"] == "support"
    theirs = rows(any_region["positions"], holder_id=PLANTED.opposing_official, issue_id=PLANTED.transportation)
    assert theirs.sort_values("as_of")["stance"].iloc[-1] == "oppose"
    assert contact(any_region, PLANTED.opposing_official)["kind"] == "elected_official"


def test_a_recent_negative_interaction_with_a_named_contact(any_region):
    call = one(any_region["interactions"], id=PLANTED.recent_negative_interaction)
    assert call["sentiment"] == "negative"
    assert 0 <= (DEMO_TODAY - day(call["date"])).days <= 60
    one(any_region["participants"], interaction_id=call["id"], contact_id=PLANTED.recent_negative_contact)


def test_notices_on_time_late_and_missing_a_member(any_region):
    notices = any_region["notices"].set_index("id")
    deliveries = any_region["deliveries"]

    def delivered_to(nid):
        return set(deliveries[deliveries["notice_id"] == nid]["contact_id"])

    on_time = notices.loc[PLANTED.notice_on_time]
    assert on_time["deadline"] == (day(on_time["meeting_date"]) - dt.timedelta(days=3)).isoformat()
    assert on_time["sent_date"] <= on_time["deadline"]
    required = members_on(any_region, on_time["body_id"], on_time["meeting_date"])
    assert required and delivered_to(PLANTED.notice_on_time) == required
    assert rows(deliveries, notice_id=PLANTED.notice_on_time)["status"].eq("delivered").all()

    late = notices.loc[PLANTED.notice_late]
    assert late["sent_date"] > late["deadline"]

    gap = notices.loc[PLANTED.notice_missing_member]
    required = members_on(any_region, gap["body_id"], gap["meeting_date"])
    assert required - delivered_to(PLANTED.notice_missing_member) == {PLANTED.missing_member}


def test_only_the_planted_notices_are_late_or_incomplete(region):
    notices = region["notices"]
    late = set(notices[notices["sent_date"] > notices["deadline"]]["id"])
    assert late == {PLANTED.notice_late}
    delivered = region["deliveries"].groupby("notice_id")["contact_id"].agg(set).to_dict()
    incomplete = {n.id for n in notices.itertuples()
                  if members_on(region, n.body_id, n.meeting_date) - delivered.get(n.id, set())}
    assert incomplete == {PLANTED.notice_missing_member}


def test_a_leaving_staff_member_and_the_officials_only_she_knows(any_region):
    staffer = contact(any_region, PLANTED.leaving_staff)
    assert staffer["kind"] == "our_staff"
    assert 0 < (day(staffer["leaving_date"]) - DEMO_TODAY).days <= 62
    owns = rows(any_region["ties"], kind="owns")
    owners = owns.groupby("to_id")["from_id"].agg(set).to_dict()
    for cid in PLANTED.orphaned_contacts:
        person = contact(any_region, cid)
        assert person["kind"] == "elected_official" and person["status"] == "active"
        assert owners[cid] == {PLANTED.leaving_staff}
    # she also owns relationships that someone else shares: those are not orphans
    shared = [c for c, o in owners.items() if PLANTED.leaving_staff in o and len(o) > 1]
    assert shared


def test_a_key_relationship_gone_dormant(any_region):
    person = contact(any_region, PLANTED.dormant_contact)
    assert person["kind"] == "elected_official" and person["status"] == "active"
    one(any_region["ties"], kind="owns", to_id=PLANTED.dormant_contact)
    last = day(last_interaction(any_region, PLANTED.dormant_contact))
    assert (DEMO_TODAY - last).days > 365


def test_a_broker_is_the_only_bridge_between_two_rural_counties(any_region):
    county_of = _county_of(any_region)
    people = any_region["contacts"]
    officials = people[people["kind"] == "elected_official"]
    cluster = {cid: county_of[j] for cid, j in zip(officials["id"], officials["jurisdiction_id"])
               if county_of.get(j) in PLANTED.broker_counties}
    knows = rows(any_region["ties"], kind="knows")
    reaches = defaultdict(set)
    for a, b in zip(knows["from_id"], knows["to_id"]):
        for x, y in ((a, b), (b, a)):
            if x in cluster:
                reaches[cluster[x]].add(cluster.get(y, y))
    for county in PLANTED.broker_counties:
        # the cluster's officials know each other, and beyond it only the broker
        assert reaches[county] == {county, PLANTED.broker}
    assert _connected_without(knows, cluster, skip=None)
    assert not _connected_without(knows, cluster, skip=PLANTED.broker)


def _county_of(tables) -> dict[str, str]:
    j = tables["jurisdictions"].set_index("id")
    county = {}
    for jid, level, parent in zip(j.index, j["level"], j["parent_id"]):
        county[jid] = jid if level == "county" else parent if level == "city" else ""
    return county


def _connected_without(knows, cluster: dict[str, str], skip) -> bool:
    """Can one reach an official of the second county from one of the first, avoiding `skip`?"""
    graph = defaultdict(set)
    for a, b in zip(knows["from_id"], knows["to_id"]):
        graph[a].add(b)
        graph[b].add(a)
    first, second = PLANTED.broker_counties
    start = next(c for c, county in cluster.items() if county == first and graph[c])
    seen, todo = {start, skip}, [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            if cluster.get(nxt) == second:
                return True
            seen.add(nxt)
            todo.append(nxt)
    return False


def test_transportation_know_how_stated_through_a_board_through_transit_and_none(any_region):
    expertise = any_region["expertise"]
    issues = any_region["issues"].set_index("id")
    transport = {PLANTED.transportation} | set(issues[issues["parent_id"] == PLANTED.transportation].index)
    stated = rows(expertise, kind="expertise")
    one(stated, subject_id=PLANTED.transport_expert, issue_id=PLANTED.transportation)
    one(stated, subject_id=PLANTED.transit_expert, issue_id=PLANTED.transit)
    assert issues.loc[PLANTED.transit, "parent_id"] == PLANTED.transportation

    assert rows(expertise, subject_id=PLANTED.transport_board_member).empty
    assert PLANTED.transport_board_member in members_on(any_region, PLANTED.transport_board, DEMO_TODAY.isoformat())
    one(expertise, subject_id=PLANTED.transport_board, kind="focus", issue_id=PLANTED.transportation)

    focused = set(expertise[(expertise["kind"] == "focus") & expertise["issue_id"].isin(transport)]["subject_id"])
    hers = rows(any_region["affiliations"], contact_id=PLANTED.no_transport_official)
    assert not set(hers["organization_id"]) & focused
    assert not set(rows(expertise, subject_id=PLANTED.no_transport_official)["issue_id"]) & transport
    for cid in (PLANTED.transport_expert, PLANTED.transit_expert, PLANTED.transport_board_member,
                PLANTED.no_transport_official):
        assert contact(any_region, cid)["kind"] == "elected_official"


def test_a_beat_reporter_and_one_who_wrote_about_it_recently(any_region):
    covers = rows(any_region["expertise"], kind="covers")
    one(covers, subject_id=PLANTED.beat_reporter, issue_id=PLANTED.transportation)
    assert rows(covers, subject_id=PLANTED.recent_article_reporter).empty
    article = one(any_region["interactions"], id=PLANTED.recent_article)
    assert article["kind"] == "article" and PLANTED.transportation in article["issue_ids"].split(";")
    assert (DEMO_TODAY - day(article["date"])).days <= 30
    author = one(any_region["participants"], interaction_id=article["id"])
    assert author["contact_id"] == PLANTED.recent_article_reporter and author["role"] == "author"


def test_a_confidential_briefing_about_the_landmine_pair(any_region):
    briefing = one(any_region["interactions"], id=PLANTED.confidential_interaction)
    assert briefing["confidentiality"] == "confidential"
    assert {PLANTED.power_company, PLANTED.regulator} <= set(briefing["organization_ids"].split(";"))
    who = rows(any_region["participants"], interaction_id=briefing["id"])
    assert who["confidentiality"].eq("confidential").all()
    assert contact(any_region, PLANTED.confidential_contact)["confidentiality"] == "confidential"
