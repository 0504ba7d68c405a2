"""The Open States reader on the real Texas sample (ingest/samples/openstates-tx)
and on small hand-made folders for the cases the sample does not contain."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from ingest.formats import TABLES
from ingest.openstates import looks_like_openstates, read_openstates

SAMPLE = Path(__file__).resolve().parents[1] / "ingest" / "samples" / "openstates-tx"
TX = "ocd-jurisdiction/country:us/state:tx"
DEWHURST = "retired/David-Dewhurst-2bf3826f-c23f-4177-bf0a-3a5d3c9279e5.yml"
HOUSE, SENATE = f"{TX}/legislature/lower", f"{TX}/legislature/upper"


@pytest.fixture(scope="module")
def tx():
    return read_openstates(SAMPLE)


def write(folder: Path, relative: str, text: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def person_folder(source: pd.Series) -> pd.Series:
    return source.str.removeprefix("openstates:").str.split("/").str[0]


def committee_members(result, committee_name: str, chamber_id: str) -> pd.DataFrame:
    orgs = result.tables["organizations"]
    committee = orgs[(orgs.name == committee_name) & (orgs.parent_id == chamber_id)]
    assert len(committee) == 1
    links = result.tables["affiliations"]
    members = links[links.organization_id == committee.id.iloc[0]]
    names = result.tables["contacts"].set_index("id").name
    return members.assign(name=members.contact_id.map(names))


# -- counts -------------------------------------------------------------------

def test_counts_match_the_readme(tx):
    folders = person_folder(tx.tables["contacts"].source).value_counts().to_dict()
    assert folders == {"legislature": 181, "executive": 4, "municipalities": 49, "retired": 346}
    orgs = tx.tables["organizations"]
    assert (orgs.type == "committee").sum() == 60
    assert (tx.tables["affiliations"].kind == "member_of").sum() == 594
    # Every member of the sample carries a person_id that resolves; the one problem
    # is a retired lieutenant governor whose file lists no roles (loaded, with a warning).
    assert [(p.file, p.column, p.severity) for p in tx.problems] == [(DEWHURST, "roles", "warning")]


def test_state_chambers_and_districts(tx):
    jur = tx.tables["jurisdictions"].set_index("id")
    assert jur.loc[TX, ["name", "level", "ocd_id"]].tolist() == ["Texas", "state", f"{TX}/government"]
    assert jur.loc["ocd-division/country:us/state:tx/sldl:12", "name"] == "Texas House District 12"
    assert (jur.level == "district").sum() == 150 + 31
    assert jur.loc[f"{TX}/place:austin", ["level", "parent_id"]].tolist() == ["city", TX]
    orgs = tx.tables["organizations"].set_index("id")
    assert orgs.loc[HOUSE, ["type", "parent_id"]].tolist() == ["chamber", f"{TX}/legislature"]
    assert orgs.loc[f"{TX}/office:governor", "type"] == "state_agency"
    assert orgs.loc[f"{TX}/place:austin/government", ["name", "type"]].tolist() == ["City of Austin", "city"]


# -- committees -----------------------------------------------------------------

def test_house_transportation_chaired_by_craddick(tx):
    members = committee_members(tx, "Transportation", HOUSE)
    assert len(members) == 13
    assert members[members.role == "chair"].name.tolist() == ["Tom Craddick"]
    orgs = tx.tables["organizations"].set_index("id")
    assert orgs.loc[members.organization_id.iloc[0], "description"] == "Texas House committee"


def test_senate_transportation_chaired_by_parker(tx):
    members = committee_members(tx, "Transportation", SENATE)
    assert len(members) == 9
    assert members[members.role == "chair"].name.tolist() == ["Tan Parker"]
    assert members.source.str.fullmatch(r"openstates:committees/upper-Transportation-.*\.yml#members\[\d\]").all()


def test_joint_committee_hangs_under_the_legislature(tx):
    orgs = tx.tables["organizations"]
    lbb = orgs[orgs.name == "Legislative Budget Board"].iloc[0]
    assert lbb.parent_id == f"{TX}/legislature"
    assert "Joint Legislative Budget Board" in lbb.aliases.split(";")


# -- people -----------------------------------------------------------------------

def test_current_legislator(tx):
    craddick = tx.tables["contacts"].set_index("name").loc["Tom Craddick"]
    assert craddick.title == "State Representative, District 82"
    assert craddick.jurisdiction_id == "ocd-division/country:us/state:tx/sldl:82"
    assert (craddick.kind, craddick.status, craddick.party) == ("elected_official", "active", "Republican")
    assert craddick.phone == "512-463-0500"  # the capitol office, not the district office
    assert "T.R. Craddick" in craddick.other_names.split(";")


def test_other_names_kept_without_the_name_itself(tx):
    louderback = tx.tables["contacts"].set_index("name").loc["A.J. Louderback"]
    assert louderback.other_names == "A. Louderback;Louderback, A.;Louderback, A.J."


def test_retired_legislator_left_office_at_last_role_end(tx):
    contacts = tx.tables["contacts"].set_index("name")
    ritter = contacts.loc["Allan Ritter"]
    assert (ritter.status, ritter.status_date) == ("left_office", "2014-12-31")
    assert ritter.title == "Former State Representative, District 21"
    assert ritter.party == "Republican"  # the party he switched to, not the one that ended
    # Unquoted YAML dates and an unquoted district number come out as plain strings.
    anderson = contacts.loc["Doc Anderson"]
    assert (anderson.birth_date, anderson.status_date) == ("1945-06-29", "2024-08-05")
    assert anderson.jurisdiction_id.endswith("/sldl:56")


def test_executive_with_earlier_legislative_roles(tx):
    patrick = tx.tables["contacts"].query("name == 'Dan Patrick'").iloc[0]
    assert patrick.title == "Lieutenant Governor of Texas"
    roles = tx.tables["affiliations"].query("contact_id == @patrick.id")
    assert sorted(roles.role) == ["Lieutenant Governor", "Senator"]
    senate = roles[roles.role == "Senator"].iloc[0]
    assert (senate.district, senate.start_date, senate.end_date) == ("7", "2009-01-01", "2014-12-31")


def test_mayor(tx):
    mayors = tx.tables["affiliations"].query("role == 'Mayor'")
    assert len(mayors) == 132
    assert set(mayors.organization_id.str.endswith("/government")) == {True}


def test_deceased_former_official(tmp_path):
    # The Texas sample has no death_date (its README promises some), so this is hand-made.
    write(tmp_path, "retired/Pat-Example.yml", """\
        id: ocd-person/00000000-0000-0000-0000-000000000001
        name: Pat Example
        given_name: Pat
        family_name: Example
        death_date: 2024-03-02
        roles:
        - start_date: 2019-01-08
          end_date: 2024-03-02
          end_reason: death
          type: lower
          jurisdiction: ocd-jurisdiction/country:us/state:tx/government
          district: '99'
        """)
    result = read_openstates(tmp_path)
    pat = result.tables["contacts"].iloc[0]
    assert (pat.status, pat.status_date) == ("deceased", "2024-03-02")
    assert result.tables["affiliations"].iloc[0].end_reason == "death"
    assert result.problems == []


# -- the tables are what the importer expects -------------------------------------

def test_every_table_has_the_canonical_columns_and_only_strings(tx):
    assert list(tx.tables) == [t.name for t in TABLES]
    for spec in TABLES:
        frame = tx.tables[spec.name]
        assert list(frame.columns) == spec.column_names, spec.name
        assert frame.map(lambda v: isinstance(v, str)).all().all(), spec.name
        if len(frame):
            assert set(frame.confidentiality) == {"public"}
            assert frame.source.str.startswith("openstates:").all()
            assert frame.id.is_unique


def test_every_reference_resolves(tx):
    ids = {spec.node: set(tx.tables[spec.name].id) for spec in TABLES if spec.node}
    for spec in TABLES:
        for column in spec.columns:
            if not column.refers_to:
                continue
            known = set().union(*(ids[label] for label in column.refers_to))
            values = tx.tables[spec.name][column.name]
            if column.list:
                values = values.str.split(";").explode()
            dangling = set(values[values != ""]) - known
            assert not dangling, f"{spec.name}.{column.name}: {sorted(dangling)[:3]}"


def test_dates_are_iso(tx):
    for spec in TABLES:
        for column in spec.columns:
            if column.type == "DATE":
                values = tx.tables[spec.name][column.name]
                assert values[values != ""].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), column.name


# -- detection ----------------------------------------------------------------------

def test_detects_the_sample_and_single_files():
    assert looks_like_openstates(SAMPLE)
    assert looks_like_openstates(next((SAMPLE / "legislature").glob("*.yml")))
    assert looks_like_openstates(next((SAMPLE / "committees").glob("*.yml")))
    assert not looks_like_openstates(SAMPLE / "municipalities.yml")  # a list of cities, not a record


def test_does_not_detect_a_folder_of_csv_files(tmp_path):
    write(tmp_path, "contacts.csv", "id,name,kind\nc-1,Ana Ruiz,elected_official\n")
    write(tmp_path, "organizations.csv", "id,name,type\no-1,City of Austin,city\n")
    write(tmp_path, "settings.yml", "theme: dark\n")  # YAML, but not Open States
    assert not looks_like_openstates(tmp_path)
    assert not looks_like_openstates(tmp_path / "contacts.csv")


# -- problems -----------------------------------------------------------------------

def test_broken_yaml_is_a_problem_and_the_rest_loads(tmp_path):
    copy = tmp_path / "tx"
    shutil.copytree(SAMPLE, copy)
    broken = copy / "retired" / "Allan-Ritter-57a59c17-3c09-4e80-be63-d111f2072314.yml"
    broken.write_text("id: ocd-person/x\nroles: [\n  name: 'unclosed\n", encoding="utf-8")
    result = read_openstates(copy)
    assert [(p.file, p.column) for p in result.problems] == [(f"retired/{broken.name}", ""), (DEWHURST, "roles")]
    assert result.problems[0].message.startswith("is not valid YAML at line ")
    assert len(result.tables["contacts"]) == 580 - 1
    assert (result.tables["affiliations"].kind == "member_of").sum() == 594


def test_members_without_ids_matched_by_name_or_reported(tmp_path):
    for n, (name, other) in enumerate([("Ana Ruiz", "A. Ruiz"), ("Bo Lee", "J. Smith"), ("Cy Lee", "J. Smith")]):
        write(tmp_path, f"legislature/p{n}.yml", f"""\
            id: ocd-person/{n}
            name: {name}
            other_names:
            - name: {other}
            roles:
            - type: upper
              jurisdiction: ocd-jurisdiction/country:us/state:tx/government
              district: '{n + 1}'
            """)
    write(tmp_path, "committees/upper-Water.yml", """\
        id: ocd-organization/water
        jurisdiction: ocd-jurisdiction/country:us/state:tx/government
        classification: committee
        name: Water
        chamber: upper
        members:
        - name: A. Ruiz
          role: chair
        - name: J. Smith
        - name: Nobody Known
        - name: Bo Lee
          person_id: ocd-person/missing
        """)
    result = read_openstates(tmp_path)
    members = result.tables["affiliations"].query("kind == 'member_of'")
    assert members[["contact_id", "role"]].values.tolist() == [["ocd-person/0", "chair"]]
    problems = {p.column: p for p in result.problems}
    assert set(problems) == {"members[1]", "members[2]", "members[3]"}
    assert "matches 2 people" in problems["members[1]"].message
    assert problems["members[2]"].fix == "add the person's ocd-person id to the committee member entry"
    assert "ocd-person/missing" in problems["members[3]"].message
    assert {p.file for p in result.problems} == {"committees/upper-Water.yml"}


def test_unknown_role_type_is_reported_and_the_person_kept(tmp_path):
    write(tmp_path, "executive/Pat-Example.yml", """\
        id: ocd-person/1
        name: Pat Example
        roles:
        - type: dog catcher
          jurisdiction: ocd-jurisdiction/country:us/state:tx/government
          end_date: 2030-01-01
        """)
    result = read_openstates(tmp_path)
    assert len(result.tables["contacts"]) == 1
    assert len(result.tables["affiliations"]) == 0
    [problem] = result.problems
    assert (problem.file, problem.column) == ("executive/Pat-Example.yml", "roles[0].type")
    assert "dog catcher" in problem.message


def test_a_missing_folder_is_an_input_error(tmp_path):
    from graph.errors import InputError

    with pytest.raises(InputError, match="does not exist"):
        read_openstates(tmp_path / "nowhere")
