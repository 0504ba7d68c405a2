"""What needs action now: the overview page's alerts, each with its reason and the record to open.

* ``gone_but_listed``: a deceased / retired / out-of-office person still an open member of a body;
* ``dormant``: an elected official whose relationship one of our staff owns, with no interaction
  for ``DORMANT_DAYS``;
* ``departing_holder``: a key relationship whose every holder on our staff leaves within
  ``LEAVING_DAYS`` - exactly memory risk's ``holder_leaving`` (``civicgraph memory-risk``, the
  Network insights page), read from the same saved result;
* ``notice``: a notice that needs action (``queries.notices.needs_action``) with its deadline in
  ``queries.notices.notice_window`` - the Notices page's and ``civicgraph notices``' default window.

Every row: ``{alert, id, name, reason}``; the id is a contact, organization or notice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, read, today

DORMANT_DAYS = 180

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
  AND c.confidentiality IN $visible
RETURN c.id AS id, max(x.date) AS last
"""


def alerts(store: Store, viewer: Viewer, *, as_of: dt.date | None = None,
           leaving: bool = True) -> list[dict[str, Any]]:
    """Every alert, most urgent kind first (gone, departing, notices, dormant).

    ``leaving=False`` skips the departing holders, which need the whole network's analytics
    (a page that measures them in the background asks again when they are ready).
    """
    as_of = as_of or today()
    out: list[dict[str, Any]] = []
    for r in read(store, viewer, _GONE, as_of=as_of):
        word = r["status"].replace("_", " ")
        out.append({"alert": "gone_but_listed", "id": r["id"], "name": r["name"],
                    "reason": f"{word}" + (f" since {iso(r['since'])}" if r["since"] else "")
                              + f", still listed on {r['body']}"})
    if leaving:
        out += departing_holders(store, viewer, as_of)
    out += _notice_alerts(store, viewer, as_of)
    owned: dict[str, dict[str, Any]] = {}
    for r in read(store, viewer, _OWNED_OFFICIALS, as_of=as_of):
        o = owned.setdefault(r["id"], {"name": r["name"], "owners": []})
        o["owners"].append(r)
    last = {r["id"]: r["last"] for r in read(store, viewer, _LAST_SEEN, as_of=as_of, ids=sorted(owned))} if owned else {}
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


def departing_holders(store: Store, viewer: Viewer, as_of: dt.date) -> list[dict[str, Any]]:
    """Memory risk's ``holder_leaving`` rows (the saved network insights), as alerts."""
    from queries.network_views import held_by_leavers, saved_network_insights

    rows = held_by_leavers(saved_network_insights(store, viewer, as_of=as_of)["memory"])
    return [{"alert": "departing_holder", "id": r["contact"], "name": r["name"],
             "reason": "; ".join(r["because"])} for r in sorted(rows, key=lambda r: (r["name"] or "", r["contact"]))]


def _notice_alerts(store: Store, viewer: Viewer, as_of: dt.date) -> list[dict[str, Any]]:
    from queries.notices import needs_action, notice_window, notices_status

    out = []
    since, until = notice_window(as_of)
    for n in notices_status(store, viewer, since=since, until=until):
        if not needs_action(n):
            continue
        if n["sent_date"] is None and n["deadline"] >= as_of:
            reason = f"due {iso(n['deadline'])}, not sent yet; {n['required']} people must receive it"
        elif n["sent_date"] is None:
            reason = f"was due {iso(n['deadline'])} and was never sent"
        else:
            reason = "; ".join(n["because"][:3]) + (f" (+{len(n['because']) - 3} more)" if len(n["because"]) > 3 else "")
        out.append({"alert": "notice", "id": n["notice_id"], "name": n["title"], "reason": reason})
    return out
