"""Who knows a person: our staff and contacts with a direct or 2-3 hop tie, strongest first.

Ranking: our staff first; then fewer hops; then strength on the one model
(graph/analytics/strength.py): a direct tie's strength weighs every shared
interaction (kind, direction, age from ``as_of``) with diminishing returns,
plus stated KNOWS / OWNS ties as a floor; a chain's strength is the product
of its ties' (each KNOWS / OWNS tie on its own). Equal strengths are broken by
the evidence behind them (raw points, then the number of shared
interactions), then by the most recent tie or interaction, and only then by
name. Each person appears once, with their best chain.
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
    rows = queries.run(store, "who_knows", viewer, target=target, as_of=as_of)
    direct = _direct_strength(store, viewer, target, rows, as_of)
    best: dict[str, dict[str, Any]] = {}
    for r in rows:
        hops = [h for h in ((r["tie1"], r["strength1"], r["since1"]), (r["tie2"], r["strength2"], r["since2"]),
                            (r["tie3"], r["strength3"], r["since3"])) if h[0]]
        dates = [iso(d) for _, _, d in hops if d] + ([iso(r["last_shared"])] if r["last_shared"] else [])
        if r["hops"] == 1:
            strength, raw, shared = direct.get(r["person_id"], (0.0, 0.0, 0))
        else:
            from graph.analytics.strength import tie_strength

            strength, raw, shared = 1.0, 0.0, 0
            for t, s, _ in hops:
                strength *= tie_strength(t, s)
        cand = {"id": r["person_id"], "name": r["name"], "kind": r["kind"], "hops": r["hops"],
                "strength": round(strength, 3), "recent": max(dates) if dates else None,
                "via": [v for v in (r["via1_name"], r["via2_name"]) if v],
                "via_ids": [v for v in (r["via1_id"], r["via2_id"]) if v], "because": [_say(r)],
                "_s": strength, "_raw": raw, "_n": shared}
        have = best.get(cand["id"])
        if have is None or _key(cand) < _key(have):
            if have and have["hops"] == cand["hops"] == 1:
                cand["because"] = have["because"] + cand["because"]
                cand["recent"] = max(x for x in (have["recent"], cand["recent"], "") if x is not None) or None
            best[cand["id"]] = cand
        elif have["hops"] == cand["hops"] == 1:
            if cand["because"][0] not in have["because"]:
                have["because"].append(cand["because"][0])
            have["recent"] = max(x for x in (have["recent"], cand["recent"], "") if x is not None) or None
    out = sorted(best.values(), key=_key)
    _say_where_the_data_ends(store, viewer, out, as_of)
    out = out[:limit] if limit else out
    for c in out:
        for k in ("_s", "_raw", "_n"):
            c.pop(k)
    return out


def _direct_strength(store: Store, viewer: Viewer, target: str, rows: list[dict], as_of: dt.date) -> dict:
    """``{person: (strength, raw, shared interactions)}`` for everyone with a direct tie to ``target``."""
    import pandas as pd

    from graph.analytics.strength import strength_edges

    shared = queries.run_df(store, "shared_interactions", viewer, target=target, as_of=as_of)
    direct = [r for r in rows if r["hops"] == 1 and r["tie1"] in ("KNOWS", "OWNS")]
    if shared.empty and not direct:
        return {}
    inter = shared[["interaction_id", "kind", "date"]].drop_duplicates("interaction_id") \
        .rename(columns={"interaction_id": "id"})
    parts = pd.concat([
        shared[["interaction_id", "person_id", "role"]].rename(columns={"person_id": "contact_id"}),
        shared[["interaction_id", "target_role"]].drop_duplicates("interaction_id")
        .rename(columns={"target_role": "role"}).assign(contact_id=target)], ignore_index=True)
    knows = pd.DataFrame([{"from_id": r["person_id"], "to_id": target, "strength": r["strength1"]}
                          for r in direct if r["tie1"] == "KNOWS"], columns=["from_id", "to_id", "strength"])
    owns = pd.DataFrame([{"staff_id": r["person_id"], "contact_id": target} for r in direct if r["tie1"] == "OWNS"],
                        columns=["staff_id", "contact_id"])
    e = strength_edges(inter, parts, knows, owns, as_of=as_of)
    e = e[(e["u"] == target) | (e["v"] == target)]
    other = e["u"].where(e["v"] == target, e["v"])
    return {o: (float(s), float(w), int(n)) for o, s, w, n in
            zip(other, e["strength"], e["raw"], e["n_interactions"])}


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
    return (c["kind"] != "our_staff", c["hops"], -c["_s"], -c["_raw"], -c["_n"], _neg(c["recent"]),
            c["name"] or "", c["id"])


def _neg(day: str | None) -> str:
    return "".join(chr(255 - ord(ch)) for ch in (day or ""))


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
