"""Meetings from iCalendar (.ics) files, read with the maintained ``icalendar`` package.

Each VEVENT is a meeting; a recurring series (RRULE) gives one meeting per
occurrence up to today (EXDATE left out, RECURRENCE-ID overrides applied), each
keyed by its UID and the occurrence's original start, so that a re-import finds
the same meetings. Cancelled meetings are skipped and counted.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import icalendar
from dateutil import rrule

from graph.clock import today
from graph.errors import InputError
from ingest.mail.messages import CANCELLED, MEETING, SNIPPET_CHARS, Item

MAX_OCCURRENCES = 1000  # per series: a daily meeting for almost three years


def read_ics(path: Path, *, keep_body: bool = False) -> Iterator[Item]:
    """Every meeting of a calendar file, occurrences of a series included."""
    try:
        calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    except ValueError as exc:
        raise InputError(f"{path.name}: is not an iCalendar file that can be read ({exc}); export the calendar "
                         "again as .ics") from None
    events = [e for cal in calendars for e in cal.walk("VEVENT")]
    overrides = {(str(e.get("UID")), _key_time(e.decoded("RECURRENCE-ID"))): e
                 for e in events if e.get("RECURRENCE-ID") is not None}
    position = 0
    for event in events:
        position += 1
        if event.get("RECURRENCE-ID") is not None:
            continue  # yielded in its series' place
        uid = str(event.get("UID") or "").strip()
        if event.get("RRULE") is None:
            yield _item(event, uid or f"{path.name}#{position}", path.name, position, keep_body)
            continue
        for start in _occurrences(event):
            key = f"{uid}/{_key_time(start)}"
            moved = overrides.get((uid, _key_time(start)))
            yield _item(moved or event, key, path.name, position, keep_body, start=None if moved else start)


def _occurrences(event) -> list[dt.date | dt.datetime]:
    """The starts of a series up to the end of today, without its exception dates."""
    start = event.decoded("DTSTART")
    rule = event.get("RRULE").to_ical().decode()
    end = dt.datetime.combine(today(), dt.time.max)
    timed = isinstance(start, dt.datetime)
    begin = start if timed else dt.datetime.combine(start, dt.time())
    if timed and start.tzinfo is not None:
        end = end.replace(tzinfo=start.tzinfo)
    try:
        dates = rrule.rrulestr(rule, dtstart=begin, forceset=True)
        out = []
        for when in dates:
            if when > end or len(out) >= MAX_OCCURRENCES:
                break
            out.append(when)
    except (ValueError, TypeError):  # a rule dateutil cannot expand: keep the first meeting
        out = [begin]
    skipped = {_key_time(d) for prop in _list(event.get("EXDATE")) for d in (x.dt for x in prop.dts)}
    return [w if timed else w.date() for w in out if _key_time(w if timed else w.date()) not in skipped]


def _list(value) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def _key_time(value: dt.date | dt.datetime) -> str:
    """An occurrence's start as text, in UTC when it has a time zone (the same instant, the same key)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.strftime("%Y%m%dT%H%M%S") + ("Z" if value.tzinfo is not None else "")
    return value.strftime("%Y%m%d")


def _item(event, key: str, file: str, position: int, keep_body: bool,
          start: dt.date | dt.datetime | None = None) -> Item:
    when = start if start is not None else (event.decoded("DTSTART") if event.get("DTSTART") else None)
    people = []
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        people.append((_address(organizer), _name(organizer), "organizer"))
    for attendee in _list(event.get("ATTENDEE")):
        if str(attendee.params.get("ROLE", "")).upper() == "NON-PARTICIPANT":
            continue
        people.append((_address(attendee), _name(attendee), "attendee"))
    summary = " ".join(str(event.get("SUMMARY") or "").split()) or None
    item = Item(key, MEETING, when, summary, [p for p in people if p[0] or p[1]], file, position,
                private=str(event.get("CLASS", "")).upper() in ("PRIVATE", "CONFIDENTIAL"))
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        item.skip = CANCELLED
    if when is None:
        item.problem = "has no start (DTSTART)"
    if keep_body:
        item.body = " ".join(str(event.get("DESCRIPTION") or "").split())[:SNIPPET_CHARS]
    return item


def _address(value) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.lower() if "@" in text else ""


def _name(value) -> str:
    return " ".join(str(getattr(value, "params", {}).get("CN", "")).strip('"').split())
