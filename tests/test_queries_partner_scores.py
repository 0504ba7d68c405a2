"""Partner scores rank: continuous parts, no ties from capped parts, the parts said in the evidence."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from queries.partners import engagement, find_partners, staff_points
from tests.conftest import ADMIN
from tests.demo_day import TODAY


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 5000), st.integers(1, 100), st.integers(0, 3000), st.integers(1, 3000))
def test_more_and_newer_engagement_never_scores_less(n, more, age, older_by):
    day = dt.date(2026, 11, 15)
    at = day - dt.timedelta(days=age)
    assert engagement(n + more, at, day) > engagement(n, at, day)
    assert engagement(n, at - dt.timedelta(days=older_by), day) <= engagement(n, at, day)
    k = n % 40  # staff ties: a handful in practice (0.5 ** k underflows past fifty)
    assert staff_points(k + 1) > staff_points(k) and staff_points(k) < 2


def test_private_workforce_partners_no_longer_tie_at_the_top(demo_store):
    rows = find_partners(demo_store, ADMIN, "i-workforce", sector="private", as_of=TODAY, limit=8)
    scores = [r["score"] for r in rows]
    assert len(rows) == 8 and len(set(scores)) == 8 and scores == sorted(scores, reverse=True)
    for r in rows:
        assert r["because"][-1].startswith(f"score {r['score']:.2f} = ")
        assert sum(r["parts"].values()) == pytest.approx(r["score"], abs=0.02)
        assert set(r["parts"]) <= {"stance", "engagement", "expertise", "focus", "membership", "staff"}


def test_the_vectorised_scores_match_the_one_at_a_time_ones(demo_store):
    from queries.common import years_before
    from queries.partners import evidence_scores, partner_evidence

    rows = find_partners(demo_store, ADMIN, "i-transportation", as_of=TODAY, limit=30)
    ev = partner_evidence(demo_store, ADMIN, "i-transportation", since=years_before(TODAY, 2), as_of=TODAY)
    fast = evidence_scores(ev, as_of=TODAY)
    for r in rows:
        assert fast[r["id"]] == pytest.approx(r["score"] - r["parts"].get("staff", 0.0), abs=0.01)
