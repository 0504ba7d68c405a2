"""Engagement as it stood on any past date: the days and running counts kept on ENGAGED_ON, as text.

engagement_as_of ("who was engaged on this issue on 1 March 2025") used to count the
interactions themselves: 1.4 M participations for transportation at the benchmark scale,
seconds per call. Then a relationship per subject, issue and day (ENGAGED_AS_OF) kept the
counts as they stood after each day: 5.9 M relationships at the benchmark scale, more than
the rest of the graph's derived data together, and most of the import's time and memory.

Now ENGAGED_ON carries its own history. Per confidentiality level L: ``days_L``, the days
(ascending) on which the subject had at least one interaction at level L about the issue or an
issue below it, and ``upto_L``, the number of distinct such interactions up to and including
each of those days, both as text: ISO dates (they sort as text) and counts, separated by one
space (``"2025-01-10 2025-03-01"``, ``"1 3"``; NULL for a level with none). On a date, the count
at level L is ``upto_L`` at the position of the last day on or before it and the latest date is
that day: the query reads one relationship per subject and no interaction.

Text, not list columns: Ladybug 0.22 commits list columns on a relationship table slowly (minutes
for the benchmark region's million ENGAGED_ON; docs/import-format.md), text at the pace of any
other column. Both engines split it in the query (graph/dialect.py, ``history_*``).

The levels are ENGAGED_ON's (ingest/engagement.py): an interaction counts for a subject and
an issue at the highest level of the interaction, the participation (or INVOLVES link), the
ABOUT link and the issue path, once, at its lowest level over several routes. The counts
per level are summed only for the levels a viewer may see, so nothing leaks through them.

Where the history is written:

* an import (embedded store): in the same grouped pass and the same COPY as ENGAGED_ON
  (:func:`ingest.engagement_bulk.engaged_on`, called by :func:`ingest.engagement.refresh_engagement`);
* a few subjects (a logged interaction, a merge of duplicates) and Neo4j: :func:`refresh_history`
  reads their links with one query per label, computes the history with the same function and sets
  it on the ENGAGED_ON relationships already there (batched ``UNWIND $rows``);
* a database made before (with ENGAGED_AS_OF, or with neither): :func:`ensure_history`.

:func:`ensure_history` runs each time the CLI or the dashboard opens a store for writing, so its
usual answer ("nothing to do") must cost next to nothing: it reads the store's bookkeeping facts
(CivicGraphMeta, a handful of nodes), never ENGAGED_ON. Two facts there:

* ``engagement_history`` = :data:`HISTORY_VERSION`, set once every ENGAGED_ON has its history: a store
  without it (made before, or empty) is checked once with the scan of ENGAGED_ON, upgraded if it needs
  it, and then marked;
* a pending mark per subject (``engagement-history-pending:Contact:c-1``; ``...:*`` for everyone),
  written by the transaction that updated the counts through Cypher (ingest/engagement.py,
  :func:`ingest.engagement.history_pending`) and removed by the history write after it
  (:func:`refresh_history`); a mark left by a crash in between is repaired, for exactly its subjects.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from graph import audit as au
from graph import dialect
from graph import model as m
from graph.store import Store
from ingest import engagement
from ingest.engagement import LEVELS, _SUBJECTS, _level, _levels, _path_level
from ingest.engagement_bulk import engaged_on, engagement_events

REL = engagement.REL  # ENGAGED_ON
# the bookkeeping fact saying every ENGAGED_ON has its history in this format (bump it when the format changes:
# every store is then checked and rewritten once, as a store made before the history text is)
DONE_KEY = "engagement_history"
HISTORY_VERSION = "text-1"
RETIRED = "ENGAGED_AS_OF"  # the daily relationships the history text replaces (databases made before)
HISTORY = [f"{k}_{lv}" for k in ("days", "upto") for lv in LEVELS]
SET_BATCH = 5000  # rows per UNWIND when the history is set on existing relationships


def _links(label: str, *, some: bool) -> str:
    """Every (subject, interaction, date, issue, level) the counts are made of (levels: 0..2, 3 unknown)."""
    subject = _SUBJECTS[label]
    if some:
        start = f"UNWIND $ids AS wanted MATCH (s:{label} {{id: wanted}}) OPTIONAL MATCH " + \
            subject.replace(f"(s:{label})", "(s)")
    else:
        start = f"MATCH {subject}"
    return f"""WITH $l0 AS l0, $l1 AS l1, $l2 AS l2
{start}-[a:ABOUT]->(sub:Issue)
WITH s.id AS sid, x.id AS xid, x.date AS d, sub.id AS iid, {_level(['x', 'l', 'a'])} AS lvl
WHERE xid IS NOT NULL AND lvl < 3
RETURN sid, xid, d, iid, lvl"""


def _paths() -> str:
    return f"""WITH $l0 AS l0, $l1 AS l1, $l2 AS l2
MATCH p = (sub:Issue)-{{{{part_of_0_5}}}}->(top:Issue)
WITH sub.id AS iid, top.id AS tid, {_path_level()} AS pl
RETURN iid, tid, min(pl) AS pl"""


def events_from_links(links: pd.DataFrame, paths: pd.DataFrame) -> pd.DataFrame:
    """:func:`ingest.engagement_bulk.engagement_events`' rows (sid, tid, xid, d, lvl: one per subject,
    issue and interaction, at its lowest level over its routes) from the links read with Cypher.

    ``links``: sid, xid, d (date), iid, lvl; ``paths``: iid (an issue), tid (it or an issue above
    it), pl (the path's level). Pure pandas, no store: the rules are testable by hand.

    >>> links = pd.DataFrame({"sid": ["c", "c", "c"], "xid": ["x1", "x1", "x2"], "iid": ["a", "b", "a"],
    ...                       "d": pd.to_datetime(["2025-01-10", "2025-01-10", "2025-03-01"]), "lvl": [0, 0, 2]})
    >>> paths = pd.DataFrame({"iid": ["a", "b"], "tid": ["t", "t"], "pl": [0, 0]})
    >>> ev = events_from_links(links, paths)
    >>> ev[["sid", "tid", "lvl"]].values.tolist(), ev["d"].astype(str).tolist()
    ([['c', 't', 0], ['c', 't', 2]], ['2025-01-10', '2025-03-01'])
    """
    if links.empty or paths.empty:
        return pd.DataFrame({"sid": [], "tid": [], "xid": [], "d": pd.Series(dtype="datetime64[us]"), "lvl": []})
    xid, _ = pd.factorize(links["xid"])
    rows = pd.DataFrame({"sid": links["sid"].to_numpy(), "xid": xid, "iid": links["iid"].to_numpy(),
                         "lvl": links["lvl"].to_numpy(), "d": pd.to_datetime(links["d"]).to_numpy()})
    rows = rows.merge(pd.DataFrame({"iid": paths["iid"].to_numpy(), "tid": paths["tid"].to_numpy(),
                                    "pl": paths["pl"].to_numpy()}), on="iid")
    rows["lvl"] = rows[["lvl", "pl"]].max(axis=1)
    rows = rows[rows["lvl"] < len(LEVELS)]
    # an interaction counts once per subject and issue, at its lowest level over its routes
    return rows.groupby(["sid", "tid", "xid"], sort=True).agg(d=("d", "first"), lvl=("lvl", "min")).reset_index()


def compute_history(store: Store, label: str, ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The ENGAGED_ON rows (counts, latest dates and their history) of every ``label`` subject (or of
    ``ids`` only), from their links read with Cypher: the few-subjects and Neo4j way."""
    levels = _levels()
    links_q = dialect.render(_links(label, some=ids is not None), store.engine)
    params = {**levels, **({"ids": sorted(set(ids))} if ids is not None else {})}
    links = store.query_df(links_q, params)  # millions of rows at the benchmark scale: a frame, not dicts
    links = links.reindex(columns=["sid", "xid", "d", "iid", "lvl"])
    paths = pd.DataFrame(store.query(dialect.render(_paths(), store.engine), levels), columns=["iid", "tid", "pl"])
    paths = paths[paths["pl"] < len(LEVELS)]
    return engaged_on(events_from_links(links, paths), engagement.SOURCE)


def refresh_history(store: Store, *, contacts: Iterable[str] | None = None,
                    organizations: Iterable[str] | None = None,
                    events: dict[str, pd.DataFrame] | None = None) -> int:
    """Write ENGAGED_ON's history: everything (the default), or only for ``contacts`` / ``organizations``.

    Returns the number of relationships written. On the embedded store everything is ENGAGED_ON
    rebuilt whole (the history comes with it: one grouped pass, one COPY; ``events``, if the caller has
    them). Otherwise the history is computed from the subjects' links and set on their ENGAGED_ON
    relationships, which must be current (:func:`ingest.engagement.refresh_engagement` or
    :func:`ingest.engagement.engagement_statements` first): after a logged interaction, a merge of
    duplicates, and after Neo4j's rebuild of ENGAGED_ON.
    """
    everything = contacts is None and organizations is None
    contacts = None if contacts is None else sorted(set(contacts))
    organizations = None if organizations is None else sorted(set(organizations))
    # the marks this write settles, read before the history is computed: a mark set after this read (another
    # writer's transaction) has another token and stays for that writer's own history write
    marks = pending(store) if everything else pending(store, contacts=contacts or (), organizations=organizations or ())
    if everything and store.copies_in_bulk:
        engagement.refresh_engagement(store, events=events)
        _settle(store, marks)
        return engagement.count_engagement(store)
    scope = {"scope": "all"} if everything else {
        "scope": "some", "contacts": len(set(contacts or ())), "organizations": len(set(organizations or ()))}
    statements: list[tuple[str, dict[str, Any]]] = []
    written = 0
    for label, ids in ((m.C, contacts), (m.O, organizations)):
        if not (everything or ids):
            continue
        frame = compute_history(store, label, None if everything else ids)
        written += len(frame)
        statements += _set_history(label, frame)
    if marks:
        statements.append(_unmark(marks))  # in the history's own transaction
    if statements:
        store.write(statements, audit=au.Change("refresh-engagement-history", REL, None, scope))
    return written


def pending(store: Store, *, contacts: Iterable[str] | None = None,
            organizations: Iterable[str] | None = None) -> dict[str, str]:
    """The pending marks (key -> token) of these subjects; every mark (the one for everyone too) if none are
    named. A lookup by key or a scan of the bookkeeping nodes: never of ENGAGED_ON."""
    if contacts is None and organizations is None:
        rows = store.query(f"MATCH (v:{m.META_LABEL}) WHERE v.key STARTS WITH $prefix "
                           "RETURN v.key AS key, v.value AS value", {"prefix": engagement.PENDING})
    else:
        keys = [engagement.pending_key(m.C, c) for c in sorted(set(contacts or ()))] + \
            [engagement.pending_key(m.O, o) for o in sorted(set(organizations or ()))]
        if not keys:
            return {}
        rows = store.query(f"UNWIND $keys AS k MATCH (v:{m.META_LABEL} {{key: k}}) "
                           "RETURN v.key AS key, v.value AS value", {"keys": keys})
    return {r["key"]: r["value"] for r in rows}


def _settle(store: Store, marks: dict[str, str]) -> None:
    """Remove marks after a whole rebuild that wrote the history in its own (audited) transaction."""
    if marks:
        with store.transaction() as tx:  # bookkeeping only, as a restore's mark: no audit entry, no data version
            tx.run(*_unmark(marks))


def _unmark(marks: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """Remove the marks as they were read (key and token): not one another transaction has set again since."""
    rows = [{"key": k, "value": v} for k, v in sorted(marks.items())]
    return (f"UNWIND $marks AS mk MATCH (v:{m.META_LABEL} {{key: mk.key}}) WHERE v.value = mk.value DELETE v",
            {"marks": rows})


def _set_history(label: str, frame: pd.DataFrame) -> list[tuple[str, dict[str, Any]]]:
    """``UNWIND $rows`` statements setting the history of ``frame``'s relationships (NULL where a level has
    none: a history the subject had before goes)."""
    import pyarrow as pa

    if frame.empty:
        return []
    plain = {c: pa.array(frame[c].array).to_pylist() for c in HISTORY}  # NULL as None
    plain |= {c: frame[c].tolist() for c in ("from_id", "to_id")}
    out = []
    for start in range(0, len(frame), SET_BATCH):
        rows = [dict(zip(plain, values)) for values in zip(*(v[start:start + SET_BATCH] for v in plain.values()))]
        # a column that is NULL in every row is written as a literal NULL: Ladybug cannot type a column of NULLs
        sets = ", ".join(f"e.{c} = NULL" if all(r[c] is None for r in rows) else f"e.{c} = row.{c}" for c in HISTORY)
        out.append((f"UNWIND $rows AS row MATCH (s:{label} {{id: row.from_id}})-[e:{REL}]->(t:Issue) "
                    f"WHERE t.id = row.to_id SET {sets}", {"rows": rows}))
    return out


def ensure_history(store: Store) -> bool:
    """Make every ENGAGED_ON's history current, reading only the store's bookkeeping facts when it is.

    Once per store (no ``engagement_history`` fact yet): a database made before the history text is
    upgraded (the daily ENGAGED_AS_OF relationships dropped, Ladybug: their table; the history written
    if any ENGAGED_ON lacks it; the embedded store added the columns when it opened), then the fact is
    set. Every time: the subjects a crash left marked as pending get their history (exactly those).

    Called where the CLI and the dashboard open a store for writing; True if it wrote history.
    """
    facts = {r["key"]: r["value"] for r in store.query(
        f"MATCH (v:{m.META_LABEL}) WHERE v.key = $done OR v.key STARTS WITH $prefix "
        "RETURN v.key AS key, v.value AS value", {"done": DONE_KEY, "prefix": engagement.PENDING})}
    if facts.pop(DONE_KEY, None) != HISTORY_VERSION:
        wrote = _upgrade(store)
        with store.transaction() as tx:  # bookkeeping, as _settle: no audit entry, no new data version
            tx.run(f"MERGE (v:{m.META_LABEL} {{key: $key}}) SET v.value = $value",
                   {"key": DONE_KEY, "value": HISTORY_VERSION})
        if wrote:
            return True  # everyone's history, so every mark read before it was settled too
    if not facts:
        return False
    subjects: dict[str, list[str]] = {m.C: [], m.O: []}
    for key in facts:
        label, _, sid = key[len(engagement.PENDING):].partition(":")
        if label == engagement.EVERY_SUBJECT:
            refresh_history(store)
            return True
        if label in subjects:
            subjects[label].append(sid)
    refresh_history(store, contacts=subjects[m.C], organizations=subjects[m.O])
    return True


def _upgrade(store: Store) -> bool:
    """The check of a store not yet known to have the history: one scan of ENGAGED_ON, once."""
    _drop_retired(store)
    lacking = store.query(f"MATCH ()-[e:{REL}]->() WHERE e.days_public IS NULL AND e.days_internal IS NULL "
                          "AND e.days_confidential IS NULL RETURN count(e) AS n")[0]["n"]
    if not lacking:
        return False  # every ENGAGED_ON has at least one level with a count, so at least one history
    if not store.copies_in_bulk:
        engagement.refresh_engagement(store)
    refresh_history(store)
    return True


def _drop_retired(store: Store) -> None:
    if store.engine == dialect.LADYBUG:
        tables = {r["name"] for r in store.query("CALL show_tables() RETURN name")}
        if RETIRED in tables:
            store.write([(f"DROP TABLE {RETIRED}", {})],
                        audit=au.Change("drop-engagement-history", RETIRED, None, {"replaced_by": f"{REL} history"}))
        return
    while True:  # Neo4j: in bounded transactions (millions of relationships at the benchmark scale)
        rows = store.query(f"MATCH ()-[e:{RETIRED}]->() RETURN count(e) AS n")
        if not rows or not rows[0]["n"]:
            return
        store.write([(f"MATCH ()-[e:{RETIRED}]->() WITH e LIMIT 100000 DELETE e", {})],
                    audit=au.Change("drop-engagement-history", RETIRED, None, {"replaced_by": f"{REL} history"}))


def refresh_after_import(store: Store, report: Any) -> bool:
    """Rebuild ENGAGED_ON and its history if the import created or updated anything they are computed from.

    On the embedded store both come from one read of the edge lists and one grouped pass
    (ingest/engagement_bulk.py), written with one COPY per subject label; Neo4j rebuilds the
    counts through Cypher and then sets the history.
    """
    if not any(t.table in engagement.SOURCE_TABLES and (t.created or t.updated) for t in report.tables):
        return False
    if store.copies_in_bulk:
        marks = pending(store)
        store.release_memory()  # what the engine kept of the rows just written (GBs at benchmark size)
        engagement.refresh_engagement(store, events=engagement_events(store))
        _settle(store, marks)
        return True
    engagement.refresh_engagement(store)
    refresh_history(store)
    return True

