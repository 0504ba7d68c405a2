"""The same data and seed give the same coalitions, ranks and brokers in any process (issue 21).

Two fresh processes, each with its own PYTHONHASHSEED, open the demo region's store and run the
full refresh (nothing cached); every measure must be equal, bit for bit. Before the strength
table was made independent of the order the store returns rows in, Louvain found 111 coalitions
in one process and 110 in the next on the benchmark region.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ADMIN
from tests.demo_day import TODAY

ROOT = Path(__file__).parent.parent

REFRESH = """
import datetime as dt, json, sys
from graph.store import open_store
from queries.network_cache import analytics_refresh
from tests.conftest import ADMIN
store = open_store(sys.argv[1], read_only=True)
_, res = analytics_refresh(store, ADMIN, as_of=dt.date.fromisoformat(sys.argv[2]), use_cache=False)
out = {name: getattr(res, name) for name in ("influence", "brokers", "constraint", "effective_size", "communities")}
out["order"] = list(res.influence)
out["edges"] = res.edges[["u", "v", "raw", "strength"]].values.tolist()
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory, demo_tables):
    """The demo region in a store of its own, closed, so that other processes can open it."""
    from graph.store import open_store
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    folder = tmp_path_factory.mktemp("repeat") / "db"
    s = open_store(folder)
    import_source(s, from_frames(demo_tables, Format.TABLES, origin="demo"), ADMIN)
    s.close()
    return folder


def refresh_in_a_new_process(folder: Path, hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", REFRESH, str(folder), TODAY.isoformat()], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_two_processes_give_the_same_coalitions_ranks_and_brokers(demo_folder):
    first = refresh_in_a_new_process(demo_folder, "1")
    second = refresh_in_a_new_process(demo_folder, "4242")
    assert len(set(first["communities"].values())) >= 3 and len(first["brokers"]) > 100
    for name in ("order", "edges", "communities", "influence", "brokers", "constraint", "effective_size"):
        assert first[name] == second[name], name


def test_the_refresh_command_does_not_load_networkx(demo_folder):
    """``civicgraph analytics refresh`` runs on the fast path (igraph, scipy): importing networkx
    as well cost the command 0.07-0.1 s of its 7 s goal (issue 21). Python's own import log says
    which modules a real run loaded."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CIVICGRAPH_TODAY": TODAY.isoformat()}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "cli", "--store", str(demo_folder),
                           "analytics", "refresh", "--format", "json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert {"igraph", "pandas", "graph.analytics.refresh"} <= loaded  # the log is read, and the refresh ran
    assert json.loads(done.stdout)["people"] > 100
    assert not {m for m in loaded if m == "networkx" or m.startswith("networkx.")}
