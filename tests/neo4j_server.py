"""A real Neo4j Community server (with GDS) on 127.0.0.1, for tests and local use.

The server is the Maven module in ``neo4j/`` (pom.xml + one launcher class): Maven fetches
Neo4j and Graph Data Science (both GPLv3) into its cache at build time, never into the project.

    python -m tests.neo4j_server                 start one, print its URI, stop on Ctrl-C or kill (make neo4j)
    python -m tests.neo4j_server -- CMD ARGS...  start one, run CMD with CIVICGRAPH_NEO4J_URI set, stop it
                                                 (make test-neo4j); exits with CMD's status

Settings (environment): ``JAVA_HOME`` (default /usr/lib/jvm/java-17-openjdk-amd64),
``CIVICGRAPH_NEO4J_PORT`` (default 0: a free port), ``CIVICGRAPH_NEO4J_DATA`` (default: a
temporary folder, deleted on stop), ``CIVICGRAPH_NEO4J_GDS`` (``0`` starts it without GDS),
``CIVICGRAPH_NEO4J_HEAP`` (the JVM's heap, default ``2g``) and ``CIVICGRAPH_NEO4J_PAGECACHE``
(the page cache, default ``256m``; ``1500m`` holds the benchmark region) and
``CIVICGRAPH_NEO4J_LOAD`` (an embedded store's folder: a first load of everything in it through
Neo4j's offline importer into the empty data folder before the server starts;
graph/store/neo4j_offline.py).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MODULE = Path(__file__).resolve().parent.parent / "neo4j"
TARGET = MODULE / "target"
JAVA_17 = "/usr/lib/jvm/java-17-openjdk-amd64"
READY = "CIVICGRAPH_NEO4J_URI="


class Neo4jServerError(RuntimeError):
    pass


def java_home() -> str:
    return os.environ.get("JAVA_HOME") or JAVA_17


def build(*, quiet: bool = True) -> None:
    """``mvn package`` the launcher when its sources changed since the last build (first run: fetch jars)."""
    stamp = TARGET / "lib"
    sources = [MODULE / "pom.xml", *MODULE.glob("src/**/*.java")]
    if stamp.is_dir() and all(p.stat().st_mtime <= stamp.stat().st_mtime for p in sources):
        return
    env = {**os.environ, "JAVA_HOME": java_home()}
    cmd = ["mvn", "-B", *(["-q"] if quiet else []), "-f", str(MODULE / "pom.xml"), "package"]
    started = time.monotonic()
    print(f"building the Neo4j launcher ({' '.join(cmd)}); the first build downloads ~200 MB", file=sys.stderr)
    if subprocess.run(cmd, env=env).returncode != 0:
        raise Neo4jServerError("mvn package failed for neo4j/pom.xml; see the Maven output above")
    stamp.touch()
    print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)


class Neo4jServer:
    """One running server. ``with Neo4jServer() as s: s.uri``; stops on exit."""

    def __init__(self, data: str | Path | None = None, *, port: int = 0, gds: bool = True,
                 load: str | Path | None = None) -> None:
        self._own_data = data is None
        self.load = Path(load) if load else None
        self.load_seconds: dict[str, float] = {}
        self.data = Path(data) if data else Path(tempfile.mkdtemp(prefix="civicgraph-neo4j-"))
        self.port = port
        self.gds = gds
        self.uri: str | None = None
        self.process: subprocess.Popen | None = None
        self._log: list[str] = []

    def start(self, timeout: float = 300) -> str:
        build()
        self.data.mkdir(parents=True, exist_ok=True)
        if self.load is not None:
            self.first_load(self.load)
        heap = os.environ.get("CIVICGRAPH_NEO4J_HEAP") or "2g"
        cache = _bytes(os.environ.get("CIVICGRAPH_NEO4J_PAGECACHE") or "256m")
        scratch = self.data / "jvm-tmp"  # the server writes a log4j-*.xml per start there and never deletes it
        scratch.mkdir(exist_ok=True)
        cmd = [str(Path(java_home()) / "bin" / "java"), "-Xms256m", f"-Xmx{heap}", "-XX:+UseParallelGC",
               f"-Dcivicgraph.pagecache={cache}", f"-Djava.io.tmpdir={scratch}",
               "-cp", f"{TARGET / 'classes'}{os.pathsep}{TARGET / 'lib' / '*'}",
               "org.civicgraph.neo4j.Launcher", str(self.data), str(self.port)]
        if self.gds:
            cmd.append(str(TARGET / "plugins"))
        self.process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        found = threading.Event()

        def read() -> None:
            for line in self.process.stdout:
                self._log.append(line)
                if line.startswith(READY) and not found.is_set():
                    self.uri = line[len(READY):].strip().rstrip("/")
                    found.set()
            found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(timeout) or self.uri is None:
            self.stop()
            raise Neo4jServerError("Neo4j did not start:\n" + "".join(self._log[-30:]))
        self._wait_for_bolt(timeout)
        return self.uri

    def first_load(self, store_folder: Path) -> None:
        """The embedded store in ``store_folder`` into this (stopped, empty) server's data folder
        with ``neo4j-admin database import full``; times each step in ``load_seconds``."""
        from graph.store import neo4j_offline as off

        if self.process is not None:
            raise Neo4jServerError("the offline importer needs the server stopped: load before start()")
        with tempfile.TemporaryDirectory(prefix="civicgraph-neo4j-files-") as folder:
            started = time.perf_counter()
            files = off.write_import_files(store_folder, folder)
            self.load_seconds["files"] = time.perf_counter() - started
            heap = os.environ.get("CIVICGRAPH_NEO4J_HEAP") or "2g"
            plugins = {p.name for p in (TARGET / "plugins").glob("*.jar")}  # GDS: not the importer's
            jars = sorted(p for p in (TARGET / "lib").glob("*.jar") if p.name not in plugins)
            seconds, log = off.run_import(files, self.data / "data",
                                          admin=off.admin_command(jars, java_home=java_home(), heap=heap))
            self.load_seconds["importer"] = seconds
            self.load_rows = files.total
            self.load_counts = off.imported_counts(log)
        print(f"offline import of {store_folder}: {files.total:,} rows, files {self.load_seconds['files']:.1f} s, "
              f"importer {seconds:.1f} s ({self.load_counts})", file=sys.stderr, flush=True)

    def _wait_for_bolt(self, timeout: float) -> None:
        from neo4j import GraphDatabase

        deadline = time.monotonic() + timeout
        while True:
            try:
                with GraphDatabase.driver(self.uri, auth=("neo4j", "")) as driver:
                    driver.verify_connectivity()
                return
            except Exception:  # the driver raises several types while the server warms up
                if time.monotonic() > deadline:
                    self.stop()
                    raise Neo4jServerError(f"Bolt at {self.uri} did not answer within {timeout:.0f} s") from None
                time.sleep(0.5)

    def stop(self, timeout: float = 60) -> None:
        """Close the launcher's stdin (it shuts the server down), then TERM, then KILL."""
        p, self.process = self.process, None
        if p is not None and p.poll() is None:
            try:
                p.stdin.close()
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                p.terminate()
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if self._own_data:
            shutil.rmtree(self.data, ignore_errors=True)

    def __enter__(self) -> Neo4jServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _bytes(size: str) -> int:
    """``1500m`` / ``2g`` / a number of bytes, as the JVM writes sizes.

    >>> _bytes("256m"), _bytes("2g"), _bytes("4096")
    (268435456, 2147483648, 4096)
    """
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = size.strip().lower()
    if text[-1:] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def main(argv: list[str]) -> int:
    data = os.environ.get("CIVICGRAPH_NEO4J_DATA") or None
    port = int(os.environ.get("CIVICGRAPH_NEO4J_PORT") or 0)
    gds = os.environ.get("CIVICGRAPH_NEO4J_GDS", "1") != "0"
    load = os.environ.get("CIVICGRAPH_NEO4J_LOAD") or None
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    # kill / a CI timeout (TERM) stops the server and removes its temporary folder, as Ctrl-C does;
    # without this the JVM outlived us by ~15 s and the folder stayed
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    started = time.monotonic()
    with Neo4jServer(data, port=port, gds=gds, load=load) as server:
        print(f"Neo4j ready in {time.monotonic() - started:.0f} s: CIVICGRAPH_NEO4J_URI={server.uri}", flush=True)
        if command:
            return subprocess.run(command, env={**os.environ, "CIVICGRAPH_NEO4J_URI": server.uri}).returncode
        print("Ctrl-C stops it", flush=True)
        try:
            server.process.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
