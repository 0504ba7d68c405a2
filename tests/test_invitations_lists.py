"""Invitations from several lists: one row per person whatever the lists, linked to the stored
contact, and no traceback on any input (property tests over random lists)."""
import csv
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import CivicGraphError
from graph.store import open_store
from ingest.resolve.invitations import invitation_list
from tests.conftest import ADMIN

# id(s) in the store (two ids: the store holds the person twice), given, family, e-mail
PEOPLE = [
    (["c-ana"], "Ana", "Whitcombe", "ana.whitcombe@cedarhollow.gov"),
    (["c-bo", "c-bo-2"], "Beauregard", "Okonkwo", "bokonkwo@pecansprings.org"),
    (["c-cy", "c-cy-2"], "Cyrus", "Villaseñor", "cyrus.v@bluebonnet.tx.us"),
    (["c-dee"], "Delphine", "Marchetti", "dmarchetti@riverbend.org"),
    (["c-eli"], "Eliseo", "Throckmorton", "eliseo.t@gmail.com"),
    (["c-fay"], "Fay", "Oyelaran", "fay.oyelaran@capmetro.org"),
    ([], "Gunnar", "Haldorsen", "gunnar.h@example.org"),
    ([], "Hyacinth", "Pemberton", "hpemberton@example.net"),
]


@pytest.fixture(scope="module")
def people_store(tmp_path_factory):
    rows = []
    for ids, given_name, family, email in PEOPLE:
        for k, i in enumerate(ids):  # the second stored record of a person has no e-mail
            rows.append({"id": i, "name": f"{given_name} {family}", "given_name": given_name, "family_name": family,
                         "email": email if k == 0 else None, "kind": "official", "confidentiality": "public"})
    s = open_store(tmp_path_factory.mktemp("invite") / "db")
    s.upsert_nodes("Contact", pd.DataFrame(rows))
    yield s
    s.close()


def _write(folder: Path, lists: list[list[dict]]) -> list[Path]:
    paths = []
    for k, rows in enumerate(lists):
        path = folder / f"committee_{k}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, ["Contact ID", "Name", "Email", "Committee"])
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths


def _record(person: int, form: str, with_email: bool, with_id: bool, list_no: int) -> dict:
    ids, given_name, family, email = PEOPLE[person]
    name = {"plain": f"{given_name} {family}", "upper": f"{given_name} {family}".upper(),
            "comma": f"{family}, {given_name}", "honorific": f"Hon. {given_name} {family}"}[form]
    return {"Contact ID": ids[-1] if with_id and ids else "", "Name": name,
            "Email": (email.upper() if form == "upper" else email) if with_email else "",
            "Committee": f"Committee {list_no}"}


entry = st.tuples(st.integers(0, len(PEOPLE) - 1), st.sampled_from(["plain", "upper", "comma", "honorific"]),
                  st.booleans(), st.booleans())
lists_of_people = st.lists(st.lists(entry, min_size=1, max_size=8), min_size=1, max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lists=lists_of_people, committee_as_org=st.booleans())
def test_one_row_per_person_whatever_the_lists(people_store, lists, committee_as_org):
    mapping = {"Committee": "organization"} if committee_as_org else None
    with tempfile.TemporaryDirectory() as folder:
        written = [[_record(p, form, email, ident, k) for p, form, email, ident in entries]
                   for k, entries in enumerate(lists)]
        rows = invitation_list(people_store, ADMIN, _write(Path(folder), written), mapping=mapping)
    where: dict[int, set[str]] = {}
    for k, entries in enumerate(lists):
        for n, (p, *_rest) in enumerate(entries):
            where.setdefault(p, set()).add(f"committee_{k}.csv:{n + 2}")
    assert len(rows) == len(where), [(r["name"], r["records"]) for r in rows]
    for p, records in where.items():
        holding = [r for r in rows if records & set(r["records"].split("; "))]
        assert len(holding) == 1 and set(holding[0]["records"].split("; ")) == records, (PEOPLE[p], holding)
        ids = PEOPLE[p][0]
        decided = any(email or ident for q, _, email, ident in (e for es in lists for e in es) if q == p)
        if not ids:
            assert holding[0]["person_id"] == ""
        elif decided:
            assert holding[0]["person_id"] in ids, holding[0]


def test_the_lists_own_ids_link_first(people_store, tmp_path):
    """A list carrying the store's id links to that contact even when the name is spelled otherwise."""
    paths = _write(tmp_path, [[{"Contact ID": "c-bo-2", "Name": "B. Okonkwo-Smith", "Email": "", "Committee": "A"}],
                              [{"Contact ID": "", "Name": "Beauregard Okonkwo", "Email": "bokonkwo@pecansprings.org",
                                "Committee": "B"}]])
    rows = invitation_list(people_store, ADMIN, paths)
    assert [(r["person_id"], r["records"]) for r in rows] == [("c-bo-2", "committee_0.csv:2; committee_1.csv:2")]


cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=st.lists(cell, min_size=1, max_size=4, unique=True), body=st.lists(st.lists(cell, max_size=5),
                                                                                 max_size=6))
def test_no_traceback_on_any_list(people_store, header, body):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "anything.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header, *body])
        try:
            rows = invitation_list(people_store, ADMIN, [path])
        except CivicGraphError as e:
            assert str(e)
            return
    assert all(set(r) >= {"person_id", "name", "records", "needs_review"} for r in rows)


def test_a_committee_on_a_person_list_is_one_row_flagged_as_an_organization(people_store, tmp_path):
    paths = _write(tmp_path, [[{"Contact ID": "", "Name": "Friends of the Riverbend Library", "Email": "",
                                "Committee": "A"}],
                              [{"Contact ID": "", "Name": "Friends of the Riverbend Library", "Email": "",
                                "Committee": "B"}, {"Contact ID": "", "Name": "Ana Whitcombe",
                                                    "Email": "ana.whitcombe@cedarhollow.gov", "Committee": "B"}]])
    rows = {r["name"]: r for r in invitation_list(people_store, ADMIN, paths)}
    assert len(rows) == 2 and rows["Ana Whitcombe"]["person_id"] == "c-ana"
    assert rows["Friends of the Riverbend Library"]["flag"] == "an organization, not a person: invite its contact"


def test_the_cli_gives_one_row_per_person_with_committees_mapped(tmp_path):
    """Three committee lists sharing members, --map Committee=organization: no traceback, no doubles."""
    import json

    from click.testing import CliRunner

    from cli.main import cli

    s = open_store(tmp_path / "db")
    s.upsert_nodes("Contact", pd.DataFrame([
        {"id": i, "name": f"{g} {f}", "email": e if k == 0 else None, "kind": "official", "confidentiality": "public"}
        for ids, g, f, e in PEOPLE for k, i in enumerate(ids)]))
    s.close()
    lists = [[_record(p, "plain", p % 2 == 0, p % 3 == 0, k) for p in members]
             for k, members in enumerate(([0, 1, 2, 6], [1, 2, 3, 7], [0, 2, 3, 4, 5]))]
    paths = _write(tmp_path, lists)
    out = CliRunner().invoke(cli, ["--store", str(tmp_path / "db"), "invitations", *map(str, paths),
                                   "--map", "Committee=organization", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert len(rows) == 8 and len({r["name"] for r in rows}) == 8
    assert next(r for r in rows if r["name"] == "Cyrus Villaseñor")["records"].count("committee_") == 3
