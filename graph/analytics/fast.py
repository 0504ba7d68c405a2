"""The same measures on igraph's C core: same signatures, same results, 10-50x faster.

``FastGraph`` holds an ``igraph.Graph`` plus the node names in the order every
builder uses (``strength.node_order``), so results come back as the same
``{node: value}`` dicts the NetworkX versions return. Each function takes a
``FastGraph`` or a ``networkx.Graph`` (converted on the way in).

What is approximate: ``betweenness(k=...)`` samples ``k`` source nodes
(Brandes & Pich pivots), exactly as ``networkx.betweenness_centrality(k=...,
seed=...)`` does, and with the same seed it picks the same pivots, so both give
the same estimate. Louvain is a heuristic: igraph and NetworkX visit nodes in
different orders, so partitions differ while modularity stays comparable.

>>> import networkx as nx
>>> G = nx.barbell_graph(4, 1)
>>> F = FastGraph.from_networkx(G, attrs=[])
>>> round(betweenness(F, weight=None)[4], 3) == round(nx.betweenness_centrality(G)[4], 3)
True
"""
from __future__ import annotations

import multiprocessing
import random
from concurrent.futures import ProcessPoolExecutor

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from graph.analytics import NodeNotFound, require_columns


class FastGraph:
    """An undirected igraph graph with named nodes and numeric edge attributes."""

    def __init__(self, g: ig.Graph, names: list):
        self.g = g
        self.names = list(names)

    def __len__(self) -> int:
        return self.g.vcount()

    def __contains__(self, node) -> bool:
        return node in self.index

    @property
    def index(self) -> pd.Index:
        if not hasattr(self, "_index"):
            self._index = pd.Index(self.names)
        return self._index

    @classmethod
    def from_edges(cls, edges: pd.DataFrame, nodes=None, *, attrs=("strength", "distance")) -> "FastGraph":
        """Built in bulk from an edge table with ``u``, ``v`` and the ``attrs`` columns."""
        require_columns(edges, ["u", "v", *attrs], "edges")
        # one factorize of nodes + interleaved ends gives node_order's order and every edge's codes
        ends = np.column_stack([edges["u"].to_numpy(object), edges["v"].to_numpy(object)]).ravel()
        head = np.asarray(list(dict.fromkeys(nodes)) if nodes is not None else [], dtype=object)
        codes, uniques = pd.factorize(np.concatenate([head, ends]))
        names = list(uniques)
        uv = codes[len(head):].reshape(-1, 2)
        g = ig.Graph(n=len(names), edges=uv, directed=False)
        for a in attrs:
            g.es[a] = edges[a].to_numpy(float)
        return cls(g, names)

    @classmethod
    def from_networkx(cls, G: nx.Graph, *, attrs=("strength", "distance")) -> "FastGraph":
        names = list(G.nodes())
        idx = {x: i for i, x in enumerate(names)}
        e = list(G.edges(data=True))
        g = ig.Graph(n=len(names), edges=[(idx[u], idx[v]) for u, v, _ in e], directed=False)
        for a in attrs:
            g.es[a] = [float(d.get(a, 1.0)) for _, _, d in e]
        return cls(g, names)

    def values(self, arr) -> dict:
        return dict(zip(self.names, np.asarray(arr, dtype=float).tolist()))


def as_fast(G, attrs=None) -> FastGraph:
    """``G`` itself if it is a ``FastGraph``, else converted (keeping ``attrs``)."""
    if isinstance(G, FastGraph):
        return G
    return FastGraph.from_networkx(G, attrs=[a for a in (attrs or ()) if a])


def pagerank(G, *, weight="strength", alpha: float = 0.85) -> dict:
    """Weighted PageRank (PRPACK), equal to ``networkx.pagerank`` within its tolerance."""
    F = as_fast(G, [weight])
    return F.values(F.g.pagerank(damping=alpha, weights=weight, directed=False))


def degree(G, *, weight="strength") -> dict:
    """Weighted degree (sum of edge weights)."""
    F = as_fast(G, [weight])
    return F.values(F.g.strength(weights=weight))


_FORKED: tuple | None = None  # the graph a forked worker reads; set just before forking


def _raw_dependencies(pivots: list[int]) -> np.ndarray:
    g, weight = _FORKED
    # igraph counts each undirected source-target pair once, i.e. half of Brandes' sum
    return 2.0 * np.asarray(g.betweenness(weights=weight, sources=pivots), dtype=float)


def betweenness(G, *, weight="distance", k: int | None = None, seed=None,
                normalized: bool = True, n_jobs: int = 1) -> dict:
    """Betweenness with ``weight`` as edge length, exact or sampled from ``k`` pivots.

    Same pivots, same scaling and same results as
    ``networkx.betweenness_centrality(G, k=k, normalized=normalized, weight=weight, seed=seed)``.
    ``n_jobs > 1`` splits the pivots over forked processes (Linux).
    """
    global _FORKED
    F = as_fast(G, [weight])
    n = len(F)
    if k is not None and k >= n:
        k = None
    if k is None:
        pivots = list(range(n))
    else:
        rng = seed if isinstance(seed, random.Random) else random.Random(seed)
        chosen = set(rng.sample(F.names, k))
        pivots = [i for i, x in enumerate(F.names) if x in chosen]
    _FORKED = (F.g, weight)
    try:
        if n_jobs > 1 and len(pivots) >= 2 * n_jobs:
            chunks = [pivots[j::n_jobs] for j in range(n_jobs)]
            with ProcessPoolExecutor(n_jobs, mp_context=multiprocessing.get_context("fork")) as ex:
                raw = sum(ex.map(_raw_dependencies, chunks))
        else:
            raw = _raw_dependencies(pivots)
    finally:
        _FORKED = None
    return F.values(_rescale(raw, n, normalized, None if k is None else pivots))


def _rescale(raw: np.ndarray, n: int, normalized: bool, pivots) -> np.ndarray:
    """NetworkX's scaling (undirected, endpoints excluded), so both give the same numbers."""
    N = n - 1
    if N < 2:
        return raw
    if pivots is None:
        return raw * (1 / (N * (N - 1)) if normalized else 0.5)
    k = len(pivots)
    if normalized:
        s_src, s_other = (1 / ((k - 1) * (N - 1)) if k > 1 else np.nan), 1 / (k * (N - 1))
    else:
        s_src, s_other = (N / ((k - 1) * 2) if k > 1 else np.nan), N / (k * 2)
    scale = np.full(n, s_other)
    scale[pivots] = s_src
    return raw * scale


def constraint(G, *, weight="strength", nodes=None) -> dict:
    """Burt's constraint (low = a broker whose contacts do not know each other).

    ``nodes``: only these people (others are left out of the result). Its cost
    is the sum of the neighbours' degrees of each person measured, so on a
    network with hubs (our staff tied to thousands) measure the people you
    will show, not everyone.
    """
    F = as_fast(G, [weight])
    idx = None if nodes is None else F.index.get_indexer(list(nodes))
    if idx is not None and (idx < 0).any():
        raise NodeNotFound(f"{list(nodes)[int(np.flatnonzero(idx < 0)[0])]} is not in the graph")
    c = np.asarray(F.g.constraint(vertices=None if idx is None else idx.tolist(), weights=weight), dtype=float)
    deg = np.asarray(F.g.degree(), dtype=float)
    if idx is None:
        c[deg == 0] = np.nan  # as NetworkX: undefined for isolates
        return F.values(c)
    c[deg[idx] == 0] = np.nan
    return dict(zip([F.names[i] for i in idx], c.tolist()))


def effective_size(G) -> dict:
    """Burt's effective size, unweighted: degree minus twice the ties among neighbours / degree."""
    F = as_fast(G)
    deg = np.asarray(F.g.degree(), dtype=float)
    cc = np.nan_to_num(np.asarray(F.g.transitivity_local_undirected(mode="zero"), dtype=float))
    ties = cc * deg * (deg - 1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        es = np.where(deg > 0, deg - 2 * ties / np.where(deg > 0, deg, 1), np.nan)
    return F.values(es)


def louvain(G, *, weight="strength", resolution: float = 1.0, seed=None) -> dict:
    """Louvain communities as ``{node: community number}``, 0 the largest; seeded, repeatable."""
    F = as_fast(G, [weight])
    ig.set_random_number_generator(random.Random(seed))
    try:
        cl = F.g.community_multilevel(weights=weight, resolution=resolution)
    finally:
        ig.set_random_number_generator(random)
    return _numbered(F.names, np.asarray(cl.membership))


def _numbered(names, membership: np.ndarray) -> dict:
    """Renumber communities by size (largest first), ties by first member, so ids are stable."""
    sizes = np.bincount(membership)
    first = np.full(len(sizes), len(membership))
    np.minimum.at(first, membership, np.arange(len(membership)))
    order = np.lexsort((first, -sizes))
    new = np.empty(len(sizes), dtype=np.int64)
    new[order] = np.arange(len(sizes))
    return dict(zip(names, new[membership].tolist()))


def modularity(G, partition: dict, *, weight="strength", resolution: float = 1.0) -> float:
    """Modularity of a ``{node: community}`` partition."""
    F = as_fast(G, [weight])
    return F.g.modularity([partition[x] for x in F.names], weights=weight, resolution=resolution)
