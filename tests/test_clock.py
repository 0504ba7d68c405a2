"""One clock: every "today" comes from graph.clock.today(), pinned by CIVICGRAPH_TODAY."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph import clock
from graph.errors import CivicGraphError

ROOT = Path(__file__).resolve().parent.parent
# Calls that read the wall clock for a calendar day. Timestamps (datetime.now(timezone.utc)) are allowed:
# they record when something happened, they do not decide what a question is about.
WALL_CLOCK_DAY = re.compile(r"\bdate\.today\(\)|\bdatetime\.today\(\)|\bdatetime\.now\(\)(?!\.)|\.now\(\)\.date\(\)")


def test_only_the_clock_reads_todays_date():
    offenders = []
    for folder in ("graph", "ingest", "queries", "cli", "pages", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in (ROOT / "graph" / "clock.py", Path(__file__).resolve()):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK_DAY.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert not WALL_CLOCK_DAY.search(app)
    assert not offenders, "use graph.clock.today() instead (tests: the pinned day):\n" + "\n".join(offenders)


def test_the_setting_pins_the_day(monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_TODAY", "2031-02-28")
    assert clock.today() == dt.date(2031, 2, 28)
    assert clock.day_or_today(None) == dt.date(2031, 2, 28)
    assert clock.day_or_today(dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)


def test_a_bad_setting_says_how_to_write_it(monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_TODAY", "15/11/2026")
    with pytest.raises(CivicGraphError, match="YYYY-MM-DD"):
        clock.today()
