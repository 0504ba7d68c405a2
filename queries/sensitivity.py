"""Before contacting people: every reason to stop and think, each with its reason.

Nothing on the list is dropped: an id the viewer cannot see (unknown, or a record
above the viewer's clearance) comes back with the flag ``unknown`` and says so,
without telling which of the two it is.

A flagged conflict or litigation the viewer is not cleared to see (the tie, the
membership or the other organization is above the viewer's clearance) is not
dropped either: it comes back as ``hidden_sensitivity``, "a sensitivity exists;
ask someone cleared", with no detail of what it is.

Our position on the issue is ``position`` if given, else our organization's
latest stance on it (an organization of type our_organization). A person
*opposes our position* when their latest stance on the issue is the opposite one.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, today

RECENT_DAYS = 180
SIGN = {"support": 1, "oppose": -1}


def sensitivity_check(store: Store, viewer: Viewer, contacts: list[str], *, issue: str | None = None,
                      position: str | None = None, as_of: dt.date | None = None,
                      since: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per id on the list, in the list's order: ``{id, name, ok, flags: [{flag, reason}]}``."""
    as_of = as_of or today()
    since = since or (as_of - dt.timedelta(days=RECENT_DAYS))
    ids = list(dict.fromkeys(c.strip() for c in contacts if c and c.strip()))
    rows = queries.run(store, "sensitivity_check", viewer, contacts=ids, issue=issue, since=since, as_of=as_of)
    found = {r["contact_id"]: r["name"] for r in rows if r["flag"] == "found"}
    ours = sorted((r for r in rows if r["flag"] == "our_stance"), key=lambda r: iso(r["date"]))
    if position is None and ours:
        position = ours[-1]["detail"]
    flags: dict[str, list[dict]] = {i: [] for i in ids}
    left: dict[tuple[str, str], dict] = {}
    stances: dict[str, list[dict]] = {}
    for r in rows:
        cid, f = r["contact_id"], r["flag"]
        if f in ("found", "our_stance"):
            continue
        if f == "status":
            word = {"deceased": "deceased", "retired": "retired", "left_office": "left office"}.get(r["detail"], r["detail"])
            flags[cid].append(_flag(f, f"{word}" + (f" since {iso(r['date'])}" if r["date"] else "")))
        elif f == "do_not_contact":
            flags[cid].append(_flag(f, f"asked not to be contacted (channel: {r['detail']})"))
        elif f == "left_office":
            key = (cid, r["org_id"])
            if key not in left or iso(r["date"]) > iso(left[key]["date"]):
                left[key] = r
        elif f == "stance":
            stances.setdefault(cid, []).append(r)
        elif f == "negative":
            flags[cid].append(_flag(f, f"negative {r['detail']} on {iso(r['date'])}: {r['other_name']}"))
        elif f == "sensitive_tie":
            flags[cid].append(_flag(f, f"{r['org_name']} is in {r['detail']} with {r['other_org']}"
                                    + (f" since {iso(r['date'])}" if r["date"] else "")
                                    + (f" ({r['note']})" if r["note"] else "")))
        elif f == "hidden_sensitivity":
            flags[cid].append(_flag(f, f"a sensitivity exists between {r['name']} and an organization that you are "
                                    f"not cleared to see ({viewer.clearance.value} clearance); ask someone cleared "
                                    "before contacting them"))
        elif f == "conflict_pair":
            flags[cid].append(_flag(f, f"also on the list: {r['other_name']} ({r['other_org']}); "
                                    f"{r['org_name']} and {r['other_org']} are in {r['detail']}"
                                    + (f" ({r['note']})" if r["note"] else "")))
    for (cid, _), r in sorted(left.items()):
        now = f"; the office is now held by {r['other_name']} ({r['other_id']})" if r["other_id"] else \
            "; nobody you may see holds it now"
        why = f" ({r['note']})" if r["note"] else ""
        flags[cid].append(_flag("left_office", f"left {r['detail'] or 'office'}, {r['org_name']} on {iso(r['date'])}{why}{now}"))
    for cid, rs in stances.items():
        latest = max(rs, key=lambda r: (iso(r["date"]), r["other_id"]))
        where = f"{latest['note']}, " if latest["note"] else ""
        verb = {"support": "supports", "oppose": "opposes"}.get(latest["detail"], f"{latest['detail']} on")
        text = f"{verb} {latest['other_name'].lower()} ({where}{iso(latest['date'])})"
        if position and SIGN.get(latest["detail"], 0) * SIGN.get(position, 0) < 0:
            flags[cid].append(_flag("opposes_our_position", f"{text}; our position: {position}"))
    out = []
    for cid in ids:
        if cid not in found:
            out.append({"id": cid, "name": None, "ok": False,
                        "flags": [_flag("unknown", "no contact with this id that you may see: check the id")]})
            continue
        out.append({"id": cid, "name": found[cid], "ok": not flags[cid], "flags": flags[cid]})
    return out


def _flag(flag: str, reason: str) -> dict[str, str]:
    return {"flag": flag, "reason": reason}
