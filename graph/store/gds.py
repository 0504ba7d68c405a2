"""Graph algorithms inside Neo4j, through Graph Data Science (GDS) projections.

The analytics refresh (graph/analytics/refresh.py) computes the strength graph in Python
(it depends on the viewer's clearance and the day), then hands it to ``algorithms``: the
Python fast path by default, this class on a Neo4j server that has GDS. The edge table goes
in as ``$params`` (a Cypher-aggregation projection of ids, never of user text), the scores
come back as plain dicts keyed by the table's own ids, and the projection is dropped after.

Results are those of the fast path within tolerance (tests/test_neo4j_queries.py): PageRank
normalised to sum 1 as igraph's is, betweenness scaled as NetworkX scales it, Louvain
communities numbered as ``fast.louvain`` numbers them (0 the largest).
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

import numpy as np
import pandas as pd

from graph.errors import StoreError

_PROJECT = (
    "UNWIND $edges AS e "
    "WITH gds.graph.project($name, e.s, e.t, "
    "{relationshipProperties: {strength: e.strength, distance: e.distance}}, "
    "{undirectedRelationshipTypes: ['*']}) AS g "
    "RETURN g.nodeCount AS nodes"
)


class GdsAlgorithms:
    """PageRank, betweenness and Louvain on a projection of a strength edge table."""

    engine = "neo4j-gds"

    def __init__(self, driver, database: str | None = None) -> None:
        self._driver = driver
        self.database = database

    @classmethod
    def available(cls, driver, database: str | None = None) -> "GdsAlgorithms | None":
        """This class when the server answers ``gds.version()``, else None (use the fast path)."""
        from neo4j.exceptions import Neo4jError

        try:
            driver.execute_query("RETURN gds.version() AS v", database_=database)
        except Neo4jError:
            return None
        return cls(driver, database)

    def _run(self, cypher: str, **params) -> list[dict]:
        from neo4j.exceptions import Neo4jError

        try:
            records, _, keys = self._driver.execute_query(cypher, params, database_=self.database)
        except Neo4jError as exc:
            raise StoreError(f"Neo4j Graph Data Science refused a call: {exc.message}") from None
        return [{k: r[k] for k in keys} for r in records]

    @contextmanager
    def projection(self, edges: pd.DataFrame, nodes: list | None = None) -> Iterator["_Projection"]:
        """Project ``edges`` (u, v, strength, distance) and ``nodes`` into an in-memory GDS graph."""
        names = pd.unique(pd.concat([edges["u"], edges["v"], pd.Series(list(nodes or []), dtype=object)],
                                    ignore_index=True))
        index = {name: i for i, name in enumerate(names)}
        s, t = edges["u"].map(index).to_numpy(), edges["v"].map(index).to_numpy()
        rows = [{"s": int(a), "t": int(b), "strength": float(w), "distance": float(d)}
                for a, b, w, d in zip(s, t, edges["strength"], edges["distance"])]
        linked = set(s.tolist()) | set(t.tolist())
        # a person without ties is a node of the projection too (target NULL: no relationship)
        rows += [{"s": i, "t": None, "strength": 0.0, "distance": 0.0} for i in range(len(names)) if i not in linked]
        name = f"civicgraph-{uuid.uuid4().hex[:12]}"
        self._run(_PROJECT, name=name, edges=rows)
        try:
            yield _Projection(self, name, list(names))
        finally:
            self._run("CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName", name=name)


class _Projection:
    def __init__(self, gds: GdsAlgorithms, name: str, names: list) -> None:
        self._gds, self.name, self.names = gds, name, names

    def _stream(self, proc: str, config: dict, column: str) -> np.ndarray:
        # proc comes from the three calls below only, never from input
        rows = self._gds._run(f"CALL gds.{proc}.stream($name, $config) YIELD nodeId, {column} "
                              f"RETURN nodeId AS id, {column} AS value", name=self.name, config=config)
        out = np.zeros(len(self.names))
        for r in rows:
            out[int(r["id"])] = r["value"]  # Cypher-aggregation projections keep the ids they were given
        return out

    def pagerank(self, *, alpha: float = 0.85) -> dict:
        """Weighted PageRank on ``strength``, normalised to sum 1."""
        v = self._stream("pageRank", {"relationshipWeightProperty": "strength", "dampingFactor": alpha,
                                      "maxIterations": 100, "tolerance": 1e-10}, "score")
        total = v.sum()
        return dict(zip(self.names, (v / total if total else v).tolist()))

    def betweenness(self, *, k: int | None = None, seed: int | None = None) -> dict:
        """Betweenness with ``distance`` as edge length, exact or from ``k`` sampled start points,
        normalised as NetworkX normalises an undirected graph's."""
        n = len(self.names)
        config: dict = {"relationshipWeightProperty": "distance"}
        if k is not None and k < n:
            config.update(samplingSize=k, **({"samplingSeed": seed} if seed is not None else {}))
        v = self._stream("betweenness", config, "score")
        # GDS gives NetworkX's unnormalised values; normalised, NetworkX divides by the
        # (n-1)(n-2)/2 pairs of other nodes and, sampled, scales by n/k
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        if k is not None and k < n:
            scale *= n / k
        return dict(zip(self.names, (v * scale).tolist()))

    def louvain(self) -> dict:
        """Louvain communities on ``strength``, numbered by size (0 the largest)."""
        from graph.analytics.fast import _numbered

        v = self._stream("louvain", {"relationshipWeightProperty": "strength", "concurrency": 1}, "communityId")
        _, membership = np.unique(v.astype(np.int64), return_inverse=True)
        return _numbered(self.names, membership)
