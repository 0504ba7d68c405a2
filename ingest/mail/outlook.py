"""Outlook / Exchange CSV exports (File > Open & Export > Import/Export > Export to a file).

A mailbox export has ``Subject``, ``From: (Name)``, ``From: (Address)``, ``To: ...``,
``CC: ...``, ``BCC: ...`` columns (names and addresses separated by ``;``). Classic
Outlook does not export the date of a message: rows without a ``Date`` / ``Sent`` /
``Received`` column or value are rejected with that reason. A calendar export has
``Subject``, ``Start Date``, ``Start Time``, ``Meeting Organizer``, ``Required
Attendees``, ``Optional Attendees`` (display names). Dates are written in the
exporting machine's locale: the order of day and month is taken from the file's
unambiguous dates (a 13th or later), never guessed.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from pathlib import Path

from ingest.mail.messages import EMAIL, MEETING, SNIPPET_CHARS, Item, automatic
from ingest.readers import decode

MAIL_COLUMNS = {"subject", "from: (address)"}
CALENDAR_COLUMNS = {"subject", "start date"}
_DATE_COLUMNS = ("date", "sent", "date sent", "received", "date received")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")


def outlook_kind(header: list[str]) -> str | None:
    """"email" for a mailbox export, "meeting" for a calendar export, None for any other CSV."""
    cols = {h.strip().lstrip("\ufeff").lower() for h in header}
    if MAIL_COLUMNS <= cols:
        return EMAIL
    if CALENDAR_COLUMNS <= cols:
        return MEETING
    return None


def sniff(path: Path) -> str | None:
    """Which Outlook export a .csv file is, from its header (None: not one)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    text, _ = decode(head.split(b"\n", 1)[0], path.name)
    return outlook_kind(next(csv.reader([text]), []))


def read_outlook_csv(path: Path, *, keep_body: bool = False) -> Iterator[Item]:
    text, _ = decode(path.read_bytes(), path.name)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rows = [{(k or "").strip().lstrip("\ufeff").lower(): (v or "").strip() for k, v in r.items()} for r in rows]
    kind = outlook_kind(list(rows[0])) if rows else None
    day_first = _day_first([r.get(c, "") for r in rows for c in ("start date", *_DATE_COLUMNS)])
    for n, row in enumerate(rows, start=2):  # the header is row 1
        if kind == EMAIL:
            yield _message(row, path.name, n, day_first, keep_body)
        else:
            yield _meeting(row, path.name, n, day_first, keep_body)


def _people(row: dict, names_col: str, addr_col: str | None, role: str) -> list[tuple[str, str, str]]:
    names = [n.strip() for n in row.get(names_col, "").split(";")]
    addrs = [a.strip().lower() for a in row.get(addr_col, "").split(";")] if addr_col else []
    out = []
    for i in range(max(len(names), len(addrs))):
        addr = addrs[i] if i < len(addrs) and "@" in addrs[i] else ""
        name = names[i] if i < len(names) else ""
        if addr or name:
            out.append((addr, name, role))
    return out


def _message(row: dict, file: str, n: int, day_first: bool | None, keep_body: bool) -> Item:
    people = (_people(row, "from: (name)", "from: (address)", "sender")
              + _people(row, "to: (name)", "to: (address)", "recipient")
              + _people(row, "cc: (name)", "cc: (address)", "cc")
              + _people(row, "bcc: (name)", "bcc: (address)", "bcc"))
    value = next((row[c] for c in _DATE_COLUMNS if row.get(c)), "")
    when = _when(value, "", day_first)
    subject = row.get("subject") or None
    basis = "\n".join([value, subject or "", *(a or nm for a, nm, _ in people), row.get("body", "")[:200]])
    sender = next((a for a, _, r in people if r == "sender"), "")
    item = Item("outlook:" + hashlib.sha1(basis.encode()).hexdigest(), EMAIL, when, subject, people, file, n,
                skip=automatic({}, sender, subject or ""),
                private=row.get("sensitivity", "").lower() in ("private", "confidential"))
    if when is None:
        item.problem = (f'has a date "{value}" that cannot be read' if value else
                        "has no date: Outlook's CSV export of a mailbox leaves it out")
    if keep_body:
        item.body = " ".join(row.get("body", "").split())[:SNIPPET_CHARS]
    return item


def _meeting(row: dict, file: str, n: int, day_first: bool | None, keep_body: bool) -> Item:
    all_day = row.get("all day event", "").lower() in ("true", "yes", "1")
    when = _when(row.get("start date", ""), "" if all_day else row.get("start time", ""), day_first)
    people = (_people(row, "meeting organizer", None, "organizer")
              + _people(row, "required attendees", None, "attendee")
              + _people(row, "optional attendees", None, "attendee"))
    subject = row.get("subject") or None
    basis = "\n".join([row.get("start date", ""), row.get("start time", ""), subject or "",
                       row.get("meeting organizer", "")])
    item = Item("outlook:" + hashlib.sha1(basis.encode()).hexdigest(), MEETING, when, subject, people, file, n,
                private=row.get("private", "").lower() in ("true", "yes", "1")
                or row.get("sensitivity", "").lower() in ("private", "confidential"))
    if when is None:
        item.problem = (f'has a start date "{row.get("start date", "")}" that cannot be read (or day and month '
                        "could be either way round)")
    if keep_body:
        item.body = " ".join(row.get("description", "").split())[:SNIPPET_CHARS]
    return item


def _day_first(values: list[str]) -> bool | None:
    """True if the file writes day/month, False for month/day, None if no date tells."""
    for v in values:
        m = _SLASHED.match(v.split(" ")[0])
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                return True
            if b > 12 >= a:
                return False
    return None


def _when(date_text: str, time_text: str, day_first: bool | None) -> dt.datetime | dt.date | None:
    date_text = date_text.strip()
    if not time_text and " " in date_text and not _SLASHED.match(date_text):
        try:
            return dt.datetime.fromisoformat(date_text)
        except ValueError:
            pass
    if " " in date_text:
        date_text, time_text = date_text.split(" ", 1)[0], time_text or date_text.split(" ", 1)[1]
    day = _day(date_text, day_first)
    if day is None:
        return None
    t = _time(time_text)
    return dt.datetime.combine(day, t) if t is not None else day


def _day(text: str, day_first: bool | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    m = _SLASHED.match(text)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    year += 2000 if year < 100 else 0
    if a == b:
        day_first = True
    if day_first is None:
        if a <= 12 and b <= 12:
            return None  # 03/04: either way round, and nothing in the file says which
        day_first = a > 12
    day, month = (a, b) if day_first else (b, a)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _time(text: str) -> dt.time | None:
    text = text.strip().upper()
    for fmt in ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M"):
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    return None
