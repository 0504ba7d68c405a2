"""The one clock: every "today" in CivicGraph comes from here.

Nothing else calls ``date.today()`` or ``datetime.now()`` for a calendar day
(``tests/test_clock.py`` greps for it). ``CIVICGRAPH_TODAY=2026-11-15`` pins the
day for the whole process: the CLI, the dashboard and the tests ask the same
question on the same day, whatever the wall clock says.

>>> import os
>>> os.environ["CIVICGRAPH_TODAY"] = "2030-02-28"
>>> today()
datetime.date(2030, 2, 28)
>>> del os.environ["CIVICGRAPH_TODAY"]
"""
from __future__ import annotations

import datetime as dt

from graph import settings
from graph.errors import CivicGraphError


def today() -> dt.date:
    """The day every question is asked on: ``CIVICGRAPH_TODAY`` if set, else the machine's local date."""
    pinned = settings.get("today").strip()
    if not pinned:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(pinned)
    except ValueError:
        raise CivicGraphError(
            f'CIVICGRAPH_TODAY="{pinned}" is not a date: write it as YYYY-MM-DD (for example 2026-11-15), '
            "or unset it to use the machine's date") from None


def now_utc() -> dt.datetime:
    """The current instant in UTC, for timestamps (audit entries, merge records); not pinned."""
    return dt.datetime.now(dt.timezone.utc)


def day_or_today(day: dt.date | None) -> dt.date:
    return day or today()
