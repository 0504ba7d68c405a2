"""The embedded store hands over a big answer through Arrow and a small one row by row
(graph/store/embedded.py ``_rows``): both give the same Python values, of the same types."""
from __future__ import annotations

import datetime as dt

import pytest

import queries
from graph.store import embedded
from tests.conftest import ADMIN

# every type the Arrow path takes, with NULLs, repeated and distinct dates, lists, and one (a
# timestamp) that it leaves to the row path
READ = """
UNWIND range(1, $n) AS i
RETURN 'c-' + CAST(i AS STRING) AS id, CAST(i AS INT64) AS n, CAST(i AS DOUBLE) / 8 AS x, i % 3 = 0 AS flag,
       CASE WHEN i % 5 = 0 THEN NULL ELSE date('2024-01-01') + i % 40 END AS day,
       CASE WHEN i % 7 = 0 THEN NULL ELSE 'text ' + CAST(i % 9 AS STRING) END AS maybe,
       ['a', CAST(i AS STRING)] AS tags, [CAST(i AS INT32), CAST(i + 1 AS INT32)] AS pair, date('2020-02-29') AS leap
"""


def _read(store, n: int, monkeypatch, *, arrow_from: int) -> tuple[list[dict], int]:
    """The rows, and how many columns went through Arrow."""
    columns = []
    convert = embedded._python_values
    monkeypatch.setattr(embedded, "ARROW_ROWS", arrow_from)
    monkeypatch.setattr(embedded, "_python_values", lambda c: columns.append(c) or convert(c))
    return store.query(READ, {"n": n}), len(columns)


@pytest.mark.parametrize("n", [embedded.ARROW_ROWS, 3000])
def test_a_big_answer_through_arrow_is_the_rows_the_engine_gives(store, monkeypatch, n):
    by_row, none = _read(store, n, monkeypatch, arrow_from=10**9)
    through_arrow, columns = _read(store, n, monkeypatch, arrow_from=1)
    assert (none, columns) == (0, 9)
    assert len(by_row) == n
    assert through_arrow == by_row
    for a, b in zip(through_arrow, by_row):
        assert [type(v) for v in a.values()] == [type(v) for v in b.values()]
    assert by_row[0]["day"] == dt.date(2024, 1, 2) and by_row[4]["day"] is None
    assert by_row[6]["maybe"] is None and by_row[0]["tags"] == ["a", "1"] and by_row[2]["flag"] is True


def test_a_type_arrow_would_change_is_read_row_by_row(store, monkeypatch):
    read = "UNWIND range(1, 300) AS i RETURN i AS n, timestamp('2024-05-01 10:30:00') AS at"
    monkeypatch.setattr(embedded, "ARROW_ROWS", 1)
    monkeypatch.setattr(embedded, "_python_values", lambda c: pytest.fail("a timestamp went through Arrow"))
    rows = store.query(read)
    assert len(rows) == 300 and rows[0]["at"] == dt.datetime(2024, 5, 1, 10, 30)


def test_a_named_query_answers_alike_both_ways(demo_store, monkeypatch):
    """issue_engagement on the demo region's busiest issue: one of the big answers this is for."""
    params = {"issue": "i-transportation", "since": dt.date(2020, 1, 1)}
    monkeypatch.setattr(embedded, "ARROW_ROWS", 10**9)
    by_row = queries.run(demo_store, "issue_engagement", ADMIN, **params)
    monkeypatch.setattr(embedded, "ARROW_ROWS", 1)
    through_arrow = queries.run(demo_store, "issue_engagement", ADMIN, **params)
    assert len(by_row) > embedded.ARROW_ROWS
    assert through_arrow == by_row
    assert all(isinstance(r["date"], dt.date) and isinstance(r["n"], int) for r in through_arrow)
