"""Pre-aggregated engagement: ENGAGED_ON (Contact or Organization -> Issue), derived, never imported.

"Partners for an issue" used to count every participant's interactions about an
issue and its sub-issues on each call: 40,000 people for a busy issue at the
benchmark scale, seconds per call. ENGAGED_ON holds those counts, maintained here:

* :func:`refresh_engagement` rebuilds them in bulk after an import that touched
  interactions, participants, issues or their links (``ingest/pipeline.py`` calls
  :func:`ingest.engagement_history.refresh_after_import`), or for a few people / organizations only;
* :func:`engagement_statements` gives the statements that update the pairs one
  logged interaction touches, run in the same transaction as the interaction
  (``ingest/interactions.py``).

Confidentiality never leaks through a count. An interaction's level for a subject
and an issue is the highest of the interaction's, the participation's (or the
INVOLVES link's), the ABOUT link's and those of the issues on the path up to the
issue; over several routes (an interaction about transit and roads, both under
transportation) it counts once, at its lowest level. ENGAGED_ON keeps, per level,
the number of distinct interactions and the latest date, and their history (the days and
the running count on each: ingest/engagement_history.py, written with the counts by the bulk
rebuild, set after the Cypher here for a few subjects); a viewer sums the levels it may see. A record whose level is unknown (no confidentiality) is never counted,
as a query filtering ``IN $visible`` would never show it.

Counts written here through Cypher leave the history to be written after their transaction, so the
transaction also marks those subjects' history as pending (:func:`history_pending`: a small fact on
the store's bookkeeping node, CivicGraphMeta); the history write removes the marks, and a mark a crash
left behind is what :func:`ingest.engagement_history.ensure_history` repairs when the store is next
opened for writing, without scanning ENGAGED_ON.

Only portable Cypher (both engines); labels and types come from graph.model.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from graph import audit as au
from graph import dialect
from graph import model as m
from graph.store import Store

REL = "ENGAGED_ON"
LEVELS = [c.value for c in m.Confidentiality]  # public, internal, confidential
# import tables whose changes move the counts (formats.TableSpec names)
SOURCE_TABLES = frozenset({"interactions", "participants", "issues"})
SOURCE = "derived: ingest/engagement.py"
# CivicGraphMeta keys marking a subject whose ENGAGED_ON counts were written but whose history is not yet:
# PENDING + "Contact:c-1", or PENDING + EVERY_SUBJECT after a whole rebuild through Cypher (Neo4j)
PENDING = "engagement-history-pending:"
EVERY_SUBJECT = "*"

# (subject label, the pattern from the subject to the interaction x)
_SUBJECTS = {
    m.C: "(s:Contact)-[l:PARTICIPATED_IN]->(x:Interaction)",
    m.O: "(s:Organization)<-[l:INVOLVES]-(x:Interaction)",
}
assert m.REL_BY_TYPE[REL].derived


def _level(names: list[str], bound: str = "") -> str:
    """CASE giving the highest level of the ``names``' confidentiality (0..2, 3 = unknown)."""
    whens = []
    for rank in range(len(LEVELS)):
        cond = " AND ".join(f"{n}.confidentiality IN l{rank}" for n in names)
        if bound:
            cond += f" AND {bound} <= {rank}"
        whens.append(f"WHEN {cond} THEN {rank}")
    return "CASE " + " ".join(whens) + " ELSE 3 END"


def _path_level() -> str:
    whens = " ".join(
        f"WHEN all(r IN {{{{rels:p}}}} WHERE r.confidentiality IN l{rank}) "
        f"AND all(n IN {{{{nodes:p}}}} WHERE n.confidentiality IN l{rank}) THEN {rank}"
        for rank in range(len(LEVELS)))
    return f"CASE {whens} ELSE 3 END"


def _create(label: str, *, some: bool) -> str:
    """Create the ENGAGED_ON of every subject (or of ``$ids`` only) to the issues ``$tops``."""
    subject = _SUBJECTS[label]
    counts = ", ".join(f"count(CASE WHEN lvl = {r} THEN 1 END) AS n{r}" for r in range(len(LEVELS)))
    lasts = ", ".join(f"max(CASE WHEN lvl = {r} THEN d END) AS d{r}" for r in range(len(LEVELS)))
    props = ", ".join([f"n_{lv}: n{r}" for r, lv in enumerate(LEVELS)]
                      + [f"last_{lv}: d{r}" for r, lv in enumerate(LEVELS)])
    lowest = " ".join(f"WHEN n{r} > 0 THEN '{lv}'" for r, lv in enumerate(LEVELS))
    # the levels go through WITH: Ladybug takes no $parameter inside all(... WHERE ...)
    if some:
        # a few subjects: expand from each (a bound node, OPTIONAL MATCH) to its interactions and
        # their issues, then up the issue tree; matching from the issues would scan every interaction
        pairs = f"""
WITH $l0 AS l0, $l1 AS l1, $l2 AS l2
UNWIND $ids AS wanted
MATCH (s:{label} {{id: wanted}})
OPTIONAL MATCH {subject.replace(f'(s:{label})', '(s)')}-[a:ABOUT]->(sub:Issue)
WITH l0, l1, l2, s.id AS sid, x.id AS xid, x.date AS d, sub, {_level(['x', 'l', 'a'])} AS xl
WHERE xid IS NOT NULL AND xl < 3
MATCH p = (sub)-{{{{part_of_0_5}}}}->(top:Issue)
WHERE top.id IN $tops
WITH sid, top.id AS tid, xid, d, xl, {_path_level()} AS pl
WITH sid, tid, xid, d, CASE WHEN pl > xl THEN pl ELSE xl END AS lvl
"""
    else:
        pairs = f"""
WITH $l0 AS l0, $l1 AS l1, $l2 AS l2
MATCH p = (sub:Issue)-{{{{part_of_0_5}}}}->(top:Issue)
WHERE top.id IN $tops
WITH l0, l1, l2, sub, top.id AS tid, {_path_level()} AS pl
WITH l0, l1, l2, sub, tid, min(pl) AS pl
WHERE pl < 3
MATCH {subject}-[a:ABOUT]->(sub)
WITH s.id AS sid, tid, x.id AS xid, x.date AS d, {_level(['x', 'l', 'a'], 'pl')} AS lvl
"""
    return pairs + f"""WITH sid, tid, xid, d, min(lvl) AS lvl
WHERE lvl < 3
WITH sid, tid, {counts}, {lasts}
MATCH (s:{label} {{id: sid}})
MATCH (t:Issue {{id: tid}})
CREATE (s)-[:{REL} {{id: '{REL}:' + sid + '>' + tid, confidentiality: CASE {lowest} END,
        source: '{SOURCE}', {props}}}]->(t)
"""


def _delete(label: str | None, *, some: bool) -> str:
    if label is None:
        return f"MATCH ()-[e:{REL}]->() DELETE e"
    who = f"UNWIND $ids AS sid MATCH (s:{label} {{id: sid}})" if some else f"MATCH (s:{label})"
    return f"{who}-[e:{REL}]->(t:Issue) WHERE t.id IN $tops DELETE e"


def _levels() -> dict[str, list[str]]:
    return {f"l{r}": LEVELS[: r + 1] for r in range(len(LEVELS))}


def issue_tops(store: Store, issues: Iterable[str] | None = None) -> list[str]:
    """The issues whose counts ``issues`` feed: each of them and every issue above it (all if None)."""
    rows = store.query("MATCH (i:Issue) OPTIONAL MATCH (i)-[:PART_OF]->(p:Issue) RETURN i.id AS id, p.id AS parent")
    parents: dict[str, set[str]] = {}
    for r in rows:
        parents.setdefault(r["id"], set())
        if r["parent"]:
            parents[r["id"]].add(r["parent"])
    if issues is None:
        return sorted(parents)
    out: set[str] = set()
    todo = [i for i in issues if i in parents]
    depth = 0
    while todo and depth <= 5:  # the same depth the queries follow (part_of_0_5)
        out.update(todo)
        todo = [p for i in todo for p in parents.get(i, ()) if p not in out]
        depth += 1
    return sorted(out)


def pending_key(label: str, subject_id: str) -> str:
    """The bookkeeping key marking ``subject_id``'s history as pending.

    >>> pending_key("Contact", "c-1")
    'engagement-history-pending:Contact:c-1'
    """
    return f"{PENDING}{label}:{subject_id}"


def history_pending(*, contacts: Iterable[str] = (), organizations: Iterable[str] = (),
                    everything: bool = False) -> tuple[str, dict[str, Any]]:
    """The statement marking these subjects' history (or everyone's) as pending, for the transaction that
    writes their counts. Each mark holds a new token: a history write removes only the marks it read before
    it computed (ingest/engagement_history.py), never one a later transaction set meanwhile."""
    if everything:
        keys = [PENDING + EVERY_SUBJECT]
    else:
        keys = [pending_key(m.C, c) for c in sorted(set(contacts))] + \
            [pending_key(m.O, o) for o in sorted(set(organizations))]
    return (f"UNWIND $keys AS k MERGE (v:{m.META_LABEL} {{key: k}}) SET v.value = $token",
            {"keys": keys, "token": uuid.uuid4().hex})


def engagement_statements(store: Store, *, contacts: Iterable[str] = (), organizations: Iterable[str] = (),
                          issues: Iterable[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
    """Statements recomputing ENGAGED_ON for these subjects and the issues above ``issues`` (all if None).

    Run them in the transaction that changed the interactions (after its writes), so the
    counts are never out of step with the records after a crash. The last statement marks the
    subjects' history as pending (:func:`history_pending`): write it after the transaction with
    :func:`ingest.engagement_history.refresh_history`, which removes the marks.
    """
    tops = issue_tops(store, issues)
    out: list[tuple[str, dict[str, Any]]] = []
    if not tops:
        return out
    subjects = {m.C: sorted(set(contacts)), m.O: sorted(set(organizations))}
    for label, ids in subjects.items():
        if not ids:
            continue
        params = {"ids": ids, "tops": tops}
        out.append((_delete(label, some=True), params))
        out.append((dialect.render(_create(label, some=True), store.engine), {**params, **_levels()}))
    if out:
        out.append(history_pending(contacts=subjects[m.C], organizations=subjects[m.O]))
    return out


def refresh_engagement(store: Store, *, contacts: Iterable[str] | None = None,
                       organizations: Iterable[str] | None = None, events: dict[str, Any] | None = None) -> int:
    """Rebuild ENGAGED_ON: everything (the default), or only for ``contacts`` / ``organizations``.

    Returns the number of ENGAGED_ON relationships afterwards (of those subjects). One
    transaction: readers see the old counts or the new ones, never a half-built table.
    Call it after anything that moves interactions between people (a merge of duplicates).
    ``events``: :func:`ingest.engagement_bulk.engagement_events` of the store, if the caller has them.
    """
    if contacts is None and organizations is None and not store.copies_in_bulk:
        rebuild_by_queries(store)  # Neo4j: inside the database, as before
        return count_engagement(store)
    if contacts is None and organizations is None:
        # one grouped pass over the edge lists and one bulk write (ingest/engagement_bulk.py)
        from ingest.engagement_bulk import engaged_on, engagement_events

        events = engagement_events(store) if events is None else events
        parts = [(label, m.I, engaged_on(ev, SOURCE)) for label, ev in events.items()]
        scope: dict[str, Any] = {"scope": "all", "issues": len(issue_tops(store))}
        store.replace_rels(REL, parts, audit=au.Change("refresh-engagement", REL, None, scope))
        return count_engagement(store)
    else:
        statements = engagement_statements(store, contacts=contacts or (), organizations=organizations or ())
        scope = {"scope": "some", "contacts": len(set(contacts or ())),
                 "organizations": len(set(organizations or ()))}
    if statements:
        store.write(statements, audit=au.Change("refresh-engagement", REL, None, scope))
    return count_engagement(store, contacts=contacts, organizations=organizations)


def rebuild_by_queries(store: Store) -> None:
    """The full rebuild through Cypher, one issue at a time, in one transaction: Neo4j's way, and the
    reference the embedded store's bulk pass (ingest/engagement_bulk.py) is tested against."""
    tops = issue_tops(store)
    statements = [(_delete(None, some=False), {})]
    for top in tops:  # one issue at a time: bounded memory on the big region
        for label in _SUBJECTS:
            statements.append((dialect.render(_create(label, some=False), store.engine), {"tops": [top], **_levels()}))
    statements.append(history_pending(everything=True))  # the history comes after (refresh_history)
    store.write(statements, audit=au.Change("refresh-engagement", REL, None, {"scope": "all", "issues": len(tops)}))


def count_engagement(store: Store, *, contacts: Iterable[str] | None = None,
                     organizations: Iterable[str] | None = None) -> int:
    if contacts is None and organizations is None:
        return store.query(f"MATCH ()-[e:{REL}]->() RETURN count(e) AS n")[0]["n"]
    n = 0
    for label, ids in ((m.C, contacts), (m.O, organizations)):
        if ids:
            n += store.query(f"UNWIND $ids AS sid MATCH (s:{label} {{id: sid}})-[e:{REL}]->() RETURN count(e) AS n",
                             {"ids": sorted(set(ids))})[0]["n"]
    return n
