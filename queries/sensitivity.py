"""Before contacting people: every reason to stop and think, each with its reason.

Nothing on the list is dropped: an id the viewer cannot see (unknown, or a record
above the viewer's clearance) comes back with the flag ``unknown`` and says so,
without telling which of the two it is.

A flagged conflict or litigation the viewer is not cleared to see (the tie, the
membership or the other organization is above the viewer's clearance) is not
dropped either: it comes back as ``hidden_sensitivity``, "a sensitivity exists;
ask someone cleared", with no detail of what it is. When the other side of it is
someone else on the list, it is ``hidden_conflict_pair`` instead, naming both people
and nothing more: "a sensitivity exists between these two; ask someone cleared".
A tie's note is shown only to viewers the redaction policy allows (graph/redaction.py).

Our position on the issue is ``position`` if given, else our organization's
latest stance on it (an organization of type our_organization). A person
*opposes our position* when their latest stance on the issue is the opposite one.

Warnings are ranked by severity (``SEVERITY``): ``stop`` (deceased, retired or
out of office, do not contact, an unknown id), ``high`` (opposes our position
on this issue, their organization is in a flagged conflict) and ``caution``
(negative interactions). Negative interactions are a warning only when they
matter: with an issue, one on this issue (or a sub-issue) in the last
``NEGATIVE_DAYS``, or ``REPEATED`` or more on any topic in that time; without
an issue, any in that time. They are said in one flag per person. Each row also
carries ``severity`` (its worst flag's) and ``warning``: one line, worst first.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, today

NEGATIVE_DAYS = 28  # negative interactions in the last four weeks count
REPEATED = 2  # negative interactions on other topics count when there are this many
SIGN = {"support": 1, "oppose": -1}
SEVERITY = {"unknown": "stop", "status": "stop", "left_office": "stop", "do_not_contact": "stop",
            "opposes_our_position": "high", "conflict_pair": "high", "sensitive_tie": "high",
            "hidden_conflict_pair": "high",
            "negative": "caution"}
LEVELS = ("stop", "high", "caution")


def sensitivity_check(store: Store, viewer: Viewer, contacts: list[str], *, issue: str | None = None,
                      position: str | None = None, as_of: dt.date | None = None,
                      since: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per id on the list, in the list's order.

    ``{id, name, ok, severity, warning, flags: [{flag, severity, reason}]}``, flags worst first;
    ``ok`` when there is none; negative interactions on or after ``since`` (default: the
    last ``NEGATIVE_DAYS``).
    """
    as_of = as_of or today()
    since = since or (as_of - dt.timedelta(days=NEGATIVE_DAYS))
    ids = list(dict.fromkeys(c.strip() for c in contacts if c and c.strip()))
    rows = queries.run(store, "sensitivity_check", viewer, contacts=ids, issue=issue, since=since, as_of=as_of)
    found = {r["contact_id"]: r["name"] for r in rows if r["flag"] == "found"}
    ours = sorted((r for r in rows if r["flag"] == "our_stance"), key=lambda r: iso(r["date"]))
    if position is None and ours:
        position = ours[-1]["detail"]
    flags: dict[str, list[dict]] = {i: [] for i in ids}
    left: dict[tuple[str, str], dict] = {}
    stances: dict[str, list[dict]] = {}
    negative: dict[str, list[dict]] = {}
    on_issue = {(r["contact_id"], r["other_id"]) for r in rows if r["flag"] == "negative_on_issue"}
    for r in rows:
        cid, f = r["contact_id"], r["flag"]
        if f in ("found", "our_stance", "negative_on_issue"):
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
            negative.setdefault(cid, []).append(r)
        elif f == "sensitive_tie":
            flags[cid].append(_flag(f, f"{r['org_name']} is in {r['detail']} with {r['other_org']}"
                                    + (f" since {iso(r['date'])}" if r["date"] else "")
                                    + (f" ({r['note']})" if r["note"] else "")))
        elif f == "hidden_sensitivity" and not any(x["flag"] == "hidden_conflict_pair" and x["contact_id"] == cid
                                                   for x in rows):  # the pair form says more
            flags[cid].append(_flag(f, f"a sensitivity exists between {r['name']} and an organization that you are "
                                    f"not cleared to see ({viewer.clearance.value} clearance); ask someone cleared "
                                    "before contacting them"))
        elif f == "hidden_conflict_pair":
            flags[cid].append(_flag(f, f"a sensitivity exists between {r['name']} and {r['other_name']} (also on the "
                                    f"list) that you are not cleared to see ({viewer.clearance.value} clearance); "
                                    "ask someone cleared before contacting either"))
        elif f == "conflict_pair":
            flags[cid].append(_flag(f, f"also on the list: {r['other_name']} ({r['other_org']}); "
                                    f"{r['org_name']} and {r['other_org']} are in {r['detail']}"
                                    + (f" ({r['note']})" if r["note"] else "")))
    for (cid, _), r in sorted(left.items()):
        now = f"; now held by {r['other_name'] or r['other_id']}" if r["other_id"] else \
            "; nobody you may see holds it now"  # the successor by name (an id only if the record has none)
        why = f" ({r['note']})" if r["note"] else ""
        # said after the flag's words ("left office: council member, ..."), so not "left" again
        flags[cid].append(_flag("left_office", f"{r['detail'] or 'the office'}, {r['org_name']}, on {iso(r['date'])}"
                                               f"{why}{now}"))
    for cid, rs in stances.items():
        latest = max(rs, key=lambda r: (iso(r["date"]), r["other_id"]))
        where = f"{latest['note']}, " if latest["note"] else ""
        verb = {"support": "supports", "oppose": "opposes"}.get(latest["detail"], f"{latest['detail']} on")
        text = f"{verb} {latest['other_name'].lower()} ({where}{iso(latest['date'])})"
        if position and SIGN.get(latest["detail"], 0) * SIGN.get(position, 0) < 0:
            flags[cid].append(_flag("opposes_our_position", f"{text}; our position: {position}"))
    for cid, rs in negative.items():
        line = _negative_line(cid, rs, on_issue, issue)
        if line:
            flags[cid].append(_flag("negative", line))
    out = []
    for cid in ids:
        fs = sorted(flags[cid], key=lambda f: LEVELS.index(f["severity"]))  # stable: same level keeps its order
        if cid not in found:
            fs = [_flag("unknown", "no contact with this id that you may see: check the id")]
        out.append({"id": cid, "name": found.get(cid), "ok": bool(cid in found and not fs),
                    "severity": fs[0]["severity"] if fs else None, "warning": _one_line(fs), "flags": fs})
    return out


MARKERS = {"stop": "⛔", "high": "⚠️", "caution": "•"}  # the one marker beside a name, by severity


def markers(store: Store, viewer: Viewer, contacts: list[str], *, issue: str | None = None,
            as_of: dt.date | None = None) -> dict[str, dict[str, str]]:
    """The warning to show beside each flagged person's name in a table, tooltip or list.

    ``{id: {severity, marker, warning}}`` for the ids that have a warning (ids the viewer may
    not see are left out: a table only lists what the viewer already sees). The same words as
    ``sensitivity_check``: one source for every screen.
    """
    rows = sensitivity_check(store, viewer, contacts, issue=issue, as_of=as_of)
    return {r["id"]: {"severity": r["severity"], "marker": MARKERS[r["severity"]], "warning": r["warning"]}
            for r in rows if r["name"] is not None and r["severity"]}


def _negative_line(cid: str, rs: list[dict], on_issue: set, issue: str | None) -> str | None:
    """One line for the negative interactions that matter (see the module docstring), or None."""
    rs = sorted({r["other_id"]: r for r in rs}.values(), key=lambda r: (iso(r["date"]), r["other_id"]), reverse=True)
    mine = [r for r in rs if (cid, r["other_id"]) in on_issue] if issue else rs
    if not mine and len(rs) >= REPEATED:
        mine = rs  # recent and repeated, whatever the topic
    if not mine:
        return None
    word = "negative " if len(mine) == 1 else ""  # several: the head says "negative" once
    said = [f"{word}{r['detail']} on {iso(r['date'])}: {r['other_name']}" for r in mine[:3]]
    more = f" (+{len(mine) - 3} more)" if len(mine) > 3 else ""
    where = " on this issue" if issue and (cid, mine[0]["other_id"]) in on_issue else ""
    head = f"{len(mine)} negative interactions{where}: " if len(mine) > 1 else ""
    return head + "; ".join(said) + more


def _one_line(flags: list[dict]) -> str:
    if not flags:
        return ""
    more = f" (+{len(flags) - 1} more)" if len(flags) > 1 else ""
    return f"{flags[0]['flag'].replace('_', ' ')}: {flags[0]['reason']}{more}"


def _flag(flag: str, reason: str) -> dict[str, str]:
    return {"flag": flag, "severity": SEVERITY.get(flag, "caution"), "reason": reason}
