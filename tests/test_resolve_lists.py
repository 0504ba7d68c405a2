"""Contact lists as users keep them: rows numbered as a spreadsheet shows them, and
committees or companies written in a person list."""
import pandas as pd

from ingest.problems import Problem, problems_frame
from ingest.resolve import resolve_files, resolve_records


def test_a_value_with_line_breaks_keeps_the_spreadsheet_row(tmp_path):
    path = tmp_path / "board.csv"
    path.write_text('Name,Address,Email\n'
                    '"Ana Ruiz","12 Oak St\nSuite 4\nPecan Springs",ana@ps.gov\n'   # row 2, lines 2-4
                    'Bo Lind,,bo@ps.gov\n'                                          # row 3, line 5
                    '\n'                                                            # row 4: blank
                    '"Cy Moss","1 Main\nSt",cy@ps.gov\n', encoding="utf-8")          # row 5, lines 7-8
    res = resolve_files([path])
    rows = dict(zip(res.records["name"], res.records["source_row"]))
    assert rows == {"Ana Ruiz": 2, "Bo Lind": 3, "Cy Moss": 5}
    assert all(isinstance(r["row"], int) for c in res.as_dict()["clusters"] for r in c["records"])


def test_import_problems_keep_whole_row_numbers():
    problems = [Problem("a.csv", 4, "email", "x@", "is not an e-mail", "fix it").as_dict(),
                Problem("a.csv", None, None, "", "is not UTF-8", "save it as UTF-8").as_dict()]
    csv = problems_frame(problems).to_csv(index=False)
    assert "a.csv,4,email" in csv and "4.0" not in csv


def test_committees_and_companies_in_a_person_list_are_not_people():
    lists = pd.DataFrame({"name": ["Friends of the Pecan Springs Library", "Friends of the Pecan Springs Library",
                                   "Pecan Springs Library", "Transportation Committee", "Acme Paving, LLC",
                                   "Acme Paving LLC", "Ana Ruiz", "Ana Ruiz"],
                          "email": ["", "", "", "", "", "", "ana@ps.gov", "ana@ps.gov"]})
    res = resolve_records(lists)
    assert [c.records for c in res.clusters] == [[0, 1], [2], [3], [4, 5], [6, 7]]
    assert any("not a person" in e for e in res.clusters[0].evidence)


def _people(rows: list[dict]) -> list[list[int]]:
    return [c.records for c in resolve_records(pd.DataFrame(rows)).clusters]


def test_a_mistyped_birth_date_weighs_but_does_not_block():
    rows = [{"name": "Ana Ruiz", "phone": "512-555-0101", "dob": "1975-03-16"},
            {"name": "Ana Ruiz", "phone": "(512) 555-0101", "dob": "1957-03-16"},   # transposed digits
            {"name": "Ana Ruiz", "phone": "512 555 0101", "dob": "1975-03-17"},     # one keystroke
            {"name": "Ana Ruiz", "phone": "512.555.0101", "dob": "1976-03-15"}]     # two slips
    res = resolve_records(pd.DataFrame(rows))
    assert [c.records for c in res.clusters] == [[0, 1, 2, 3]]
    assert not any("blocks merge" in e for q in res.pairs if 0 in (q.a, q.b) for e in q.evidence)
    swapped = [{"name": "Bo Lind", "email": "bo@ps.gov", "dob": "1975-04-03"},
               {"name": "Bo Lind", "email": "bo@ps.gov", "dob": "1975-03-04"}]   # day and month swapped
    assert _people(swapped) == [[0, 1]]


def test_real_conflicts_still_keep_people_apart():
    father_and_son = [{"name": "Ana Ruiz", "phone": "512-555-0101", "dob": "1950-03-16"},
                      {"name": "Ana Ruiz", "phone": "512-555-0101", "dob": "1975-03-16"}]
    assert _people(father_and_son) == [[0], [1]]
    assert _people([{"name": "Luis Vega Jr.", "email": "lv@x.org"}, {"name": "Luis Vega Sr.", "email": "lv@x.org"}]) \
        == [[0], [1]]


def test_the_data_page_keeps_import_problem_rows_whole(monkeypatch, small_store):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CIVICGRAPH_STORE", small_store.location)
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")
    at.session_state["import-reports"] = [{
        "source": "a.csv", "format": "csv file", "notes": [],
        "totals": {"created": 1, "updated": 0, "unchanged": 0, "rejected": 1},
        "tables": [{"table": "contacts", "created": 1}],
        "problems": [Problem("a.csv", 4, "email", "x@", "is not an e-mail", "fix it").as_dict(),
                     Problem("a.csv", None, None, "", "is not UTF-8", "save it as UTF-8").as_dict()]}]
    at.run()
    assert not at.exception, at.exception
    shown = next(d.value for d in at.dataframe if "row" in d.value.columns)
    assert str(shown["row"].dtype) == "Int64" and shown["row"].iloc[0] == 4
