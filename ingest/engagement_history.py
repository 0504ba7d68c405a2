"""Engagement as it stood on any past date: ENGAGED_AS_OF, derived beside ENGAGED_ON, never imported.

engagement_as_of ("who was engaged on this issue on 1 March 2025") used to count the
interactions themselves: 1.4 M participations for transportation at the benchmark scale,
seconds per call. ENGAGED_AS_OF keeps ENGAGED_ON's counts as they stood after each day a
subject dealt with an issue (or an issue below it): per confidentiality level, the number
of distinct interactions up to and including ``valid_from`` and the latest one's date,
valid until the subject's next such day (``valid_until``, exclusive; NULL: still). On
any date exactly one of a subject's relationships to an issue holds, so the query reads
one relationship per subject and no interaction.

Why days, not months: a month's aggregate answers a date inside the month only with the
raw interactions of that month beside it, one more read to combine per subject. At the
benchmark scale a subject deals with an issue on few days a month, so the days are barely
more rows than the months (5.9 M against 4.5 M relationships) and each answer is exact.

The levels are ENGAGED_ON's (ingest/engagement.py): an interaction counts for a subject and
an issue at the highest level of the interaction, the participation (or INVOLVES link), the
ABOUT link and the issue path, once, at its lowest level over several routes. The counts
per level are summed only for the levels a viewer may see, so nothing leaks through them.

Computed in pandas from one read of the links (:func:`history_frame`), written with the
engine's bulk path (Ladybug COPY, Neo4j batched UNWIND). :func:`refresh_history` is a
call of its own beside :func:`ingest.engagement.refresh_engagement`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from graph import audit as au
from graph import dialect
from graph import model as m
from graph.store import Store
from ingest import engagement
from ingest.engagement import LEVELS, _SUBJECTS, _level, _levels, _path_level
from ingest.engagement_bulk import engagement_events

REL = "ENGAGED_AS_OF"
SOURCE = "derived: ingest/engagement_history.py"
COLUMNS = [p.name for p in m.REL_BY_TYPE[REL].all_props]
assert m.REL_BY_TYPE[REL].derived


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


def history_frame(links: pd.DataFrame, paths: pd.DataFrame) -> pd.DataFrame:
    """ENGAGED_AS_OF rows (``from_id``, ``to_id`` and the model's properties) from the links.

    ``links``: sid, xid, d (date), iid, lvl; ``paths``: iid (an issue), tid (it or an issue above
    it), pl (the path's level). Dates come back as datetime64 (NaT: none). Pure pandas, no store:
    the rules are testable by hand.

    >>> links = pd.DataFrame({"sid": ["c", "c", "c"], "xid": ["x1", "x1", "x2"], "iid": ["a", "b", "a"],
    ...                       "d": pd.to_datetime(["2025-01-10", "2025-01-10", "2025-03-01"]), "lvl": [0, 0, 2]})
    >>> paths = pd.DataFrame({"iid": ["a", "b"], "tid": ["t", "t"], "pl": [0, 0]})
    >>> h = history_frame(links, paths)
    >>> h[["valid_from", "valid_until", "n_public", "n_confidential", "confidentiality"]].astype(str).values.tolist()
    [['2025-01-10', '2025-03-01', '1', '0', 'public'], ['2025-03-01', 'NaT', '1', '1', 'public']]
    """
    if links.empty or paths.empty:
        return _no_history()
    # integer codes: millions of rows at the benchmark scale, strings only for the rows written
    sid, sids = pd.factorize(links["sid"])
    xid, _ = pd.factorize(links["xid"])
    tid, tids = pd.factorize(paths["tid"])
    rows = pd.DataFrame({"sid": sid, "xid": xid, "iid": links["iid"].to_numpy(), "lvl": links["lvl"].to_numpy(),
                         "d": pd.to_datetime(links["d"]).to_numpy()})
    rows = rows.merge(pd.DataFrame({"iid": paths["iid"].to_numpy(), "tid": tid, "pl": paths["pl"].to_numpy()}),
                      on="iid")
    rows["lvl"] = rows[["lvl", "pl"]].max(axis=1)
    rows = rows[rows["lvl"] < len(LEVELS)]
    # an interaction counts once per subject and issue, at its lowest level over its routes
    per = rows.groupby(["sid", "tid", "xid"], sort=False).agg(d=("d", "first"), lvl=("lvl", "min")).reset_index()
    return _history(per, np.asarray(sids, dtype=object), np.asarray(tids, dtype=object))


def history_from_events(events: pd.DataFrame) -> pd.DataFrame:
    """ENGAGED_AS_OF rows from :func:`ingest.engagement_bulk.engagement_events`' rows (one per subject,
    issue and interaction, at its level already): the same grouped frame ENGAGED_ON is made of, so an
    import reads the links once for both (issue 21).

    >>> ev = pd.DataFrame({"sid": ["c", "c"], "tid": ["t", "t"], "xid": ["x1", "x2"], "lvl": [0, 2],
    ...                    "d": pd.to_datetime(["2025-01-10", "2025-03-01"])})
    >>> history_from_events(ev)[["id", "n_public", "n_confidential"]].values.tolist()
    [['ENGAGED_AS_OF:c>t@2025-01-10', 1, 0], ['ENGAGED_AS_OF:c>t@2025-03-01', 1, 1]]
    """
    if events.empty:
        return _no_history()
    sid, sids = pd.factorize(events["sid"])
    tid, tids = pd.factorize(events["tid"])
    per = pd.DataFrame({"sid": sid, "tid": tid, "d": pd.to_datetime(events["d"]).to_numpy(),
                        "lvl": events["lvl"].to_numpy()})
    return _history(per, np.asarray(sids, dtype=object), np.asarray(tids, dtype=object))


def _no_history() -> pd.DataFrame:
    return pd.DataFrame(columns=["from_id", "to_id", *COLUMNS])


def _history(per: pd.DataFrame, sids: np.ndarray, tids: np.ndarray) -> pd.DataFrame:
    """The rows from one row per (sid, tid, interaction) with its date ``d`` and level ``lvl`` (integer
    codes into ``sids`` and ``tids``)."""
    days = (per.groupby(["sid", "tid", "d", "lvl"]).size().unstack("lvl", fill_value=0)
            .reindex(columns=range(len(LEVELS)), fill_value=0).reset_index())  # sorted by sid, tid, d
    pair = days.groupby(["sid", "tid"], sort=False)
    out = pd.DataFrame({"from_id": sids[days["sid"].to_numpy()], "to_id": tids[days["tid"].to_numpy()],
                        "valid_from": days["d"], "valid_until": pair["d"].shift(-1)})
    lowest = pd.Series(None, index=days.index, dtype=object)
    for rank, level in reversed(list(enumerate(LEVELS))):
        out[f"n_{level}"] = pair[rank].cumsum()
        out[f"last_{level}"] = days["d"].where(days[rank] > 0).groupby([days["sid"], days["tid"]], sort=False).ffill()
        lowest = lowest.mask(out[f"n_{level}"] > 0, level)
    out["confidentiality"] = lowest
    out["source"] = SOURCE
    day = np.datetime_as_string(out["valid_from"].to_numpy("datetime64[D]"), unit="D")  # strftime: 10x slower
    out["id"] = REL + ":" + out["from_id"] + ">" + out["to_id"] + "@" + day.astype(object)
    return out[["from_id", "to_id", *COLUMNS]]


def _as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """datetime64 columns as ``datetime.date`` or None: what a driver sends as a Cypher date."""
    out = frame.copy()
    for col in ("valid_from", "valid_until", *(f"last_{lv}" for lv in LEVELS)):
        # a column with no date at all (every valid_until empty) comes as objects: typed first
        out[col] = pd.to_datetime(out[col]).dt.date.astype(object).where(out[col].notna(), None)
    return out


def compute_history(store: Store, label: str, ids: Iterable[str] | None = None) -> pd.DataFrame:
    """The ENGAGED_AS_OF rows of every ``label`` subject (or of ``ids`` only), read from the store."""
    levels = _levels()
    links_q = dialect.render(_links(label, some=ids is not None), store.engine)
    params = {**levels, **({"ids": sorted(set(ids))} if ids is not None else {})}
    links = store.query_df(links_q, params)  # millions of rows at the benchmark scale: a frame, not dicts
    links = links.reindex(columns=["sid", "xid", "d", "iid", "lvl"])
    paths = pd.DataFrame(store.query(dialect.render(_paths(), store.engine), levels), columns=["iid", "tid", "pl"])
    paths = paths[paths["pl"] < len(LEVELS)]
    return history_frame(links, paths)


def refresh_history(store: Store, *, contacts: Iterable[str] | None = None,
                    organizations: Iterable[str] | None = None,
                    events: dict[str, pd.DataFrame] | None = None) -> int:
    """Rebuild ENGAGED_AS_OF: everything (the default), or only for ``contacts`` / ``organizations``.

    Returns the number of relationships written. Call it where ENGAGED_ON is refreshed
    (after an import, a logged interaction, a merge of duplicates). The whole table, on the
    embedded store, comes from :func:`ingest.engagement_bulk.engagement_events` (``events``
    when the caller has them already: the import computes them once for ENGAGED_ON and this;
    they are consumed, each label's frame dropped once its history is written); a few
    subjects, and Neo4j, read their links with one query per label.
    """
    everything = contacts is None and organizations is None
    scope = {"scope": "all"} if everything else {
        "scope": "some", "contacts": len(set(contacts or ())), "organizations": len(set(organizations or ()))}
    if everything and store.copies_in_bulk:
        events = engagement_events(store) if events is None else events
        store.write(_empty_table(store), audit=au.Change("refresh-engagement-history", REL, None, scope))
        written = 0
        for label in (m.C, m.O):
            frame = history_from_events(events.pop(label))
            written += len(frame)
            _copy_in_parts(store, label, frame)
            del frame
        return written
    frames = {}
    for label, ids in ((m.C, contacts), (m.O, organizations)):
        if everything or ids:
            frames[label] = compute_history(store, label, None if everything else ids)
    if everything:
        deletes = _empty_table(store) or [(f"MATCH ()-[e:{REL}]->() DELETE e", {})]
    else:
        deletes = []
    for label, ids in ((m.C, contacts), (m.O, organizations)):
        if ids and not everything:
            deletes.append((f"UNWIND $ids AS sid MATCH (s:{label} {{id: sid}})-[e:{REL}]->(:Issue) DELETE e",
                            {"ids": sorted(set(ids))}))
    if deletes:
        store.write(deletes, audit=au.Change("refresh-engagement-history", REL, None, scope))
    written = 0
    for label, frame in frames.items():
        # Ladybug's COPY takes the datetime64 columns as they are (typed through Arrow)
        store.bulk_create_rels(REL, label, m.I, frame if store.engine == dialect.LADYBUG else _as_dates(frame))
        written += len(frame)
    return written


# rows per COPY of the whole history: the engine holds about 1.2 KB a row of a COPY until the database
# is reopened (measured on a 10 % sample of the benchmark region), and the history has 6 M rows there;
# each further COPY into the table costs a little more (its adjacency rewritten), so not much smaller
COPY_ROWS = 1_500_000


def _copy_in_parts(store: Store, label: str, frame: pd.DataFrame) -> None:
    """COPY ``frame`` (sorted by subject) in parts of at most :data:`COPY_ROWS`, reopening the database
    between them to give back what it held (Store.release_memory)."""
    for start in range(0, len(frame), COPY_ROWS):
        store.bulk_create_rels(REL, label, m.I, frame.iloc[start:start + COPY_ROWS])
        store.release_memory()


def _empty_table(store: Store) -> list[tuple[str, dict]]:
    """Ladybug: drop and create the table again (deleting 180,000 relationships one by one took 77 s
    on the demo region); Neo4j deletes them (``[]`` here)."""
    if store.engine != dialect.LADYBUG:
        return []
    create = next(s for s in dialect.ladybug_schema() if s.startswith(f"CREATE REL TABLE IF NOT EXISTS {REL}("))
    return [(f"DROP TABLE IF EXISTS {REL}", {}), (create, {})]


def ensure_history(store: Store) -> bool:
    """Build ENGAGED_AS_OF once in a database made before it existed (ENGAGED_ON there, no history).

    Called where the CLI and the dashboard open a store for writing; True if it built it.
    """
    if store.query(f"MATCH ()-[e:{REL}]->() RETURN count(e) AS n")[0]["n"]:
        return False
    if not store.query("MATCH ()-[e:ENGAGED_ON]->() RETURN count(e) AS n")[0]["n"]:
        return False  # nothing engaged yet: the first import builds both
    refresh_history(store)
    return True


def refresh_after_import(store: Store, report: Any) -> bool:
    """Rebuild ENGAGED_ON and its daily history (ENGAGED_AS_OF, below) if the
    import created or updated anything they are computed from.

    On the embedded store both come from one read of the edge lists and one grouped pass
    (ingest/engagement_bulk.py), ENGAGED_ON written with one COPY, the history in a few; Neo4j
    rebuilds them its own way.
    """
    if not any(t.table in engagement.SOURCE_TABLES and (t.created or t.updated) for t in report.tables):
        return False
    events = None
    if store.copies_in_bulk:
        store.release_memory()  # what the engine kept of the rows just written (GBs at benchmark size)
        events = engagement_events(store)
    engagement.refresh_engagement(store, events=events)
    refresh_history(store, events=events)
    return True
