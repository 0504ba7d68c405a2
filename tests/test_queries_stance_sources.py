"""stance_sources looks each holder up by key and expands its own stances (an adjacency expansion from
a bound node) instead of joining every sub-issue's stances with the list; the reference is the text
before, kept as tests/data/stance_sources_before.cypher: the same rows (as a multiset) on the demo
region for every clearance, every issue and holders of every kind."""
from __future__ import annotations

import pytest

import queries
from tests.conftest import ADMIN, DATA, EDITOR, PUBLIC

BEFORE = queries.parse("stance_sources_before", (DATA / "stance_sources_before.cypher").read_text())


def _key(rows: list[dict]) -> list[str]:
    return sorted(repr(sorted(r.items())) for r in rows)


def test_stance_sources_gives_the_rows_of_the_text_before(demo_store):
    holders = sorted(r["id"] for r in demo_store.query(
        "MATCH (h)-[t:TAKES_POSITION]->(:Issue) WHERE t.source_interaction IS NOT NULL RETURN DISTINCT h.id AS id"))
    issues = sorted(r["id"] for r in demo_store.query("MATCH (i:Issue) RETURN i.id AS id"))
    assert len(holders) > 20
    compared = 0
    for viewer in (PUBLIC, EDITOR, ADMIN):
        for issue in issues:
            params = {"holders": holders + ["c-nobody"], "issue": issue}
            bound = {**BEFORE.bind(params), **queries.supplied(viewer)}
            want = _key(demo_store.query(BEFORE.cypher_for(demo_store.engine, bound), bound))
            assert _key(queries.run(demo_store, "stance_sources", viewer, **params)) == want, (viewer.user, issue)
            compared += len(want)
    assert compared > 50
