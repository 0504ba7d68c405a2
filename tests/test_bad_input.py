"""Bad input the other import tests do not cover, each with the message the user sees.

Already covered in tests/test_import.py: cp1252 files, a BOM, duplicated headers,
missing required columns, malformed and ambiguous dates, unknown enum values,
repeated ids, rows pointing at unknown records, misaligned rows.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from cli.main import cli
from graph import clock
from graph.errors import InputError
from ingest.export import export_tables, neutralize_formula, write_excel
from ingest.interactions import log_interaction
from ingest.pipeline import import_path
from ingest.readers import read_source
from tests.conftest import ADMIN, EDITOR, SMALL_REGION

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# -- encodings ------------------------------------------------------------------------

def test_utf8_text_once_read_as_cp1252_and_saved_is_flagged_with_the_likely_original(store, tmp_path):
    garbled = "Café Olé Municipal Utility".encode("utf-8").decode("cp1252")  # "CafÃ© OlÃ© ..."
    _csv(tmp_path, "organizations.csv", f"id,name,type\no-1,{garbled},utility\no-2,Plain Name,city\n")
    report = import_path(store, tmp_path / "organizations.csv", ADMIN)
    warning = next(p for p in report.problems if p.column == "name")
    assert warning.severity == "warning" and warning.row == 2
    assert '"Café Olé Municipal Utility"' in warning.message and "UTF-8" in warning.fix
    assert report.totals()["created"] == 2  # loaded as written: the user decides


def test_a_cp1252_file_streamed_in_chunks_is_read_and_the_user_is_told(store, tmp_path):
    _csv(tmp_path, "issues.csv", "id,name\ni-1,Peñasco water\ni-2,Señor housing\ni-3,Café\n", "cp1252")
    report = import_path(store, tmp_path / "issues.csv", ADMIN, chunk_rows=2)
    assert any("not UTF-8" in n for n in report.notes)
    assert {r["n"] for r in store.query("MATCH (i:Issue) RETURN i.name AS n")} == {"Peñasco water",
                                                                                   "Señor housing", "Café"}


def test_a_byte_order_mark_in_a_streamed_file_stays_out_of_the_header(store, tmp_path):
    _csv(tmp_path, "issues.csv", "\ufeffid,name\ni-1,Water\n")
    report = import_path(store, tmp_path / "issues.csv", ADMIN, chunk_rows=10)
    assert report.totals()["created"] == 1 and not report.problems


# -- headers and values -------------------------------------------------------------------

def test_a_column_without_a_header_is_reported_and_not_read(store, tmp_path):
    _csv(tmp_path, "issues.csv", "id,,name\ni-1,oops,Water\n")
    report = import_path(store, tmp_path / "issues.csv", ADMIN)
    problem = next(p for p in report.problems if p.row == 1)
    assert problem.column == "#2" and "no name" in problem.message
    assert store.query("MATCH (i:Issue) RETURN i.name AS n") == [{"n": "Water"}]


def test_values_of_the_wrong_type_are_rejected_with_the_column_and_the_fix(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    _csv(tmp_path, "ties.csv", "from_id,to_id,kind,strength,sensitive\nc-bob,c-dee,knows,high,\n"
                                "o-cog,o-pine,partner,,perhaps\n")
    report = import_path(store, tmp_path / "ties.csv", ADMIN)
    by_column = {p.column: p for p in report.problems}
    assert "is not a number" in by_column["strength"].message and by_column["strength"].value == "high"
    assert "is not true or false" in by_column["sensitive"].message
    assert report.totals()["rejected"] == 2


def test_a_date_written_two_ways_is_never_guessed(store, tmp_path):
    _csv(tmp_path, "interactions.csv", "id,kind,date,subject\nx-1,call,03/04/2024,Budget\nx-2,call,13/04/2024,Budget\n")
    report = import_path(store, tmp_path / "interactions.csv", ADMIN)
    ambiguous = next(p for p in report.problems if p.row == 2)
    assert "two ways" in ambiguous.message and "2024-03-04" in ambiguous.fix
    assert store.query("MATCH (x:Interaction) RETURN x.date AS d") == [{"d": dt.date(2024, 4, 13)}]


# -- big files: streamed in chunks -------------------------------------------------------

def test_importing_in_small_chunks_gives_the_same_graph(store, tmp_path):
    from graph.store import open_store

    with open_store(tmp_path / "whole") as whole:
        import_path(whole, SMALL_REGION, ADMIN)
        report = import_path(store, SMALL_REGION, ADMIN, chunk_rows=2)
        assert report.totals() == {"created": 24, "updated": 0, "unchanged": 0, "rejected": 0}
        assert store.counts() == whole.counts()
        assert all(export_tables(store, ADMIN)[t].equals(f) for t, f in export_tables(whole, ADMIN).items())


def test_a_streamed_file_never_holds_more_than_a_chunk(tmp_path):
    _csv(tmp_path, "issues.csv", "id,name\n" + "".join(f"i-{n},Issue {n}\n" for n in range(25)))
    raw = read_source(tmp_path / "issues.csv", chunk_rows=4).tables["issues"]
    sizes = [len(chunk.frame) for chunk in raw.chunks()]
    assert raw.frame.empty and max(sizes) == 4 and sum(sizes) == 25


def test_an_id_repeated_in_a_later_chunk_is_rejected(store, tmp_path):
    _csv(tmp_path, "issues.csv", "id,name\ni-1,Water\ni-2,Roads\ni-3,Parks\ni-1,Water again\n")
    rejects = tmp_path / "rejects"
    report = import_path(store, tmp_path / "issues.csv", ADMIN, chunk_rows=2, reject_dir=rejects)
    repeated = next(p for p in report.problems if p.row == 5)
    assert repeated.column == "id" and "appears again" in repeated.message
    assert store.query("MATCH (i:Issue {id: 'i-1'}) RETURN i.name AS n") == [{"n": "Water"}]
    assert pd.read_csv(rejects / "issues.rejected.csv")["name"].tolist() == ["Water again"]


def test_a_streamed_file_that_stops_being_utf8_says_where(store, tmp_path, monkeypatch):
    import ingest.readers as readers

    monkeypatch.setattr(readers, "_SNIFF_BYTES", 1024)  # the start of the file looks like UTF-8
    path = tmp_path / "issues.csv"
    good = "".join(f"i-{n},Water {n}\n" for n in range(3000)).encode()
    path.write_bytes(b"id,name\n" + good + "i-x,Caf\u00e9\n".encode("cp1252"))
    with pytest.raises(InputError, match="not utf-8-sig any more.*Save the whole file as UTF-8"):
        import_path(store, path, ADMIN, chunk_rows=500)
    kept = store.query("MATCH (i:Issue) RETURN count(i) AS n")[0]["n"]
    assert 500 <= kept < 3000 and kept % 500 == 0  # whole chunks before the bad byte are kept


# -- formula injection in exports meant for people --------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "=HYPERLINK(\"http://evil\")"])
def test_formula_like_cells_are_neutralized(value):
    assert neutralize_formula(value).startswith("'")


def test_numbers_and_plain_text_are_left_alone():
    assert [neutralize_formula(v) for v in ("-0.5", "+1", "Ana", "")] == ["-0.5", "+1", "Ana", ""]


def test_cli_csv_and_excel_outputs_neutralize_formulas(store, tmp_path):
    _csv(tmp_path / "in", "contacts.csv", 'id,name,kind\nc-1,"=HYPERLINK(""http://evil"",""x"")",resident\n')
    import_path(store, tmp_path / "in", ADMIN)
    tables = export_tables(store, ADMIN)
    write_excel(tables, tmp_path / "out.xlsx")
    assert pd.read_excel(tmp_path / "out.xlsx", sheet_name="contacts", dtype=str).loc[0, "name"].startswith("'=")
    store.close()
    result = CliRunner().invoke(cli, ["--store", store.location, "audit", "--format", "csv"])
    assert result.exit_code == 0 and "=HYPERLINK" in result.output
    assert ",=HYPERLINK" not in result.output and ',"=HYPERLINK' not in result.output


# -- Cypher injection: every user string is a parameter ------------------------------------

INJECTIONS = [
    "x'}) MATCH (n) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n //',
    "') RETURN 1; MATCH (n) DETACH DELETE n //",
    "$visible",
    "`Contact`",
    "{{knows_1_3}}",
]


def test_cypher_looking_strings_are_stored_as_text_through_import_logging_and_queries(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    before = store.counts()
    rows = "".join(f'c-inj-{n},"{s.replace(chr(34), chr(34) * 2)}",resident,"{s.replace(chr(34), chr(34) * 2)}"\n'
                   for n, s in enumerate(INJECTIONS))
    _csv(tmp_path / "in", "contacts.csv", "id,name,kind,notes\n" + rows)
    import_path(store, tmp_path / "in", ADMIN)
    stored = {r["id"]: r["name"] for r in store.query("MATCH (c:Contact) WHERE c.id STARTS WITH 'c-inj' "
                                                      "RETURN c.id AS id, c.name AS name")}
    assert stored == {f"c-inj-{n}": s for n, s in enumerate(INJECTIONS)}
    for s in INJECTIONS:
        log_interaction(store, EDITOR, kind="email", date="2026-02-01", subject=s, summary=s,
                        participants=["c-inj-0"])
    subjects = {r["s"] for r in store.query("MATCH (x:Interaction) RETURN x.subject AS s")}
    assert set(INJECTIONS) <= subjects
    after = store.counts()
    assert after.nodes["Contact"] == before.nodes["Contact"] + len(INJECTIONS)
    assert after.relationships["KNOWS"] == before.relationships["KNOWS"]
    store.close()
    runner = CliRunner()
    for s in INJECTIONS:  # a query parameter from the command line is a value, never query text
        result = runner.invoke(cli, ["--store", store.location, "query", "members_of", "-p", f"organization={s}",
                                     "-p", "as_of=2020-01-01", "--format", "json"])
        assert result.exit_code == 0 and json.loads(result.output) == [], result.output
    with pytest.raises(InputError, match="there is no contact"):
        from graph.store import open_store

        with open_store(store.location) as again:
            log_interaction(again, EDITOR, kind="call", date="2026-01-01", subject="x",
                            participants=["c-1' OR 1=1 //"])


# -- HTML and script in names reaching the pages ---------------------------------------------

def test_a_script_in_a_name_is_shown_as_text_on_the_dashboard(store, tmp_path, monkeypatch):
    evil = "<script>alert(1)</script>"
    recent = (clock.today() - dt.timedelta(days=3)).isoformat()  # shown among the recent interactions
    _csv(tmp_path / "in", "contacts.csv", f"id,name,kind\nc-1,{evil},resident\nc-2,<img src=x onerror=alert(2)>,resident\n")
    _csv(tmp_path / "in", "interactions.csv", f"id,kind,date,subject\nx-1,meeting,{recent},<b>{evil}</b>\n")
    _csv(tmp_path / "in", "participants.csv", "interaction_id,contact_id\nx-1,c-1\nx-1,c-2\n")
    import_path(store, tmp_path / "in", ADMIN)
    store.close()
    monkeypatch.setenv("CIVICGRAPH_STORE", store.location)
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)
    monkeypatch.delenv("CIVICGRAPH_ROLES_FILE", raising=False)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert evil in " ".join(table.astype(str).to_numpy().ravel())  # the text itself, shown as text
    for element in list(at.markdown) + list(at.caption) + list(at.title):
        assert "<script" not in element.value  # never handed to the browser as markup


def test_the_html_escape_helper_escapes_every_label():
    from pages.common import esc

    assert esc("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert esc('" onmouseover="x') == "&quot; onmouseover=&quot;x"
