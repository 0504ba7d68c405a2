"""Entity resolution on small lists a reader can check by hand, and on real Open States names."""
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ingest.resolve import (
    MERGE, ColumnMappingError, one_row_per_person, resolve_files, resolve_records,
)
from ingest.resolve.columns import map_columns

PEOPLE = Path(__file__).parent / "data" / "openstates-people"


def cluster_of(res, row_number):
    return next(c.id for c in res.clusters if any(res.source(r)["row"] == row_number for r in c.records))


def pair_between(res, a, b):
    return next(q for q in res.pairs if {res.source(q.a)["row"], res.source(q.b)["row"]} == {a, b})


def test_nickname_typo_and_missing_email_resolve():
    res = resolve_records(pd.DataFrame([
        {"name": "William Hartwell", "email": "bhartwell@capmetro.org", "organization": "CapMetro"},
        {"name": "Bill Hartwell", "email": "BHartwell@CapMetro.org", "phone": ""},
        {"name": "Bill Hartwel", "email": "", "phone": "512-555-0199", "organization": "Capital Metro"},
        {"name": "Hon. William Hartwell", "email": "bhartwell@capmetro.org", "phone": "(512) 555-0199"},
    ]))
    assert len(res.clusters) == 1
    assert "nickname William = Bill" in res.clusters[0].evidence or "nickname Bill = William" in res.clusters[0].evidence


def test_jr_and_iii_are_never_merged():
    res = resolve_records(pd.DataFrame([
        {"name": "Eddie Lucio Jr.", "organization": "Texas Legislature", "email": "eddie.lucio@senate.texas.gov"},
        {"name": "Eddie Lucio III", "organization": "Texas Legislature", "email": "eddie.lucio@house.texas.gov"},
    ]))
    assert len(res.clusters) == 2
    pair = pair_between(res, 1, 2)
    assert pair.decision != MERGE
    assert "suffix Jr. vs III blocks merge" in pair.evidence


def test_same_name_different_birth_dates_stay_apart():
    res = resolve_records(pd.DataFrame([
        {"name": "Maria Garcia", "dob": "1961-04-02", "city": "Austin", "organization": "City of Austin"},
        {"name": "Maria Garcia", "dob": "1988-11-23", "city": "Austin", "organization": "Austin City"},
    ]))
    assert len(res.clusters) == 2
    assert any("birth dates" in e and "blocks merge" in e for e in pair_between(res, 1, 2).evidence)


def test_a_name_alone_goes_to_review_not_merge():
    res = resolve_records(pd.DataFrame([{"name": "Judith Zaffirini"}, {"name": "Judith Zaffirini", "city": ""}]))
    assert len(res.clusters) == 2 and len(res.review) == 1


def test_different_offices_at_the_same_time_block_merge():
    rep = {"name": "Ann Johnson", "office": "State Representative", "district": "134", "email": "ann@example.org",
           "start_date": "2021-01-12"}
    commissioner = {"name": "Ann Johnson", "office": "County Commissioner", "district": "2",
                    "email": "ann@example.org", "start_date": "2019-01-01"}
    res = resolve_records(pd.DataFrame([rep, commissioner]))
    assert len(res.clusters) == 2
    assert any("different offices" in e for e in pair_between(res, 1, 2).evidence)
    # the old term ended before the new one began: one person, two offices in turn
    res = resolve_records(pd.DataFrame([rep, dict(commissioner, start_date="2015-01-01", end_date="2018-12-31")]))
    assert len(res.clusters) == 1


def test_a_chain_never_joins_two_people_a_guard_rail_keeps_apart():
    # The suffix-less record is plausibly either man; it may join one, never both.
    res = resolve_records(pd.DataFrame([
        {"name": "Eddie Lucio Jr.", "phone": "956-546-3333", "organization": "Texas Legislature"},
        {"name": "Eddie Lucio", "phone": "956-546-3333", "email": "elucio@example.org"},
        {"name": "Eddie Lucio III", "email": "elucio@example.org", "organization": "Texas Legislature"},
    ]))
    assert cluster_of(res, 1) != cluster_of(res, 3)
    assert res.review, "the edge that would join them waits for a person"
    assert any("guard rail" in e for q in res.review for e in q.evidence)


def _openstates_lists():
    """Three lists per person from the name variants Open States collected, with
    e-mail on some rows and phone on others, as different agencies keep them."""
    rows = []
    for path in sorted(PEOPLE.glob("*.yml")):
        person = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "Lucio" in person["name"]:
            continue
        variants = [person["name"]] + [o["name"] for o in person.get("other_names", [])]
        variants = [v for v in variants if len(v.replace(",", " ").split()) > 1]  # "Campos" alone says too little
        phone = person["offices"][0]["voice"]
        for k, variant in enumerate(variants):
            rows.append({"name": variant, "email": person["email"] if k % 3 != 2 else "",
                         "phone": phone if k % 3 != 0 else "", "truth": person["id"],
                         "source_list": ("council", "mpo_board", "transit_board")[k % 3]})
    return pd.DataFrame(rows)


def test_open_states_name_variants_resolve_to_one_person_each():
    lists = _openstates_lists()
    res = resolve_records(lists.drop(columns="truth"))
    clusters = {c.id: {lists["truth"][r] for r in c.records} for c in res.clusters}
    assert all(len(truths) == 1 for truths in clusters.values()), "no two people merged"
    assert len(res.clusters) == lists["truth"].nunique(), "every person's variants joined"


def test_open_states_lucio_jr_and_iii():
    jr = yaml.safe_load(next(PEOPLE.glob("Eduardo-A-Eddie-Lucio-Jr-*.yml")).read_text())
    iii = yaml.safe_load(next(PEOPLE.glob("Eddie-Lucio-III-*.yml")).read_text())
    names = [(n, "jr") for n in [jr["name"]] + [o["name"] for o in jr["other_names"]]] + \
            [(n, "iii") for n in [iii["name"]] + [o["name"] for o in iii["other_names"]] if n != "Lucio III"]
    frame = pd.DataFrame([{"name": n, "organization": "Texas Legislature", "truth": t} for n, t in names])
    res = resolve_records(frame.drop(columns="truth"))
    for c in res.clusters:
        assert len({frame["truth"][r] for r in c.records}) == 1
    assert len(res.clusters) == 2


def test_person_on_three_lists_gets_one_invitation_row(tmp_path):
    (tmp_path / "council.csv").write_text(
        "First Name,Surname,E-mail,Agency\nEduardo,Lucio,elucio@cameroncounty.us,Cameron County\n"
        "Jane,Roe,jroe@brownsville.gov,City of Brownsville\n", encoding="utf-8-sig")
    (tmp_path / "mpo_board.csv").write_bytes(
        "name,email,phone\nEddie Lucio,ELucio@CameronCounty.us,(956) 544-0830\nJosé Núñez,,956-555-0101\n"
        .encode("cp1252"))
    pd.DataFrame({"Full Name": ["Commissioner Eddie Lucio"], "Tel": ["956.544.0830"], "Title": ["Board chair"]}) \
        .to_excel(tmp_path / "transit_board.xlsx", index=False)
    res = resolve_files(sorted(tmp_path.iterdir()))
    invitations = one_row_per_person(res.clusters, res.records, res.review)
    lucio = invitations[invitations["lists"].str.count(";") == 2]
    assert len(lucio) == 1 and len(invitations) == 3
    row = lucio.iloc[0]
    assert row["lists"] == "council; mpo_board; transit_board"
    assert row["email"] == "elucio@cameroncounty.us"
    assert "council.csv:2" in row["records"] and "transit_board.xlsx:2" in row["records"]
    assert "Núñez" in " ".join(invitations["name"])  # cp1252 file read correctly


def test_column_mapping_automatic_and_overridden():
    mapping = map_columns(["fname", "Surname", "DOB", "Org", "Notes"], file="board.csv")
    assert mapping.fields["given_name"] == ["fname"] and mapping.fields["birth_date"] == ["DOB"]
    assert mapping.unmapped == ["Notes"]
    mapping = map_columns(["Nom", "Apellido"], {"Nom": "given_name", "Apellido": "family_name"}, file="x.csv")
    assert mapping.fields["family_name"] == ["Apellido"]


def test_column_mapping_error_names_file_columns_and_fix():
    with pytest.raises(ColumnMappingError) as err:
        map_columns(["Nom", "Courriel"], file="liste.csv")
    message = str(err.value)
    assert "liste.csv" in message and '"Nom"' in message and "--map" in message
    with pytest.raises(ColumnMappingError, match="does not have"):
        map_columns(["name"], {"Surname": "family_name"}, file="a.csv")


def test_json_shape_is_stable():
    res = resolve_records(pd.DataFrame([{"name": "Ana Ruiz", "email": "ana@x.gov"}, {"name": "Ana Ruiz",
                                                                                      "email": "ana@x.gov"}]))
    data = res.as_dict()
    assert set(data) == {"clusters", "review", "pairs", "stats"}
    assert set(data["clusters"][0]) == {"id", "score", "records", "names", "evidence"}
    assert data["clusters"][0]["records"] == [{"file": "records", "row": 1}, {"file": "records", "row": 2}]
    assert set(data["pairs"][0]) == {"records", "score", "decision", "evidence"}


def test_a_different_birth_date_is_outweighed_only_by_an_unshared_identifier():
    jane = {"name": "Jane Okafor", "dob": "1971-03-14", "identifier": "TX-4471902", "city": "Austin"}
    typo = dict(jane, dob="1917-08-30")  # the same person, birth date entered wrongly
    res = resolve_records(pd.DataFrame([jane, typo]))
    assert len(res.clusters) == 1
    assert any("vouches" in e for e in res.clusters[0].evidence)
    # a father and son of the same name sharing the household phone stay apart
    father = {"name": "John Smith", "dob": "1950-02-01", "phone": "512-555-0142", "address": "4 Oak St"}
    son = dict(father, dob="1979-06-12")
    res = resolve_records(pd.DataFrame([father, son]))
    assert len(res.clusters) == 2
    # an identifier also held by someone of another name vouches for nobody
    other = {"name": "Wei Chen", "identifier": "TX-4471902", "dob": "1988-01-01"}
    res = resolve_records(pd.DataFrame([jane, typo, other]))
    assert cluster_of(res, 1) != cluster_of(res, 2)
    # a generational suffix conflict always blocks, identifier or not
    res = resolve_records(pd.DataFrame([dict(jane, name="Jane Okafor Jr."), dict(typo, name="Jane Okafor III")]))
    assert len(res.clusters) == 2


def test_an_office_that_ended_before_the_other_began_does_not_block():
    # Kirk Watson (Open States): State Senator, District 14 until 2020-04-30; Mayor of Austin since 2023
    senator = {"name": "Kirk Watson", "office": "State Senator", "district": "14", "end_date": "2020-04-30",
               "phone": "512-978-2100"}
    mayor = {"name": "Kirk Watson", "office": "Mayor of Austin", "end_date": "2029-01-06", "phone": "512-978-2100",
             "email": "kirk.watson@austintexas.gov"}
    res = resolve_records(pd.DataFrame([senator, mayor]))
    assert not any("active at the same time" in e for q in res.pairs for e in q.evidence)
    # undated terms of two current office holders still block
    assert len(res.clusters) == 1
    res = resolve_records(pd.DataFrame([dict(senator, end_date=""), dict(mayor, end_date="")]))
    assert any("active at the same time" in e for e in pair_between(res, 1, 2).evidence)
