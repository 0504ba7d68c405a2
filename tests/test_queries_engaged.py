"""issue_engagement and engagement_as_of with a limit: each branch (people, organizations) keeps its
most engaged, and queries.engaged.most_engaged merges them into the first page of the whole list."""
from __future__ import annotations

import datetime as dt

import pytest

import queries
from queries.engaged import most_engaged
from tests.conftest import ADMIN, PUBLIC
from tests.demo_day import TODAY, P

SINCE = TODAY - dt.timedelta(days=3 * 365)


def _ranked(rows: list[dict]) -> list[tuple]:
    return sorted(((r["n"], r["date"], r["subject_id"], r["subject_label"]) for r in rows),
                  key=lambda t: (-t[0], -t[1].toordinal(), t[2]))


@pytest.mark.parametrize("name, extra", [("issue_engagement", {}),
                                         ("engagement_as_of", {"as_of": TODAY - dt.timedelta(days=200)})])
def test_a_limit_keeps_the_most_engaged_of_each_branch_and_no_limit_keeps_everyone(demo_store, name, extra):
    for viewer in (ADMIN, PUBLIC):
        every = queries.run(demo_store, name, viewer, issue=P.transportation, since=SINCE, **extra)
        assert {r["subject_label"] for r in every} == {"Contact", "Organization"}
        for limit in (1, 3, 10):
            top = queries.run(demo_store, name, viewer, issue=P.transportation, since=SINCE, limit=limit, **extra)
            for label in ("Contact", "Organization"):
                want = _ranked([r for r in every if r["subject_label"] == label])[:limit]
                assert _ranked([r for r in top if r["subject_label"] == label]) == want


@pytest.mark.parametrize("as_of", [TODAY, TODAY - dt.timedelta(days=200)])
def test_most_engaged_is_the_first_page_of_the_whole_list(demo_store, as_of):
    name = "issue_engagement" if as_of == TODAY else "engagement_as_of"
    extra = {} if as_of == TODAY else {"as_of": as_of}
    every = _ranked(queries.run(demo_store, name, ADMIN, issue=P.transportation, since=SINCE, **extra))
    assert len(every) > 12
    for limit in (1, 5, 12):
        page = most_engaged(demo_store, ADMIN, P.transportation, since=SINCE, as_of=as_of, limit=limit)
        assert _ranked(page) == every[:limit]
        assert [(r["n"], r["date"], r["subject_id"], r["subject_label"]) for r in page] == every[:limit]


def test_without_a_limit_the_engine_neither_sorts_nor_cuts():
    query = queries.get("issue_engagement")
    every = query.cypher_for("ladybug", query.bind({"issue": "i-x", "since": SINCE}))
    top = query.cypher_for("ladybug", query.bind({"issue": "i-x", "since": SINCE, "limit": 5}))
    assert "ORDER BY" not in every and "LIMIT" not in every and "UNION ALL" in every
    assert top.count("ORDER BY n DESC, date DESC, subject_id\nLIMIT $limit") == 2
