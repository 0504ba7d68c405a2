"""The store contract runs on every engine: always on the embedded one, on Neo4j
when CIVICGRAPH_NEO4J_URI is set (the suite then EMPTIES that database: point it
at a test database)."""
from __future__ import annotations

import pytest

from tests.conftest import empty_store_on

ENGINES = ["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=ENGINES)
def any_store(request, tmp_path):
    s = empty_store_on(request.param, tmp_path)
    yield s
    s.close()
