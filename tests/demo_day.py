"""The day this test session asks its questions on, and the demo region as it stands that day.

The demo region ends on the clock's today (pinned by conftest to CIVICGRAPH_TODAY, 2026-11-15
unless you set another day), so tests name its planted cases and dates through this module:
``P`` holds the planted ids on that day, ``moved(d)`` turns a date written for the anchor day
(the dates in ingest/demo/planted.py's comments) into the same date of this session's region.
"""
from __future__ import annotations

import datetime as dt
import re

from graph import clock
from ingest.demo import ANCHOR, PLANTED

TODAY = clock.today()
P = PLANTED.on(TODAY)


def moved(day: dt.date) -> dt.date:
    """``day`` of the anchor region, in this session's region."""
    return day + (TODAY - ANCHOR)


def moved_iso(day: str) -> str:
    """:func:`moved` for an ISO date string."""
    return moved(dt.date.fromisoformat(day)).isoformat()


def dated(text: str) -> str:
    """``text`` with every ISO date in it moved like :func:`moved` (for expected messages)."""
    return re.sub(r"\d{4}-\d{2}-\d{2}", lambda m: moved_iso(m.group(0)), text)
