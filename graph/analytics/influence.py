"""Influence: who is central in the whole network, and within one issue.

``influence`` is weighted PageRank: a person is influential when strong
relationships tie them to other influential people. ``issue_influence`` is
weighted degree inside the subgraph of people engaged on one issue (they hold
a position on it): who, among those who care, is most connected to the rest.

>>> import networkx as nx
>>> G = nx.star_graph(3)
>>> nx.set_edge_attributes(G, 1.0, "strength")
>>> max(influence(G).items(), key=lambda kv: kv[1])[0]
0
"""
from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analytics import require_columns


def influence(G: nx.Graph, *, weight="strength", alpha: float = 0.85) -> dict:
    """Weighted PageRank, ``{node: score}``; scores sum to 1."""
    return nx.pagerank(G, alpha=alpha, weight=weight)


def issue_members(positions: pd.DataFrame, issue_id, *, stances=None) -> set:
    """Holders with a stated position on ``issue_id`` (latest one per holder), optionally only ``stances``."""
    cur = current_stances(positions, issue_id)
    if stances is not None:
        cur = {h: s for h, s in cur.items() if s in set(stances)}
    return set(cur)


def current_stances(positions: pd.DataFrame, issue_id) -> dict:
    """``{holder: stance}``: each holder's latest stated stance on ``issue_id``.

    >>> p = pd.DataFrame({"holder_id": ["a", "a"], "issue_id": ["t", "t"],
    ...                   "stance": ["oppose", "support"], "as_of": ["2025-01-01", "2026-01-01"]})
    >>> current_stances(p, "t")
    {'a': 'support'}
    """
    require_columns(positions, ["holder_id", "issue_id", "stance", "as_of"], "positions")
    p = positions[positions["issue_id"] == issue_id].copy()
    p["_d"] = pd.to_datetime(p["as_of"], errors="coerce")
    p = p.sort_values("_d", kind="stable").drop_duplicates("holder_id", keep="last")
    return dict(zip(p["holder_id"], p["stance"]))


def issue_influence(G: nx.Graph, members, *, weight="strength") -> dict:
    """Weighted degree within the subgraph induced by ``members`` (people engaged on an issue)."""
    H = G.subgraph([m for m in members if m in G])
    return dict(H.degree(weight=weight))
