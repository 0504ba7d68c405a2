"""Every named query on a real Neo4j gives the embedded engine's answer on the demo region.

The ocg oracle (tests/test_dialect_oracle.py) is the fast check on a sample; this one runs
the real server on the whole demo region (make test-neo4j), with every example of
tests/query_examples.py, for an admin and a public viewer.
"""
from __future__ import annotations

import pytest

import queries
from tests.conftest import ADMIN, PUBLIC
from tests.oracle import comparable
from tests.query_examples import EXAMPLES
from tests.test_dialect_oracle import CASES, _unordered

pytestmark = pytest.mark.neo4j


def test_the_demo_region_counts_alike(neo4j_demo, demo_store):
    assert neo4j_demo.counts() == demo_store.counts()
    assert neo4j_demo.counts(["public"]) == demo_store.counts(["public"])


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
@pytest.mark.parametrize("name,i", CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_neo4j_gives_the_embedded_answer(neo4j_demo, demo_store, name, i, viewer):
    params = EXAMPLES[name][i]
    expected = _unordered(comparable(queries.run(demo_store, name, viewer, **params)))
    assert _unordered(comparable(queries.run(neo4j_demo, name, viewer, **params))) == expected
