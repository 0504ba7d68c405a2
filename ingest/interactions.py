"""Log one interaction (a meeting, call, letter...) with everything it touches, in one transaction.

The dashboard's Data page and scripts call :func:`log_interaction`. Values are
checked first (an :class:`InputError` names the field and the fix); then the
interaction, its participants, issues and organizations, and the audit entries
for all of them are written in one transaction: after a crash either all of it
is there or none of it. Ids are the same ones an import of the canonical tables
would give, so a retry with the same ``id`` changes nothing.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from graph import audit as au
from graph import dialect
from graph import model as m
from graph.errors import InputError
from graph.store import Store
from graph.viewer import Viewer
from ingest.engagement import engagement_statements
from ingest.engagement_history import refresh_history

Participant = str | tuple[str, str | None]  # "c-1" or ("c-1", "organizer")


def log_interaction(store: Store, viewer: Viewer, *, kind: str, date: dt.date | str, subject: str,
                    summary: str | None = None, sentiment: str | None = None,
                    participants: Sequence[Participant] = (), issues: Iterable[str] = (),
                    organizations: Iterable[str] = (), confidentiality: str = "public",
                    recorded_by: str | None = None, id: str | None = None,  # noqa: A002
                    source: str | None = None) -> str:
    """Record one interaction and return its id.

    >>> # log_interaction(store, editor, kind="meeting", date="2026-03-02", subject="Transit funding",
    >>> #                 participants=[("c-ana", "organizer"), "c-bo"], issues=["i-transit"])
    """
    viewer.require_write("log interactions")
    kind = _enum(m.InteractionKind, kind, "kind")
    sentiment = _enum(m.Sentiment, sentiment, "sentiment") if sentiment else None
    confidentiality = _enum(m.Confidentiality, confidentiality or "public", "confidentiality")
    if not viewer.can_see(confidentiality):
        raise InputError(f"you may not record an interaction as {confidentiality}: above your clearance "
                         f"({viewer.clearance.value})")
    when = _date(date)
    subject = (subject or "").strip()
    if not subject:
        raise InputError("subject is empty - say in a few words what the interaction was about")
    people = [_participant(p) for p in participants]
    issue_ids = _ids(issues)
    org_ids = _ids(organizations)
    _must_exist(store, "Contact", [c for c, _ in people] + ([recorded_by] if recorded_by else []), "contact")
    _must_exist(store, "Issue", issue_ids, "issue")
    _must_exist(store, "Organization", org_ids, "organization")

    xid = id or f"x-{when.isoformat()}-{uuid.uuid4().hex[:10]}"
    src = source or f"logged by {viewer.user}"
    node = {"id": xid, "kind": kind, "date": when, "subject": subject, "summary": summary or None,
            "sentiment": sentiment, "recorded_by": recorded_by, "confidentiality": confidentiality,
            "source": src}
    props = list(node)
    statements = [(dialect.merge_nodes("Interaction", props, _nulls(node)), {"rows": [node]})]
    changes = [au.Change("log-interaction", f"Interaction:{xid}", None,
                         {**node, "participants": [c for c, _ in people], "issues": issue_ids,
                          "organizations": org_ids})]
    links = {
        ("PARTICIPATED_IN", "Contact", "Interaction"): [
            {"from_id": c, "to_id": xid, "id": f"participants:{xid}|{c}|{role or ''}", "role": role,
             "confidentiality": confidentiality, "source": src} for c, role in people],
        ("ABOUT", "Interaction", "Issue"): [
            {"from_id": xid, "to_id": i, "id": f"ABOUT:{xid}>{i}", "confidentiality": confidentiality,
             "source": src} for i in issue_ids],
        ("INVOLVES", "Interaction", "Organization"): [
            {"from_id": xid, "to_id": o, "id": f"INVOLVES:{xid}>{o}", "confidentiality": confidentiality,
             "source": src} for o in org_ids],
    }
    for (rel, a, b), rows in links.items():
        if not rows:
            continue
        rprops = [k for k in rows[0] if k not in ("from_id", "to_id")]
        nulls = frozenset(p for p in rprops if all(r.get(p) is None for r in rows))
        statements.append((dialect.merge_rels(rel, a, b, rprops, nulls), {"rows": rows}))
    statements += _engagement(store, id, xid, [c for c, _ in people], org_ids, issue_ids)
    with au.acting_as(viewer.user):
        store.write(statements, audit=changes)
        if issue_ids or id:
            _history(store, xid)
    return xid


def _history(store: Store, xid: str) -> None:
    """Set ENGAGED_ON's history for everyone the interaction now links (ingest/engagement_history.py).

    After the interaction's transaction, not in it: the history is computed in Python from what
    was written. The transaction marked these subjects' history as pending (ingest/engagement.py,
    ``history_pending``) and this write removes the marks; a crash in between leaves the marks (and
    ENGAGED_ON's counts current, without their history), so past-date answers miss those subjects
    until the next write-open of the store (ensure_history repairs exactly the marked subjects) or
    the next import.
    """
    people = [r["id"] for r in store.query(
        "MATCH (c:Contact)-[:PARTICIPATED_IN]->(x:Interaction {id: $id}) RETURN c.id AS id", {"id": xid})]
    orgs = [r["id"] for r in store.query(
        "MATCH (x:Interaction {id: $id})-[:INVOLVES]->(o:Organization) RETURN o.id AS id", {"id": xid})]
    refresh_history(store, contacts=people, organizations=orgs)


def _engagement(store: Store, given_id: str | None, xid: str, people: list[str], orgs: list[str],
                issues: list[str]) -> list:
    """The ENGAGED_ON updates for the pairs this interaction touches, in its transaction (ingest/engagement.py).

    A retry with a given id may change an interaction already linked to others: then
    its existing participants, organizations and issues are recomputed too.
    """
    if given_id:
        for r in store.query("MATCH (x:Interaction {id: $id})-[:ABOUT]->(i:Issue) RETURN i.id AS id", {"id": xid}):
            issues = [*issues, r["id"]]
        people = people + [r["id"] for r in store.query(
            "MATCH (c:Contact)-[:PARTICIPATED_IN]->(x:Interaction {id: $id}) RETURN c.id AS id", {"id": xid})]
        orgs = orgs + [r["id"] for r in store.query(
            "MATCH (x:Interaction {id: $id})-[:INVOLVES]->(o:Organization) RETURN o.id AS id", {"id": xid})]
    if not issues:
        return []
    return engagement_statements(store, contacts=people, organizations=orgs, issues=issues)


def _enum(kind: type, value: str, field: str) -> str:
    text = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    allowed = [e.value for e in kind]
    if text not in allowed:
        raise InputError(f'{field} "{value}" is not a known value - use one of: {", ".join(allowed)}')
    return text


def _date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f'date "{value}" is not a date - write it as YYYY-MM-DD, e.g. 2026-03-02') from None


def _participant(p: Participant) -> tuple[str, str | None]:
    cid, role = (p, None) if isinstance(p, str) else (p[0], p[1])
    role = _enum(m.ParticipantRole, role, "participant role") if role else None
    return str(cid).strip(), role


def _ids(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))


def _must_exist(store: Store, label: str, ids: list[str], what: str) -> None:
    if not ids:
        return
    found = store.labels_of(sorted(set(ids)), [label])
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(f"there is no {what} {', '.join(missing)} - import it first or correct the id")


def _nulls(row: dict) -> frozenset[str]:
    return frozenset(k for k, v in row.items() if v is None)
