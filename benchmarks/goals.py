"""The speed goals a benchmark measured, written down for ``make benchmarks``' final summary.

Each bench_* script calls ``record`` once per goal it measured. When the environment variable
``CIVICGRAPH_BENCH_SUMMARY`` names a file, each call appends one JSON line to it; otherwise
``record`` does nothing, so every script still runs alone exactly as before.
``benchmarks/summary.py`` reads the file and prints one table: goal, measured, ratio, met.

    >>> g = goal_line("import time", 24.0, 30, "s")
    >>> g["met"], g["ratio"], g["direction"]
    (True, 0.8, '<=')
    >>> goal_line("mail import rate", 6000, 5000, "msg/s", direction=">=")["met"]
    True
    >>> goal_line("Louvain identical across processes", False, True, "", direction="==")["met"]
    False
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

SUMMARY_ENV = "CIVICGRAPH_BENCH_SUMMARY"
DIRECTIONS = ("<=", ">=", "==")


def goal_line(goal: str, measured, limit, unit: str, direction: str = "<=", met: bool | None = None,
              note: str = "") -> dict:
    """One goal as a plain dict: ``ratio`` is measured / goal (``None`` for a yes/no goal)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    numeric = isinstance(measured, (int, float)) and not isinstance(measured, bool) and bool(limit)
    if met is None:
        met = (measured <= limit if direction == "<=" else measured >= limit) if direction != "==" \
            else measured == limit
    return {"goal": goal, "measured": measured, "limit": limit, "unit": unit, "direction": direction,
            "ratio": round(measured / limit, 3) if numeric else None, "met": bool(met), "note": note}


def record(goal: str, measured, limit, unit: str, direction: str = "<=", met: bool | None = None,
           note: str = "") -> dict:
    """Write one measured goal to the summary file (``$CIVICGRAPH_BENCH_SUMMARY``), if one is set."""
    line = goal_line(goal, measured, limit, unit, direction, met, note)
    path = os.environ.get(SUMMARY_ENV)
    if path:
        line |= {"script": Path(sys.argv[0]).name, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                 "load": round(os.getloadavg()[0], 1)}
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line) + "\n")
    return line
