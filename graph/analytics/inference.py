"""Inferred stances: where people with no stated position probably stand, from their network.

Stated stances are clamped; the rest is label spreading over the strength
graph (each step, a person takes ``alpha`` times the strength-weighted average
of their neighbours' stance mix). The result covers only people with no
stated stance, each labelled ``inferred`` with a ``confidence`` (share of the
evidence behind the stance, discounted by how far away it is) and the
neighbours it came from. Never mix these rows with stated stances.

>>> import networkx as nx, pandas as pd
>>> G = nx.Graph(); G.add_edges_from([("ann", "x"), ("bo", "x"), ("cy", "x")], strength=0.8)
>>> pos = pd.DataFrame({"holder_id": ["ann", "bo", "cy"], "issue_id": "rail",
...                     "stance": ["support", "support", "oppose"], "as_of": "2026-01-01"})
>>> r = infer_stances(G, pos, "rail")["x"]
>>> r["stance"], r["inferred"], [f["contact"] for f in r["from"]]
('support', True, ['ann', 'bo'])
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp

from graph.analytics.influence import current_stances

STANCES = ("support", "oppose", "neutral", "mixed")


def infer_stances(G: nx.Graph, positions, issue_id, *, weight="strength", alpha: float = 0.8,
                  max_iter: int = 50, tol: float = 1e-8, top_neighbours: int = 3,
                  min_confidence: float = 0.05) -> dict:
    """``{person: {"stance", "confidence", "inferred": True, "from", "because"}}`` for unstated people."""
    stated = {h: s for h, s in current_stances(positions, issue_id).items() if h in G and s in STANCES}
    nodes = list(G)
    if not stated or not nodes:
        return {}
    idx = {x: i for i, x in enumerate(nodes)}
    W = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=weight, format="csr")
    deg = np.asarray(W.sum(axis=1)).ravel()
    P = sp.diags(np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0)) @ W
    Y = np.zeros((len(nodes), len(STANCES)))
    lab = np.array([idx[h] for h in stated])
    Y[lab, [STANCES.index(stated[h]) for h in stated]] = 1.0
    F = Y.copy()
    for _ in range(max_iter):
        new = alpha * (P @ F)
        new[lab] = Y[lab]
        done = np.abs(new - F).max() < tol
        F = new
        if done:
            break
    out = {}
    for x in nodes:
        i = idx[x]
        if x in stated or F[i].sum() <= 0:
            continue
        mass = F[i].sum()
        j = int(F[i].argmax())
        conf = float(F[i, j] / mass * min(1.0, mass / alpha))
        if conf < min_confidence:
            continue
        contrib = []
        for nb, d in G[x].items():
            c = float(d.get(weight, 0.0)) * F[idx[nb], j]
            if c > 0:
                contrib.append((c, nb))
        # Name stated neighbours when there are any: an unstated neighbour's mix partly echoes x itself.
        if any(nb in stated for _, nb in contrib):
            contrib = [t for t in contrib if t[1] in stated]
        contrib.sort(key=lambda t: (-t[0], str(t[1])))
        src = [{"contact": nb, "stance": stated.get(nb, STANCES[int(F[idx[nb]].argmax())]),
                "stated": nb in stated, "strength": float(G.edges[x, nb].get(weight, 0.0))}
               for _, nb in contrib[:top_neighbours]]
        out[x] = {"stance": STANCES[j], "confidence": round(conf, 3), "inferred": True, "from": src,
                  "because": [f"{s['contact']} ({'states' if s['stated'] else 'inferred'} {s['stance']}, "
                              f"tie {s['strength']:.2f})" for s in src]}
    return out
