"""The whole network's analytics, for one viewer: the tables graph/analytics reads, and one
function per analytics command (cli/analytics_cmd.py) and dashboard panel.

``analytics_tables`` (queries/network_tables.py) reads the interactions, ties,
positions and contacts the viewer may see; ``analytics_refresh``
(queries/network_cache.py, the one saved-results cache) runs the cached full
refresh on them (graph/analytics/refresh.py); ``network_insights`` and
``saved_network_insights`` give the insights page its tables. Every row the
commands return carries ``because``: the evidence, in words. The names of the
other two modules stay importable from here.

The Cypher is read-only, takes every value as a ``$parameter`` and filters
every node and relationship with the viewer's clearance.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from graph.analytics.refresh import BROKER_PIVOTS
from graph.store import Store
from graph.viewer import Viewer
from queries.common import SEED, day_or_today, read
from queries.network_cache import (INSIGHTS_FOLDER, MODEL, analytics_refresh, previous_insights,  # noqa: F401
                                   refresh_folder, refresh_summary, refresh_version, saved_insights)
from queries.network_tables import (ANALYTICS_YEARS, HOLDING, HOLDING_RAW, LEAVING_DAYS,  # noqa: F401
                                    _strength_table, analytics_tables, quiet_window)


def network_insights(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                     top: int = 25):
    """Influencers, brokers, coalitions and institutional-memory risk over the whole network.

    Returns ``{"people": DataFrame(id, name, kind, title, influence, brokerage, constraint, coalition),
    "coalitions": DataFrame(coalition, size, members: top names), "memory": [rows with because],
    "approximate": {measure: how}, "tables": the analytics tables, "edges": the strength edge table}``.
    """
    import pandas as pd

    as_of = day_or_today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of)
    contacts = tables["contacts"]
    if tables["participants"].empty and tables["knows"].empty:
        return {"people": pd.DataFrame(), "coalitions": pd.DataFrame(), "memory": [], "approximate": {},
                "tables": tables, "edges": pd.DataFrame()}
    _, res = analytics_refresh(store, viewer, as_of=as_of, seed=seed, betweenness_k=BROKER_PIVOTS, tables=tables)
    people = res.table().rename(columns={"contact": "id", "community": "coalition", "brokerage": "brokerage"})
    info = contacts.set_index("id")[["name", "kind", "title"]]
    people = people.join(info, on="id")
    people = people[people["kind"] != "our_staff"] if "kind" in people else people
    people["coalition"] = people["coalition"].astype("Int64") + 1
    people = people[["id", "name", "kind", "title", "influence", "brokerage", "constraint", "coalition"]]
    sizes = people.groupby("coalition").agg(size=("id", "size")).reset_index()
    leaders = (people.sort_values("influence", ascending=False).groupby("coalition")["name"]
               .apply(lambda s: ", ".join(str(x) for x in s.head(3))).rename("most influential"))
    coal = sizes.join(leaders, on="coalition").sort_values("size", ascending=False).reset_index(drop=True)
    memory = _memory_rows(tables, res, as_of=as_of)  # the same rule as `civicgraph memory-risk`
    e = res.edges
    return {"people": people, "coalitions": coal, "memory": memory, "approximate": res.approximate,
            "tables": tables, "edges": e}


def saved_network_insights(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED):
    """:func:`network_insights`, computed once per data version, clearance and day and kept
    (queries/network_cache.saved_insights: in an embedded store's folder, Parquet and JSON).
    ``tables`` holds only ``contacts`` (what warm introductions need)."""
    return saved_insights(store, viewer, network_insights, as_of=as_of, seed=seed)


def previous_network_insights(store: Store, viewer: Viewer):
    """The newest :func:`saved_network_insights` of the viewer's clearance, on whatever data they were
    measured, with ``saved_at``; ``None`` if none were kept (queries/network_cache.previous_insights)."""
    return previous_insights(store, viewer)


def warm_introductions(edges, contacts, target: str, *, k: int = 3, hops: int = 3, per_hop: int = 60) -> list[dict]:
    """The strongest paths from any of our staff to ``target`` over the strength edge table.

    Only the ``hops``-neighbourhood of the target is searched (the ``per_hop``
    strongest ties of each person at each step), so it stays fast at a million
    interactions. Each row: ``path`` (names), ``ids``, ``strength``, ``hops``, ``because``.
    """
    import pandas as pd

    from graph.analytics import NodeNotFound
    from graph.analytics.paths import warm_paths
    from graph.analytics.strength import explain_edge, graph_from_edges

    if edges is None or len(edges) == 0 or not ((edges["u"] == target) | (edges["v"] == target)).any():
        raise NodeNotFound(f"{target} has no ties in the network we know of - log an interaction with them first")
    names = contacts.set_index("id")["name"].to_dict()
    staff = set(contacts.loc[contacts["kind"] == "our_staff", "id"])
    ball, frontier, keep = {target}, {target}, []
    for _ in range(hops):
        near = edges[edges["u"].isin(frontier) | edges["v"].isin(frontier)]
        near = near.assign(_from=near["u"].where(near["u"].isin(frontier), near["v"]))
        near = near.sort_values("strength", ascending=False).groupby("_from").head(per_hop)
        keep.append(near.drop(columns="_from"))
        frontier = (set(near["u"]) | set(near["v"])) - ball
        ball |= frontier
    sub = pd.concat(keep).drop_duplicates(["u", "v"])
    sub = edges[edges["u"].isin(ball) & edges["v"].isin(ball)] if len(ball) < 2000 else sub
    G = graph_from_edges(sub)
    sources = [s for s in staff if s in G and s != target]
    if not sources:
        return []
    us = "__our_staff__"  # one search from all of our staff at once, not one per staff member
    G.add_edges_from((us, s, {"strength": 1.0}) for s in sources)
    rows = warm_paths(G, us, target, k=k)
    for r in rows:
        r["path"] = r["path"][1:]
        r["hops"] -= 1
    for r in rows:
        r["ids"] = list(r["path"])
        r["path"] = [names.get(x, x) for x in r["path"]]
        r["because"] = [f"{names.get(a, a)} - {names.get(b, b)}: {explain_edge(G.edges[a, b])}"
                        for a, b in zip(r["ids"], r["ids"][1:])]
    return rows


# ---------------------------------------------------------------------------
# One function per analytics command (cli/analytics_cmd.py), for one viewer; every row carries `because`.

_PLACES = """
MATCH (j:Jurisdiction) WHERE j.confidentiality IN $visible RETURN j.id AS id, j.name AS name, j.parent_id AS parent"""
_ISSUES = """
MATCH (i:Issue) WHERE i.confidentiality IN $visible RETURN i.id AS id, i.parent_id AS parent"""


def _issue_positions(store: Store, viewer: Viewer, positions, issue: str):
    """Positions on ``issue`` or any issue below it, relabelled as ``issue`` (NotFound for an unknown issue)."""
    from queries.common import issue_name

    issue_name(store, viewer, issue)
    parent = {r["id"]: r["parent"] for r in read(store, viewer, _ISSUES)}
    ids = {i for i in parent if _under(i, issue, parent)}
    return positions[positions["issue_id"].isin(ids)].assign(issue_id=issue)


def _under(x, top, parent) -> bool:
    for _ in range(10):  # issue and jurisdiction trees are shallow
        if x == top:
            return True
        x = parent.get(x)
        if not x:
            return False
    return False


def _top_ties(edges, nodes, names, n: int = 3) -> dict:
    """``{node: (number of ties, "A (0.93), B (0.90), ...")}`` for ``nodes``, in one pass over the edges."""
    import pandas as pd

    wanted = set(nodes)
    ends = pd.concat([edges[["u", "v", "strength"]].set_axis(["x", "o", "s"], axis=1),
                      edges[["v", "u", "strength"]].set_axis(["x", "o", "s"], axis=1)])
    ends = ends[ends["x"].isin(wanted)]
    count = ends.groupby("x").size().to_dict()
    best = ends.sort_values(["s", "o"], ascending=[False, True]).groupby("x").head(n)
    text = best.groupby("x", sort=False).apply(
        lambda g: ", ".join(f"{names.get(o, o)} ({v:.2f})" for o, v in zip(g["o"], g["s"])), include_groups=False)
    return {x: (int(count.get(x, 0)), text.get(x, "")) for x in nodes}


def relationship_between(store: Store, viewer: Viewer, a: str, b: str, *, as_of: dt.date | None = None) -> dict:
    """How strong the relationship between contacts ``a`` and ``b`` is, and what it is made of."""
    from graph.analytics.strength import explain_edge
    from queries.common import require

    as_of = day_or_today(as_of)
    names = {x: require(store, viewer, "Contact", x, "a contact") for x in (a, b)}
    e = _strength_table(analytics_tables(store, viewer, as_of=as_of), as_of)
    u, v = sorted([a, b])
    row = e[(e["u"] == u) & (e["v"] == v)]
    out = {"a": a, "a_name": names[a], "b": b, "b_name": names[b], "strength": 0.0, "raw": 0.0,
           "n_interactions": 0, "last_date": None, "because": ["no shared interactions or stated ties"]}
    if len(row):
        r = row.iloc[0]
        last = r["last_date"]
        out.update(strength=round(float(r["strength"]), 4), raw=round(float(r["raw"]), 3),
                   n_interactions=int(r["n_interactions"]),
                   last_date=None if last != last else dt.date.fromisoformat(str(last)[:10]),
                   because=[explain_edge(r)])
    return out


def influencers(store: Store, viewer: Viewer, *, issue: str | None = None, as_of: dt.date | None = None,
                top: int = 25) -> list[dict]:
    """The most influential people (PageRank over strong ties), or on ``issue`` the best connected of those engaged."""
    from graph.analytics.influence import current_stances, issue_influence
    from graph.analytics.strength import graph_from_edges

    as_of = day_or_today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of)
    c = tables["contacts"].set_index("id")
    names, staff = c["name"].to_dict(), set(c.index[c["kind"] == "our_staff"])
    e = res.edges
    if issue is None:
        score = {x: v for x, v in res.influence.items() if x not in staff}
        because = {}
    else:
        stated = current_stances(_issue_positions(store, viewer, tables["positions"], issue), issue)
        e = e[e["u"].isin(stated) & e["v"].isin(stated)]
        score = issue_influence(graph_from_edges(e), stated)
        score.update({x: 0.0 for x in stated if x not in score})
        because = {x: [f"states {s} on {issue}"] for x, s in stated.items()}
    ranked = sorted(score, key=lambda x: (-score[x], str(x)))[:top]
    tops = _top_ties(e, ranked, names)
    rows = []
    for i, x in enumerate(ranked, 1):
        deg, ties = tops[x]
        where = "" if issue is None else " engaged on the issue"
        rows.append({"id": x, "name": names.get(x, x), "kind": c["kind"].get(x), "title": c["title"].get(x),
                     "rank": i, "score": round(float(score[x]), 6),
                     "because": because.get(x, []) + [f"{deg} ties to others{where}" + (f"; strongest: {ties}" if ties else "")]})
    return rows


def broker_report(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, top: int = 25,
                  betweenness_k: int | None = BROKER_PIVOTS) -> list[dict]:
    """People on many of the strongest paths between everyone else, with the places their strong ties reach."""
    from graph.analytics.brokers import bridges_between
    from graph.analytics.strength import graph_from_edges

    as_of = day_or_today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of, betweenness_k=betweenness_k)
    c = tables["contacts"].set_index("id")
    names, staff = c["name"].to_dict(), set(c.index[c["kind"] == "our_staff"])
    place = {r["id"]: r["name"] for r in read(store, viewer, _PLACES)}
    ranked = sorted((x for x in res.brokers if x not in staff), key=lambda x: (-res.brokers[x], str(x)))[:top]
    e = res.edges
    near = graph_from_edges(e[e["u"].isin(ranked) | e["v"].isin(ranked)], attrs=["strength"])
    group = {x: place.get(g, g) for x, g in c["group"].dropna().items()}
    reach = {r["contact"]: r for r in bridges_between(near, group, top=None) if r["contact"] in set(ranked)}
    how = res.approximate.get("brokers", "exact betweenness")
    rows = []
    for x in ranked:
        b, con = float(res.brokers[x]), res.constraint.get(x)
        why = [f"on {b:.2%} of the strongest paths between other people ({how})"]
        if con == con and con is not None:
            why.append(f"constraint {con:.2f} (low: their contacts do not know each other)")
        why += reach.get(x, {}).get("because", [])[:5]
        rows.append({"id": x, "name": names.get(x, x), "kind": c["kind"].get(x), "brokerage": round(b, 6),
                     "constraint": None if con is None or con != con else round(float(con), 4),
                     "groups": reach.get(x, {}).get("groups", []), "because": why})
    return rows


def bridges_between_places(store: Store, viewer: Viewer, place_a: str, place_b: str, *, kind: str | None = None,
                           as_of: dt.date | None = None, top: int = 10) -> list[dict]:
    """Who connects the people of two jurisdictions (and everything inside them) without us.

    Counted on ties that exist without our staff: interactions with any of our
    staff, OWNS ties and our staff themselves are left out, so the answer is
    who could introduce them to each other, not who convenes them. ``kind``
    keeps only group members of that kind (e.g. ``elected_official``).
    """
    import pandas as pd

    from graph.analytics import fast
    from graph.analytics.strength import strength_edges
    from queries.common import require

    as_of = day_or_today(as_of)
    label = {p: require(store, viewer, "Jurisdiction", p, "a jurisdiction") for p in (place_a, place_b)}
    parent = {r["id"]: r["parent"] for r in read(store, viewer, _PLACES)}
    t = analytics_tables(store, viewer, as_of=as_of)
    c = t["contacts"]
    staff = set(c.loc[c["kind"] == "our_staff", "id"])
    people = c if kind is None else c[c["kind"] == kind]
    groups = [set(people.loc[people["jurisdiction_id"].map(lambda j, p=p: _under(j, p, parent)), "id"]) - staff
              for p in (place_a, place_b)]
    p = t["participants"]
    p = p[~p["interaction_id"].isin(set(p.loc[p["contact_id"].isin(staff), "interaction_id"]))]
    k = t["knows"][~t["knows"]["from_id"].isin(staff) & ~t["knows"]["to_id"].isin(staff)]
    e = strength_edges(t["interactions"], p, k, None, as_of=as_of)
    F = fast.FastGraph.from_edges(e)
    score = fast.bridging(F, *groups, n_jobs=2)
    names = c.set_index("id")["name"].to_dict()
    kinds = c.set_index("id")["kind"].to_dict()
    ranked = [x for x in sorted(score, key=lambda x: (-score[x], str(x))) if score[x] > 0][:top]
    # each ranked person's ties, both directions of the edge table
    near = e[e["u"].isin(ranked) | e["v"].isin(ranked)]
    ties = pd.concat([near[["u", "v", "strength"]], near.rename(columns={"u": "v", "v": "u"})[["u", "v", "strength"]]])
    rows = []
    for x in ranked:
        why = [f"on {score[x]:.0%} of the strongest paths between {len(groups[0])} people of {label[place_a]} "
               f"and {len(groups[1])} of {label[place_b]} (ties without our staff)"]
        mine = ties[ties["u"] == x]
        for g, p_ in zip(groups, (place_a, place_b)):
            into = mine[mine["v"].isin(g)].sort_values(["strength", "v"], ascending=[False, False])
            if len(into):
                why.append(f"{len(into)} tie{'s' if len(into) > 1 else ''} into {label[p_]}: "
                           + ", ".join(f"{names.get(y, y)} ({s:.2f})" for y, s in zip(into["v"][:3], into["strength"][:3])))
        cut = fast.separates(F, x, *groups)
        if cut:
            why.append(f"without them nobody in {label[place_a]} can reach {label[place_b]}")
        rows.append({"id": x, "name": names.get(x, x), "kind": kinds.get(x), "bridging": round(float(score[x]), 4),
                     "separates": cut, "because": why})
    return rows


def coalition_report(store: Store, viewer: Viewer, *, issue: str | None = None, as_of: dt.date | None = None,
                     seed: int = SEED, min_size: int = 3, use_cache: bool = True) -> list[dict]:
    """Clusters of closely tied people (seeded Louvain), their most influential members and, for ``issue``, their lean."""
    from graph.analytics.coalitions import coalition_stances

    as_of = day_or_today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of, seed=seed, use_cache=use_cache)
    c = tables["contacts"].set_index("id")
    names, staff = c["name"].to_dict(), set(c.index[c["kind"] == "our_staff"])
    part = {x: k for x, k in res.communities.items() if x not in staff}
    members: dict = {}
    for x, k in part.items():
        members.setdefault(k, []).append(x)
    stances = {}
    if issue is not None:
        pos = _issue_positions(store, viewer, tables["positions"], issue)
        stances = {r["community"]: r for r in coalition_stances(part, pos, issue)}
    rows = []
    for k in sorted(members, key=lambda k: (-len(members[k]), k)):
        if len(members[k]) < min_size:
            continue
        lead = sorted(members[k], key=lambda x: (-res.influence.get(x, 0.0), str(x)))[:5]
        row = {"coalition": k + 1, "size": len(members[k]), "members": [names.get(x, x) for x in lead],
               "member_ids": sorted(members[k]), "seed": seed,
               "because": [f"most influential: {', '.join(names.get(x, x) for x in lead)}"]}
        if issue is not None:
            s = stances[k]
            row.update({key: s[key] for key in ("support", "oppose", "neutral", "mixed", "unknown", "lean")})
            row["because"] += s["because"] or [f"nobody states a stance on {issue}"]
        rows.append(row)
    return rows


def warm_paths_to(store: Store, viewer: Viewer, target: str, *, source: str | None = None, issue: str | None = None,
                  supporters_only: bool = False, avoid: Iterable[str] = (), k: int = 3,
                  as_of: dt.date | None = None) -> list[dict]:
    """The strongest chains of introductions from our staff (or one staff member) to ``target``.

    ``supporters_only`` (with ``issue``): everybody in between is our staff or
    states support on the issue, so no opponent hears of the approach first.
    """
    from graph.analytics import AnalyticsError
    from graph.analytics.influence import current_stances
    from queries.common import require

    as_of = day_or_today(as_of)
    require(store, viewer, "Contact", target, "a contact")
    tables = analytics_tables(store, viewer, as_of=as_of)
    c = tables["contacts"]
    staff = set(c.loc[c["kind"] == "our_staff", "id"])
    if source is not None:
        require(store, viewer, "Contact", source, "a contact")
        if source not in staff:
            raise AnalyticsError(f'"{source}" is not one of our staff - --from takes a staff member\'s id')
        c = c.assign(kind=c["kind"].where(~c["id"].isin(staff - {source}), "our_colleague"))
    e = _strength_table(tables, as_of)
    ends = {target} | ({source} if source else staff)
    if supporters_only:
        if issue is None:
            raise AnalyticsError("--supporters-only needs --issue: supporters of which issue?")
        stated = current_stances(_issue_positions(store, viewer, tables["positions"], issue), issue)
        ok = {x for x, s in stated.items() if s == "support"} | staff | ends
        e = e[e["u"].isin(ok) & e["v"].isin(ok)]
    bad = set(avoid) - ends
    if bad:
        e = e[~e["u"].isin(bad) & ~e["v"].isin(bad)]
    rows = warm_introductions(e, c, target, k=k, hops=4)
    for r in rows:
        r["from"] = r["ids"][0]
        r["strength"] = round(r["strength"], 4)
        r.pop("cost", None)
    return rows


def held_by_leavers(memory: list[dict]) -> list[dict]:
    """The one definition of "relationships held by someone leaving": memory-risk rows with ``holder_leaving``
    (every holder leaves within ``LEAVING_DAYS``), for the Overview, Network insights and the CLI."""
    return [r for r in memory if "holder_leaving" in r["risks"]]


def memory_risks(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, dormant_months: float = 12,
                 leaving_within_days: int = LEAVING_DAYS, min_strength: float | None = None) -> list[dict]:
    """Key relationships we could lose: one holder, holders leaving, nobody holding it, dormant; riskiest first.

    Key contacts: those one of our staff owns, and the most influential tenth of everyone else.
    A staff member holds a relationship they own (OWNS) or one of strength at least
    ``min_strength`` (default ``HOLDING``: the strength of ``HOLDING_RAW`` evidence, about two
    meetings in the last year); weaker staff ties are named as who could take over.
    """
    as_of = day_or_today(as_of)
    tables, res = analytics_refresh(store, viewer, as_of=as_of)
    return _memory_rows(tables, res, as_of=as_of, dormant_months=dormant_months,
                        leaving_within_days=leaving_within_days, min_strength=min_strength)


def _memory_rows(tables: dict, res, *, as_of: dt.date, dormant_months: float = 12,
                 leaving_within_days: int = LEAVING_DAYS,
                 min_strength: float | None = None) -> list[dict]:
    """Memory risks from an analytics refresh; only the ties of our staff matter (a small graph at any scale)."""
    import numpy as np
    import pandas as pd

    from graph.analytics.memory import memory_risk
    from graph.analytics.strength import graph_from_edges

    min_strength = HOLDING if min_strength is None else min_strength

    c, owns = tables["contacts"], tables["owns"]
    staff = set(c.loc[c["kind"] == "our_staff", "id"])
    if "end_date" in owns:
        owns = owns[owns["end_date"].isna() | (pd.to_datetime(owns["end_date"], errors="coerce") > pd.Timestamp(as_of))]
    infl = {x: v for x, v in res.influence.items() if x not in staff}
    cut = np.quantile(list(infl.values()), 0.9) if infl else 0.0
    # owned contacts are key whatever their score: rank them above the cut so the quantile keeps them
    importance = {x: (v if v >= cut else 0.0) for x, v in infl.items()}
    importance.update({x: max(infl.get(x, 0.0), cut) + 1e-12 for x in owns["contact_id"] if x not in staff})
    e = res.edges
    rows = memory_risk(graph_from_edges(e[e["u"].isin(staff) | e["v"].isin(staff)]), c, owns, as_of=as_of,
                       importance=importance, key_quantile=0.0, dormant_months=dormant_months,
                       leaving_within_days=leaving_within_days, min_strength=min_strength)
    names = c.set_index("id")["name"]
    for r in rows:
        r["importance"] = round(float(infl.get(r["contact"], 0.0)), 6)
        r["holder_names"] = [names.get(h, h) for h in r["holders"]]
    return rows


def inferred_stances(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
                     min_confidence: float = 0.3, top: int | None = 100) -> list[dict]:
    """Where people with no stated stance on ``issue`` probably stand, from their ties; every row says ``inferred``."""
    from graph.analytics.inference import infer_stances
    from graph.analytics.strength import graph_from_edges

    as_of = day_or_today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of)
    pos = _issue_positions(store, viewer, tables["positions"], issue)
    G = graph_from_edges(_strength_table(tables, as_of), attrs=["strength"])
    names = tables["contacts"].set_index("id")["name"].to_dict()
    guess = infer_stances(G, pos, issue, min_confidence=min_confidence)
    rows = [{"id": x, "name": names.get(x, x), "stance": g["stance"], "confidence": g["confidence"],
             "inferred": True, "from": g["from"],
             "because": [b.replace(f["contact"], names.get(f["contact"], f["contact"]), 1)
                         for b, f in zip(g["because"], g["from"])]} for x, g in guess.items()]
    rows.sort(key=lambda r: (-r["confidence"], str(r["id"])))
    return rows[:top] if top else rows
