"""Notices: who had to receive one, who was sent it, who got it, and whether on time.

Required: the members and office holders of the notice's body on the date it was
sent (on its deadline if it was not sent), plus the people it is addressed to. A
member whose record says deceased / left office on or before that date is listed
under ``not_required`` with the reason, never silently dropped. A copy is on time
when it was delivered (or, without a delivery date, sent) on or before the deadline,
and did not bounce or fail.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.errors import NotFound
from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, today

FAILED = ("bounced", "failed")
# One window for "notices that need action", shared by the Overview, the Notices page and
# `civicgraph notices`: deadlines from NOTICE_BACK_DAYS before the day to NOTICE_AHEAD_DAYS after it.
NOTICE_BACK_DAYS = 90
NOTICE_AHEAD_DAYS = 30


def notice_window(as_of: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """``(since, until)``: the deadlines every count of notices uses by default.

    >>> notice_window(dt.date(2026, 11, 15))
    (datetime.date(2026, 8, 17), datetime.date(2026, 12, 15))
    """
    as_of = as_of or today()
    return as_of - dt.timedelta(days=NOTICE_BACK_DAYS), as_of + dt.timedelta(days=NOTICE_AHEAD_DAYS)


def needs_action(row: dict[str, Any]) -> bool:
    """One definition: a notice needs action unless it is compliant (late, missing someone, or not sent yet)."""
    return row["status"] != "compliant"


def notice_compliance(store: Store, viewer: Viewer, notice: str) -> dict[str, Any]:
    rows = queries.run(store, "notice_compliance", viewer, notice=notice)
    head = next((r for r in rows if r["source"] == "notice"), None)
    if head is None:
        raise NotFound(f'"{notice}" is not a notice id you may see - list them with "civicgraph notices"')
    ref = head["sent_date"] or head["deadline"]
    required: dict[str, dict] = {}
    not_required = []
    for r in rows:
        if r["source"] not in ("member", "addressed"):
            continue
        gone = r["status"] in ("deceased", "left_office", "retired") and (
            r["status_date"] is None or r["status_date"] <= ref)
        if gone and r["source"] == "member":
            not_required.append({"id": r["contact_id"], "name": r["name"],
                                 "reason": f"{r['status'].replace('_', ' ')} since {iso(r['status_date'])}, "
                                           "still listed as a member of the body"})
            continue
        reason = f"member of {head['body_name']}" + (f" ({r['role']})" if r["role"] else "") \
            if r["source"] == "member" else "named in the notice's audience"
        entry = required.setdefault(r["contact_id"], {"id": r["contact_id"], "name": r["name"], "why": []})
        if reason not in entry["why"]:
            entry["why"].append(reason)
    copies: dict[str, list[dict]] = {}
    for r in rows:
        if r["source"] == "delivery":
            copies.setdefault(r["contact_id"], []).append(r)
    deadline = head["deadline"]
    missing, late, on_time, extra = [], [], [], []
    for cid, entry in sorted(required.items(), key=lambda kv: (kv[1]["name"] or "", kv[0])):
        got = [c for c in copies.get(cid, []) if c["delivery_status"] not in FAILED]
        if not got:
            failed = copies.get(cid, [])
            entry["reason"] = ("never sent" if not failed else
                               "every copy " + "/".join(sorted({c['delivery_status'] for c in failed})))
            missing.append(entry)
            continue
        best = min(got, key=lambda c: iso(c["delivered_date"] or c["delivery_sent"]))
        when = best["delivered_date"] or best["delivery_sent"]
        entry.update(channel=best["channel"], sent=best["delivery_sent"], delivered=best["delivered_date"])
        if when and deadline and when > deadline:
            entry["reason"] = f"{'delivered' if best['delivered_date'] else 'sent'} {iso(when)}, " \
                              f"{(when - deadline).days} days after the deadline {iso(deadline)}"
            late.append(entry)
        else:
            on_time.append(entry)
    for cid, cs in copies.items():
        if cid not in required:
            extra.append({"id": cid, "name": cs[0]["name"]})
    sent_late = bool(head["sent_date"] and deadline and head["sent_date"] > deadline)
    return {
        "notice_id": head["notice_id"], "title": head["title"], "body_id": head["body_id"],
        "body_name": head["body_name"], "deadline": deadline, "sent_date": head["sent_date"],
        "compliant": not missing and not late and not sent_late and head["sent_date"] is not None,
        "sent_late": sent_late, "required": len(required), "on_time": on_time, "late": late,
        "missing": missing, "not_required": not_required, "not_in_audience": extra,
    }


def notices_status(store: Store, viewer: Viewer, *, since: dt.date | None = None,
                   until: dt.date | None = None) -> list[dict[str, Any]]:
    """Every notice due between the dates with its compliance summary (one compliance query each).

    Without dates: :func:`notice_window` (the same window as the Overview's and the Notices page's).
    """
    window = notice_window()
    since, until = since or window[0], until or window[1]
    out = []
    for n in queries.run(store, "notices", viewer, since=since, until=until):
        c = notice_compliance(store, viewer, n["notice_id"])
        status = "compliant" if c["compliant"] else ("not sent" if c["sent_date"] is None else "problems")
        because = []
        if c["sent_late"]:
            because.append(f"sent {iso(c['sent_date'])}, after the deadline {iso(c['deadline'])}")
        because += [f"late: {e['name']} ({e['reason']})" for e in c["late"]]
        because += [f"missing: {e['name']} ({e['reason']})" for e in c["missing"]]
        out.append({"notice_id": n["notice_id"], "title": n["title"], "body_name": n["body_name"],
                    "deadline": n["deadline"], "sent_date": n["sent_date"], "status": status,
                    "required": c["required"], "on_time": len(c["on_time"]), "late": len(c["late"]),
                    "missing": len(c["missing"]), "because": because})
    return out


def most_urgent_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Notices with someone missing or late first, then those not sent yet, then the compliant; by deadline.

    >>> [r["t"] for r in most_urgent_first([{"t": "ok", "status": "compliant", "missing": 0, "late": 0, "deadline": 1},
    ...                                      {"t": "late", "status": "problems", "missing": 0, "late": 1, "deadline": 2},
    ...                                      {"t": "missing", "status": "problems", "missing": 1, "late": 0, "deadline": 3}])]
    ['missing', 'late', 'ok']
    """
    def rank(r: dict[str, Any]) -> int:
        if r["missing"]:
            return 0
        if r["late"] or r["status"] == "problems":
            return 1
        return 2 if r["status"] == "not sent" else 3
    return sorted(rows, key=lambda r: (rank(r), iso(r["deadline"])))
