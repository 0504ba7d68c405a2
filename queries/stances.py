"""Advocates and opponents of an issue: latest dated stance with its source, history, contradictions.

A *contradiction* is two consecutive stances of opposite sign (support / oppose) by
the same holder on the same issue stated less than ``CONTRADICTION_DAYS`` apart (support at a meeting,
opposition in a letter three weeks later); a change over years is a history,
not a contradiction.

``advocates(..., high_profile=True)`` ranks people by office and reach:
office rank (state legislature 5, county 4, city 3, regional body 2, other
office 1, none 0) x 10 + people they know + interactions in the last year / 10.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import affiliations, issue_name, iso, stance_sources, today, years_before

CONTRADICTION_DAYS = 90
OFFICE_RANK = {"legislature": 5, "chamber": 5, "state_agency": 4, "county": 4, "city": 3,
               "council_of_governments": 2, "board": 2, "committee": 2, "special_district": 2,
               "transit_authority": 2}
SIGN = {"support": 1, "oppose": -1}


def stances(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
            limit: int | None = None) -> list[dict[str, Any]]:
    """Every holder with a stance on ``issue`` (or below): latest stance, history, contradictions.

    ``limit``: only the holders with the most recent stances (for maps), so that where their
    stances were stated is looked up for those only.
    """
    as_of = as_of or today()
    issue_name(store, viewer, issue)
    by_holder: dict[str, dict[str, Any]] = {}
    for r in queries.run(store, "stances_on_issue", viewer, issue=issue):
        if r["as_of"] is not None and r["as_of"] > as_of:
            continue
        h = by_holder.setdefault(r["holder_id"], {"id": r["holder_id"], "label": r["holder_label"],
                                                  "name": r["name"], "kind": r["holder_kind"], "history": []})
        h["history"].append({"stance": r["stance"], "as_of": r["as_of"], "issue_id": r["issue_id"],
                             "issue": r["issue_name"], "strength": r["strength"], "source_id": None,
                             "source_kind": None, "note": r["note"]})
    if limit is not None and len(by_holder) > limit:
        recent = sorted(by_holder.values(), key=lambda h: (max((iso(s["as_of"]) for s in h["history"]), default=""),
                                                           h["id"]), reverse=True)
        by_holder = {h["id"]: h for h in recent[:limit]}
    sources = stance_sources(store, viewer, issue, list(by_holder))
    out = []
    for h in by_holder.values():
        for st in h["history"]:
            src = sources.get((h["id"], st["issue_id"], st["as_of"], st["stance"]))
            if src:
                st["source_id"], st["source_kind"] = src["source_id"], src["source_kind"]
        h["history"].sort(key=lambda s: (iso(s["as_of"]), s["issue_id"], s["source_id"] or ""))
        latest = h["history"][-1]
        h["stance"], h["as_of"], h["source_kind"], h["source_id"] = (
            latest["stance"], latest["as_of"], latest["source_kind"], latest["source_id"])
        h["contradictions"] = _contradictions(h["history"])
        h["because"] = [_say(s) for s in reversed(h["history"])] + [
            f"contradiction: {_say(a)} but {_say(b)}" for a, b in h["contradictions"]]
        out.append(h)
    out.sort(key=lambda h: (h["name"] or "", h["id"]))
    return out


def advocates(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
              high_profile: bool = False) -> list[dict[str, Any]]:
    """Holders whose latest stance is support; ``high_profile`` ranks people by office and reach."""
    rows = [h for h in stances(store, viewer, issue, as_of=as_of) if h["stance"] == "support"]
    return _rank(store, viewer, rows, as_of or today()) if high_profile else rows


def opponents(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
              high_profile: bool = False) -> list[dict[str, Any]]:
    """Holders whose latest stance is oppose."""
    rows = [h for h in stances(store, viewer, issue, as_of=as_of) if h["stance"] == "oppose"]
    return _rank(store, viewer, rows, as_of or today()) if high_profile else rows


def contradictions(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None) -> list[dict]:
    return [h for h in stances(store, viewer, issue, as_of=as_of) if h["contradictions"]]


def _contradictions(history: list[dict]) -> list[tuple[dict, dict]]:
    found = []
    pairs = []
    for issue in sorted({s["issue_id"] for s in history}):
        same = [s for s in history if s["issue_id"] == issue]
        pairs += list(zip(same, same[1:]))
    for a, b in pairs:
        if (SIGN.get(a["stance"], 0) * SIGN.get(b["stance"], 0) < 0 and a["as_of"] and b["as_of"]
                and (b["as_of"] - a["as_of"]).days <= CONTRADICTION_DAYS):
            found.append((a, b))
    return found


def _say(s: dict) -> str:
    verb = {"support": "supports", "oppose": "opposes"}.get(s["stance"], f"{s['stance']} on")
    where = f"{s['source_kind']}, " if s["source_kind"] else ""
    return f"{verb} {s['issue'].lower()} ({where}{iso(s['as_of'])})"


def _rank(store: Store, viewer: Viewer, rows: list[dict], as_of: dt.date) -> list[dict]:
    people = [h["id"] for h in rows if h["label"] == "Contact"]
    affs = affiliations(store, viewer, people, as_of)
    reach = {r["contact_id"]: r for r in queries.run(store, "contact_reach", viewer, contacts=people,
                                                     since=years_before(as_of, 1))} if people else {}
    for h in rows:
        offices = [a for a in affs.get(h["id"], []) if a["relation"] == "HOLDS_OFFICE"]
        rank = max((OFFICE_RANK.get(a["org_type"], 1) for a in offices), default=0)
        if h["label"] == "Organization":
            rank = OFFICE_RANK.get(h["kind"], 0)
        r = reach.get(h["id"], {"ties": 0, "interactions": 0})
        h["profile"] = rank * 10 + r["ties"] + r["interactions"] / 10
        h["offices"] = [f"{a['role'] or 'office'}, {a['organization']}" for a in offices]
        h["because"] = h["because"] + [f"holds office: {o}" for o in h["offices"]] + (
            [f"knows {r['ties']} people; {r['interactions']} interactions in the last year"] if h["label"] == "Contact" else [])
    rows.sort(key=lambda h: (-h["profile"], h["name"] or ""))
    return rows
