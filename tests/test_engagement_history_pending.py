"""A write-open of the store reads its bookkeeping, not every ENGAGED_ON (ingest/engagement_history.py).

``ensure_history`` runs each time the CLI or the dashboard opens a store for writing. A store it has
checked once carries the ``engagement_history`` fact; after that it reads only the pending marks that a
transaction writing counts leaves until the history is written after it. These tests crash that second
write (the function that writes it raises, after the real transaction committed) and check that the next
ensure_history repairs exactly the marked subjects, to the history a full recompute gives, on both engines.
The store is spied on (its query and transaction methods record the Cypher they run), never mocked.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from ingest import engagement
from ingest.engagement import history_pending, pending_key, rebuild_by_queries, refresh_engagement
from ingest.engagement_history import DONE_KEY, HISTORY, HISTORY_VERSION, REL, _unmark, ensure_history, \
    pending, refresh_history
from ingest.interactions import log_interaction
from ingest.pipeline import import_source
from ingest.readers import Format, from_frames
from ingest.resolve.merge import merge_contacts
from tests.conftest import ADMIN, EDITOR, empty_store_on
from tests.test_engagement import TABLES
from tests.test_engagement_history import VIEWERS, _by_queries, _stored, counted, kept

D = dt.date.fromisoformat
ENGINES = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


class Crash(Exception):
    """The process dying between the interaction's transaction and its history write."""


def _crash(*args, **kwargs):
    raise Crash


def _build(store) -> None:
    """tests/test_engagement.py's hand-checkable region (Ana, Bo, the power company, four issues)."""
    report = import_source(store, from_frames(TABLES, Format.TABLES, origin="engagement"), ADMIN)
    assert not [p for p in report.problems if p.severity == "error"], report.problems
    store.write([("MATCH (x:Interaction {id: 'x4'}), (i:Issue {id: 'i-roads'}) "
                  "CREATE (x)-[:ABOUT {id: 'ABOUT:x4>i-roads', confidentiality: 'internal'}]->(i)", {})])
    refresh_engagement(store)
    refresh_history(store)


@pytest.fixture(params=ENGINES)
def checked(request, tmp_path):
    """The region on each engine, opened for writing as the CLI does it: ensure_history first (an empty
    store: nothing to upgrade, the fact set), then the import and the writes."""
    s = empty_store_on(request.param, tmp_path)
    assert ensure_history(s) is False
    _build(s)
    yield s
    s.close()


@pytest.fixture
def spy(monkeypatch):
    """``spy(store)`` records every Cypher text the store runs: (kind, text, params), kind "query" or "write"."""

    def attach(store) -> list[tuple[str, str, dict]]:
        seen: list[tuple[str, str, dict]] = []
        for name in ("query", "query_df", "query_arrow"):
            real = getattr(store, name)
            monkeypatch.setattr(store, name, _recording(real, seen))
        real_tx = store.transaction

        @contextmanager
        def transaction():
            with real_tx() as tx:
                monkeypatch.setattr(tx, "run", _recording(tx.run, seen, "write"))
                yield tx

        monkeypatch.setattr(store, "transaction", transaction)
        return seen

    return attach


def _recording(real, seen, kind="query"):
    def run(cypher, params=None):
        seen.append((kind, cypher, params or {}))
        return real(cypher, params)

    return run


def _scans(seen) -> list[str]:
    return [text for kind, text, _ in seen if kind == "query" and REL in text]


def _history_set_for(seen) -> set[str]:
    """The subjects whose ENGAGED_ON history the recorded writes set."""
    return {row["from_id"] for kind, text, params in seen
            if kind == "write" and f"[e:{REL}]" in text and " SET e.days_public" in text for row in params["rows"]}


def test_a_store_with_nothing_pending_is_checked_by_one_read_of_its_bookkeeping(checked, spy):
    seen = spy(checked)
    assert ensure_history(checked) is False
    assert [kind for kind, _, _ in seen] == ["query"] and "CivicGraphMeta" in seen[0][1]
    assert not _scans(seen)


def test_a_store_not_known_to_be_current_is_scanned_once_without_a_new_data_version(store, spy):
    _build(store)  # imported without a write-open before it (as by a version before the fact)
    version = store.data_version()
    seen = spy(store)
    assert ensure_history(store) is False
    assert _scans(seen) == [f"MATCH ()-[e:{REL}]->() WHERE e.days_public IS NULL AND e.days_internal IS NULL "
                            "AND e.days_confidential IS NULL RETURN count(e) AS n"]
    assert store.query("MATCH (v:CivicGraphMeta {key: $k}) RETURN v.value AS v", {"k": DONE_KEY}) == \
        [{"v": HISTORY_VERSION}]
    assert store.data_version() == version  # bookkeeping, not data: no audit entry, no new version
    seen.clear()
    assert ensure_history(store) is False
    assert not _scans(seen)


def test_a_crash_after_a_logged_interaction_is_repaired_for_exactly_its_subjects(checked, spy, monkeypatch):
    with monkeypatch.context() as mp:
        mp.setattr("ingest.interactions.refresh_history", _crash)
        with pytest.raises(Crash):
            log_interaction(checked, EDITOR, kind="meeting", date=D("2025-02-01"), subject="transit talk",
                            participants=["c-bo"], issues=["i-transit"], organizations=["o-power"])
    assert set(pending(checked)) == {pending_key("Contact", "c-bo"), pending_key("Organization", "o-power")}
    at = {"issue": "i-transportation", "since": D("2000-01-01"), "as_of": D("2025-02-01")}
    assert kept(checked, ADMIN, **at) != counted(checked, ADMIN, **at)  # the counts are written, not the history
    seen = spy(checked)
    assert ensure_history(checked) is True
    assert not _scans(seen)  # the marks and the two subjects' links: no read of ENGAGED_ON
    assert _history_set_for(seen) == {"c-bo", "o-power"}
    assert pending(checked) == {}
    assert _stored(checked) == _by_queries(checked)  # the history a full recompute gives
    for viewer in VIEWERS:
        for as_of in (D("2025-01-31"), D("2025-02-01"), D("2025-03-01"), D("2025-12-31")):
            params = {**at, "as_of": as_of}
            assert kept(checked, viewer, **params) == counted(checked, viewer, **params)
    assert ensure_history(checked) is False


def test_a_logged_interaction_that_finishes_leaves_no_mark(checked):
    log_interaction(checked, EDITOR, kind="meeting", date=D("2025-02-01"), subject="transit talk",
                    participants=["c-bo"], issues=["i-transit"], organizations=["o-power"])
    assert pending(checked) == {}


def test_a_crash_after_a_merge_is_repaired_for_both_contacts(checked, spy, monkeypatch):
    with monkeypatch.context() as mp:
        mp.setattr("ingest.resolve.merge.refresh_history", _crash)
        with pytest.raises(Crash):
            merge_contacts(checked, ADMIN, "c-ana", "c-bo", reason="same person")
    assert set(pending(checked)) == {pending_key("Contact", "c-ana"), pending_key("Contact", "c-bo")}
    seen = spy(checked)
    assert ensure_history(checked) is True
    assert not _scans(seen)
    assert _history_set_for(seen) == {"c-ana"}  # c-bo is gone: its mark goes with nothing to set
    assert pending(checked) == {}
    assert _stored(checked) == _by_queries(checked)


def test_a_rebuild_through_cypher_marks_everyone_until_their_history_is_written(checked, spy):
    """Neo4j's whole rebuild of the counts (one transaction), then the history: a crash in between."""
    rebuild_by_queries(checked)
    assert set(pending(checked)) == {engagement.PENDING + engagement.EVERY_SUBJECT}
    rows = checked.query(f"MATCH ()-[e:{REL}]->() RETURN " + ", ".join(f"e.{c} AS {c}" for c in HISTORY))
    assert rows and all(v is None for r in rows for v in r.values())
    spy(checked)
    assert ensure_history(checked) is True
    assert pending(checked) == {}
    assert _stored(checked) == _by_queries(checked)


def test_a_history_write_removes_only_the_marks_it_read(checked):
    """A mark set again by another transaction after the history write read it (a new token) stays."""
    checked.write([history_pending(contacts=["c-bo"])])
    read = pending(checked, contacts=["c-bo"])
    checked.write([history_pending(contacts=["c-bo"])])  # another writer, meanwhile
    checked.write([_unmark(read)])
    again = pending(checked, contacts=["c-bo"])
    assert set(again) == set(read) and again != read
    checked.write([_unmark(again)])
    assert pending(checked) == {}
