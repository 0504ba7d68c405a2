"""sensitivity_check reads each person once for found / status / do_not_contact, and each negative
interaction once for negative / negative_on_issue (fewer UNION branches: less to plan, nothing read
twice). The reference is the query before, one branch per flag, kept as
tests/data/sensitivity_check_branches.cypher: both must give the same rows (as a multiset) on the
demo region, for every clearance, with and without an issue, for the people of every kind of flag
and for seeded random lists."""
from __future__ import annotations

import datetime as dt
import random

import pytest

import queries
from graph.errors import QueryError
from tests.conftest import ADMIN, DATA, EDITOR, PUBLIC
from tests.demo_day import TODAY, P

BEFORE = queries.parse("sensitivity_check_branches", (DATA / "sensitivity_check_branches.cypher").read_text())
FLAGGED = [P.deceased_official, P.former_official, P.do_not_contact, P.power_company_contact,
           P.regulator_contact, P.opposing_official, P.recent_negative_contact, "c-nobody"]


def _key(rows: list[dict]) -> list[tuple]:
    return sorted((tuple((k, r[k]) for k in sorted(r)) for r in rows), key=repr)


def before(store, viewer, **params) -> list[tuple]:
    bound = {**BEFORE.bind(params), **queries.supplied(viewer)}
    return _key(store.query(BEFORE.cypher_for(store.engine, bound), bound))


def now(store, viewer, **params) -> list[tuple]:
    return _key(queries.run(store, "sensitivity_check", viewer, **params))


def _lists(store) -> list[list[str]]:
    people = sorted(r["id"] for r in store.query("MATCH (c:Contact) RETURN c.id AS id"))
    negative = sorted({r["id"] for r in store.query(
        "MATCH (c:Contact)-[:PARTICIPATED_IN]->(x:Interaction) WHERE x.sentiment = 'negative' RETURN c.id AS id")})
    rng = random.Random(21)
    return [FLAGGED] + [rng.sample(people, 8) for _ in range(6)] + [rng.sample(negative, 8) for _ in range(4)]


@pytest.mark.parametrize("issue", [None, P.transportation, "i-water"])
def test_the_merged_branches_give_the_rows_of_one_branch_per_flag(demo_store, issue):
    flags = set()
    for viewer in (PUBLIC, EDITOR, ADMIN):
        for contacts in _lists(demo_store):
            for since in (TODAY - dt.timedelta(days=180), TODAY - dt.timedelta(days=3650)):
                params = {"contacts": contacts, "issue": issue, "since": since, "as_of": TODAY}
                want = before(demo_store, viewer, **params)
                assert now(demo_store, viewer, **params) == want, (viewer.user, params)
                flags |= {dict(r)["flag"] for r in want}
    # the lists reach every flag the merged branches make (so the comparison compares something)
    assert {"found", "status", "do_not_contact", "negative"} <= flags
    # and the flags of the ties branches, read from each person's organizations (sensitivity_check.cypher)
    assert {"sensitive_tie", "conflict_pair", "hidden_sensitivity", "hidden_conflict_pair"} <= flags
    if issue:
        assert "negative_on_issue" in flags


def test_it_runs_one_branch_at_a_time_and_gives_the_rows_of_the_one_statement(demo_store):
    """'// run: each branch': queries.run sends each UNION ALL branch alone (Ladybug plans nine
    branches as one statement for more CPU than it runs them); the rows are the whole text's."""
    query = queries.get("sensitivity_check")
    params = {"contacts": FLAGGED, "issue": P.transportation, "since": TODAY - dt.timedelta(days=3650),
              "as_of": TODAY}
    bound = {**query.bind(params), **queries.supplied(ADMIN)}
    assert len(query.statements(demo_store.engine, bound)) == 9
    whole = _key(demo_store.query(query.cypher_for(demo_store.engine, bound), bound))
    assert now(demo_store, ADMIN, **params) == whole
    frame = queries.run_df(demo_store, "sensitivity_check", ADMIN, **params)
    assert list(frame.columns) == list(query.columns) and len(frame) == len(whole) > 10


def test_a_query_run_by_branch_needs_union_all_between_them():
    head = "// title: t\n// answers: a\n// run: each branch\n"
    assert len(queries.parse("t", head + "RETURN 1 AS x\nUNION ALL\nRETURN 2 AS x").statements("ladybug", {})) == 2
    with pytest.raises(QueryError, match="UNION ALL"):
        queries.parse("t", head + "RETURN 1 AS x\nUNION\nRETURN 1 AS x")
    with pytest.raises(QueryError, match="not known"):
        queries.parse("t", head.replace("each branch", "in parallel") + "RETURN 1 AS x")
