"""Brandes' dependency of one source on every node, compiled (numba): one Dijkstra, then the
shortest-path DAG walked forwards (path counts) and backwards (dependencies) in the order
Dijkstra settled the nodes. ``fast.ShortestPaths`` calls it once per pivot.

Why compiled: the same walk in numpy needed one round of whole-array operations per level of
the DAG, and scipy's Dijkstra converted the whole matrix on every call; on the benchmark region
a pivot cost about 0.12 s that way (issue 21's 7 s refresh goal).

The results are NetworkX's: distances are the same float sums (``dist[u] + w``, the smallest
kept), an edge lies on a shortest path when it is no longer than the distance it reaches to
within ``tie`` times the longest distance (``fast.TIE``; 0 = exactly, for unweighted graphs),
and ties share the paths. tests/test_analytics.py compares with NetworkX.
"""
from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def dependencies(indptr, indices, data, s, tie, end):  # pragma: no cover - compiled
    """``delta`` of source ``s`` (0 for ``s``); ``end[w]``: what a path ending at ``w`` counts (1, or 0
    outside a target set). The graph is a symmetric CSR matrix of positive edge lengths."""
    n = len(indptr) - 1
    dist = np.full(n, np.inf)
    order = np.empty(n, np.int64)
    # Dijkstra on an indexed binary heap (decrease-key: at most n entries, no stale ones)
    heap = np.empty(n, np.int64)
    where = np.full(n, -1, np.int64)  # place in the heap; -2 once settled
    dist[s] = 0.0
    heap[0], where[s], size, k = s, 0, 1, 0
    while size:
        u = heap[0]
        where[u] = -2
        order[k] = u
        k += 1
        size -= 1
        if size:
            _sift_down(heap, where, dist, heap[size], size)
        du = dist[u]
        for j in range(indptr[u], indptr[u + 1]):
            v = np.int64(indices[j])
            nd = du + data[j]
            if nd < dist[v]:
                dist[v] = nd
                if where[v] == -1:
                    where[v] = size
                    heap[size] = v
                    size += 1
                _sift_up(heap, where, dist, v)
    longest = 1.0
    for i in range(k):
        if dist[order[i]] > longest:
            longest = dist[order[i]]
    tol = tie * longest
    # settled order is a topological order of the DAG: an edge on it ends strictly farther away
    sigma = np.zeros(n)
    sigma[s] = 1.0
    for i in range(k):
        u = order[i]
        du = dist[u]
        for j in range(indptr[u], indptr[u + 1]):
            v = np.int64(indices[j])
            dv = dist[v]
            if dv > du and abs(du + data[j] - dv) <= tol:
                sigma[v] += sigma[u]
    delta = np.zeros(n)
    for i in range(k - 1, 0, -1):  # order[0] is s: its dependency is 0
        u = order[i]
        du = dist[u]
        acc = 0.0
        for j in range(indptr[u], indptr[u + 1]):
            v = np.int64(indices[j])
            dv = dist[v]
            if dv > du and abs(du + data[j] - dv) <= tol:
                acc += sigma[u] / sigma[v] * (end[v] + delta[v])
        delta[u] = acc
    return delta


@njit(cache=True, nogil=True)
def _sift_up(heap, where, dist, v):  # pragma: no cover - compiled
    i = where[v]
    d = dist[v]
    while i > 0:
        parent = (i - 1) >> 1
        p = heap[parent]
        if dist[p] <= d:
            break
        heap[i] = p
        where[p] = i
        i = parent
    heap[i] = v
    where[v] = i


@njit(cache=True, nogil=True)
def _sift_down(heap, where, dist, v, size):  # pragma: no cover - compiled
    """Put ``v`` (the heap's last entry) at the root's place and sink it."""
    i = 0
    d = dist[v]
    while True:
        c = 2 * i + 1
        if c >= size:
            break
        if c + 1 < size and dist[heap[c + 1]] < dist[heap[c]]:
            c += 1
        if dist[heap[c]] >= d:
            break
        heap[i] = heap[c]
        where[heap[c]] = i
        i = c
    heap[i] = v
    where[v] = i
