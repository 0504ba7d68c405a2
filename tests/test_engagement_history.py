"""ENGAGED_ON's history lists: engagement as it stood on each day, so engagement_as_of reads no interaction.

The reference is the query the history replaced, kept as tests/data/engagement_as_of_counted.cypher:
it counts the interactions themselves. Both must give the same rows for every viewer and
date, on the hand-checkable region of tests/test_engagement.py (Ana's five interactions,
one confidential, one with an internal participation, one about a confidential issue) and
on the demo region.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import queries
from graph.store import open_store
from ingest.engagement_history import HISTORY, REL, RETIRED, ensure_history, refresh_history
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


def _lists(store, subject: str, issue: str) -> dict[str, list]:
    rows = store.query(f"MATCH (s {{id: $s}})-[e:{REL}]->(i:Issue {{id: $i}}) RETURN "
                       + ", ".join(f"e.{c} AS {c}" for c in HISTORY), {"s": subject, "i": issue})
    return rows[0]


def test_each_level_keeps_its_days_and_the_count_up_to_each(region):
    # x1 public; x2 confidential; x3 internal participation; x4 internal ABOUT; x5 about a confidential issue
    assert _lists(region, "c-ana", "i-transportation") == {
        "days_public": "2025-01-10", "upto_public": "1",
        "days_internal": "2025-04-01 2025-05-01", "upto_internal": "1 2",
        "days_confidential": "2025-03-01 2025-06-01", "upto_confidential": "1 2"}
    # a level with no interaction has no history (NULL, not an empty text)
    assert _lists(region, "c-bo", "i-transit") == {
        "days_public": "2025-01-10", "upto_public": "1", "days_internal": None, "upto_internal": None,
        "days_confidential": None, "upto_confidential": None}
    # the counts kept for today are the history's last items
    rows = region.query(f"MATCH ()-[e:{REL}]->() RETURN e.n_public AS n, e.last_public AS last, "
                        "e.upto_public AS upto, e.days_public AS days")
    assert all((r["n"], r["last"]) == ((int(r["upto"].split()[-1]), D(r["days"].split()[-1])) if r["upto"]
                                       else (0, None)) for r in rows)


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
    q = f"MATCH (s)-[e:{REL}]->(i:Issue) RETURN e.id AS id, " + ", ".join(f"e.{c} AS {c}" for c in HISTORY) + \
        " ORDER BY id"
    full = region.query(q)
    region.write([(f"MATCH (s)-[e:{REL}]->(:Issue) WHERE s.id IN ['c-ana', 'o-power'] SET "
                   + ", ".join(f"e.{c} = NULL" for c in HISTORY), {})])
    assert region.query(q) != full
    assert refresh_history(region, contacts=["c-ana"], organizations=["o-power"]) == 7  # ana 4, power 3
    assert region.query(q) == full


def test_the_history_is_the_same_on_the_neo4j_dialect_oracle(region):
    """The Cypher reading the links is portable: ocg (Neo4j's dialect) gets the same lists, and the query's
    Neo4j text (0-based lists, a list comprehension) the same answers."""
    from ingest.engagement import refresh_engagement
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames
    from tests.oracle import comparable
    from tests.test_dialect_oracle import _FastOcg
    from tests.test_engagement import TABLES

    oracle = _FastOcg()
    import_source(oracle, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    oracle.write([("MATCH (x:Interaction {id: 'x4'}), (i:Issue {id: 'i-roads'}) "
                   "CREATE (x)-[:ABOUT {id: 'ABOUT:x4>i-roads', confidentiality: 'internal'}]->(i)", {})])
    refresh_engagement(oracle)  # Neo4j's way: the counts through Cypher, then the lists set on them
    assert refresh_history(oracle) == 10
    q = (f"MATCH (s)-[e:{REL}]->(i:Issue) RETURN s.id AS s, i.id AS i, e.id AS id, e.confidentiality AS c, "
         "e.n_public AS n0, e.n_internal AS n1, e.n_confidential AS n2, "
         "e.last_public AS d0, e.last_internal AS d1, e.last_confidential AS d2, "
         + ", ".join(f"e.{c} AS {c}" for c in HISTORY))
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
    region.write([(f"MATCH ()-[e:{REL}]->() SET " + ", ".join(f"e.{c} = NULL" for c in HISTORY), {})])
    params = {"issue": "i-transportation", "since": D("2000-01-01"), "as_of": D("2025-04-15")}
    assert kept(region, ADMIN, **params) == []
    assert ensure_history(region) is True
    assert kept(region, ADMIN, **params) == counted(region, ADMIN, **params) != []
    assert ensure_history(region) is False


# ENGAGED_AS_OF as the version before the lists declared it (ingest/engagement_history.py then)
_OLD_TABLE = (f"CREATE REL TABLE {RETIRED}(FROM Contact TO Issue, FROM Organization TO Issue, id STRING, "
              "confidentiality STRING, source STRING, valid_from DATE, valid_until DATE, n_public INT64, "
              "n_internal INT64, n_confidential INT64, last_public DATE, last_internal DATE, last_confidential DATE)")


def test_a_database_made_with_the_daily_relationships_is_upgraded_and_answers_the_same(region, tmp_path):
    """A store of the version before: ENGAGED_ON without the list columns, the history as ENGAGED_AS_OF
    relationships. Opening it for writing adds the columns; ensure_history drops the old table and
    writes the lists; the answers are the counted ones."""
    before = {(v.user, as_of): counted(region, v, issue="i-transportation", since=D("2000-01-01"), as_of=as_of)
              for v in VIEWERS for as_of in (D("2025-03-01"), D("2025-05-15"))}
    region.write([(f"ALTER TABLE {REL} DROP {c}", {}) for c in HISTORY] + [
        (_OLD_TABLE, {}),
        (f"MATCH (s:Contact {{id: 'c-ana'}}), (t:Issue {{id: 'i-transit'}}) CREATE (s)-[:{RETIRED} "
         "{id: 'ENGAGED_AS_OF:c-ana>i-transit@2025-01-10', valid_from: date('2025-01-10'), n_public: 1}]->(t)", {})])
    folder = region.location
    region.close()
    with open_store(folder) as old:
        assert {r["name"] for r in old.query(f"CALL table_info('{REL}') RETURN *")} >= set(HISTORY)
        assert ensure_history(old) is True
        assert RETIRED not in {r["name"] for r in old.query("CALL show_tables() RETURN name")}
        for (user, as_of), want in before.items():
            viewer = next(v for v in VIEWERS if v.user == user)
            assert kept(old, viewer, issue="i-transportation", since=D("2000-01-01"), as_of=as_of) == want != []
        assert ensure_history(old) is False


def _by_queries(store) -> list[tuple]:
    """ENGAGED_ON with its lists, from the links read with one query per label (the Neo4j way, and a few subjects')."""
    from graph import model as m
    from ingest.engagement_history import compute_history

    return _rows(pd.concat([compute_history(store, label) for label in (m.C, m.O)]))


def _in_bulk(store) -> list[tuple]:
    """ENGAGED_ON with its lists, from the grouped edge lists (what an import writes)."""
    from ingest.engagement_bulk import engaged_on, engagement_events

    return _rows(pd.concat([engaged_on(ev, "derived: ingest/engagement.py") for ev in engagement_events(store).values()]))


def _stored(store) -> list[tuple]:
    from graph.model import REL_BY_TYPE
    from ingest.engagement_bulk import COLUMNS

    props = ", ".join(f"e.{p.name} AS {p.name}" for p in REL_BY_TYPE[REL].all_props)
    rows = store.query(f"MATCH (s)-[e:{REL}]->(i:Issue) RETURN s.id AS from_id, i.id AS to_id, {props}")
    return _rows(pd.DataFrame(rows, columns=COLUMNS))


def _text(v) -> str:
    """A value as text, whichever side it comes from: dates as ISO days."""
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return "None"
    if isinstance(v, (dt.datetime, np.datetime64)):
        return pd.Timestamp(v).date().isoformat()
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _rows(frame) -> list[tuple]:
    return sorted(tuple(_text(v) for v in r) for r in frame.itertuples(index=False, name=None))


def test_the_history_built_in_bulk_equals_the_one_read_through_queries_and_the_stored_one(region):
    bulk = _in_bulk(region)
    assert bulk == _by_queries(region) == _stored(region)
    assert len(bulk) == 10 and any("2025-06-01" in r[-4] for r in bulk)  # days_confidential kept


def test_the_demo_history_built_in_bulk_equals_the_one_read_through_queries_and_the_stored_one(demo_store):
    bulk = _in_bulk(demo_store)
    assert bulk == _by_queries(demo_store)
    assert bulk == _stored(demo_store)  # what the import wrote
    assert sum(len(r[-6].split()) for r in bulk if r[-6] != "None") > len(bulk)  # several days per pair
