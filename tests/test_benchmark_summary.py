"""``make benchmarks``' final table: each bench script writes the goals it measured
(benchmarks/goals.py), benchmarks/summary.py prints them with the ratio and met / not met.
Nothing here is timed: the lines are written by hand."""
from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from pathlib import Path

from benchmarks import goals, projection, summary

ROOT = Path(__file__).resolve().parent.parent


def test_goal_lines_say_met_and_the_ratio():
    assert doctest.testmod(goals).failed == 0
    slow = goals.goal_line("worst named-query p95", 250.0, 200, "ms")
    assert (slow["met"], slow["ratio"]) == (False, 1.25)
    fast_mail = goals.goal_line("mail import rate", 4000, 5000, "msg/s", direction=">=")
    assert (fast_mail["met"], fast_mail["ratio"]) == (False, 0.8)


def test_record_writes_nothing_without_the_setting(tmp_path, monkeypatch):
    monkeypatch.delenv(goals.SUMMARY_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    goals.record("import time", 12.0, 30, "s")
    assert list(tmp_path.iterdir()) == []


def test_summary_prints_every_goal_measured_or_not(tmp_path, monkeypatch):
    out = tmp_path / "goals.jsonl"
    monkeypatch.setenv(goals.SUMMARY_ENV, str(out))
    goals.record("import time", 40.0, 30, "s")
    goals.record("import time", 24.0, 30, "s")  # measured again: the last one counts
    goals.record("worst named-query p95", 150.0, 200, "ms", note="partners_for_issue")
    goals.record("Louvain identical across processes", True, True, "", direction="==")
    assert len(out.read_text().splitlines()) == 4
    lines = summary.table(summary.read(out))
    by_goal = {name: next(line for line in lines if line.startswith(name)) for name in summary.EXPECTED}
    assert re.search(r"24\.0 s\s+<= 30 s\s+0\.80×\s+✓", by_goal["import time"])
    assert re.search(r"150 ms\s+<= 200 ms\s+0\.75×\s+✓\s+.*partners_for_issue", by_goal["worst named-query p95"])
    assert re.search(r"yes\s+== yes\s+✓", by_goal["Louvain identical across processes"])
    assert "not measured" in by_goal["analytics refresh (whole process)"]
    assert "NEO4J=" in by_goal["Neo4j import"]  # says how to measure it


def test_summary_runs_as_a_script(tmp_path):
    out = tmp_path / "goals.jsonl"
    out.write_text(json.dumps(goals.goal_line("mail import rate", 6200, 5000, "msg/s", direction=">=")) + "\n")
    done = subprocess.run([sys.executable, "benchmarks/summary.py", str(out), "--size", "demo"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert re.search(r"mail import rate\s+6,200 msg/s\s+>= 5,000 msg/s\s+1\.24×\s+✓", done.stdout)
    assert "1 of 1 measured goals met; 8 not measured" in done.stdout


def test_every_bench_script_with_a_goal_records_it():
    for name in ("bench_import", "bench_queries", "bench_analytics", "bench_resolve", "bench_mail"):
        text = (ROOT / "benchmarks" / f"{name}.py").read_text()
        assert "record(" in text, f"benchmarks/{name}.py prints a goal but does not record it for the summary"
    make = (ROOT / "Makefile").read_text()
    assert "benchmarks/summary.py" in make and "CIVICGRAPH_BENCH_SUMMARY" in make


def test_the_projection_fits_a_power_law_to_the_measured_points():
    assert doctest.testmod(projection).failed == 0
    points = {"measures": {"disk": "MB", "once": "ms"},
              "sizes": {"a": {"interactions": 1_000, "disk": 10.0, "once": 5.0},
                        "b": {"interactions": 100_000, "disk": 1000.0, "once": None}}}
    (disk, _, _, b, at), (once, _, _, b_once, at_once) = projection.rows(points, 10_000_000)
    assert (disk, round(b, 6), round(at)) == ("disk", 1.0, 100_000)
    assert (once, b_once, at_once) == ("once", None, None)  # one point: not projected
