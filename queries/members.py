"""Who sat on a body on a date, and the dated history of a person or an organization."""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.errors import NotFound
from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, require, today

EVENT_WORDS = {"role_start": "started", "role_end": "ended"}


MEMBERSHIP = ("MEMBER_OF", "HOLDS_OFFICE")
EVERY_ROLE = ("WORKS_AT", "MEMBER_OF", "HOLDS_OFFICE")


def members_of(store: Store, viewer: Viewer, organization: str, *, as_of: dt.date | None = None,
               until: dt.date | None = None, relations: tuple[str, ...] = MEMBERSHIP,
               role: str | None = None) -> list[dict]:
    """The people affiliated with a body on ``as_of`` (or at any time up to ``until``), in the given
    ``relations`` (members and office holders by default; ``EVERY_ROLE`` adds its staff), whose role
    contains ``role`` if given; a member whose record says deceased or left is flagged."""
    as_of = as_of or today()
    require(store, viewer, "Organization", organization, "an organization")
    out = []
    rows = queries.run(store, "members_of", viewer, organization=organization, as_of=as_of, until=until)
    for r in rows:
        if r["relation"] not in relations or (role and role.lower() not in (r["role"] or "").lower()):
            continue
        r = dict(r)
        r["because"] = [f"{(r['role'] or 'member')} since {iso(r['start_date'])}" if r["start_date"]
                        else (r["role"] or "member")]
        if r["status"] != "active" and (r["status_date"] is None or r["status_date"] <= as_of):
            r["because"].append(f"warning: {r['status'].replace('_', ' ')}"
                                + (f" since {iso(r['status_date'])}" if r["status_date"] else "")
                                + " but the membership has no end date")
        out.append(r)
    return out


def history(store: Store, viewer: Viewer, subject: str, *, since: dt.date | None = None,
            until: dt.date | None = None) -> list[dict[str, Any]]:
    """Every dated event about a person or an organization, oldest first, each with a sentence."""
    until = until or today()
    since = since or dt.date(1900, 1, 1)
    try:
        require(store, viewer, "Contact", subject, "a contact")
        is_org = False
    except NotFound:
        require(store, viewer, "Organization", subject, "a contact or organization")
        is_org = True
    rows = queries.run(store, "history", viewer, subject=subject, since=since, until=until)
    out = []
    for r in rows:
        r = dict(r)
        r["text"] = _sentence(r, is_org)
        out.append(r)
    out.sort(key=lambda r: (iso(r["date"]), r.get("time") or "", r["event"], r["other_id"] or "", r["kind"] or ""))
    return out


# How a role reads from the person's side ("works at Acme") and from the organization's ("Jane works here").
_FROM_PERSON = {"WORKS_AT": "works at", "MEMBER_OF": "member of", "HOLDS_OFFICE": "office in"}
_FROM_BODY = {"WORKS_AT": "works here", "MEMBER_OF": "is a member", "HOLDS_OFFICE": "holds office here"}


def _sentence(r: dict, is_org: bool = False) -> str:
    """The row as a sentence read from the subject's side.

    >>> row = {"event": "role_start", "kind": "WORKS_AT", "detail": "lobbyist", "other_name": "Acme", "role": None}
    >>> _sentence(row)
    'started: lobbyist works at Acme'
    >>> _sentence({**row, "other_name": "Jane Roe"}, is_org=True)
    'started: Jane Roe works here (lobbyist)'
    """
    e = r["event"]
    if e == "interaction":
        at = f" at {r['time']}" if r.get("time") else ""
        return f"{r['kind']}{at}: {r['detail'] or '(no subject)'}" + (f" ({r['role']})" if r["role"] else "")
    if e in EVENT_WORDS and is_org:
        rel = _FROM_BODY.get(r["kind"], r["kind"])
        why = "; ".join(x for x in (r["detail"], r["role"]) if x)
        return f"{EVENT_WORDS[e]}: {r['other_name']} {rel}" + (f" ({why})" if why else "")
    if e in EVENT_WORDS:
        rel = _FROM_PERSON.get(r["kind"], r["kind"])
        why = f" ({r['role']})" if r["role"] else ""
        return f"{EVENT_WORDS[e]}: {r['detail'] or ''} {rel} {r['other_name']}{why}".replace("  ", " ")
    if e == "stance":
        return f"{r['kind']} {r['detail']}" + (f" ({r['role']})" if r["role"] else "")
    if e == "tie":
        return f"{r['kind']} tie with {r['other_name']}" + (f": {r['detail']}" if r["detail"] else "")
    if e == "status":
        return f"status: {r['kind']}"
    return f"notice {r['detail']} sent by {r['kind'] or 'unknown channel'} ({r['role'] or 'no status'})"
