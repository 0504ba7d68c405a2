"""Everything at once, on the fast path: data in, results out.

``full_refresh`` builds the strength graph (or takes a ready edge table), then
influence (PageRank), brokers (sampled betweenness, Burt's constraint and
effective size) and coalitions (Louvain with Leiden's refinement, ``fast.leiden``), on the fast
path (``fast``). It
touches no file and keeps nothing: the one saved-results cache (in memory
and in an embedded store's folder) is queries/network_cache.py.

The same tables and seed give the same results in any process: the strength
table does not depend on the order rows come in (``strength_edges``), the node
order follows it, the pivots and Louvain are seeded, and the per-pivot rows
are summed in pivot order whatever ``n_jobs`` is
(tests/test_analytics_repeat.py runs it in two processes).

>>> import pandas as pd
>>> e = pd.DataFrame({"u": ["a", "b", "c"], "v": ["b", "c", "d"], "strength": [0.9, 0.5, 0.9]})
>>> r = full_refresh(e, seed=1)
>>> max(r.brokers, key=r.brokers.get) in {"b", "c"}, r.table().shape[0]
(True, 4)
"""
from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass, field
from typing import Callable, Collection, Mapping

import numpy as np
import pandas as pd

from graph.analytics import fast, require_columns
from graph.analytics.strength import strength_table
from graph.bulk_memory import without_huge_pages

# Sampled betweenness start points, and the share of each person's largest per-pivot contributions the robust
# estimate caps (at least one). Measured against exact betweenness on the medium region and between disjoint
# samples on the benchmark region (docs/analytics.md, "Choosing the start points"): 64 start points with the
# largest 10% capped keep the ranking as repeatable as the 96 used before (two samples share as many of their
# top 50) at two thirds of the cost; 48 with only the largest one capped were as close to exact on the medium
# region but far less repeatable (5-15 of the top 50 shared between samples against 18-29).
BROKER_PIVOTS = 64
BROKER_TRIM = 0.1


@dataclass
class AnalyticsResult:
    version: str
    edges: pd.DataFrame
    influence: dict
    brokers: dict
    constraint: dict
    effective_size: dict
    communities: dict
    seed: int | None
    approximate: dict = field(default_factory=dict)  # measure -> how it was approximated
    timings: dict = field(default_factory=dict)  # step -> seconds

    def table(self) -> pd.DataFrame:
        """One row per person: every measure side by side."""
        return pd.DataFrame({
            "influence": pd.Series(self.influence), "brokerage": pd.Series(self.brokers),
            "constraint": pd.Series(self.constraint), "effective_size": pd.Series(self.effective_size),
            "community": pd.Series(self.communities),
        }).rename_axis("contact").reset_index()


def data_version(*frames: pd.DataFrame) -> str:
    """A short fingerprint of the input tables; changes whenever a row changes."""
    h = hashlib.sha1()
    for df in frames:
        if df is None:
            h.update(b"none")
            continue
        if hasattr(df, "to_pandas"):  # an Arrow table
            df = df.to_pandas()
        h.update(",".join(map(str, df.columns)).encode())
        h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def _strongest(values: dict, n: int) -> list:
    """The ``n`` keys with the largest values, ties by name: ``sorted(values, key=(-value, str(key)))[:n]``
    without sorting everybody (100,000 people: only those at or above the ``n``-th value are sorted).

    >>> _strongest({"a": 1.0, "b": 3.0, "c": 3.0, "d": 2.0}, 2)
    ['b', 'c']
    """
    keys = list(values)
    v = np.fromiter(values.values(), dtype=float, count=len(keys))
    if n < len(v):
        cut = np.partition(v, len(v) - n)[len(v) - n]  # the n-th largest value
        keys = [keys[i] for i in np.flatnonzero(v >= cut)]
    return sorted(keys, key=lambda x: (-values[x], str(x)))[:n]


def _capped(trim: float, k: int) -> int:
    """How many of each person's per-pivot contributions the robust estimate caps (``fast._winsorised_sum``).

    >>> _capped(0.02, 48), _capped(0.02, 96), _capped(0.1, 96)
    (1, 2, 10)
    """
    return min(math.ceil(trim * k - 1e-9), k - 1)


def full_refresh(edges, nodes=None, *, seed, as_of=None, betweenness_k: int | None = BROKER_PIVOTS,
                 n_jobs: int = 2, broker_trim: float = BROKER_TRIM, constraint_top: int | None = 250,
                 constraint_skip: Collection = (), progress: Callable[[str, float], None] | None = None,
                 version: str | None = None, algorithms=None, **strength_options) -> AnalyticsResult:
    """Compute every network measure via the fast path.

    ``edges``: a strength edge table (``u``, ``v``, ``strength``, optional
    ``distance``) or a mapping with the ``interactions``, ``participants`` and
    optionally ``knows`` / ``owns`` tables (then ``as_of`` is required).
    ``nodes``: ids (or a contacts table with ``id``) to include even without ties.
    ``betweenness_k``: pivots for sampled betweenness (``None`` = exact, slow
    at scale). ``broker_trim``: the robust estimate's share of each person's
    largest per-pivot contributions that is capped (``fast.betweenness``; 0 =
    the plain estimate, equal to NetworkX's). ``constraint_top``: Burt's
    constraint only for this many people, the strongest brokers (``None`` =
    everyone: slow when some people have thousands of ties, as our staff do).
    ``constraint_skip``: people not counted among those strongest brokers (our staff: every
    report leaves them out, and they are the hubs whose constraint costs most).
    ``progress(step, fraction_done)`` is called between steps.
    ``version``: the data version if the caller knows it (else a fingerprint).
    Nothing is cached here (queries/network_cache.py keeps results).
    ``algorithms``: where PageRank, betweenness and Louvain run instead of the fast path,
    e.g. Neo4j's Graph Data Science (``store.graph_algorithms()``): an object whose
    ``projection(edges, nodes)`` context gives ``pagerank()``, ``betweenness(k=, seed=)``
    and ``louvain()``; constraint and effective size stay on the fast path.
    """
    with without_huge_pages():
        return _full_refresh(edges, nodes, seed=seed, as_of=as_of, betweenness_k=betweenness_k, n_jobs=n_jobs,
                             broker_trim=broker_trim, constraint_top=constraint_top,
                             constraint_skip=constraint_skip, progress=progress,
                             version=version, algorithms=algorithms, **strength_options)


def _full_refresh(edges, nodes, *, seed, as_of, betweenness_k, n_jobs, broker_trim, constraint_top, constraint_skip,
                  progress, version, algorithms, **strength_options) -> AnalyticsResult:
    report = progress or (lambda step, done: None)
    if isinstance(nodes, pd.DataFrame):
        require_columns(nodes, ["id"], "contacts")
        nodes = nodes["id"].tolist()
    tables = dict(edges) if isinstance(edges, Mapping) else None
    if version is None:
        report("fingerprint", 0.0)
        frames = [tables.get(k) for k in ("interactions", "participants", "knows", "owns")] if tables else [edges]
        version = data_version(*frames, pd.DataFrame({"id": nodes}) if nodes is not None else None)
    engine = getattr(algorithms, "engine", "fast")
    t, timings = time.perf_counter(), {}

    def step(name, done):
        nonlocal t
        now = time.perf_counter()
        timings[name] = now - t
        t = now
        report(name, done)

    if tables is not None:
        if as_of is None:
            raise TypeError("full_refresh needs as_of when given interaction tables")
        report("strength", 0.0)
        e, u, v, names = strength_table(tables["interactions"], tables["participants"], tables.get("knows"),
                                        tables.get("owns"), as_of=as_of, **strength_options)
        step("strength", 0.2)
    else:
        require_columns(edges, ["u", "v", "strength"], "edges")
        e = edges if "distance" in edges else edges.assign(
            distance=-np.log(np.clip(edges["strength"].to_numpy(float), 1e-12, 1 - 1e-12)))
    if tables is not None and nodes is None:  # the ends are codes already: no second hashing of the ids
        F = fast.FastGraph.from_codes(u, v, names, {a: e[a].to_numpy(float) for a in ("strength", "distance")})
    else:
        F = fast.FastGraph.from_edges(e, nodes)
    step("graph", 0.3)
    if algorithms is not None:
        with algorithms.projection(e, F.names) as inside:
            infl = inside.pagerank()
            step("influence", 0.4)
            btw = inside.betweenness(k=betweenness_k, seed=seed)
            step("brokers", 0.7)
            com = inside.louvain()
            step("coalitions", 0.8)
        broker_trim = 0.0  # not on that engine: say so below
    else:
        # brokerage runs in forked processes while this one computes PageRank, Leiden and effective
        # size: on two cores the three overlap (the steps' times below then overlap too)
        brokerage = fast.betweenness_started(F, k=betweenness_k, seed=seed, n_jobs=n_jobs, trim=broker_trim)
        try:
            infl = fast.pagerank(F)
            step("influence", 0.3)
            com = fast.leiden(F, seed=seed)
            step("coalitions", 0.5)
            burt = time.perf_counter()
            esz = fast.effective_size(F)  # Burt's, counted with the constraint below
            burt = time.perf_counter() - burt
        except BaseException:  # stop the forked processes too (an interrupted command, a failure)
            brokerage(cancel=True)
            raise
        btw = brokerage()
        step("brokers", 0.8)
        timings["brokers"] -= burt
    skip = set(constraint_skip)
    ranked = {x: b for x, b in btw.items() if x not in skip} if skip else btw
    top = None if constraint_top is None or constraint_top >= len(ranked) else _strongest(ranked, constraint_top)
    con = fast.constraint(F, nodes=top)
    if algorithms is not None:
        esz, burt = fast.effective_size(F), 0.0
    step("constraint", 1.0)
    timings["constraint"] += burt
    approx = {}
    if betweenness_k is not None and betweenness_k < len(F):
        approx["brokers"] = (f"betweenness estimated from {betweenness_k} sampled start points "
                             f"(seed {seed}); exact would use all {len(F)}"
                             + (f"; each person's largest {_capped(broker_trim, betweenness_k)} contribution(s) "
                                "capped, so that no single start point decides the ranking" if broker_trim else "")
                             + ". For a decision, ask who connects two places, which is exact "
                             "(civicgraph brokers --between; on the dashboard, below the brokers)")
    if top is not None:
        approx["constraint"] = (f"Burt's constraint for the {constraint_top} strongest brokers only"
                                + (f" ({sum(x in btw for x in skip)} of our staff not counted)" if skip else "")
                                + f"; empty for the other {len(F) - constraint_top}")
    approx["coalitions"] = f"Louvain heuristic, seed {seed}, with Leiden's refinement" if algorithms is None else \
        f"Louvain heuristic ({engine}, deterministic with one thread)"
    return AnalyticsResult(version, e, infl, btw, con, esz, com, seed, approx, timings)
