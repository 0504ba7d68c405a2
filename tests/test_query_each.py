"""A query sent one UNION ALL branch at a time (``// run: each branch``) has its branches read side
by side (graph/store/base.py ``Store.query_each``): the rows are the whole text's, in the branches'
order, and the threads made for the reads are gone when the call returns (a command that later
forks, the analytics refresh, needs a single-threaded process: graph/forking.py)."""
from __future__ import annotations

import os
import threading
from collections import Counter

import pytest

import queries
from graph.errors import StoreError
from graph.store.base import rows_from_columns
from tests.conftest import ADMIN, EDITOR, PUBLIC
from tests.query_examples import EXAMPLES

BY_BRANCH = sorted(name for name in queries.catalogue() if queries.get(name).extra.get("run") == queries.EACH_BRANCH)


def _multiset(rows: list[dict]) -> Counter:
    return Counter(tuple(sorted(r.items())) for r in rows)


def test_the_queries_run_by_branch_are_the_big_ones():
    # the list this file checks: a query added to it is checked too
    assert {"engagement_as_of", "issue_engagement", "partners_for_issue", "sensitivity_check"} <= set(BY_BRANCH)


@pytest.mark.parametrize("name", BY_BRANCH)
def test_its_branches_side_by_side_give_the_rows_of_the_whole_text(demo_store, name):
    query = queries.get(name)
    seen = 0
    for viewer in (PUBLIC, EDITOR, ADMIN):
        for params in EXAMPLES[name]:
            bound = {**query.bind(params), **queries.supplied(viewer)}
            texts = query.statements(demo_store.engine, bound)
            assert len(texts) >= 2
            parts = demo_store.query_each([(text, bound) for text in texts])
            # each branch's rows as that branch alone gives them (in its order where it has an ORDER BY:
            # partners_for_issue's have none), in the order of the branches
            assert [_multiset(p) for p in parts] == [_multiset(demo_store.query(text, bound)) for text in texts]
            whole = demo_store.query(query.cypher_for(demo_store.engine, bound), bound)
            rows = queries.run(demo_store, name, viewer, **params)
            assert _multiset(rows) == _multiset(whole), (viewer.user, params)
            frame = queries.run_df(demo_store, name, viewer, **params)
            assert len(frame) == len(rows) and list(frame.columns) == list(query.columns)
            seen += len(rows)
    assert seen > 0  # the examples reach rows, so the comparison compares something


def test_the_threads_end_with_the_call_and_the_side_connections_are_kept(demo_store):
    texts = [("MATCH (c:Contact) RETURN count(*) AS n", {}), ("MATCH (o:Organization) RETURN count(*) AS n", {}),
             ("MATCH (i:Issue) RETURN count(*) AS n", {})]
    before = threading.active_count()
    first = demo_store.query_each(texts)
    assert [len(part) for part in first] == [1, 1, 1] and first[0][0]["n"] > first[2][0]["n"] > 0
    assert threading.active_count() == before
    spare = len(demo_store._spare)
    for _ in range(5):
        assert demo_store.query_each(texts) == first
    assert len(demo_store._spare) == spare <= min(len(texts), os.cpu_count())  # reused, not one more per call


def test_a_side_read_that_fails_fails_the_call_with_the_engines_message(demo_store):
    with pytest.raises(StoreError, match="refused a query"):
        demo_store.query_each([("RETURN 1 AS n", {}), ("MATCH (x:NoSuchLabel) RETURN x", {})])
    # and the connection it used still works for the next call
    assert demo_store.query_each([("RETURN 1 AS n", {}), ("RETURN $k AS n", {"k": 2})]) == [[{"n": 1}], [{"n": 2}]]


def test_each_read_has_its_own_parameters_and_every_form_gives_the_same_values(demo_store):
    reads = [("MATCH (c:Contact) WHERE c.id IN $ids RETURN c.id AS id ORDER BY id", {"ids": ["c-nobody"]}),
             ("MATCH (c:Contact) RETURN c.id AS id ORDER BY id LIMIT $k", {"k": 300})]
    rows = demo_store.query_each(reads)
    assert [len(part) for part in rows] == [0, 300]
    frames = demo_store.query_each(reads, form="frame")
    tables = demo_store.query_each(reads, form="arrow")
    assert [f["id"].tolist() if len(f) else [] for f in frames] == [[r["id"] for r in part] for part in rows]
    assert [t.column("id").to_pylist() if t.num_rows else [] for t in tables] == [[r["id"] for r in part]
                                                                                  for part in rows]
    with pytest.raises(ValueError, match="form"):
        demo_store.query_each(reads, form="dicts")


def test_rows_from_columns_takes_column_names_as_data_never_as_code():
    names = ["id", "a'}; import os #", "{x}", "n"]
    rows = rows_from_columns([["c-1", "c-2"], [1, 2], [None, "y"], [3.5, 0.0]], names)
    assert rows == [{"id": "c-1", "a'}; import os #": 1, "{x}": None, "n": 3.5},
                    {"id": "c-2", "a'}; import os #": 2, "{x}": "y", "n": 0.0}]
    assert rows_from_columns([], []) == [] and rows_from_columns([[]], ["id"]) == []


def test_a_column_one_branch_leaves_empty_takes_the_type_the_others_give_it():
    import warnings

    import pandas as pd

    some = pd.DataFrame({"id": ["c-1"], "strength": [0.5], "date": pd.to_datetime(["2025-01-02"]), "n": [3]})
    none = pd.DataFrame({"id": ["o-1"], "strength": [None], "date": [None], "n": [4]})  # as Neo4j gives them
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas' FutureWarning about all-missing columns is not raised
        frame = queries._concat([some, none, some.iloc[:0]])
    assert frame["id"].tolist() == ["c-1", "o-1"] and frame["n"].tolist() == [3, 4]
    assert str(frame["strength"].dtype) == "float64" and frame["strength"].isna().tolist() == [False, True]
    assert str(frame["date"].dtype).startswith("datetime64") and frame["date"].isna().tolist() == [False, True]
