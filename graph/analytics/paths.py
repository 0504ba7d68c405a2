"""Warm introductions: the best chains of people from our staff to someone we want to reach.

A path's cost is the sum of ``-log(strength)`` over its ties, so the best path
is the one whose strengths multiply to the highest value - read it as the
chance that every introduction along the way works. There is no hop limit:
a strong three-hop chain beats a weak two-hop one.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("staff", "weak", strength=0.1); G.add_edge("weak", "mayor", strength=0.1)
>>> G.add_edge("staff", "a", strength=0.9); G.add_edge("a", "b", strength=0.9); G.add_edge("b", "mayor", strength=0.9)
>>> best = warm_paths(G, "staff", "mayor", k=2)
>>> best[0]["path"], round(best[0]["strength"], 3), best[1]["path"]
(['staff', 'a', 'b', 'mayor'], 0.729, ['staff', 'weak', 'mayor'])
"""
from __future__ import annotations

import itertools
import math

import networkx as nx

from graph.analytics import NodeNotFound
from graph.analytics.strength import explain_edge


def tie_cost(strength: float) -> float:
    """``-log(strength)``: 0 for a certain tie, growing as the tie weakens.

    >>> round(tie_cost(0.5), 3)
    0.693
    """
    return -math.log(min(max(float(strength), 1e-12), 1.0))


def warm_paths(G: nx.Graph, source, target, k: int = 3, *, weight="strength",
               allowed=None, avoid=None) -> list[dict]:
    """The ``k`` strongest simple paths from ``source`` (one person or several staff) to ``target``.

    ``allowed``: a set of people (or a predicate) that intermediaries must be in,
    e.g. those who support our position (``influence.issue_members(positions,
    issue, stances=["support"])``); ``avoid``: people never to go through.
    Each row: ``path``, ``strength`` (product), ``cost``, ``hops``, ``because``
    (one line per tie).
    """
    sources = [source] if source in G else list(source) if not isinstance(source, str) else [source]
    for x in [*sources, target]:
        if x not in G:
            raise NodeNotFound(f"{x} is not in the strength graph - check the contact id")
    ok = allowed if callable(allowed) or allowed is None else set(allowed).__contains__
    bad = set(avoid or ())
    ends = set(sources) | {target}
    nodes = [n for n in G if n in ends or (n not in bad and (ok is None or ok(n)))]
    H = G.subgraph(nodes)

    def cost(u, v, d):
        return tie_cost(d.get(weight, 0.0))

    rows = []
    for s in sources:
        if s == target:
            continue
        try:
            for p in itertools.islice(nx.shortest_simple_paths(H, s, target, weight=cost), k):
                c = sum(cost(a, b, H.edges[a, b]) for a, b in zip(p, p[1:]))
                rows.append({"path": p, "strength": math.exp(-c), "cost": c, "hops": len(p) - 1,
                             "because": [f"{a} - {b}: {explain_edge(H.edges[a, b])}"
                                         for a, b in zip(p, p[1:])]})
        except nx.NetworkXNoPath:
            continue
    rows.sort(key=lambda r: (r["cost"], r["hops"], [str(x) for x in r["path"]]))
    return rows[:k]
