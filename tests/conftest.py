"""Shared fixtures: real embedded stores loaded with real data, never mocks."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.model import Confidentiality, Role
from graph.store import open_store
from graph.viewer import Viewer

# Every test asks its questions on one pinned day, never on the wall clock's (graph/clock.py).
# Set CIVICGRAPH_TODAY yourself to run the whole suite on another day (a year ahead, say).
os.environ.setdefault("CIVICGRAPH_TODAY", "2026-11-15")

DATA = Path(__file__).parent / "data"
SMALL_REGION = DATA / "small-region"

ADMIN = Viewer("admin", Role.ADMIN, Confidentiality.CONFIDENTIAL)
EDITOR = Viewer("editor", Role.EDITOR, Confidentiality.INTERNAL)
PUBLIC = Viewer("public", Role.VIEWER, Confidentiality.PUBLIC)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "db")
    yield s
    s.close()


def copy_of(store, tmp_path: Path):
    """A store of one test's own: a copy of a store built once for the module or session.

    A test that writes (a merge, a review, an import) to a shared store makes the tests after it
    depend on it; it takes a copy instead (the engine's folder, copied after a checkpoint), so that
    every test passes in any order and the costly import is still done once.
    """
    import shutil

    store.checkpoint()
    copy = tmp_path / "store-copy"
    shutil.copytree(store.location, copy)
    return open_store(copy)


@pytest.fixture(scope="session")
def small_store(tmp_path_factory):
    """The hand-made small region (tests/data/small-region), imported once."""
    from ingest.pipeline import import_path

    s = open_store(tmp_path_factory.mktemp("small") / "db")
    import_path(s, SMALL_REGION, ADMIN)
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_tables():
    from ingest.demo import generate_region

    return generate_region("demo", seed=7)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory, demo_tables):
    """The generated demo region (seed 7), imported once per test session."""
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    s = open_store(tmp_path_factory.mktemp("demo") / "db")
    import_source(s, from_frames(demo_tables, Format.TABLES, origin="demo"), ADMIN)
    yield s
    s.close()


@pytest.fixture(scope="session")
def texas_store(tmp_path_factory):
    """The real Texas Open States sample with the standard issues, as `civicgraph demo --sample texas` loads it."""
    from ingest.samples import load_sample

    s = open_store(tmp_path_factory.mktemp("texas") / "db")
    load_sample(s, ADMIN, sample="texas")
    yield s
    s.close()


# ---------------------------------------------------------------------------
# Neo4j: the same suites on a real server (make test-neo4j starts one; tests/neo4j_server.py).
# Neo4j Community has one user database, so each fixture below EMPTIES it first: point
# CIVICGRAPH_NEO4J_URI at a test server only.


def _neo4j_or_skip():
    uri = os.environ.get("CIVICGRAPH_NEO4J_URI")
    if not uri:
        pytest.skip("needs a Neo4j server: CIVICGRAPH_NEO4J_URI (make test-neo4j starts one)")
    return open_store(uri)


def empty_neo4j(s) -> None:
    s.erase_all()


def empty_store_on(engine: str, folder: Path):
    """An empty store on ``engine``: a new embedded one in ``folder``, or the Neo4j test database
    EMPTIED (the test is skipped without CIVICGRAPH_NEO4J_URI). For suites parametrised by engine."""
    if engine == "ladybug":
        return open_store(folder / "db")
    s = _neo4j_or_skip()
    empty_neo4j(s)
    return s


@pytest.fixture
def neo4j_store():
    """An empty Neo4j store."""
    s = _neo4j_or_skip()
    empty_neo4j(s)
    yield s
    s.close()


@pytest.fixture(scope="module")
def neo4j_demo(demo_tables):
    """The demo region (seed 7) imported into Neo4j, once per test module (the database is shared)."""
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    s = _neo4j_or_skip()
    empty_neo4j(s)
    import_source(s, from_frames(demo_tables, Format.TABLES, origin="demo"), ADMIN)
    yield s
    s.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under make test-neo4j (CIVICGRAPH_NEO4J_REQUIRED=1) a skipped Neo4j test is a failed one."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CIVICGRAPH_NEO4J_REQUIRED") and item.get_closest_marker("neo4j"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"a Neo4j test was skipped under make test-neo4j (nothing may be): {reason}"
