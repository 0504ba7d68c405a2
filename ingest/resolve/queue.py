"""The review queue: candidate duplicate pairs among the stored contacts, decided by a person.

``scan_duplicates`` resolves the stored contacts against themselves and queues
every pair at or above the review threshold as a ResolutionCandidate
(graph/dialect.py) with its score and evidence; with ``auto_merge`` the pairs
above the automatic threshold are merged at once (guard rails apply) and only
the rest is queued. ``pending_candidates`` lists what waits; ``decide`` merges
a pair (ingest/resolve/merge.py) or records that the two are different people,
so that a later scan does not ask again. The dashboard's Data page calls these
three functions.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from graph import audit as au
from graph import dialect
from graph.errors import InputError, NotFound
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest.engagement_history import refresh_history
from ingest.resolve import AUTO_THRESHOLD, MERGE, REVIEW, REVIEW_THRESHOLD, resolve_records
from ingest.resolve.merge import MergeError, merge_contacts, plan_merge
from ingest.resolve.store import stored_records

PENDING, MERGED, DISTINCT = "pending", "merged", "distinct"
DECISIONS = (MERGE, DISTINCT)
_LABEL = dialect.CANDIDATE_LABEL


def candidate_id(a: str, b: str) -> str:
    """The same id for a pair whichever way round it is found."""
    x, y = sorted((a, b))
    return "rc-" + hashlib.sha1(f"{x}\n{y}".encode()).hexdigest()[:12]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _candidates(store: Store, where: str = "", params: dict | None = None) -> list[dict[str, Any]]:
    ret = ", ".join(f"n.{f} AS {f}" for f in dialect.CANDIDATE_FIELDS)
    return store.query(f"MATCH (n:{_LABEL}) {where} RETURN {ret} ORDER BY n.score DESC, n.id", params or {})


def _richness(row) -> int:
    return sum(bool(str(v)) for k, v in row.items() if k not in ("offices", "organizations", "store_source"))


def scan_duplicates(store: Store, viewer: Viewer, *, auto_merge: bool = False,
                    auto_threshold: float = AUTO_THRESHOLD, review_threshold: float = REVIEW_THRESHOLD
                    ) -> dict[str, Any]:
    """Find likely duplicates among the stored contacts the viewer may see and queue them.

    Returns ``{"contacts", "queued", "already_decided", "merged": [merge ids], "pending"}``.
    A pair someone already decided is not asked again; a pending pair gets its new score.
    """
    viewer.require_write("scan for duplicates")
    records = stored_records(store, viewer)
    if len(records) < 2:
        return {"contacts": len(records), "queued": 0, "already_decided": 0, "merged": [], "pending": 0}
    res = resolve_records(records, auto_threshold=auto_threshold, review_threshold=review_threshold)
    decided = {r["id"]: r for r in _candidates(store, "WHERE n.status <> $pending", {"pending": PENDING})}
    ids = records["store_id"].tolist()
    merged: list[str] = []
    gone: dict[str, str] = {}  # duplicate -> the contact it was merged into
    if auto_merge:
        for c in res.clusters:
            if len(c.records) < 2:
                continue
            members = sorted(c.records, key=lambda r: (-_richness(records.iloc[r]), ids[r]))
            keep = ids[members[0]]
            for r in members[1:]:
                cid = candidate_id(keep, ids[r])
                if decided.get(cid, {}).get("status") == DISTINCT:
                    continue
                summary = merge_contacts(store, viewer, keep, ids[r],
                                         reason=f"duplicates scan: score {c.score:.4f}; " + "; ".join(c.evidence[:4]))
                merged.append(summary["merge_id"])
                gone[ids[r]] = keep
    rows, skipped = [], 0
    for q in res.pairs:
        if q.decision not in (MERGE, REVIEW) or q.score < review_threshold:
            continue
        a, b = ids[q.a], ids[q.b]
        if a in gone or b in gone:  # merged just now
            continue
        if _richness(records.iloc[q.b]) > _richness(records.iloc[q.a]):
            a, b = b, a  # the richer record first: deciding "merge" keeps it
        cid = candidate_id(a, b)
        if cid in decided:
            skipped += 1
            continue
        rows.append({"id": cid, "a_id": a, "b_id": b, "score": round(float(q.score), 6),
                     "evidence": json.dumps(q.evidence, ensure_ascii=False), "status": PENDING, "found_at": _now()})
    rows = list({r["id"]: r for r in rows}.values())
    if rows:
        sets = ", ".join(f"n.{f} = row.{f}" for f in ("a_id", "b_id", "score", "evidence", "found_at"))
        store.write([(f"UNWIND $rows AS row MERGE (n:{_LABEL} {{id: row.id}}) SET {sets}, "
                      f"n.status = $pending", {"rows": rows, "pending": PENDING})],
                    audit=au.Change("queue-candidates", _LABEL, None,
                                    {"count": len(rows), "ids": [r["id"] for r in rows][:50]}, viewer.user))
    return {"contacts": len(records), "queued": len(rows), "already_decided": skipped, "merged": merged,
            "pending": len(pending_candidates(store, viewer))}


def pending_candidates(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """Pairs waiting for a decision, most likely first, that the viewer may see both sides of:
    ``{"id", "a_id", "a_name", "b_id", "b_name", "score", "evidence": [...], "found_at"}``.
    Pairs whose contacts no longer both exist (merged meanwhile) are left out."""
    rows = _candidates(store, "WHERE n.status = $pending", {"pending": PENDING})
    ids = sorted({r["a_id"] for r in rows} | {r["b_id"] for r in rows})
    names = {r["id"]: r["name"] for r in read(
        store, viewer, "UNWIND $ids AS k MATCH (c:Contact {id: k}) WHERE c.confidentiality IN $visible "
        "RETURN c.id AS id, c.name AS name", ids=ids)}
    return [{"id": r["id"], "a_id": r["a_id"], "a_name": names[r["a_id"]], "b_id": r["b_id"],
             "b_name": names[r["b_id"]], "score": r["score"], "evidence": json.loads(r["evidence"] or "[]"),
             "found_at": r["found_at"]}
            for r in rows if r["a_id"] in names and r["b_id"] in names]


def candidates(store: Store, viewer: Viewer, *, status: str | None = None) -> list[dict[str, Any]]:
    """Every candidate (or those with ``status``), decided ones with who decided and when."""
    where, params = ("WHERE n.status = $status", {"status": status}) if status else ("", {})
    visible = {r["id"] for r in read(store, viewer, "MATCH (c:Contact) WHERE c.confidentiality IN $visible "
                                                     "RETURN c.id AS id")}
    return [dict(r, evidence=json.loads(r["evidence"] or "[]")) for r in _candidates(store, where, params)
            if r["a_id"] in visible or r["b_id"] in visible]


def decide(store: Store, viewer: Viewer, candidate_id: str, decision: str, *, reason: str = "") -> dict[str, Any]:
    """Decide a pending pair: ``"merge"`` merges b into a (undo with unmerge), ``"distinct"``
    records that they are two people. Editors and admins only; audited.
    Returns ``{"id", "status", "merge_id"}``."""
    viewer.require_write("decide on duplicates")
    if decision not in DECISIONS:
        raise InputError(f'the decision must be "merge" or "distinct", not "{decision}"')
    found = _candidates(store, "WHERE n.id = $id", {"id": candidate_id})
    if not found:
        raise NotFound(f'"{candidate_id}" is not a candidate id; "civicgraph duplicates list" shows them')
    cand = found[0]
    if cand["status"] != PENDING:
        raise MergeError(f"{candidate_id} was already decided ({cand['status']}) by {cand['decided_by']} "
                         f"on {cand['decided_at']}")
    at = _now()
    update = (f"MATCH (n:{_LABEL} {{id: $id}}) SET n.status = $status, n.decided_by = $user, n.decided_at = $at, "
              "n.merge_id = $merge_id")
    if decision == MERGE:
        statements, changes, summary = plan_merge(store, viewer, cand["a_id"], cand["b_id"],
                                                  reason=reason or f"review candidate {candidate_id}")
        merge_id = summary["merge_id"]
    else:
        statements, changes, merge_id = [], [], None
    status = MERGED if decision == MERGE else DISTINCT
    statements.append((update, {"id": candidate_id, "status": status, "user": viewer.user, "at": at,
                                "merge_id": merge_id}))
    changes.append(au.Change("decide", f"{_LABEL}:{candidate_id}", {"status": PENDING},
                             {"status": status, "merge_id": merge_id, "reason": reason}, viewer.user))
    store.write(statements, audit=changes)  # the merge and the decision in one transaction
    if decision == MERGE:
        refresh_history(store, contacts=[cand["a_id"], cand["b_id"]])  # after the move, as merge_contacts
    return {"id": candidate_id, "status": status, "merge_id": merge_id}


def queue_pairs(store: Store, viewer: Viewer, pairs) -> int:
    """Queue pairs found elsewhere (a mail import's new contacts that may be stored people) for review.

    ``pairs``: ``(kept_id, other_id, score, evidence)``; pairs already queued or decided are left as they are.
    Returns how many were queued now.
    """
    viewer.require_write("queue possible duplicates")
    rows = [{"id": candidate_id(a, b), "a_id": a, "b_id": b, "score": round(float(score), 6),
             "evidence": json.dumps(list(evidence), ensure_ascii=False), "status": PENDING, "found_at": _now()}
            for a, b, score, evidence in pairs]
    known = {r["id"] for r in _candidates(store)} if rows else set()
    rows = [r for r in {r["id"]: r for r in rows}.values() if r["id"] not in known]
    if rows:
        cols = ", ".join(f"{f}: row.{f}" for f in ("id", "a_id", "b_id", "score", "evidence", "status", "found_at"))
        store.write([(f"UNWIND $rows AS row CREATE (n:{_LABEL} {{{cols}}})", {"rows": rows})],
                    audit=au.Change("queue-candidates", _LABEL, None,
                                    {"count": len(rows), "ids": [r["id"] for r in rows][:50]}, viewer.user))
    return len(rows)


FROM_MAIL = "from mail, unreviewed"  # the note a mail import gives the people it creates (ingest/mail/people.py)


def unreviewed_from_mail(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """The contacts a mail import created that nobody has checked yet, the viewer may see, by name."""
    return read(store, viewer, "MATCH (c:Contact) WHERE c.notes = $note AND c.confidentiality IN $visible "
                "RETURN c.id AS id, c.name AS name, c.email AS email, c.kind AS kind, c.source AS source "
                "ORDER BY c.name, c.id", note=FROM_MAIL)


def mark_reviewed(store: Store, viewer: Viewer, ids: list[str]) -> int:
    """A person checked these contacts from mail: the "unreviewed" note goes. Returns how many changed."""
    viewer.require_write("review contacts from mail")
    found = [r["id"] for r in unreviewed_from_mail(store, viewer) if r["id"] in set(ids)]
    if found:
        store.write([("UNWIND $ids AS k MATCH (c:Contact {id: k}) SET c.notes = NULL", {"ids": found})],
                    audit=[au.Change("review-from-mail", f"Contact:{i}", {"notes": FROM_MAIL}, {"notes": None},
                                     viewer.user) for i in found])
    return len(found)
