"""Dates of the demo region: day numbers for the vectorised generator, the meeting calendar,
and moving a drawn region to end on another day."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


ANCHOR = dt.date(2026, 11, 15)  # the end day the region is drawn for, before it is moved
DEMO_TODAY = ANCHOR  # the end day PLANTED's comments and ids are written for
DEMO_START = dt.date(2016, 11, 15)  # ten years of history


# ---------------------------------------------------------------------------
# Dates. Vectorised code works in day numbers (days since 1970-01-01) and turns
# them into ISO strings through one lookup table, so equal dates share one str.

_EPOCH = dt.date(1970, 1, 1)


def _day(date: dt.date) -> int:
    return (date - _EPOCH).days


def _d(text: str) -> int:
    return _day(dt.date.fromisoformat(text))


_TABLE_FIRST = _day(dt.date(1930, 1, 1))
_DATE_TABLE = np.datetime_as_string(np.arange("1930-01-01", "2032-01-01", dtype="datetime64[D]")).astype(object)
TODAY = _day(DEMO_TODAY)
START = _day(DEMO_START)
NEVER = _day(dt.date(2031, 12, 31))  # "still active" in day-number comparisons


def _iso(days):
    """ISO date strings for day numbers (an array, or one int)."""
    return _DATE_TABLE[np.asarray(days) - _TABLE_FIRST]


def _iso1(day: int | None) -> str:
    return "" if day is None or day >= NEVER else str(_DATE_TABLE[day - _TABLE_FIRST])


def _meeting_days(weekday: int, nth: int, months) -> list[int]:
    """Day numbers of "the nth weekday of these months" from DEMO_START to DEMO_TODAY."""
    days = []
    for year in range(DEMO_START.year, DEMO_TODAY.year + 1):
        for month in months:
            first = dt.date(year, month, 1)
            day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
            if DEMO_START <= day <= DEMO_TODAY:
                days.append(_day(day))
    return days


# ---------------------------------------------------------------------------
# The region ends on the day it is made. It is drawn once, ending on the fixed
# ANCHOR (so a seed always gives the same draws), then every date in every cell
# moves by the same number of days: each planted case keeps its distance from
# the end day, and ids and titles that carry a date ("n-rtc-2026-09-01") move
# with it.

_ISO = r"\d{4}-\d{2}-\d{2}"


def shift_dates(tables: dict[str, pd.DataFrame], days: int) -> dict[str, pd.DataFrame]:
    """Every ISO date in every cell moved by ``days`` (a new dict; the frames are copied).

    >>> frame = pd.DataFrame({"id": ["n-rtc-2026-09-01", ""], "meeting_date": ["2026-09-01", ""]})
    >>> shift_dates({"notices": frame}, 366)["notices"].values.tolist()
    [['n-rtc-2027-09-02', '2027-09-02'], ['', '']]
    """
    if not days:
        return tables
    moved = {}
    for name, frame in tables.items():
        frame = frame.copy()
        for column in frame.columns:
            # each distinct value once: a date column has a few thousand among a million rows
            distinct = pd.Series(pd.unique(frame[column]), dtype=object).astype(str)
            dated = distinct[distinct.str.contains(_ISO, regex=True)]
            if dated.empty:
                continue
            new = dated.str.replace(_ISO, lambda m: _shift_one(m.group(0), days), regex=True)
            frame[column] = frame[column].map(dict(zip(dated, new))).fillna(frame[column]).astype(object)
        moved[name] = frame
    return moved


def _shift_one(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
