"""Every level of government from Open States: Congress (a real excerpt of data/us in
tests/data/openstates-us), states and cities; import summaries that hide no loss;
one contact per person across sources, with the status their offices give."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from ingest.openstates import read_openstates
from ingest.pipeline import import_path
from ingest.samples import ISSUES, TEXAS
from queries.sensitivity import sensitivity_check
from tests.conftest import ADMIN, DATA
from tests.test_openstates import write

US = DATA / "openstates-us"
COUNTRY = "ocd-jurisdiction/country:us"
HOUSE, SENATE, CONGRESS = f"{COUNTRY}/legislature/lower", f"{COUNTRY}/legislature/upper", f"{COUNTRY}/legislature"
AVIATION = "ocd-organization/e728301e-8bfc-5c12-97da-c2bf16b59815"
CSCE = "ocd-organization/f64a059a-8e38-5b19-b800-3ac3a6432f4e"
COHEN = "ocd-person/e56dabed-c7b4-51c2-a29b-c9850bc9feff"
CARDIN = "ocd-person/18b53a95-c658-5a23-8c3e-074a7e0d27e3"


@pytest.fixture(scope="module")
def us():
    return read_openstates(US)




# -- Congress from Open States ----------------------------------------------------

def test_congress_its_chambers_and_the_country_tree(us):
    jur = us.tables["jurisdictions"].set_index("id")
    assert jur.loc[COUNTRY, ["name", "level", "parent_id"]].tolist() == ["United States", "country", ""]
    assert jur.loc[f"{COUNTRY}/state:tn", "parent_id"] == COUNTRY
    # "TN-09" and "TN-9" are one district, under its state
    assert jur.loc["ocd-division/country:us/state:tn/cd:9", ["name", "level", "parent_id"]].tolist() == [
        "Tennessee Congressional District 9", "district", f"{COUNTRY}/state:tn"]
    orgs = us.tables["organizations"].set_index("id")
    assert orgs.loc[CONGRESS, ["name", "type"]].tolist() == ["United States Congress", "legislature"]
    assert orgs.loc[HOUSE, ["type", "parent_id"]].tolist() == ["chamber", CONGRESS]
    assert orgs.loc[SENATE, "name"] == "United States Senate"


def test_representatives_and_senators(us):
    contacts = us.tables["contacts"].set_index("id")
    cohen = contacts.loc[COHEN]
    assert (cohen.title, cohen.status) == ("U.S. Representative, Tennessee District 9", "active")
    assert cohen.jurisdiction_id == "ocd-division/country:us/state:tn/cd:9"
    # every term of Cardin's has ended: he left office, on the last term's end
    cardin = contacts.loc[CARDIN]
    assert (cardin.status, cardin.status_date) == ("left_office", "2025-01-03")
    assert cardin.title == "Former U.S. Senator from Maryland"
    offices = us.tables["affiliations"]
    cardins = offices[(offices.contact_id == CARDIN) & (offices.kind == "holds_office")]
    assert sorted(set(cardins.organization_id)) == [HOUSE, SENATE]


def test_subcommittee_and_joint_committee(us):
    orgs = us.tables["organizations"].set_index("id")
    # the parent (Transportation and Infrastructure) is not in the excerpt: under the House, with a warning
    assert orgs.loc[AVIATION, ["parent_id", "description", "jurisdiction_id"]].tolist() == [
        HOUSE, "U.S. House subcommittee", COUNTRY]
    assert orgs.loc[AVIATION, "address"] == "2165 RHOB, Washington, DC 20515"
    assert orgs.loc[CSCE, ["parent_id", "description"]].tolist() == [CONGRESS, "Joint congressional committee"]
    links = us.tables["affiliations"]
    aviation = links[links.organization_id == AVIATION]
    roles = dict(zip(aviation.contact_id, aviation.role))
    assert roles == {COHEN: "ranking member", "ocd-person/a5212de0-6253-5b67-8473-2b00d1f22da6": "member"}
    assert links[links.organization_id == CSCE].role.tolist() == ["chair"]  # "Chairman"
    # the chairman of Aviation has no person file in the excerpt: one error, one lost membership
    errors = [p for p in us.problems if p.severity == "error"]
    assert [(p.column, p.value) for p in errors] == [("members[0]", "ocd-person/6b0fb307-b985-56d0-83d3-c17a01e9b98e")]
    assert us.rejected == {"affiliations": 1}


def test_jurisdiction_with_or_without_government(tmp_path):
    for i, jurisdiction in enumerate(["ocd-jurisdiction/country:us/state:ca/government",
                                      "ocd-jurisdiction/country:us/state:ca"]):
        write(tmp_path / str(i), "legislature/a.yml", f"""\
            id: ocd-person/0000000{i}-0000-0000-0000-000000000000
            name: Ann Example
            roles:
            - type: upper
              district: '5'
              jurisdiction: {jurisdiction}
            """)
        result = read_openstates(tmp_path / str(i))
        assert result.problems == []
        assert result.tables["contacts"].jurisdiction_id.tolist() == ["ocd-division/country:us/state:ca/sldu:5"]


# -- import summaries equal the problems listed -----------------------------------------

def broken_state(folder: Path) -> Path:
    """A state folder with one good person and four things that cannot be imported."""
    write(folder, "legislature/good.yml", """\
        id: ocd-person/11111111-0000-0000-0000-000000000000
        name: Good Person
        roles:
        - {type: lower, district: '3', jurisdiction: ocd-jurisdiction/country:us/state:nv/government}
        - {type: dogcatcher, jurisdiction: ocd-jurisdiction/country:us/state:nv/government}
        """)
    write(folder, "legislature/broken.yml", "id: [unclosed\n")
    write(folder, "committees/nowhere.yml", """\
        id: ocd-organization/22222222-0000-0000-0000-000000000000
        name: Ways
        classification: committee
        jurisdiction: ocd-jurisdiction/country:ca/government
        chamber: lower
        members: [{name: Good Person}]
        """)
    write(folder, "committees/ok.yml", """\
        id: ocd-organization/33333333-0000-0000-0000-000000000000
        name: Means
        classification: committee
        jurisdiction: ocd-jurisdiction/country:us/state:nv/government
        chamber: lower
        members: [{name: Good Person}, {name: Nobody Known}]
        """)
    return folder


def test_every_rejected_record_is_counted_in_the_report(store, tmp_path):
    report = import_path(store, broken_state(tmp_path / "nv"), ADMIN)
    errors = [p for p in report.problems if p.severity == "error"]
    assert len(errors) == 4  # the unknown role, the unreadable file, the committee, the unknown member
    by_table = {t.table: t.rejected for t in report.tables}
    assert by_table["affiliations"] == 2 and by_table["contacts"] == 1 and by_table["organizations"] == 1
    assert report.rejected == report.totals()["rejected"] == len(errors)
    assert report.as_dict()["totals"]["rejected"] == len(report.as_dict()["problems"]) - len(
        [p for p in report.problems if p.severity == "warning"])


def test_cli_table_and_json_say_the_same_number_of_rejections(tmp_path):
    folder = broken_state(tmp_path / "nv")
    runner = CliRunner()
    as_json = json.loads(runner.invoke(cli, ["--store", str(tmp_path / "a"), "import", str(folder),
                                             "--format", "json"], catch_exceptions=False).output)
    errors = [p for p in as_json["problems"] if p["severity"] == "error"]
    assert as_json["totals"]["rejected"] == len(errors) == 4
    table = runner.invoke(cli, ["--store", str(tmp_path / "b"), "import", str(folder)], catch_exceptions=False)
    total = next(line for line in table.stdout.splitlines() if line.startswith("total"))
    assert int(total.split()[-1]) == len(errors)
    assert len(re.findall(r"^error: ", table.stderr, re.M)) == len(errors)


def test_importing_congress_rejects_nothing_it_does_not_report(store):
    report = import_path(store, US, ADMIN)
    assert report.totals()["rejected"] == len([p for p in report.problems if p.severity == "error"]) == 1
    rows = store.query("MATCH (c:Contact)-[m:MEMBER_OF]->(o:Organization {id: $id}) RETURN c.name AS name, "
                       "m.role AS role ORDER BY name", {"id": AVIATION})
    assert rows == [{"name": "Aaron Bean", "role": "member"}, {"name": "Steve Cohen", "role": "ranking member"}]


# -- one person, two offices ---------------------------------------------------------------

MAYOR = "ocd-person/44444444-0000-0000-0000-000000000000"


def two_sources(tmp_path: Path) -> tuple[Path, Path]:
    """A current mayor in a state's data, who is a retired member of Congress in the federal data."""
    state = tmp_path / "ca"
    write(state, "municipalities.yml", """\
        - id: ocd-jurisdiction/country:us/state:ca/place:long_beach/government
          name: Long Beach
        """)
    write(state, "municipalities/Pat-Example.yml", f"""\
        id: {MAYOR}
        name: Pat Example
        roles:
        - type: mayor
          jurisdiction: ocd-jurisdiction/country:us/state:ca/place:long_beach
          start_date: 2022-12-20
          end_date: 2030-12-20
        """)
    federal = tmp_path / "us"
    write(federal, "retired/Pat-Example.yml", f"""\
        id: {MAYOR}
        name: Pat Example
        roles:
        - type: lower
          district: CA-47
          jurisdiction: ocd-jurisdiction/country:us/government
          start_date: 2013-01-03
          end_date: 2019-01-03
        other_identifiers:
        - scheme: bioguide
          identifier: X000001
        """)
    return state, federal


@pytest.mark.parametrize("order", ["state first", "federal first"])
def test_a_current_mayor_who_left_congress_is_current(store, tmp_path, order):
    state, federal = two_sources(tmp_path)
    for folder in ([state, federal] if order == "state first" else [federal, state]):
        import_path(store, folder, ADMIN)
    [pat] = store.query("MATCH (c:Contact {id: $id}) RETURN c.status AS status, c.title AS title", {"id": MAYOR})
    assert pat == {"status": "active", "title": "Mayor of Long Beach"}
    offices = store.query("MATCH (c:Contact {id: $id})-[h:HOLDS_OFFICE]->(o) RETURN o.name AS body ORDER BY body",
                          {"id": MAYOR})
    assert [o["body"] for o in offices] == ["City of Long Beach", "United States House of Representatives"]
    [checked] = sensitivity_check(store, ADMIN, [MAYOR])
    assert not [f for f in checked["flags"] if f["flag"] in ("status", "left_office")], checked


# -- one tree of places -----------------------------------------------------------------

def test_the_demo_texas_and_open_states_texas_are_one_place(store):
    from ingest.samples import load_sample

    load_sample(store, ADMIN, sample="region")
    report = import_path(store, TEXAS, ADMIN)
    assert any("already stored" in n and "j-tx" in n for n in report.notes)
    states = store.query("MATCH (j:Jurisdiction {level: 'state'}) RETURN j.id AS id, j.parent_id AS parent")
    assert states == [{"id": "j-tx", "parent": COUNTRY}]
    # the demo's senate district 32 and Open States' are one node too
    [d32] = store.query("MATCH (j:Jurisdiction) WHERE j.name = 'Texas Senate District 32' RETURN j.id AS id")
    assert d32["id"] == "j-sd-32"
    craddick = store.query("MATCH (c:Contact {name: 'Tom Craddick'})-[:IN_JURISDICTION]->(d)-[:PART_OF]->(s) "
                           "RETURN s.id AS state")
    assert craddick == [{"state": "j-tx"}]


# -- experts on the first try --------------------------------------------------------------

def test_experts_answer_right_after_importing_a_state_and_the_issues(store):
    from queries.experts import officials_with_expertise

    import_path(store, TEXAS, ADMIN)
    report = import_path(store, ISSUES, ADMIN)
    assert any("derived" in n and "focus" in n for n in report.notes)
    answer = officials_with_expertise(store, ADMIN, "i-transportation", f"{COUNTRY}/state:tx")
    assert "Tom Craddick" in {e["name"] for e in answer["experts"]}


def test_importing_a_state_before_any_issue_says_what_to_run(store):
    report = import_path(store, TEXAS, ADMIN)
    assert any("civicgraph focus derive" in n for n in report.notes)


# -- congress-legislators, matched to Open States on bioguide ids ---------------------------

CL = DATA / "congress-legislators"
SSCM = "ocd-jurisdiction/country:us/legislature/committee:SSCM"


def test_congress_legislators_files():
    from ingest.congress import read_congress

    result = read_congress(CL)
    assert result.problems == [] and result.rejected == {}
    contacts = result.tables["contacts"].set_index("id")
    cardin = contacts.loc["bioguide:C000141"]
    assert (cardin["name"], cardin.title, cardin.status) == (
        "Benjamin L. Cardin", "Former U.S. Senator from Maryland", "left_office")  # this snapshot ends in 2019
    assert {"bioguide:C000141", "thomas:00174", "fec:S6MD03177"} <= set(cardin.identifiers.split(";"))
    orgs = result.tables["organizations"].set_index("id")
    assert orgs.loc[f"{SSCM}26", ["name", "parent_id"]].tolist() == [
        "Communications, Technology, Innovation, and the Internet", SSCM]
    assert orgs.loc[SSCM, "parent_id"] == SENATE
    links = result.tables["affiliations"]
    sscm = links[links.organization_id == SSCM].set_index("contact_id")
    assert sscm.loc["bioguide:R000361", ["role", "title"]].tolist() == ["chair", "majority, rank 1"]
    assert sscm.loc["bioguide:C000127", ["role", "title"]].tolist() == ["member", "majority, rank 4"]


@pytest.mark.parametrize("order", ["open states first", "congress-legislators first"])
def test_one_contact_per_person_across_sources(store, order):
    folders = [US, CL] if order == "open states first" else [CL, US]
    reports = [import_path(store, folder, ADMIN) for folder in folders]
    cardins = store.query("MATCH (c:Contact) WHERE c.name CONTAINS 'Cardin' RETURN c.id AS id, "
                          "c.identifiers AS ids")
    assert len(cardins) == 1
    expected_id = CARDIN if order == "open states first" else "bioguide:C000141"
    assert cardins[0]["id"] == expected_id
    assert {f"openstates:{CARDIN}", "bioguide:C000141", "lis:S308"} <= set(cardins[0]["ids"].split(";"))
    bodies = store.query("MATCH (c:Contact {id: $id})-[h:HOLDS_OFFICE|MEMBER_OF]->(o:Organization) "
                         "RETURN DISTINCT o.name AS body ORDER BY body", {"id": expected_id})
    assert [b["body"] for b in bodies] == ["Commission on Security and Cooperation in Europe",
                                           "United States House of Representatives", "United States Senate"]
    # the chairman of SSCM is in neither excerpt: rejected, reported and counted
    congress = reports[folders.index(CL)]
    errors = [p for p in congress.problems if p.severity == "error"]
    assert congress.totals()["rejected"] == len(errors) == 1
    assert "bioguide:R000361" in str(errors[0])
    # importing both again changes nothing: neither source undoes or blanks the other's facts
    again = [import_path(store, folder, ADMIN) for folder in folders]
    assert [r.changed for r in again] == [False, False]
    members = store.query("MATCH (c:Contact)-[m:MEMBER_OF]->(:Organization {id: $id}) RETURN c.name AS name, "
                          "m.title AS title ORDER BY name", {"id": SSCM})
    assert members == [{"name": "Amy Klobuchar", "title": "majority, rank 7"},
                       {"name": "Maria Cantwell", "title": "majority, rank 4"}]


def test_a_database_made_before_identifiers_gets_the_column(tmp_path):
    import ladybug

    from graph.store import open_store
    from graph.store.embedded import DB_FILE

    (tmp_path / "db").mkdir()
    db = ladybug.Database(str(tmp_path / "db" / DB_FILE))
    ladybug.Connection(db).execute("CREATE NODE TABLE Contact(id STRING, name STRING, PRIMARY KEY(id))")
    del db
    with open_store(tmp_path / "db") as s:
        s.write([("CREATE (:Contact {id: 'c-1', name: 'A', identifiers: 'bioguide:X1'})", {})])
        assert s.query("MATCH (c:Contact) RETURN c.identifiers AS ids") == [{"ids": "bioguide:X1"}]


def test_experts_say_what_to_run_when_no_body_has_a_focus(store, tmp_path):
    from queries.experts import officials_with_expertise

    import_path(store, ISSUES, ADMIN)
    import_path(store, US, ADMIN)  # committees, but none about transportation by name
    store.write([("MATCH (:Organization)-[f:FOCUSES_ON]->(:Issue) DELETE f", {})])
    answer = officials_with_expertise(store, ADMIN, "i-transportation", COUNTRY)
    assert answer["experts"] == [] and answer["officials_in_scope"] == 2  # Cohen and Bean; Cardin left
    assert "civicgraph focus derive" in answer["hint"]


# -- the real case: Barbara Lee, mayor of Oakland (data/ca), former member of Congress (data/us) ------

LEE = "ocd-person/3cbc3ca2-4447-50e2-abed-ba3fe86569d8"
CA = DATA / "openstates-ca"


@pytest.mark.parametrize("order", ["state first", "federal first"])
def test_barbara_lee_is_a_current_mayor_after_both_imports(store, order):
    folders = [CA, US, TEXAS] if order == "state first" else [US, TEXAS, CA]
    reports = [import_path(store, folder, ADMIN) for folder in folders]
    [lee] = store.query("MATCH (c:Contact {id: $id}) RETURN c.status AS status, c.title AS title, "
                        "c.identifiers AS ids", {"id": LEE})
    assert (lee["status"], lee["title"]) == ("active", "Mayor of Oakland")
    assert "bioguide:L000551" in lee["ids"].split(";")
    offices = store.query("MATCH (c:Contact {id: $id})-[h:HOLDS_OFFICE]->(o) RETURN DISTINCT o.name AS body "
                          "ORDER BY body", {"id": LEE})
    assert [o["body"] for o in offices] == ["City of Oakland", "United States House of Representatives"]
    [checked] = sensitivity_check(store, ADMIN, [LEE])
    assert checked["ok"], checked["flags"]
    # Congress and two states: every rejection is reported, and the one is the chairman without a file
    for report in reports:
        assert report.totals()["rejected"] == len([p for p in report.problems if p.severity == "error"])
    assert sum(r.totals()["rejected"] for r in reports) == 1
    states = store.query("MATCH (s:Jurisdiction {level: 'state'})-[:PART_OF]->(c:Jurisdiction) "
                         "RETURN s.name AS state, c.name AS country ORDER BY state")
    assert {(s["state"], s["country"]) for s in states} >= {
        ("California", "United States"), ("Texas", "United States"), ("Tennessee", "United States")}
