"""The project's Neo4j server (tests/neo4j_server.py) as ``make neo4j`` runs it: stopping it leaves nothing behind."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.neo4j_server import READY

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.neo4j
def test_a_terminated_server_stops_and_removes_its_folder(tmp_path):
    """``kill`` (TERM, as a CI timeout sends) stops the server like Ctrl-C: the port closes and the
    temporary data folder is gone."""
    if not os.environ.get("CIVICGRAPH_NEO4J_URI"):
        pytest.skip("needs Java and the Neo4j module: make test-neo4j")
    env = {**os.environ, "TMPDIR": str(tmp_path), "CIVICGRAPH_NEO4J_GDS": "0", "CIVICGRAPH_NEO4J_HEAP": "512m"}
    for name in ("CIVICGRAPH_NEO4J_DATA", "CIVICGRAPH_NEO4J_PORT", "CIVICGRAPH_NEO4J_LOAD"):
        env.pop(name, None)
    server = subprocess.Popen([sys.executable, "-m", "tests.neo4j_server"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = next((ln for ln in server.stdout if READY in ln), "")
        assert READY in line, "the server did not start"
        port = int(line.rsplit(":", 1)[1])
        assert [p.name for p in tmp_path.glob("civicgraph-neo4j-*")] != []
        server.send_signal(signal.SIGTERM)
        assert server.wait(120) == 128 + signal.SIGTERM
    finally:
        if server.poll() is None:
            server.kill()
    assert list(tmp_path.glob("civicgraph-neo4j-*")) == []
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
