"""officials_with_expertise expands from the jurisdictions in scope to the people in them, and from
the issue to its experts, with a MATCH (an OPTIONAL MATCH there made Ladybug join against every
IN_JURISDICTION and HAS_EXPERTISE relationship; the WHERE on the person right after drops the rows an
OPTIONAL MATCH would add without one). The reference is the text before, kept as
tests/data/officials_with_expertise_before.cypher: the same rows (as a multiset) on the demo region for
every clearance, every issue, the state and counties, today and a past date."""
from __future__ import annotations

import datetime as dt

import queries
from tests.conftest import ADMIN, DATA, EDITOR, PUBLIC
from tests.demo_day import TODAY

BEFORE = queries.parse("officials_with_expertise_before",
                       (DATA / "officials_with_expertise_before.cypher").read_text())


def _key(rows: list[dict]) -> list[str]:
    return sorted(repr(sorted(r.items())) for r in rows)


def test_officials_with_expertise_gives_the_rows_of_the_text_before(demo_store):
    issues = sorted(r["id"] for r in demo_store.query("MATCH (i:Issue) RETURN i.id AS id"))
    places = sorted(r["id"] for r in demo_store.query("MATCH (j:Jurisdiction) WHERE j.level = 'state' RETURN j.id AS id"))
    places += sorted(r["id"] for r in demo_store.query(
        "MATCH (j:Jurisdiction) WHERE j.level = 'county' RETURN j.id AS id"))[:5]
    assert len(places) == 6
    evidence: set[str] = set()
    for viewer in (PUBLIC, EDITOR, ADMIN):
        for issue in issues:
            for jurisdiction in places:
                for as_of in (TODAY, TODAY - dt.timedelta(days=3 * 365)):
                    params = {"issue": issue, "jurisdiction": jurisdiction, "as_of": as_of}
                    bound = {**BEFORE.bind(params), **queries.supplied(viewer)}
                    want = _key(demo_store.query(BEFORE.cypher_for(demo_store.engine, bound), bound))
                    got = queries.run(demo_store, "officials_with_expertise", viewer, **params)
                    assert _key(got) == want, (viewer.user, params)
                    evidence |= {r["evidence"] for r in got}
    assert evidence == {"official", "expertise", "membership"}
