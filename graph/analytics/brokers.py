"""Brokers: people who connect groups that would otherwise not talk.

This NetworkX module is the reference: graph/analytics/fast.py computes the same measures
on igraph and scipy for the dashboard and the CLI, and must give the same answers
(tests/test_analytics_demo.py compares them on the demo region).

Three lenses:

* ``brokers`` - betweenness: the share of shortest (strongest) paths between
  everybody else that run through a person. Edge length is ``distance =
  -log(strength)``, so a path through strong ties is short. With ``k`` it is
  estimated from ``k`` sampled start points (seeded): approximate.
* ``constraint`` / ``effective_size`` (Burt): low constraint and a large
  effective size mean a person's contacts do not know each other - a broker.
* ``bridges_between`` - who has strong ties into several groups (counties,
  utilities, hospitals), with the groups named as evidence.

>>> import networkx as nx
>>> G = nx.barbell_graph(3, 1)  # two cliques joined through node 3
>>> nx.set_edge_attributes(G, 0.5, "strength"); nx.set_edge_attributes(G, 0.69, "distance")
>>> max(brokers(G).items(), key=lambda kv: kv[1])[0]
3
"""
from __future__ import annotations

import networkx as nx


def brokers(G: nx.Graph, *, weight="distance", k: int | None = None, seed=None,
            normalized: bool = True) -> dict:
    """Betweenness centrality with ``weight`` as edge length; ``k`` pivots make it an estimate."""
    return nx.betweenness_centrality(G, k=k, normalized=normalized, weight=weight, seed=seed)


def constraint(G: nx.Graph, *, weight="strength") -> dict:
    """Burt's constraint: 1 = all contacts tied to each other; near 0 = a broker."""
    return nx.constraint(G, weight=weight)


def effective_size(G: nx.Graph) -> dict:
    """Burt's effective size (unweighted): contacts, less their redundancy."""
    return nx.effective_size(G)


def bridges_between(G: nx.Graph, group_of: dict, *, weight="strength", min_strength: float = 0.2,
                    top: int | None = 20) -> list[dict]:
    """People with strong ties into two or more groups other than their own, with the groups.

    ``group_of`` maps a person to a group (a county, a utility...). Rows:
    ``{"contact", "groups", "score", "because"}``; ``score`` = number of groups
    reached, ties broken by the summed strength into them.

    >>> G = nx.Graph(); G.add_edges_from([("ann", "x1"), ("ann", "y1")], strength=0.9)
    >>> bridges_between(G, {"x1": "Bexar County", "y1": "CPS Energy"})[0]["because"]
    ['0.90 into Bexar County (1 tie)', '0.90 into CPS Energy (1 tie)']
    """
    rows = []
    for node in G:
        own = group_of.get(node)
        reach: dict = {}
        for nb, d in G[node].items():
            g = group_of.get(nb)
            s = float(d.get(weight, 1.0))
            if g is None or g == own or s < min_strength:
                continue
            tot, cnt = reach.get(g, (0.0, 0))
            reach[g] = (tot + s, cnt + 1)
        if len(reach) >= 2:
            groups = sorted(reach, key=lambda g: -reach[g][0])
            rows.append({
                "contact": node, "groups": groups, "score": len(groups),
                "strength": sum(t for t, _ in reach.values()),
                "because": [f"{reach[g][0]:.2f} into {g} ({reach[g][1]} tie{'s' if reach[g][1] > 1 else ''})"
                            for g in groups],
            })
    rows.sort(key=lambda r: (-r["score"], -r["strength"], str(r["contact"])))
    return rows[:top] if top else rows


def bridging(G: nx.Graph, group_a, group_b, *, weight="distance", normalized: bool = True) -> dict:
    """How much each person bridges two groups: their share of the strongest paths from ``group_a`` to ``group_b``.

    Betweenness counted only on paths that start in one group and end in the
    other (``weight`` is the edge length). With ``normalized`` the score is the
    share of those pairs whose strongest paths all run through the person
    (1.0: every connection between the groups goes through them).

    >>> G = nx.path_graph(["a1", "rosa", "b1"])
    >>> bridging(G, ["a1"], ["b1"], weight=None)["rosa"]
    1.0
    """
    a = [x for x in dict.fromkeys(group_a) if x in G]
    b = [x for x in dict.fromkeys(group_b) if x in G and x not in set(a)]
    raw = nx.betweenness_centrality_subset(G, a, b, normalized=False, weight=weight)
    # NetworkX halves undirected subset sums: a path a->b is counted once per direction then halved
    pairs = len(a) * len(b)
    scale = 2.0 / pairs if normalized and pairs else 1.0
    return {x: v * scale for x, v in raw.items()}


def separates(G: nx.Graph, node, group_a, group_b) -> bool:
    """True when, without ``node``, nobody in ``group_a`` can reach anybody in ``group_b``.

    >>> separates(nx.path_graph(["a1", "rosa", "b1"]), "rosa", ["a1"], ["b1"])
    True
    """
    H = G.subgraph([x for x in G if x != node])
    a = {x for x in group_a if x in H}
    b = {x for x in group_b if x in H}
    seen: set = set()
    for x in a:
        if x not in seen:
            comp = nx.node_connected_component(H, x)
            if comp & b:
                return False
            seen |= comp
    return True
