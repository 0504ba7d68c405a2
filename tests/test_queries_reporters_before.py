"""reporters_on_issue keeps only the articles about the issue with a MATCH (an expansion from the
articles of the date range, which the date, written into the text, reads by zone map) instead of
an OPTIONAL MATCH that counted each interaction's matching issues (Ladybug joined it against a scan
of every ABOUT relationship). The reference is the text before, kept as
tests/data/reporters_on_issue_before.cypher: the same rows (as a multiset) on the demo region for
every clearance, every issue and dates from the first article to after the last."""
from __future__ import annotations

import datetime as dt

import queries
from tests.conftest import ADMIN, DATA, EDITOR, PUBLIC

BEFORE = queries.parse("reporters_on_issue_before", (DATA / "reporters_on_issue_before.cypher").read_text())


def _key(rows: list[dict]) -> list[str]:
    return sorted(repr(sorted(r.items())) for r in rows)


def test_reporters_on_issue_gives_the_rows_of_the_text_before(demo_store):
    issues = sorted(r["id"] for r in demo_store.query("MATCH (i:Issue) RETURN i.id AS id"))
    days = [dt.date(2000, 1, 1), dt.date(2025, 11, 15), dt.date(2026, 8, 1), dt.date(2030, 1, 1)]
    compared = articles = 0
    for viewer in (PUBLIC, EDITOR, ADMIN):
        for issue in issues:
            for since in days:
                params = {"issue": issue, "since": since}
                bound = {**BEFORE.bind(params), **queries.supplied(viewer)}
                want = _key(demo_store.query(BEFORE.cypher_for(demo_store.engine, bound), bound))
                got = queries.run(demo_store, "reporters_on_issue", viewer, **params)
                assert _key(got) == want, (viewer.user, issue, since)
                compared += len(want)
                articles += sum(1 for r in got if r["evidence"] == "articles")
    assert articles > 50 and compared > articles
