"""Institutional-memory risk: key relationships we could lose.

A key contact is at risk when only one staff member holds the relationship,
when every holder is leaving (``leaving_date`` within ``leaving_within_days``),
when nobody on staff holds it, or when it is dormant (no interaction with any
of our staff for ``dormant_months``). A staff member "holds" a contact when an
OWNS tie says so or when their strength is at least ``min_strength``.

>>> import networkx as nx, pandas as pd
>>> G = nx.Graph(); G.add_edge("kim", "mayor", strength=0.8, last_date=pd.Timestamp("2026-09-01"))
>>> contacts = pd.DataFrame({"id": ["kim", "mayor"], "name": ["Kim Lee", "Mayor Diaz"],
...                          "kind": ["our_staff", "elected_official"], "status": "active",
...                          "leaving_date": ["2026-12-31", None]})
>>> [r["because"] for r in memory_risk(G, contacts, as_of="2026-10-01")]
[['only Kim Lee holds it', 'Kim Lee leaves on 2026-12-31']]
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from graph.analytics import require_columns


def memory_risk(G: nx.Graph, contacts: pd.DataFrame, owns: pd.DataFrame | None = None, *, as_of,
                importance: dict | None = None, key_quantile: float = 0.9, dormant_months: float = 12,
                leaving_within_days: int = 180, min_strength: float = 0.3, weight="strength") -> list[dict]:
    """Key contacts at risk, riskiest first: ``{contact, name, importance, holders, risks, because, could_take_over}``.

    Key contacts: those with ``importance`` (e.g. influence scores) in the top
    ``1 - key_quantile``; without ``importance``, every contact some staff member
    has dealt with (even if the tie has since faded below ``min_strength``).
    """
    require_columns(contacts, ["id", "name", "kind"], "contacts")
    today = pd.Timestamp(as_of)
    c = contacts.set_index("id")
    name = c["name"].to_dict()
    staff = set(c.index[c["kind"] == "our_staff"])
    leave = pd.to_datetime(c["leaving_date"], errors="coerce") if "leaving_date" in c else pd.Series(pd.NaT, c.index)
    gone = c["status"].ne("active") if "status" in c else pd.Series(False, c.index)
    leaving = {s: (leave[s] if not pd.isna(leave[s]) else None) for s in staff
               if (not pd.isna(leave[s]) and leave[s] <= today + pd.Timedelta(days=leaving_within_days)) or gone[s]}

    holders: dict = {}
    if owns is not None and len(owns):
        require_columns(owns, ["staff_id", "contact_id"], "owns")
        live = owns
        if "end_date" in owns:
            end = pd.to_datetime(owns["end_date"], errors="coerce")
            live = owns[end.isna() | (end > today)]
        for s, x in zip(live["staff_id"], live["contact_id"]):
            holders.setdefault(x, set()).add(s)
    last_seen: dict = {}
    weaker: dict = {}  # staff with a tie too weak to count as holding it: who could take over
    known = set(holders)  # contacts some staff member has dealt with at all
    for s in staff & set(G):
        for x, d in G[s].items():
            if x in staff:
                continue
            known.add(x)
            if float(d.get(weight, 0.0)) >= min_strength:
                holders.setdefault(x, set()).add(s)
            elif s not in leaving and float(d.get(weight, 0.0)) > 0:
                weaker.setdefault(x, []).append((float(d.get(weight, 0.0)), s))
            ld = d.get("last_date")
            if ld is not None and not pd.isna(ld):
                last_seen[x] = max(last_seen.get(x, pd.Timestamp.min), pd.Timestamp(ld))

    people = [x for x in c.index if x not in staff and c.at[x, "kind"] != "our_staff"]
    if importance:
        vals = np.array([importance.get(x, 0.0) for x in people])
        cut = np.quantile(vals, key_quantile) if len(vals) else 0.0
        key = [x for x, v in zip(people, vals) if v >= cut and v > 0]
    else:
        key = [x for x in people if x in known]

    dormant_before = today - pd.Timedelta(days=round(dormant_months * 30.44))
    rows = []
    for x in key:
        hs = sorted(holders.get(x, ()))
        risks, because = [], []
        if not hs:
            risks.append("no_holder")
            because.append("nobody on our staff holds it")
        elif len(hs) == 1:
            risks.append("single_holder")
            because.append(f"only {name.get(hs[0], hs[0])} holds it")
        if hs and all(h in leaving for h in hs):
            risks.append("holder_leaving")
            because += [f"{name.get(h, h)} leaves on {leaving[h].date().isoformat()}" if leaving[h] is not None
                        else f"{name.get(h, h)} is no longer active" for h in hs]
        others = sorted((t for t in weaker.get(x, ()) if t[1] not in hs), key=lambda t: (-t[0], str(t[1])))
        if risks and others:
            because.append("weaker ties on our staff: " + ", ".join(f"{name.get(s, s)} ({w:.2f})" for w, s in others[:3]))
        seen = last_seen.get(x)
        if seen is None or seen < dormant_before:
            risks.append("dormant")
            because.append(f"no interaction with our staff since {seen.date().isoformat()}" if seen is not None
                           else "no recorded interaction with our staff")
        if risks:
            rows.append({"contact": x, "name": name.get(x, x),
                         "importance": float(importance.get(x, 0.0)) if importance else None,
                         "holders": hs, "risks": risks, "because": because,
                         "could_take_over": [s for _, s in others[:3]]})
    rows.sort(key=lambda r: (-len(r["risks"]), -(r["importance"] or 0.0), str(r["contact"])))
    return rows
