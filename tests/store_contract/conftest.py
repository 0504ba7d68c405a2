"""The store contract runs on every engine: always on the embedded one, on Neo4j
when CIVICGRAPH_NEO4J_URI is set (the suite then EMPTIES that database: point it
at a test database)."""
from __future__ import annotations

import os

import pytest

from graph.store import open_store

ENGINES = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=ENGINES)
def any_store(request, tmp_path):
    if request.param == "ladybug":
        s = open_store(tmp_path / "db")
    else:
        uri = os.environ.get("CIVICGRAPH_NEO4J_URI")
        if not uri:
            pytest.skip("Neo4j contract tests need CIVICGRAPH_NEO4J_URI (none set, so only the embedded engine ran)")
        s = open_store(uri)
        s.erase_all()
    yield s
    s.close()
