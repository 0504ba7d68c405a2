"""Crash test: SIGKILL a process in the middle of an import or a burst of interaction logging.

    python benchmarks/crash_writes.py [--rows 4000] [--batch 200] [--writes 400] [--kill-after 60]

A child process writes and prints ``ack ...`` after each commit returns; the
parent kills it (SIGKILL, no clean-up of any kind) after ``--kill-after`` acks,
reopens the database and checks that every acknowledged write is there, that the
audit chain is intact, and (import) that running the import again completes it.
tests/test_durability.py runs the same functions on a small scale.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()


# -- what the child does ----------------------------------------------------------

def _child_import(store_path: str, folder: str, batch: int) -> None:
    from graph.access import local_viewer
    from graph.store import open_store
    from ingest import import_writes, pipeline

    import_writes.BATCH = batch  # many small commits, so the kill lands between two of them
    import_writes.BULK_THRESHOLD = 10**9  # new records through those MERGE batches too, not one COPY

    def progress(stage: str, done: int, total: int) -> None:
        if stage.endswith(": writing") and done:
            print(f"ack {stage.split(':')[0]} {done}", flush=True)

    with open_store(store_path) as store:
        print("ready", flush=True)
        pipeline.import_path(store, folder, local_viewer(), progress=progress)
    print("done", flush=True)


def _child_log(store_path: str, writes: int) -> None:
    from graph.access import local_viewer
    from graph.store import open_store
    from ingest.interactions import log_interaction

    viewer = local_viewer()
    with open_store(store_path) as store:
        print("ready", flush=True)
        for n in range(writes):
            xid = log_interaction(store, viewer, id=f"x-crash-{n:06d}", kind="call", date="2026-03-02",
                                  subject=f"call {n}", participants=[("c-0", "organizer"), "c-1"],
                                  issues=["i-0"], organizations=["o-0"])
            print(f"ack {xid}", flush=True)
    print("done", flush=True)


# -- the parent ---------------------------------------------------------------------

def contacts_file(folder: Path, rows: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["id,name,kind,email,notes"]
    lines += [f"c-{n:06d},Person {n},resident,p{n}@example.org,row {n}" for n in range(rows)]
    (folder / "contacts.csv").write_text("\n".join(lines) + "\n")
    return folder


def seed_for_logging(store_path: Path) -> None:
    from graph.access import local_viewer
    from graph.store import open_store
    from ingest.pipeline import import_source
    from ingest.readers import from_frames
    import pandas as pd

    tables = {
        "contacts": pd.DataFrame({"id": ["c-0", "c-1"], "name": ["Ana", "Bo"], "kind": ["resident"] * 2}),
        "issues": pd.DataFrame({"id": ["i-0"], "name": ["Transit"]}),
        "organizations": pd.DataFrame({"id": ["o-0"], "name": ["Pine County"], "type": ["county"]}),
    }
    with open_store(store_path) as store:
        import_source(store, from_frames(tables), local_viewer())


def run_child_and_kill(args: list[str], kill_after: int, timeout: float = 120) -> tuple[list[str], bool]:
    """Start the child, SIGKILL it after ``kill_after`` acks; the acks it printed, and whether it finished."""
    child = subprocess.Popen([sys.executable, str(HERE), *args], stdout=subprocess.PIPE, text=True)
    acks: list[str] = []
    finished = False
    deadline = time.monotonic() + timeout
    try:
        for line in child.stdout:
            line = line.strip()
            if line.startswith("ack "):
                acks.append(line[4:])
                if len(acks) >= kill_after:
                    os.kill(child.pid, signal.SIGKILL)
                    break
            elif line == "done":
                finished = True
                break
            if time.monotonic() > deadline:
                raise TimeoutError("the child took too long")
    finally:
        if child.poll() is None and not finished:
            os.kill(child.pid, signal.SIGKILL)
        child.wait()
        # acks printed before the kill but not read yet count too: the commit had returned
        acks += [l.strip()[4:] for l in (child.stdout.read() or "").splitlines() if l.startswith("ack ")]
    return acks, finished


def crash_import(work: Path, rows: int, batch: int, kill_after: int) -> dict:
    from graph import audit
    from graph.access import local_viewer
    from graph.store import open_store
    from ingest.pipeline import import_path

    folder = contacts_file(work / "input", rows)
    db = work / "db-import"
    started = time.perf_counter()
    acks, finished = run_child_and_kill(["child-import", str(db), str(folder), str(batch)], kill_after)
    acked = max((int(a.split()[1]) for a in acks), default=0)
    reopen = time.perf_counter()
    with open_store(db) as store:
        reopen_s = time.perf_counter() - reopen
        found = store.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"]
        chain = audit.verify(store)
        again = import_path(store, folder, local_viewer())
        complete = store.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"]
        chain_after = audit.verify(store)
    return {"mode": "import", "rows": rows, "batch": batch, "killed": not finished,
            "writes_acknowledged": acked, "writes_found": found, "all_acknowledged_found": found >= acked,
            "half_written_batches": found % batch != 0 and found != rows,
            "audit_ok_after_crash": chain.ok, "reopen_seconds": round(reopen_s, 3),
            "rerun_created": again.totals()["created"], "complete_after_rerun": complete == rows,
            "audit_ok_after_rerun": chain_after.ok, "seconds": round(time.perf_counter() - started, 2)}


def crash_logging(work: Path, writes: int, kill_after: int) -> dict:
    from graph import audit
    from graph.store import open_store

    db = work / "db-log"
    seed_for_logging(db)
    acks, finished = run_child_and_kill(["child-log", str(db), str(writes)], kill_after)
    with open_store(db, read_only=True) as store:
        stored = {r["id"] for r in store.query("MATCH (x:Interaction) RETURN x.id AS id")}
        complete = store.query(
            "MATCH (x:Interaction) WHERE NOT EXISTS { MATCH (:Contact)-[:PARTICIPATED_IN]->(x) } "
            "OR NOT EXISTS { MATCH (x)-[:ABOUT]->(:Issue) } RETURN count(x) AS n")[0]["n"]
        chain = audit.verify(store)
        logged = [e for e in audit.entries(store) if e.action == "log-interaction"]
    missing = [a for a in acks if a not in stored]
    return {"mode": "log_interaction", "killed": not finished, "writes_acknowledged": len(acks),
            "writes_found": len(stored), "acknowledged_missing": len(missing),
            "interactions_without_their_links": complete, "audit_entries": len(logged),
            "audit_ok_after_crash": chain.ok}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child-import":
        _child_import(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "child-log":
        _child_log(sys.argv[2], int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--writes", type=int, default=400)
    parser.add_argument("--kill-after", type=int, default=60)
    parser.add_argument("--work", type=Path, default=Path("benchmarks/out/crash"))
    args = parser.parse_args()
    import shutil

    shutil.rmtree(args.work, ignore_errors=True)
    results = [crash_import(args.work, args.rows, args.batch, max(1, min(args.kill_after, args.rows // args.batch - 2))),
               crash_logging(args.work, args.writes, args.kill_after)]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
