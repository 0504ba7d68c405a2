"""Open the store a user configured: the embedded folder by default, Neo4j by URI."""
from __future__ import annotations

from pathlib import Path

from graph import settings
from graph.errors import StoreError
from graph.store.base import Row, Statement, Store, Transaction

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")

__all__ = ["Row", "Statement", "Store", "Transaction", "open_store", "is_neo4j_url"]


def is_neo4j_url(url: str) -> bool:
    return url.startswith(NEO4J_SCHEMES)


def open_store(url: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The embedded store in folder ``url`` or a Neo4jStore for a neo4j/bolt URI.

    Without ``url``: ``CIVICGRAPH_NEO4J_URI`` if set, else ``CIVICGRAPH_STORE``
    (default ``./civicgraph-data``).
    """
    if url is None:
        url = settings.get("neo4j_uri") or settings.get("store")
    url = str(url)
    if is_neo4j_url(url):
        from neo4j import GraphDatabase

        from graph.store.neo4j_store import Neo4jStore

        auth = (settings.get("neo4j_user"), settings.get("neo4j_password"))
        try:
            # the server's notifications (e.g. "property key does not exist" for a property no record
            # has yet) are advice for people writing queries, not for the log of every import
            driver = GraphDatabase.driver(url, auth=auth, notifications_min_severity="OFF")
            driver.verify_connectivity()
        except Exception as exc:  # the driver raises several unrelated types here
            raise StoreError(f"could not reach Neo4j at {url}: {exc}; check CIVICGRAPH_NEO4J_* settings") from None
        return Neo4jStore(driver, settings.get("neo4j_database") or None, read_only=read_only)
    from graph.store.embedded import EmbeddedStore

    return EmbeddedStore(url, read_only=read_only)
