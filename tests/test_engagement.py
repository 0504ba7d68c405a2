"""ENGAGED_ON: per-level engagement counts, rebuilt after an import and updated by log_interaction.

A hand-checkable region: transportation with transit and roads below it, and a
confidential corridor issue below transportation. Ana took part in

- x1 (public) about transit and roads: once for transportation, not twice;
- x2 (confidential) about transit;
- x3 (public) about roads, but her participation is internal;
- x4 (public) about roads, with an internal ABOUT link;
- x5 (public) about the confidential corridor: confidential for transportation.

The power company is involved in x1 and x2.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from graph.model import REL_BY_TYPE
from ingest.engagement import count_engagement, refresh_engagement
from ingest.engagement_history import refresh_history
from ingest.interactions import log_interaction
from ingest.pipeline import import_source
from ingest.readers import Format, from_frames
from tests.conftest import ADMIN, EDITOR

I, C = "internal", "confidential"


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = sorted({k for r in rows for k in r})
    return pd.DataFrame([{c: str(r.get(c, "")) for c in cols} for r in rows])


TABLES = {
    "issues": _frame([
        {"id": "i-transportation", "name": "Transportation"},
        {"id": "i-transit", "name": "Transit", "parent_id": "i-transportation"},
        {"id": "i-roads", "name": "Roads", "parent_id": "i-transportation"},
        {"id": "i-corridor", "name": "Secret corridor", "parent_id": "i-transportation", "confidentiality": C}]),
    "organizations": _frame([{"id": "o-power", "name": "Power Co", "type": "utility"}]),
    "contacts": _frame([{"id": "c-ana", "name": "Ana", "kind": "resident"},
                        {"id": "c-bo", "name": "Bo", "kind": "resident"}]),
    "interactions": _frame([
        {"id": "x1", "kind": "meeting", "date": "2025-01-10", "subject": "a", "issue_ids": "i-transit;i-roads",
         "organization_ids": "o-power"},
        {"id": "x2", "kind": "call", "date": "2025-03-01", "subject": "b", "issue_ids": "i-transit",
         "organization_ids": "o-power", "confidentiality": C},
        {"id": "x3", "kind": "call", "date": "2025-04-01", "subject": "c", "issue_ids": "i-roads"},
        {"id": "x4", "kind": "email", "date": "2025-05-01", "subject": "d"},
        {"id": "x5", "kind": "email", "date": "2025-06-01", "subject": "e", "issue_ids": "i-corridor"}]),
    "participants": _frame([
        {"interaction_id": "x1", "contact_id": "c-ana"}, {"interaction_id": "x1", "contact_id": "c-bo"},
        {"interaction_id": "x2", "contact_id": "c-ana"},
        {"interaction_id": "x3", "contact_id": "c-ana", "confidentiality": I},
        {"interaction_id": "x4", "contact_id": "c-ana"},
        {"interaction_id": "x5", "contact_id": "c-ana"}]),
}


@pytest.fixture
def region(store):
    report = import_source(store, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    assert not [p for p in report.problems if p.severity == "error"], report.problems
    # an internal ABOUT link, as a later import or a person editing it would leave it
    store.write([("MATCH (x:Interaction {id: 'x4'}), (i:Issue {id: 'i-roads'}) "
                  "CREATE (x)-[:ABOUT {id: 'ABOUT:x4>i-roads', confidentiality: 'internal'}]->(i)", {})])
    refresh_engagement(store)
    refresh_history(store)  # the history lists (ingest/engagement_history.py): with ENGAGED_ON already here
    return store


def engaged(store, subject: str) -> dict[str, tuple]:
    rows = store.query(
        "MATCH (s {id: $id})-[e:ENGAGED_ON]->(i:Issue) RETURN i.id AS issue, e.n_public AS n0, "
        "e.n_internal AS n1, e.n_confidential AS n2, e.last_public AS d0, e.last_internal AS d1, "
        "e.last_confidential AS d2, e.confidentiality AS level", {"id": subject})
    return {r["issue"]: (r["n0"], r["n1"], r["n2"], r["d0"], r["d1"], r["d2"], r["level"]) for r in rows}


D = dt.date.fromisoformat


def test_engagement_is_declared_as_derived_and_never_imported():
    from ingest import formats

    assert REL_BY_TYPE["ENGAGED_ON"].derived
    assert "ENGAGED_ON" not in repr([t.name for t in formats.TABLES])


def test_each_interaction_counts_once_per_issue_at_its_highest_level(region):
    ana = engaged(region, "c-ana")
    # transportation: x1 once (transit and roads), x2 confidential, x3 internal (participation),
    # x4 internal (ABOUT link), x5 confidential (the corridor issue itself is confidential)
    assert ana["i-transportation"] == (1, 2, 2, D("2025-01-10"), D("2025-05-01"), D("2025-06-01"), "public")
    assert ana["i-transit"] == (1, 0, 1, D("2025-01-10"), None, D("2025-03-01"), "public")
    assert ana["i-roads"] == (1, 2, 0, D("2025-01-10"), D("2025-05-01"), None, "public")
    assert ana["i-corridor"] == (0, 0, 1, None, None, D("2025-06-01"), C)
    assert engaged(region, "c-bo") == {
        "i-transportation": (1, 0, 0, D("2025-01-10"), None, None, "public"),
        "i-transit": (1, 0, 0, D("2025-01-10"), None, None, "public"),
        "i-roads": (1, 0, 0, D("2025-01-10"), None, None, "public")}
    power = engaged(region, "o-power")
    assert power["i-transportation"][:3] == (1, 0, 1) and power["i-transit"][:3] == (1, 0, 1)


def test_an_import_rebuilds_it_and_an_unchanged_reimport_leaves_it(store):
    import_source(store, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    first = count_engagement(store)
    assert first == 10  # ana 4, bo 3, the power company 3
    version = store.data_version()
    again = import_source(store, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    assert not again.changed and store.data_version() == version and count_engagement(store) == first


def test_logging_an_interaction_updates_only_its_pairs_as_a_rebuild_would(region):
    log_interaction(region, EDITOR, kind="meeting", date="2026-02-02", subject="Roads plan",
                    participants=["c-bo"], issues=["i-roads"], organizations=["o-power"], confidentiality=I)
    bo = engaged(region, "c-bo")
    assert bo["i-roads"][:3] == (1, 1, 0) and bo["i-transportation"][:3] == (1, 1, 0)
    assert bo["i-transit"][:3] == (1, 0, 0)
    incremental = {s: engaged(region, s) for s in ("c-ana", "c-bo", "o-power")}
    refresh_engagement(region)
    assert {s: engaged(region, s) for s in ("c-ana", "c-bo", "o-power")} == incremental


def test_a_refresh_for_some_contacts_matches_the_full_one(region):
    before = engaged(region, "c-ana")
    assert refresh_engagement(region, contacts=["c-ana"]) == len(before)
    assert engaged(region, "c-ana") == before


def test_partners_count_only_what_the_viewer_may_see(region):
    import queries
    from tests.conftest import PUBLIC

    def n(viewer, subject):
        rows = queries.run(region, "issue_engagement", viewer, issue="i-transportation", since=dt.date(2020, 1, 1))
        return next((r["n"], r["date"]) for r in rows if r["subject_id"] == subject)

    assert n(PUBLIC, "c-ana") == (1, D("2025-01-10"))
    assert n(EDITOR, "c-ana") == (3, D("2025-05-01"))
    assert n(ADMIN, "c-ana") == (5, D("2025-06-01"))
    assert n(PUBLIC, "o-power") == (1, D("2025-01-10")) and n(ADMIN, "o-power") == (2, D("2025-03-01"))


@pytest.mark.parametrize("issue", ["i-transportation", "i-transit"])
def test_the_kept_counts_equal_counting_the_interactions(region, issue):
    """issue_engagement (ENGAGED_ON) and engagement_as_of (counted from the interactions) agree for every viewer."""
    import queries
    from tests.conftest import PUBLIC

    since, later = dt.date(2000, 1, 1), dt.date(2100, 1, 1)
    for viewer in (PUBLIC, EDITOR, ADMIN):
        kept = queries.run(region, "issue_engagement", viewer, issue=issue, since=since)
        counted = queries.run(region, "engagement_as_of", viewer, issue=issue, since=since, as_of=later)
        key = lambda r: (r["subject_id"], r["subject_label"], r["issue_id"], r["date"], r["n"])  # noqa: E731
        assert sorted(map(key, kept)) == sorted(map(key, counted)) and kept


def test_a_past_date_counts_only_the_interactions_up_to_it(region):
    import queries
    from tests.conftest import PUBLIC

    def n(viewer, as_of):
        rows = queries.run(region, "engagement_as_of", viewer, issue="i-transportation", since=dt.date(2000, 1, 1),
                           as_of=as_of)
        return next(((r["n"], r["date"]) for r in rows if r["subject_id"] == "c-ana"), None)

    # x1, x2 (confidential) and x3 (internal participation) were before 30 April 2025; x4 and x5 after
    assert n(ADMIN, D("2025-04-30")) == (3, D("2025-04-01"))
    assert n(PUBLIC, D("2025-04-30")) == (1, D("2025-01-10"))
    assert n(ADMIN, D("2024-12-31")) is None


def test_the_counts_are_the_same_on_the_neo4j_dialect_oracle(region):
    """The maintenance Cypher is portable: ocg (Neo4j's dialect) computes the same ENGAGED_ON."""
    from tests.oracle import comparable
    from tests.test_dialect_oracle import _FastOcg

    oracle = _FastOcg()
    import_source(oracle, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    oracle.write([("MATCH (x:Interaction {id: 'x4'}), (i:Issue {id: 'i-roads'}) "
                   "CREATE (x)-[:ABOUT {id: 'ABOUT:x4>i-roads', confidentiality: 'internal'}]->(i)", {})])
    q = ("MATCH (s)-[e:ENGAGED_ON]->(i:Issue) RETURN s.id AS s, i.id AS i, e.id AS id, e.confidentiality AS c, "
         "e.n_public AS n0, e.n_internal AS n1, e.n_confidential AS n2, e.last_public AS d0, "
         "e.last_internal AS d1, e.last_confidential AS d2")
    refresh_engagement(oracle)
    assert comparable(oracle.query(q)) == comparable(region.query(q))
    refresh_engagement(oracle, contacts=["c-ana", "c-bo"], organizations=["o-power"])
    assert comparable(oracle.query(q)) == comparable(region.query(q))


ENGAGED = ("MATCH (s)-[e:ENGAGED_ON]->(i:Issue) RETURN s.id AS s, i.id AS i, e.id AS id, e.confidentiality AS c, "
           "e.source AS source, e.n_public AS n0, e.n_internal AS n1, e.n_confidential AS n2, "
           "e.last_public AS d0, e.last_internal AS d1, e.last_confidential AS d2")


def test_the_bulk_rebuild_equals_the_query_built_one_on_the_demo_region(tmp_path, demo_tables):
    """The grouped pandas pass (ingest/engagement_bulk.py) gives every pair the Cypher rebuild gives,
    with the same counts, dates and levels; the hand-checked region above holds it to the rules."""
    from graph.store import open_store
    from ingest.engagement import rebuild_by_queries

    with open_store(tmp_path / "db") as s:
        import_source(s, from_frames(demo_tables, Format.TABLES, origin="demo"), ADMIN)  # rebuilt in bulk
        bulk = sorted(s.query(ENGAGED), key=lambda r: r["id"])
        rebuild_by_queries(s)
        by_queries = sorted(s.query(ENGAGED), key=lambda r: r["id"])
    assert len(bulk) > 1000 and {"public", "internal"} <= {r["c"] for r in bulk}
    assert any(r["n2"] for r in bulk)  # the confidential briefing is counted, at its level
    assert bulk == by_queries


def test_the_generic_bulk_write_equals_the_engine_copy(region):
    """Store.replace_rels' portable path (UNWIND ... CREATE, Neo4j's) writes what the embedded COPY writes."""
    from graph.store.base import Store

    copied = sorted(region.query(ENGAGED), key=lambda r: r["id"])
    parts = [(label, "Issue", region.query_df(
        f"MATCH (s:{label})-[e:ENGAGED_ON]->(i:Issue) RETURN s.id AS from_id, i.id AS to_id, e.id AS id, "
        "e.confidentiality AS confidentiality, e.source AS source, e.n_public AS n_public, "
        "e.n_internal AS n_internal, e.n_confidential AS n_confidential, e.last_public AS last_public, "
        "e.last_internal AS last_internal, e.last_confidential AS last_confidential"))
        for label in ("Contact", "Organization")]
    Store.replace_rels(region, "ENGAGED_ON", parts)
    assert sorted(region.query(ENGAGED), key=lambda r: r["id"]) == copied and copied


def _engaged_parts(store) -> list[tuple[str, str, pd.DataFrame]]:
    rel = REL_BY_TYPE["ENGAGED_ON"]
    props = ", ".join(f"e.{p.name} AS {p.name}" for p in rel.all_props)
    return [(label, "Issue", store.query_df(
        f"MATCH (s:{label})-[e:ENGAGED_ON]->(i:Issue) RETURN s.id AS from_id, i.id AS to_id, {props}"))
        for label in ("Contact", "Organization")]


def _tables(store) -> set[str]:
    return {r["name"] for r in store.query("CALL show_tables() RETURN name")}


def test_the_embedded_rebuild_copies_into_a_table_of_its_own_and_swaps_it_in(region):
    """replace_rels copies outside a transaction (the engine then writes the history in chunks that
    one issue's scan reads fast), into ENGAGED_ON__NEXT, and swaps it in with one transaction: a
    staging table left by a run that stopped before its swap is dropped, a COPY that fails leaves
    the old relationships as they were (and no staging table), and the audit has one entry per swap."""
    from graph import audit as au
    from graph.errors import StoreError
    from graph.store.embedded import STAGING

    before = sorted(region.query(ENGAGED), key=lambda r: r["id"])
    parts = _engaged_parts(region)
    staging = "ENGAGED_ON" + STAGING
    # what a run killed between its COPY and its swap leaves behind
    region.write([(f"CREATE REL TABLE {staging}(FROM Contact TO Issue, junk STRING)", {})])
    entries = len(au.entries(region))
    region.replace_rels("ENGAGED_ON", parts, audit=au.Change("refresh-engagement", "ENGAGED_ON", None, {}))
    assert sorted(region.query(ENGAGED), key=lambda r: r["id"]) == before and before
    assert staging not in _tables(region) and "ENGAGED_ON" in _tables(region)
    assert len(au.entries(region)) == entries + 1
    # a row that names a person who does not exist: the COPY fails, the old table stays whole
    broken = [("Contact", "Issue", parts[0][2].assign(from_id="c-nobody"))]
    with pytest.raises(StoreError, match="refused"):
        region.replace_rels("ENGAGED_ON", broken)
    assert sorted(region.query(ENGAGED), key=lambda r: r["id"]) == before
    assert len(au.entries(region)) == entries + 1 and staging not in _tables(region)
    region.replace_rels("ENGAGED_ON", parts)
    assert staging not in _tables(region)
    assert sorted(region.query(ENGAGED), key=lambda r: r["id"]) == before
