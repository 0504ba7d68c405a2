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


def members_of(store: Store, viewer: Viewer, organization: str, *, as_of: dt.date | None = None) -> list[dict]:
    """Members and office holders on ``as_of``; a member whose record says deceased or left is flagged."""
    as_of = as_of or today()
    require(store, viewer, "Organization", organization, "an organization")
    out = []
    for r in queries.run(store, "members_of", viewer, organization=organization, as_of=as_of):
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
    except NotFound:
        require(store, viewer, "Organization", subject, "a contact or organization")
    rows = queries.run(store, "history", viewer, subject=subject, since=since, until=until)
    out = []
    for r in rows:
        r = dict(r)
        r["text"] = _sentence(r)
        out.append(r)
    out.sort(key=lambda r: (iso(r["date"]), r.get("time") or "", r["event"], r["other_id"] or "", r["kind"] or ""))
    return out


def _sentence(r: dict) -> str:
    e = r["event"]
    if e == "interaction":
        at = f" at {r['time']}" if r.get("time") else ""
        return f"{r['kind']}{at}: {r['detail'] or '(no subject)'}" + (f" ({r['role']})" if r["role"] else "")
    if e in EVENT_WORDS:
        rel = {"WORKS_AT": "works at", "MEMBER_OF": "member of", "HOLDS_OFFICE": "office in"}.get(r["kind"], r["kind"])
        why = f" ({r['role']})" if r["role"] else ""
        return f"{EVENT_WORDS[e]}: {r['detail'] or ''} {rel} {r['other_name']}{why}".replace("  ", " ")
    if e == "stance":
        return f"{r['kind']} {r['detail']}" + (f" ({r['role']})" if r["role"] else "")
    if e == "tie":
        return f"{r['kind']} tie with {r['other_name']}" + (f": {r['detail']}" if r["detail"] else "")
    if e == "status":
        return f"status: {r['kind']}"
    return f"notice {r['detail']} sent by {r['kind'] or 'unknown channel'} ({r['role'] or 'no status'})"
