"""ENGAGED_AS_OF: engagement as it stood on each day, so engagement_as_of reads no interaction.

The reference is the query it replaced, kept as tests/data/engagement_as_of_counted.cypher:
it counts the interactions themselves. Both must give the same rows for every viewer and
date, on the hand-checkable region of tests/test_engagement.py (Ana's five interactions,
one confidential, one with an internal participation, one about a confidential issue) and
on the demo region.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import queries
from ingest.engagement_history import REL, ensure_history, refresh_history
from ingest.interactions import log_interaction
from tests.conftest import ADMIN, DATA, EDITOR, PUBLIC
from tests.test_engagement import region  # noqa: F401  (the fixture)

D = dt.date.fromisoformat
COUNTED = queries.parse("engagement_as_of_counted", (DATA / "engagement_as_of_counted.cypher").read_text())
VIEWERS = (PUBLIC, EDITOR, ADMIN)


def counted(store, viewer, **params) -> list[tuple]:
    bound = {**COUNTED.bind(params), **queries.supplied(viewer)}
    return _key(store.query(COUNTED.cypher_for(store.engine, bound), bound))


def kept(store, viewer, **params) -> list[tuple]:
    return _key(queries.run(store, "engagement_as_of", viewer, **params))


def _key(rows: list[dict]) -> list[tuple]:
    return sorted((r["subject_id"], r["subject_label"], r["issue_id"], r["date"], r["n"]) for r in rows)


def _around(days: list[dt.date]) -> list[dt.date]:
    """Each day, the day before and the day after: every place an answer can change."""
    return sorted({d + dt.timedelta(days=k) for d in days for k in (-1, 0, 1)})


def test_each_day_holds_the_counts_up_to_it_per_level(region):
    rows = region.query(
        f"MATCH (s {{id: 'c-ana'}})-[e:{REL}]->(i:Issue {{id: 'i-transportation'}}) RETURN e.valid_from AS d, "
        "e.valid_until AS until, e.n_public AS n0, e.n_internal AS n1, e.n_confidential AS n2, "
        "e.last_public AS d0, e.last_internal AS d1, e.last_confidential AS d2, e.confidentiality AS level "
        "ORDER BY d")
    got = [(r["d"], r["until"], r["n0"], r["n1"], r["n2"], r["d0"], r["d1"], r["d2"], r["level"]) for r in rows]
    # x1 public; x2 confidential; x3 internal participation; x4 internal ABOUT; x5 about a confidential issue
    assert got == [
        (D("2025-01-10"), D("2025-03-01"), 1, 0, 0, D("2025-01-10"), None, None, "public"),
        (D("2025-03-01"), D("2025-04-01"), 1, 0, 1, D("2025-01-10"), None, D("2025-03-01"), "public"),
        (D("2025-04-01"), D("2025-05-01"), 1, 1, 1, D("2025-01-10"), D("2025-04-01"), D("2025-03-01"), "public"),
        (D("2025-05-01"), D("2025-06-01"), 1, 2, 1, D("2025-01-10"), D("2025-05-01"), D("2025-03-01"), "public"),
        (D("2025-06-01"), None, 1, 2, 2, D("2025-01-10"), D("2025-05-01"), D("2025-06-01"), "public"),
    ]


@pytest.mark.parametrize("issue", ["i-transportation", "i-transit", "i-roads", "i-corridor"])
def test_the_kept_history_equals_counting_the_interactions_on_every_day(region, issue):
    days = _around([D("2025-01-10"), D("2025-03-01"), D("2025-04-01"), D("2025-05-01"), D("2025-06-01")])
    for viewer in VIEWERS:
        for as_of in days:
            for since in (D("2000-01-01"), D("2025-03-15")):
                params = {"issue": issue, "since": since, "as_of": as_of}
                assert kept(region, viewer, **params) == counted(region, viewer, **params), (viewer.user, params)


def test_a_public_viewer_never_counts_what_it_may_not_see(region):
    def ana(viewer):
        rows = queries.run(region, "engagement_as_of", viewer, issue="i-transportation", since=D("2000-01-01"),
                           as_of=D("2025-12-31"))
        return {r["subject_id"]: (r["n"], r["date"]) for r in rows}

    # public: x1 only (x2 confidential, x3 an internal participation, x4 an internal ABOUT, x5 a confidential issue)
    assert ana(PUBLIC) == {"c-ana": (1, D("2025-01-10")), "c-bo": (1, D("2025-01-10")),
                           "o-power": (1, D("2025-01-10"))}
    assert ana(EDITOR)["c-ana"] == (3, D("2025-05-01"))
    assert ana(ADMIN)["c-ana"] == (5, D("2025-06-01")) and ana(ADMIN)["o-power"] == (2, D("2025-03-01"))
    # a subject with only a confidential interaction on the issue so far is not there for the public at all
    assert queries.run(region, "engagement_as_of", PUBLIC, issue="i-corridor", since=D("2000-01-01"),
                       as_of=D("2025-12-31")) == []


def test_logging_an_interaction_in_the_past_updates_the_history(region):
    log_interaction(region, EDITOR, kind="meeting", date=D("2025-02-01"), subject="transit talk",
                    participants=["c-bo"], issues=["i-transit"], organizations=["o-power"])
    for viewer in VIEWERS:
        for as_of in _around([D("2025-01-10"), D("2025-02-01"), D("2025-03-01")]):
            params = {"issue": "i-transportation", "since": D("2000-01-01"), "as_of": as_of}
            assert kept(region, viewer, **params) == counted(region, viewer, **params)
    bo = kept(region, ADMIN, issue="i-transit", since=D("2000-01-01"), as_of=D("2025-02-01"))
    assert ("c-bo", "Contact", "i-transit", D("2025-02-01"), 2) in bo


def test_a_refresh_for_some_subjects_equals_the_full_one(region):
    q = f"MATCH (s)-[e:{REL}]->(i:Issue) RETURN e.id AS id, e.n_public AS n0, e.n_internal AS n1, " \
        "e.n_confidential AS n2, e.valid_until AS until ORDER BY id"
    full = region.query(q)
    assert refresh_history(region, contacts=["c-ana"], organizations=["o-power"]) > 0
    assert region.query(q) == full


def test_the_history_is_the_same_on_the_neo4j_dialect_oracle(region):
    """The Cypher reading the links is portable: ocg (Neo4j's dialect) computes the same ENGAGED_AS_OF."""
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames
    from tests.oracle import comparable
    from tests.test_dialect_oracle import _FastOcg
    from tests.test_engagement import TABLES

    oracle = _FastOcg()
    import_source(oracle, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    oracle.write([("MATCH (x:Interaction {id: 'x4'}), (i:Issue {id: 'i-roads'}) "
                   "CREATE (x)-[:ABOUT {id: 'ABOUT:x4>i-roads', confidentiality: 'internal'}]->(i)", {})])
    refresh_history(oracle)
    q = (f"MATCH (s)-[e:{REL}]->(i:Issue) RETURN s.id AS s, i.id AS i, e.id AS id, e.confidentiality AS c, "
         "e.valid_from AS f, e.valid_until AS u, e.n_public AS n0, e.n_internal AS n1, e.n_confidential AS n2, "
         "e.last_public AS d0, e.last_internal AS d1, e.last_confidential AS d2")
    assert sorted(comparable(oracle.query(q)), key=repr) == sorted(comparable(region.query(q)), key=repr)
    for viewer in VIEWERS:
        params = {"issue": "i-transportation", "since": D("2000-01-01"), "as_of": D("2025-04-15")}
        mine, theirs = (comparable(queries.run(s, "engagement_as_of", viewer, **params)) for s in (region, oracle))
        assert sorted(theirs, key=repr) == sorted(mine, key=repr) and mine


@pytest.mark.parametrize("issue", ["i-transportation", "i-transit", "i-water", "i-housing-elderly"])
def test_the_demo_region_gives_the_counted_answer(demo_store, issue):
    """Month ends and starts, a day inside a month, today and long ago, for every clearance."""
    dates = [D("2026-11-15"), D("2026-10-31"), D("2026-11-01"), D("2026-06-17"), D("2025-12-31"), D("2026-01-01"),
             D("2024-02-29"), D("2024-03-01"), D("2023-07-14"), D("2019-01-01")]
    for viewer in VIEWERS:
        for as_of in dates:
            params = {"issue": issue, "since": as_of - dt.timedelta(days=400), "as_of": as_of}
            want = counted(demo_store, viewer, **params)
            assert kept(demo_store, viewer, **params) == want, (viewer.user, params)
    assert want  # the demo region has engagement to compare


def test_a_database_made_before_the_history_gets_it_once(region):
    region.write([(f"MATCH ()-[e:{REL}]->() DELETE e", {})])
    params = {"issue": "i-transportation", "since": D("2000-01-01"), "as_of": D("2025-04-15")}
    assert kept(region, ADMIN, **params) == []
    assert ensure_history(region) is True
    assert kept(region, ADMIN, **params) == counted(region, ADMIN, **params) != []
    assert ensure_history(region) is False


def _by_queries(store) -> list[tuple]:
    """ENGAGED_AS_OF computed from the links read with one query per label (the Neo4j way, and a few subjects')."""
    from graph import model as m
    from ingest.engagement_history import compute_history

    return _rows(pd.concat([compute_history(store, label) for label in (m.C, m.O)]))


def _in_bulk(store) -> list[tuple]:
    """ENGAGED_AS_OF from the grouped edge lists ENGAGED_ON is made of (what an import writes)."""
    from ingest.engagement_bulk import engagement_events
    from ingest.engagement_history import history_from_events

    return _rows(pd.concat([history_from_events(ev) for ev in engagement_events(store).values()]))


def _rows(frame) -> list[tuple]:
    frame = frame.astype(object).where(frame.notna(), None)
    return sorted(tuple(str(v) for v in r) for r in frame.itertuples(index=False, name=None))


def test_the_history_built_in_bulk_equals_the_one_read_through_queries(region):
    bulk = _in_bulk(region)
    assert bulk == _by_queries(region)
    assert len(bulk) == region.query(f"MATCH ()-[e:{REL}]->() RETURN count(e) AS n")[0]["n"] > 5


def test_the_demo_history_built_in_bulk_equals_the_one_read_through_queries(demo_store):
    bulk = _in_bulk(demo_store)
    assert bulk == _by_queries(demo_store)
    stored = demo_store.query(f"MATCH (s)-[e:{REL}]->(i:Issue) RETURN e.id AS id, e.n_public AS n0, "
                              "e.n_internal AS n1, e.n_confidential AS n2")
    assert sorted((r["id"], str(r["n0"]), str(r["n1"]), str(r["n2"])) for r in stored) == \
        sorted((r[2], r[7], r[8], r[9]) for r in bulk)  # what the import wrote
