"""Warm introductions: the best chains of people from our staff to someone we want to reach.

A path's cost is the sum of ``-log(strength)`` over its ties, so the best path
is the one whose strengths multiply to the highest value - read it as the
chance that every introduction along the way works. There is no hop limit:
a strong three-hop chain beats a weak two-hop one.

The ``k`` paths come with distinct introducers first (the introducer is the
last person before the target): a path that runs through an introducer
already listed adds nothing new and only comes after them.

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
               allowed=None, avoid=None, distinct: bool = True) -> list[dict]:
    """The ``k`` strongest simple paths from ``source`` (one person or several staff) to ``target``.

    ``allowed``: a set of people (or a predicate) that intermediaries must be in,
    e.g. those who support our position (``influence.issue_members(positions,
    issue, stances=["support"])``); ``avoid``: people never to go through.
    Each row: ``path``, ``strength`` (product), ``cost``, ``hops``, ``introducer``
    (the last person before the target), ``because`` (one line per tie).
    ``distinct``: first the best path, then the best through none of the
    introducers listed so far, and so on (one Dijkstra each); then, if fewer
    than ``k`` were found, the next best paths whatever their introducer.

    >>> G = nx.Graph()
    >>> G.add_edge("kim", "mayor", strength=0.9); G.add_edge("lou", "kim", strength=0.9)
    >>> G.add_edge("lou", "aide", strength=0.5); G.add_edge("aide", "mayor", strength=0.5)
    >>> [r["path"] for r in warm_paths(G, ["kim", "lou"], "mayor", k=2)]
    [['kim', 'mayor'], ['lou', 'aide', 'mayor']]
    >>> [r["path"] for r in warm_paths(G, ["kim", "lou"], "mayor", k=2, distinct=False)]
    [['kim', 'mayor'], ['lou', 'kim', 'mayor']]
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
    starts = [s for s in sources if s != target]

    def cost(u, v, d):
        return tie_cost(d.get(weight, 0.0))

    def row(p):
        c = sum(cost(a, b, H.edges[a, b]) for a, b in zip(p, p[1:]))
        return {"path": p, "strength": math.exp(-c), "cost": c, "hops": len(p) - 1, "introducer": p[-2],
                "because": [f"{a} - {b}: {explain_edge(H.edges[a, b])}" for a, b in zip(p, p[1:])]}

    rows: list[dict] = []
    if distinct:
        used: set = set()
        while len(rows) < k:
            p = _best_avoiding(H, starts, target, used, cost)
            if p is None:
                break
            rows.append(row(p))
            used.add(p[-2])
    if len(rows) < k:
        more = []
        for s in starts:
            try:
                more += [row(p) for p in itertools.islice(nx.shortest_simple_paths(H, s, target, weight=cost), k)]
            except nx.NetworkXNoPath:
                continue
        more.sort(key=_order)
        have = {tuple(r["path"]) for r in rows}
        rows += [r for r in more if tuple(r["path"]) not in have]
    return rows[:k]


def _order(r: dict) -> tuple:
    return (r["cost"], r["hops"], [str(x) for x in r["path"]])


def _best_avoiding(H: nx.Graph, starts: list, target, used: set, cost) -> list | None:
    """The cheapest path from any of ``starts`` to ``target`` through none of ``used`` (None if there is none)."""
    starts = [s for s in starts if s not in used]
    near = [x for x in H[target] if x not in used]
    if not starts or not near:
        return None
    rest = H.subgraph([n for n in H if n != target and n not in used])
    dist, path = nx.multi_source_dijkstra(rest, starts, weight=cost)
    best = min(((dist[x] + cost(x, target, H.edges[x, target]), len(path[x]), [str(y) for y in path[x]], x)
                for x in near if x in dist), default=None)
    return None if best is None else path[best[3]] + [target]
