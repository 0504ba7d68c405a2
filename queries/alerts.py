"""What needs action now: the overview page's alerts, each with its reason and the record to open.

* ``gone_but_listed``: a deceased / retired / out-of-office person still an open member of a body;
* ``dormant``: an elected official whose relationship one of our staff owns, with no interaction
  for ``DORMANT_DAYS``;
* ``departing_holder``: a person whose every relationship owner on our staff leaves within
  ``LEAVING_DAYS``;
* ``notice``: a notice due in the next ``NOTICE_AHEAD_DAYS`` not sent yet, or one due in the last
  ``NOTICE_BACK_DAYS`` that went out late or missed someone.

Every row: ``{alert, id, name, reason}``; the id is a contact, organization or notice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, today

DORMANT_DAYS = 180
LEAVING_DAYS = 120
NOTICE_AHEAD_DAYS = 30
NOTICE_BACK_DAYS = 90

_GONE = """
MATCH (c:Contact)-[a:MEMBER_OF|HOLDS_OFFICE|WORKS_AT]->(o:Organization)
WHERE c.status IN ['deceased', 'retired', 'left_office'] AND a.end_date IS NULL
  AND (c.status_date IS NULL OR c.status_date <= $as_of)
  AND c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
RETURN c.id AS id, c.name AS name, c.status AS status, c.status_date AS since, o.name AS body
ORDER BY name, id, body
"""
_OWNED_OFFICIALS = """
MATCH (s:Contact)-[t:OWNS]->(c:Contact)
WHERE s.kind = 'our_staff' AND c.kind = 'elected_official' AND (c.status IS NULL OR c.status = 'active')
  AND (t.end_date IS NULL OR t.end_date > $as_of)
  AND s.confidentiality IN $visible AND t.confidentiality IN $visible AND c.confidentiality IN $visible
RETURN c.id AS id, c.name AS name, s.id AS staff_id, s.name AS staff, s.leaving_date AS leaving
"""
_LAST_SEEN = """
UNWIND $ids AS k
MATCH (c:Contact {id: k})-[p:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date <= $as_of AND x.confidentiality IN $visible AND p.confidentiality IN $visible
RETURN c.id AS id, max(x.date) AS last
"""


def alerts(store: Store, viewer: Viewer, *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Every alert, most urgent kind first (gone, departing, notices, dormant)."""
    as_of = as_of or today()
    p = {"visible": viewer.visible, "as_of": as_of}
    out: list[dict[str, Any]] = []
    for r in store.query(_GONE, p):
        word = r["status"].replace("_", " ")
        out.append({"alert": "gone_but_listed", "id": r["id"], "name": r["name"],
                    "reason": f"{word}" + (f" since {iso(r['since'])}" if r["since"] else "")
                              + f", still listed on {r['body']}"})
    owned: dict[str, dict[str, Any]] = {}
    for r in store.query(_OWNED_OFFICIALS, p):
        o = owned.setdefault(r["id"], {"name": r["name"], "owners": []})
        o["owners"].append(r)
    horizon = as_of + dt.timedelta(days=LEAVING_DAYS)
    for cid, o in sorted(owned.items(), key=lambda kv: (kv[1]["name"] or "", kv[0])):
        leaving = [w for w in o["owners"] if w["leaving"] is not None and w["leaving"] <= horizon]
        if leaving and len(leaving) == len(o["owners"]):
            names = ", ".join(sorted({f"{w['staff']} (leaves {iso(w['leaving'])})" for w in leaving}))
            out.append({"alert": "departing_holder", "id": cid, "name": o["name"],
                        "reason": f"the relationship is held only by {names}"})
    out += _notice_alerts(store, viewer, as_of)
    last = {r["id"]: r["last"] for r in store.query(_LAST_SEEN, {**p, "ids": sorted(owned)})} if owned else {}
    cutoff = as_of - dt.timedelta(days=DORMANT_DAYS)
    for cid, o in sorted(owned.items(), key=lambda kv: (iso(last.get(kv[0])), kv[0])):
        seen = last.get(cid)
        if seen is None or seen < cutoff:
            owners = ", ".join(sorted({w["staff"] for w in o["owners"]}))
            out.append({"alert": "dormant", "id": cid, "name": o["name"],
                        "reason": ("no interaction on record" if seen is None else
                                   f"no interaction since {iso(seen)} ({(as_of - seen).days // 30} months)")
                                  + f"; owned by {owners}"})
    return out


def _notice_alerts(store: Store, viewer: Viewer, as_of: dt.date) -> list[dict[str, Any]]:
    from queries.notices import notices_status

    out = []
    for n in notices_status(store, viewer, since=as_of - dt.timedelta(days=NOTICE_BACK_DAYS),
                            until=as_of + dt.timedelta(days=NOTICE_AHEAD_DAYS)):
        if n["status"] == "compliant":
            continue
        if n["sent_date"] is None and n["deadline"] >= as_of:
            reason = f"due {iso(n['deadline'])}, not sent yet; {n['required']} people must receive it"
        elif n["sent_date"] is None:
            reason = f"was due {iso(n['deadline'])} and was never sent"
        else:
            reason = "; ".join(n["because"][:3]) + (f" (+{len(n['because']) - 3} more)" if len(n["because"]) > 3 else "")
        out.append({"alert": "notice", "id": n["notice_id"], "name": n["title"], "reason": reason})
    return out
