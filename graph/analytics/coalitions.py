"""Coalitions: clusters of people tied closely together, and where each stands on an issue.

Communities come from Louvain (seeded: the same data and seed give the same
clusters). ``coalition_stances`` counts stated stances in each cluster; people
with no stated stance count as ``unknown`` (inferred stances are never mixed
in - see ``inference``).

>>> import networkx as nx, pandas as pd
>>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
>>> nx.set_edge_attributes(G, 1.0, "strength")
>>> part = coalitions(G, seed=1)
>>> part["a"] == part["b"] != part["y"]
True
>>> pos = pd.DataFrame({"holder_id": ["a", "b", "y"], "issue_id": "rail", "stance": ["support", "support", "oppose"],
...                     "as_of": "2026-01-01"})
>>> [(r["size"], r["lean"]) for r in coalition_stances(part, pos, "rail")]
[(3, 'support'), (3, 'oppose')]
"""
from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np

from graph.analytics.fast import _numbered
from graph.analytics.influence import current_stances

STANCES = ("support", "oppose", "neutral", "mixed")


def coalitions(G: nx.Graph, *, weight="strength", resolution: float = 1.0, seed=None) -> dict:
    """Louvain communities as ``{node: community number}``, 0 the largest.

    Louvain visits nodes in the graph's order, and a graph built from a store's rows has the
    engine's order (Neo4j and the embedded engine differ): it runs on a copy in the order of the
    nodes' names, so the same graph gives the same coalitions however it was built.

    >>> ties = [(str(u), str(v)) for u, v in nx.karate_club_graph().edges]
    >>> a, b = nx.Graph(ties), nx.Graph(ties[::-1])  # the same graph, built in two orders
    >>> split = lambda G: sorted(map(sorted, nx.community.louvain_communities(G, weight=None, seed=0)))
    >>> split(a) == split(b)
    False
    >>> coalitions(a, weight=None, seed=0) == coalitions(b, weight=None, seed=0)
    True
    >>> coalitions(nx.Graph([("x", "y"), ("y", "z"), ("z", "x"), ("a", "b"), ("b", "c"), ("c", "a")]), weight=None)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1, 'z': 1}
    """
    H = _in_name_order(G)
    comms = nx.community.louvain_communities(H, weight=weight, resolution=resolution, seed=seed)
    names = list(H)  # equal sizes are numbered by their first member in this order, too
    member = {x: i for i, c in enumerate(comms) for x in c}
    return _numbered(names, np.array([member[x] for x in names], dtype=np.int64))


def _in_name_order(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose nodes, and each node's neighbours, come in the order of their names."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes(data=True), key=lambda n: str(n[0])))
    ends = ((u, v, d) if str(u) <= str(v) else (v, u, d) for u, v, d in G.edges(data=True))
    H.add_edges_from(sorted(ends, key=lambda e: (str(e[0]), str(e[1]))))
    return H


def coalition_stances(partition: dict, positions, issue_id, *, min_size: int = 1) -> list[dict]:
    """Per community: size, counts of stated stances on ``issue_id``, unknowns, and its lean.

    ``lean`` is the most common stated stance if it holds a strict majority of
    the stated ones, else ``divided``; ``undecided`` when nobody stated one.
    """
    stated = current_stances(positions, issue_id)
    groups: dict = {}
    for node, c in partition.items():
        groups.setdefault(c, []).append(node)
    rows = []
    for c in sorted(groups):
        members = groups[c]
        if len(members) < min_size:
            continue
        counts = Counter(stated[m] for m in members if m in stated)
        known = sum(counts.values())
        if not known:
            lean = "undecided"
        else:
            top, n = counts.most_common(1)[0]
            lean = top if n * 2 > known else "divided"
        rows.append({"community": c, "size": len(members), **{s: counts.get(s, 0) for s in STANCES},
                     "unknown": len(members) - known, "lean": lean,
                     "because": [f"{counts[s]} of {len(members)} state '{s}'" for s in STANCES if counts.get(s)]})
    return rows
