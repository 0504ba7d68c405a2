"""Relationship maps, always for one viewer: the graphs and tables behind every map.

``map_of(store, viewer, ids)`` is the one builder every relationship map uses:
the people and organizations named, the ties among them (KNOWS / OWNS between
people, TIED_TO between organizations, current affiliations between the two),
their latest stance on an issue, and - computed on the map itself - influence
(weighted PageRank) and coalitions (seeded Louvain). ``issue_map``,
``organization_map`` and ``person_map`` choose the ids; ``map_html`` draws one
for the map page, ``stakeholders`` gives the stakeholder chart's points.

Nothing here touches Streamlit; graph/visual.py draws. The Cypher is
read-only, takes every value as a ``$parameter`` and filters every node and
relationship with the viewer's clearance.

>>> # G = issue_map(store, viewer, "i-transportation"); html = relationship_map_html(G)
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.analytics.coalitions import coalitions
from graph.analytics.influence import influence
from graph.store import Row, Store
from graph.viewer import Viewer
from queries.common import SEED, day_or_today, read, years_before


MAX_CANDIDATES = 3000  # more ids than this are cut (strongest evidence first) before ties are read

_CONTACTS = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (c:Contact {id: k}) WHERE c.confidentiality IN vis
RETURN c.id AS id, 'Contact' AS label, c.name AS name, c.kind AS kind, c.title AS title, c.status AS status
"""
_ORGS = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (o:Organization {id: k}) WHERE o.confidentiality IN vis
RETURN o.id AS id, 'Organization' AS label, o.name AS name, o.type AS kind, o.sector AS title,
       {{null_string}} AS status
"""
_PERSON_TIES = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (a:Contact {id: k})-[t:KNOWS|OWNS]->(b:Contact)
WHERE a.confidentiality IN vis AND t.confidentiality IN vis AND b.confidentiality IN vis
  AND (t.start_date IS NULL OR t.start_date <= $as_of) AND (t.end_date IS NULL OR t.end_date > $as_of)
RETURN a.id AS a, b.id AS b, {{type:t}} AS kind, t.strength AS strength, {{null_string}} AS note
"""
_ORG_TIES = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (a:Organization {id: k})-[t:TIED_TO]->(b:Organization)
WHERE a.confidentiality IN vis AND t.confidentiality IN vis AND b.confidentiality IN vis
  AND (t.end_date IS NULL OR t.end_date > $as_of)
RETURN a.id AS a, b.id AS b, t.kind AS kind, {{null_float}} AS strength,
       CASE WHEN 'ties.note' IN $withheld THEN {{null_string}} ELSE t.note END AS note
"""
_AFFILIATIONS = """
WITH $visible AS vis
UNWIND $ids AS k
MATCH (c:Contact {id: k})-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization)
WHERE c.confidentiality IN vis AND a.confidentiality IN vis AND o.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
RETURN c.id AS a, o.id AS b, {{type:a}} AS kind, a.role AS note
"""
_MEMBERS = """
WITH $visible AS vis
MATCH (c:Contact)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization {id: $org})
WHERE c.confidentiality IN vis AND a.confidentiality IN vis AND o.confidentiality IN vis
  AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
RETURN c.id AS id
"""
_TIED_ORGS = """
WITH $visible AS vis
MATCH (o:Organization {id: $org})-[t:TIED_TO|PART_OF]-(p:Organization)
WHERE o.confidentiality IN vis AND t.confidentiality IN vis AND p.confidentiality IN vis
RETURN DISTINCT p.id AS id
"""
_NEIGHBOURS = """
WITH $visible AS vis
MATCH (c:Contact {id: $id})-[t:KNOWS|OWNS]-(b:Contact)
WHERE c.confidentiality IN vis AND t.confidentiality IN vis AND b.confidentiality IN vis
  AND (t.end_date IS NULL OR t.end_date > $as_of)
RETURN DISTINCT b.id AS id
"""
_CO_PARTICIPANTS = """
WITH $visible AS vis
MATCH (c:Contact {id: $id})-[p1:PARTICIPATED_IN]->(x:Interaction)<-[p2:PARTICIPATED_IN]-(b:Contact)
WHERE x.date >= $since AND x.date <= $as_of AND b.id <> c.id
  AND c.confidentiality IN vis AND p1.confidentiality IN vis AND x.confidentiality IN vis
  AND p2.confidentiality IN vis AND b.confidentiality IN vis
RETURN b.id AS id, count(*) AS n, max(x.date) AS last
ORDER BY n DESC, id LIMIT $limit
"""
_STANCES = {
    label: f"""
WITH $visible AS vis
MATCH p = (sub:Issue)-{{{{part_of_0_5}}}}->(top:Issue {{id: $issue}})
WHERE all(r IN {{{{rels:p}}}} WHERE r.confidentiality IN vis) AND all(n IN {{{{nodes:p}}}} WHERE n.confidentiality IN vis)
WITH DISTINCT sub, vis
UNWIND $ids AS k
MATCH (h:{label} {{id: k}})-[t:TAKES_POSITION]->(sub)
WHERE h.confidentiality IN vis AND t.confidentiality IN vis AND (t.as_of IS NULL OR t.as_of <= $as_of)
RETURN h.id AS id, t.stance AS stance, t.as_of AS as_of, sub.id AS issue_id
"""
    for label in ("Contact", "Organization")  # labels from the model only
}


def map_of(store: Store, viewer: Viewer, ids: Iterable[str], *, issue: str | None = None,
           as_of: dt.date | None = None, centre: str | None = None, with_affiliations: bool = False,
           lines: dict[str, list[str]] | None = None, seed: int = SEED) -> nx.Graph:
    """The subgraph of ``ids`` (people and organizations) with their ties, stances, influence and coalitions.

    ``with_affiliations`` adds the organizations the people currently belong to.
    ``lines`` adds evidence lines to a node's tooltip. Ids the viewer may not see
    are left out. ``G.graph`` holds ``centre``, ``issue`` and ``cut`` (ids left
    out because there were more than ``MAX_CANDIDATES``).
    """
    as_of = day_or_today(as_of)
    wanted = list(dict.fromkeys(i for i in ids if i))
    cut = max(0, len(wanted) - MAX_CANDIDATES)
    wanted = wanted[:MAX_CANDIDATES] if not centre else [centre] + [i for i in wanted if i != centre][:MAX_CANDIDATES - 1]
    G = nx.Graph(centre=centre, issue=issue, cut=cut)
    for row in read(store, viewer, _CONTACTS, ids=wanted) + read(store, viewer, _ORGS, ids=wanted):
        G.add_node(row["id"], **_node(row))
    people = [n for n, d in G.nodes(data=True) if d["label"] == "Contact"]
    orgs = [n for n, d in G.nodes(data=True) if d["label"] == "Organization"]
    affiliations = read(store, viewer, _AFFILIATIONS, ids=people, as_of=as_of) if people else []
    if with_affiliations:
        extra = sorted({r["b"] for r in affiliations} - set(G))
        for row in read(store, viewer, _ORGS, ids=extra):
            G.add_node(row["id"], **_node(row))
        orgs = [n for n, d in G.nodes(data=True) if d["label"] == "Organization"]
    for r in _in_order(affiliations):
        if r["b"] in G:
            G.add_edge(r["a"], r["b"], kind=r["kind"], weight=0.6, note=r["note"])
    from graph.analytics.strength import tie_strength

    ties = (read(store, viewer, _PERSON_TIES, ids=people, as_of=as_of) if people else []) + (
        read(store, viewer, _ORG_TIES, ids=orgs, as_of=as_of) if orgs else [])
    for r in _in_order(ties):
        if r["b"] in G and r["a"] != r["b"]:
            # people's stated ties on the one strength model; organizations' ties count 0.5
            w = tie_strength(r["kind"], r["strength"]) if r["kind"] in ("KNOWS", "OWNS") else 0.5
            if not G.has_edge(r["a"], r["b"]) or G.edges[r["a"], r["b"]]["weight"] < w:
                G.add_edge(r["a"], r["b"], kind=r["kind"], weight=float(w), note=r["note"])
    if issue:
        for label, text in _STANCES.items():
            members = people if label == "Contact" else orgs
            if not members:
                continue
            latest: dict[str, Row] = {}
            for r in read(store, viewer, text, ids=members, issue=issue, as_of=as_of):
                have = latest.get(r["id"])
                if have is None or (r["as_of"] or dt.date.min, r["issue_id"]) > (have["as_of"] or dt.date.min,
                                                                                   have["issue_id"]):
                    latest[r["id"]] = r
            for hid, r in latest.items():
                G.nodes[hid]["stance"] = r["stance"]
    for n, extra_lines in (lines or {}).items():
        if n in G:
            G.nodes[n]["lines"] = list(extra_lines)
    decorate(G, seed=seed)
    return G


def _in_order(ties: list[Row]) -> list[Row]:
    """``ties`` (``a``, ``b``, ``kind``, ``note``) in a fixed order: the engine's row order must not
    decide which of two ties between the same pair a map draws."""
    return sorted(ties, key=lambda r: (r["a"], r["b"], r["kind"], str(r["note"])))


def decorate(G: nx.Graph, *, seed: int = SEED) -> nx.Graph:
    """Set ``influence`` (PageRank on ``weight``) and ``coalition`` (seeded Louvain) on every node."""
    if len(G) == 0:
        return G
    if G.number_of_edges():
        score = influence(G, weight="weight")
        part = coalitions(G, weight="weight", seed=seed)
    else:
        score = {n: 1.0 / len(G) for n in G}
        part = {n: i for i, n in enumerate(sorted(G))}
    for n in G:
        G.nodes[n]["influence"] = float(score.get(n, 0.0))
        G.nodes[n]["coalition"] = int(part.get(n, 0))
    return G


def issue_map(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
              stances: Iterable[str] | None = None, with_affiliations: bool = True,
              limit: int = MAX_CANDIDATES, holders: list[dict[str, Any]] | None = None) -> nx.Graph:
    """Everybody with a stated stance on ``issue`` (or an issue below it), and the bodies they sit on.

    ``limit``: the holders with the most recent stances at most (a busy issue has tens of
    thousands); ``holders``: the result of ``queries.stances.stances`` if the caller has it.
    """
    from queries.stances import stances as stances_on

    if holders is None:
        holders = stances_on(store, viewer, issue, as_of=as_of, limit=None if stances else limit)
    if stances:
        keep = set(stances)
        holders = [h for h in holders if h["stance"] in keep]
    holders.sort(key=lambda h: (h["as_of"] or dt.date.min), reverse=True)  # most recent evidence first
    lines = {h["id"]: h["because"][:4] for h in holders}
    G = map_of(store, viewer, [h["id"] for h in holders][:limit], issue=issue, as_of=as_of,
               with_affiliations=with_affiliations, lines=lines)
    G.graph["cut"] = max(G.graph.get("cut", 0), len(holders) - limit)
    G.graph["holders"] = len(holders)
    return G


def organization_map(store: Store, viewer: Viewer, organization: str, *, issue: str | None = None,
                     as_of: dt.date | None = None) -> nx.Graph:
    """An organization, its current people, the organizations tied to it or part of it."""
    from queries.common import require

    as_of = day_or_today(as_of)
    require(store, viewer, "Organization", organization, "an organization")
    members = [r["id"] for r in read(store, viewer, _MEMBERS, org=organization, as_of=as_of)]
    tied = [r["id"] for r in read(store, viewer, _TIED_ORGS, org=organization)]
    return map_of(store, viewer, [organization, *tied, *members], issue=issue, as_of=as_of, centre=organization)


def person_map(store: Store, viewer: Viewer, contact: str, *, issue: str | None = None,
               as_of: dt.date | None = None, since: dt.date | None = None, co_participants: int = 25) -> nx.Graph:
    """A person's ego network: who they know, whom they meet most, where they belong."""
    from queries.common import require

    as_of = day_or_today(as_of)
    since = since or years_before(as_of, 3)
    require(store, viewer, "Contact", contact, "a contact")
    known = [r["id"] for r in read(store, viewer, _NEIGHBOURS, id=contact, as_of=as_of)]
    met = read(store, viewer, _CO_PARTICIPANTS, id=contact, since=since, as_of=as_of, limit=co_participants)
    G = map_of(store, viewer, [contact, *known, *(r["id"] for r in met)], issue=issue, as_of=as_of,
               centre=contact, with_affiliations=True)
    for r in met:  # meeting often is a relationship too, even without a recorded KNOWS
        if r["id"] in G and not G.has_edge(contact, r["id"]):
            G.add_edge(contact, r["id"], kind="met", weight=min(1.0, 0.2 + 0.1 * r["n"]),
                       note=f"{r['n']} shared interactions, latest {r['last']}")
    return decorate(G)


def subgraph_for(store: Store, viewer: Viewer, centre_kind: str, centre: str, *, issue: str | None = None,
                 as_of: dt.date | None = None, stances: Iterable[str] | None = None) -> nx.Graph:
    """The map page's one entry point: ``centre_kind`` is issue, organization or person."""
    if centre_kind == "issue":
        return issue_map(store, viewer, centre, as_of=as_of, stances=stances)
    if centre_kind == "organization":
        return organization_map(store, viewer, centre, issue=issue, as_of=as_of)
    if centre_kind == "person":
        return person_map(store, viewer, centre, issue=issue, as_of=as_of)
    raise ValueError(f'centre_kind "{centre_kind}" is not issue, organization or person')


def _node(row: Row) -> dict[str, Any]:
    title = row.get("title")
    if row.get("status") and row["status"] != "active":
        title = f"{title or ''} ({row['status'].replace('_', ' ')})".strip()
    return {"name": row["name"], "label": row["label"], "kind": row["kind"], "title": title}


def nodes_frame(G: nx.Graph):
    """The map's nodes as a table in plain words (for the list under the map and for downloads).

    ``influence`` is the node's rank on the map (1 = most influential); ``coalition`` the
    coalition's name as the legend says it ("around Ana Ruiz (12)").
    """
    import pandas as pd

    from graph.visual import coalition_names, kind_of

    groups = coalition_names(G)
    rows = [{"id": n, "name": d.get("name"), "type": "person" if d.get("label") == "Contact" else "organization",
             "kind": kind_of(d) if d.get("label") == "Contact" else (d.get("kind") or "").replace("_", " "),
             "stance": d.get("stance") or "", "score": d.get("influence", 0.0),
             "coalition": groups[d["coalition"]][0] if d.get("coalition") in groups else "",
             "ties": G.degree(n)} for n, d in G.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=["id", "name", "type", "kind", "stance", "score", "coalition", "ties"])
    frame = frame.sort_values(["score", "name"], ascending=[False, True]).reset_index(drop=True)
    frame.insert(2, "influence", range(1, len(frame) + 1))
    return frame.drop(columns="score")


STANCE_SCORE = {"oppose": -1.0, "mixed": 0.0, "neutral": 0.0, "support": 1.0}


def stakeholders(store: Store, viewer: Viewer, issue: str, *, as_of: dt.date | None = None,
                 limit: int | None = None):
    """The classic stakeholder map's points: one row per person or organization engaged on ``issue``.

    ``limit``: at most that many holders of stances (the most recent) and that many partners
    (the best): a busy issue has tens of thousands of each.

    Columns: ``id, name, type, kind, stance`` (latest stated, or "no stance"), ``position``
    (-1 oppose .. +1 support), ``engagement`` (the partner score's evidence, 0 when none),
    ``influence`` (PageRank on the issue's relationship map, as a share of the largest).
    """
    import pandas as pd

    from queries.partners import find_partners
    from queries.stances import stances as stances_on

    holders = stances_on(store, viewer, issue, as_of=as_of, limit=limit)
    G = issue_map(store, viewer, issue, as_of=as_of, holders=list(holders),
                  limit=min(limit, MAX_CANDIDATES) if limit else MAX_CANDIDATES)
    held = {h["id"]: h for h in holders}
    partners = {p["id"]: p for p in find_partners(store, viewer, issue, as_of=as_of, limit=limit)}
    top = max((d.get("influence", 0.0) for _, d in G.nodes(data=True)), default=0.0) or 1.0
    rows = []
    for hid in dict.fromkeys([*held, *partners]):
        h, p = held.get(hid), partners.get(hid)
        base = h or p
        stance = h["stance"] if h else "no stance"
        rows.append({"id": hid, "name": base["name"], "type": "person" if base["label"] == "Contact" else "organization",
                     "kind": (base["kind"] or "").replace("_", " "), "stance": stance,
                     "position": STANCE_SCORE.get(stance, 0.0), "engagement": p["score"] if p else 0.0,
                     "influence": round(G.nodes[hid]["influence"] / top, 4) if hid in G else 0.0,
                     "because": list(dict.fromkeys((h["because"][:2] if h else []) + (p["because"][:3] if p else [])))})
    return pd.DataFrame(rows, columns=["id", "name", "type", "kind", "stance", "position", "engagement",
                                       "influence", "because"])


def map_html(store: Store, viewer: Viewer, centre_kind: str, centre: str, *, issue: str | None = None,
             as_of: dt.date | None = None, stances: Iterable[str] | None = None, colour_by: str = "stance",
             size_by: str = "influence", max_nodes: int = 500) -> tuple[str, dict[str, Any]]:
    """The map page's picture and its facts: ``(html, {"nodes", "edges", "shown", "cut"})``."""
    from graph.visual import prune, relationship_map_html

    if centre_kind == "issue":  # read no more holders than the picture can show (twice, for the cut)
        # every stance named, so that every holder is counted: the total does not move with max_nodes
        G = issue_map(store, viewer, centre, as_of=as_of, stances=stances or tuple(STANCE_SCORE), limit=2 * max_nodes)
    else:
        G = subgraph_for(store, viewer, centre_kind, centre, issue=issue, as_of=as_of, stances=stances)
    if centre_kind == "issue":  # the people and organizations with a stance first; the bodies they sit on fill in
        drawn = _holders_first(G, max_nodes)
    else:
        drawn, _ = prune(G, max_nodes)  # the caller says "showing N of M": no second count on the map
    html = relationship_map_html(drawn, colour_by=colour_by, size_by=size_by, max_nodes=max_nodes)
    shown = len(drawn)
    total = len(G)
    if centre_kind == "issue":
        # the total does not move with max_nodes: everyone with a stance on the issue (the bodies they
        # sit on are drawn too, and not counted)
        shown = sum(1 for _, d in drawn.nodes(data=True) if d.get("stance"))
        total = max(G.graph.get("holders", 0), shown)
    return html, {"nodes": len(G), "edges": G.number_of_edges(), "shown": shown, "total": total,
                  "cut": G.graph.get("cut", 0), "table": nodes_frame(G).head(max_nodes)}


HOLDER_WEIGHT = 1.5  # on an issue's map, a stance holder's influence counts this much more than a body's


def _holders_first(G: nx.Graph, max_nodes: int) -> nx.Graph:
    """The ``max_nodes`` nodes an issue's map draws: by influence, a stance holder's counting ``HOLDER_WEIGHT``
    times a body's (bodies are drawn to show who sits together, the holders are what the map is about)."""
    def rank(item):
        n, d = item
        return (-(d.get("influence") or 0.0) * (HOLDER_WEIGHT if d.get("stance") else 1.0), str(n))

    keep = [n for n, _ in sorted(G.nodes(data=True), key=rank)[:max_nodes]]
    H = G.subgraph(keep).copy()
    H.graph.update(G.graph)
    return H
