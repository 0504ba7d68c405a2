"""The audit log: who changed what, when, from what to what, written with the change.

Every write through :meth:`graph.store.Store.write` carries audit entries and
they are committed in the same transaction as the change, so a change without
its entry (or an entry without its change) cannot exist, crash or not.

Entries form a hash chain: each entry's ``hash`` covers its own fields and the
previous entry's hash, and the head of the chain (last sequence number and hash)
is kept in the meta table. Editing, deleting or inserting an entry afterwards
breaks the chain, and :func:`verify` says where. The library never updates or
deletes an entry. (Someone with write access to the database files can rewrite
the whole chain; record the head hash that ``civicgraph audit --verify`` prints
somewhere else, e.g. in the backup log, to detect that too.)

``AuditEntry`` is an internal table (see graph/dialect.py), not a model node
type: it is not imported, exported with the data, or shown by named queries.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from graph.model import AUDIT_LABEL, META_LABEL

HEAD_KEY = "audit_head"
GENESIS = "0" * 64
UNATTRIBUTED = "(unattributed)"

# the columns of the AuditEntry table, in hashing order
FIELDS = ("seq", "id", "at", "user", "action", "target", "before", "after", "prev_hash", "hash")


@dataclass
class Change:
    """One change to record: ``target`` is ``Label:id`` or ``REL_TYPE:id`` (or a batch name).

    ``before`` / ``after`` are the record's values (plain JSON-able dicts) or None
    for a creation / deletion. ``user`` defaults to whoever :func:`acting_as` set.
    """

    action: str
    target: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    user: str | None = None


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    id: str
    at: str
    user: str
    action: str
    target: str
    before: str
    after: str
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in FIELDS}


@dataclass
class Verification:
    ok: bool
    entries: int
    head_hash: str
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head_hash": self.head_hash, "problems": self.problems}


# -- who is acting ------------------------------------------------------------
_actor = threading.local()


@contextmanager
def acting_as(user: str) -> Iterator[None]:
    """Attribute every write made in this block (in this thread) to ``user``.

    >>> with acting_as("ana"):
    ...     current_user()
    'ana'
    >>> current_user()
    '(unattributed)'
    """
    previous = getattr(_actor, "user", None)
    _actor.user = user
    try:
        yield
    finally:
        _actor.user = previous


def current_user() -> str:
    return getattr(_actor, "user", None) or UNATTRIBUTED


# -- hashing ----------------------------------------------------------------
def to_json(value: Any) -> str:
    """Canonical JSON (sorted keys, dates as ISO text) so the hash is reproducible."""
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_plain, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def entry_hash(fields: dict[str, Any]) -> str:
    text = "\x1f".join(str(fields[k]) for k in FIELDS if k != "hash")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain(changes: list[Change], head_seq: int, head_hash: str, now: dt.datetime | None = None) -> list[dict]:
    """The rows to insert for ``changes``, chained after (head_seq, head_hash)."""
    at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="microseconds")
    rows, seq, prev = [], head_seq, head_hash
    for change in changes:
        seq += 1
        row = {
            "seq": seq,
            "id": f"audit-{seq:012d}",
            "at": at,
            "user": change.user or current_user(),
            "action": change.action,
            "target": change.target,
            "before": to_json(change.before),
            "after": to_json(change.after),
            "prev_hash": prev,
        }
        row["hash"] = prev = entry_hash(row)
        rows.append(row)
    return rows


def parse_head(value: str | None) -> tuple[int, str]:
    if not value:
        return 0, GENESIS
    seq, _, digest = value.partition(":")
    return int(seq), digest


def ids_digest(ids: list[str]) -> str:
    """A short fingerprint of a batch's ids (for the one entry a bulk load writes)."""
    if not ids:
        return hashlib.sha256().hexdigest()
    text = "\n".join(sorted(map(str, ids))) + "\n"  # one update (id by id: 3.3 s of a benchmark import, cProfile)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- reading and verifying ------------------------------------------------------
def read_log(store, viewer, *, since: dt.datetime | dt.date | None = None,
             limit: int | None = None) -> list[AuditRecord]:
    """The audit log for ``viewer``: it holds the before and after values of every record,
    confidential ones included, so only an admin cleared for confidential may read it."""
    from graph.errors import PermissionDenied
    from graph.model import Confidentiality

    viewer.require_admin("read the audit log")
    if viewer.clearance is not Confidentiality.CONFIDENTIAL:
        raise PermissionDenied(f"{viewer.user} is cleared for {viewer.clearance.value} records; the audit log "
                               "holds confidential values, so reading it needs confidential clearance")
    return entries(store, since=since, limit=limit)


def entries(store, *, since: dt.datetime | dt.date | None = None, limit: int | None = None) -> list[AuditRecord]:
    """Audit entries in order, unfiltered (internal: people read it through :func:`read_log`)."""
    params: dict[str, Any] = {}
    where = ""
    if since is not None:
        where, params["since"] = "WHERE a.at >= $since ", _since_text(since)
    cypher = f"MATCH (a:{AUDIT_LABEL}) {where}RETURN {', '.join(f'a.{k} AS {k}' for k in FIELDS)} ORDER BY a.seq"
    if limit:
        cypher += " LIMIT $limit"
        params["limit"] = int(limit)
    return [AuditRecord(**{k: ("" if r[k] is None and k != "seq" else r[k]) for k in FIELDS})
            for r in store.query(cypher, params)]


def _since_text(since: dt.datetime | dt.date | None) -> str | None:
    if since is None:
        return None
    if isinstance(since, dt.datetime):
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        return since.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
    return since.isoformat()


def verify(store, *, claims: bool = True) -> Verification:
    """Recompute the chain: every hash, every link, the head. Says where it breaks. With ``claims``,
    also check that the records the log says were stored are in the store (:func:`unkept_claims`)."""

    problems: list[str] = []
    prev, expected_seq, count = GENESIS, 1, 0
    records = entries(store)
    for rec in records:
        count += 1
        if rec.seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (found {rec.seq} next)")
            expected_seq = rec.seq
        if rec.prev_hash != prev:
            problems.append(f"entry {rec.seq} does not follow the entry before it (an entry was removed or inserted)")
        if entry_hash(rec.as_dict()) != rec.hash:
            problems.append(f"entry {rec.seq} ({rec.action} {rec.target} by {rec.user}) was altered after it "
                            "was written")
        prev, expected_seq = rec.hash, expected_seq + 1
    head = store.query(f"MATCH (v:{META_LABEL} {{key: '{HEAD_KEY}'}}) RETURN v.value AS value")
    head_seq, head_hash = parse_head(head[0]["value"] if head else None)
    if (head_seq, head_hash) != (count and expected_seq - 1, prev if count else GENESIS):
        problems.append(f"the log ends at entry {expected_seq - 1} but the recorded head is entry {head_seq}: "
                        "entries at the end were removed")
    if claims:
        problems += unkept_claims(store, records)
    return Verification(not problems, count, head_hash, problems)


def unkept_claims(store, records: list[AuditRecord], *, shown: int = 5) -> list[str]:
    """Entries saying a record was stored when the store does not hold it.

    The log and its change commit together, but an engine can lose a committed write it
    could not put on disk (a full disk: "committed ... will be recovered", and after the
    restart the rows of a bulk load are gone while its entry stays). So the log's claims
    are compared with the store: each created record (and a bulk load's first and last id)
    must exist unless a later entry deleted it.
    """
    from graph import model as m

    expected: dict[str, tuple[int, bool, AuditRecord]] = {}  # "Label:id" -> (seq, should exist, entry)
    deletes_after: dict[int, bool] = {}
    last_delete = 0
    for rec in records:
        if rec.action == "create" and ":" in rec.target:
            expected[rec.target] = (rec.seq, True, rec)
        elif rec.action == "delete":
            expected[rec.target] = (rec.seq, False, rec)
            last_delete = rec.seq
        elif rec.action == "bulk-create":
            label = rec.target.split(" ", 1)[0]
            try:
                after = json.loads(rec.after or "{}")
            except ValueError:
                continue
            for key in ("first_id", "last_id"):
                if after.get(key):
                    expected[f"{label}:{after[key]}"] = (rec.seq, True, rec)
    for rec in records:
        deletes_after[rec.seq] = last_delete > rec.seq
    by_label: dict[str, dict[str, AuditRecord]] = {}
    for target, (seq, exists, rec) in expected.items():
        label, _, key = target.partition(":")
        is_node = label in m.NODE_BY_LABEL
        # a relationship also goes when one of its ends is deleted, without an entry of its own
        if exists and (is_node or (label in m.REL_BY_TYPE and not deletes_after.get(seq))):
            by_label.setdefault(label, {})[key] = rec
    missing: dict[int, tuple[AuditRecord, list[str]]] = {}
    for label, wanted in by_label.items():
        ids = sorted(wanted)
        pattern = f"(n:{label})" if label in m.NODE_BY_LABEL else f"()-[n:{label}]->()"
        found: set[str] = set()
        for start in range(0, len(ids), 5000):
            part = ids[start:start + 5000]
            found |= {r["id"] for r in store.query(f"MATCH {pattern} WHERE n.id IN $ids RETURN n.id AS id",
                                                     {"ids": part})}
        for key in ids:
            if key not in found:
                rec = wanted[key]
                missing.setdefault(rec.seq, (rec, []))[1].append(key)
    problems = []
    for seq in sorted(missing)[:shown]:
        rec, keys = missing[seq]
        problems.append(f"entry {seq} ({rec.action} {rec.target} by {rec.user}) says {', '.join(keys[:3])} was "
                        "stored, but the store does not hold it: the write did not reach the disk (a full disk?); "
                        "free space and run the import again")
    if len(missing) > shown:
        problems.append(f"{len(missing) - shown} more entries claim records the store does not hold")
    return problems
