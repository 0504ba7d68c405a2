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
    """Louvain communities as ``{node: community number}``, 0 the largest."""
    comms = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    names = list(G)
    member = {x: i for i, c in enumerate(comms) for x in c}
    return _numbered(names, np.array([member[x] for x in names], dtype=np.int64))


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
