"""Who knows a person: our staff and contacts with a direct or 2-3 hop tie, strongest first.

Ranking: our staff first; then fewer hops; then the weakest link's strength
(a KNOWS without a strength counts 0.5, an OWNS 1.0, shared interactions
0.3 + 0.1 each up to 1.0); then the most recent tie or shared interaction.
Each person appears once, with their best chain.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, read, require, today, years_before


def who_knows(store: Store, viewer: Viewer, target: str, *, as_of: dt.date | None = None,
              limit: int | None = 50) -> list[dict[str, Any]]:
    as_of = as_of or today()
    require(store, viewer, "Contact", target, "a contact")
    best: dict[str, dict[str, Any]] = {}
    for r in queries.run(store, "who_knows", viewer, target=target, as_of=as_of):
        hops = [h for h in ((r["tie1"], r["strength1"], r["since1"]), (r["tie2"], r["strength2"], r["since2"]),
                            (r["tie3"], r["strength3"], r["since3"])) if h[0]]
        strengths = [_strength(t, s, r["shared"]) for t, s, _ in hops]
        dates = [iso(d) for _, _, d in hops if d] + ([iso(r["last_shared"])] if r["last_shared"] else [])
        recent = max(dates) if dates else None
        cand = {"id": r["person_id"], "name": r["name"], "kind": r["kind"], "hops": r["hops"],
                "strength": round(min(strengths), 3), "recent": recent,
                "via": [v for v in (r["via1_name"], r["via2_name"]) if v],
                "via_ids": [v for v in (r["via1_id"], r["via2_id"]) if v], "because": [_say(r)]}
        have = best.get(cand["id"])
        if have is None or _key(cand) < _key(have):
            if have and have["hops"] == cand["hops"] == 1:
                cand["because"] = have["because"] + cand["because"]
                cand["strength"] = max(cand["strength"], have["strength"])
            best[cand["id"]] = cand
        elif have["hops"] == cand["hops"] == 1 and cand["because"][0] not in have["because"]:
            have["because"].append(cand["because"][0])
            have["strength"] = max(have["strength"], cand["strength"])
    out = sorted(best.values(), key=_key)
    _say_where_the_data_ends(store, viewer, out, as_of)
    return out[:limit] if limit else out


def _say_where_the_data_ends(store: Store, viewer: Viewer, rows: list[dict[str, Any]], as_of: dt.date) -> None:
    """Like every network measure (queries/network_views.analytics_tables): when nothing the
    target took part in is recent and the whole store is quiet over the measures' window, say
    where the data ends instead of ranking stale ties as if they were today's."""
    from graph.analytics import AnalyticsError
    from queries.network_views import ANALYTICS_YEARS, quiet_window

    since = years_before(as_of, ANALYTICS_YEARS)
    if any(r["recent"] and r["recent"] >= since.isoformat() for r in rows):
        return
    if read(store, viewer, _ANY_IN_WINDOW, since=since, as_of=as_of):
        return
    quiet = quiet_window(store, viewer, since=since, as_of=as_of)
    if quiet:
        raise AnalyticsError(quiet)


_ANY_IN_WINDOW = """
MATCH (x:Interaction) WHERE x.date >= $since AND x.date <= $as_of AND x.confidentiality IN $visible
RETURN x.id AS id LIMIT 1"""


def _key(c: dict) -> tuple:
    return (c["kind"] != "our_staff", c["hops"], -c["strength"], _neg(c["recent"]), c["name"] or "", c["id"])


def _neg(day: str | None) -> str:
    return "".join(chr(255 - ord(ch)) for ch in (day or ""))


def _strength(tie: str, strength: float | None, shared: int) -> float:
    if tie == "INTERACTIONS":
        return min(1.0, 0.3 + 0.1 * shared)
    if strength is not None:
        return float(strength)
    return 1.0 if tie == "OWNS" else 0.5


def _say(r: dict) -> str:
    if r["tie1"] == "INTERACTIONS":
        return f"{r['shared']} shared interaction{'s' if r['shared'] != 1 else ''}, latest {iso(r['last_shared'])}"
    def tie(t, s, d):
        word = {"KNOWS": "knows", "OWNS": "owns the relationship with"}[t]
        extra = ", ".join(x for x in ((f"strength {s:g}" if s is not None else ""), (f"since {iso(d)}" if d else "")) if x)
        return f"{word}" + (f" ({extra})" if extra else "")
    parts = [tie(r["tie1"], r["strength1"], r["since1"])]
    if r["hops"] >= 2:
        parts.append(f"{r['via1_name']}, who " + tie(r["tie2"], r["strength2"], r["since2"]))
    if r["hops"] == 3:
        parts.append(f"{r['via2_name']}, who " + tie(r["tie3"], r["strength3"], r["since3"]))
    return " ".join(parts) + " the target"
