"""Mail and calendars: messages and meetings become interactions, addresses become people.

``import_mail(store, paths, viewer)`` (ingest/mail/load.py) reads mbox files,
folders of .eml files, iCalendar .ics files and Outlook CSV exports, matches each
address to a contact (people.py), and loads the result through the import
pipeline like any canonical table, with the same report. This module says which
files are mail and reads them into neutral items, one at a time.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from graph.errors import InputError
from ingest.mail.calendar import read_ics
from ingest.mail.messages import Item, read_eml, read_mbox
from ingest.mail.outlook import read_outlook_csv, sniff

MBOX, EML, ICS, OUTLOOK_MAIL, OUTLOOK_CALENDAR = (
    "mbox", "eml folder", "icalendar", "outlook mail csv", "outlook calendar csv")
_SUFFIX = {".mbox": MBOX, ".mbx": MBOX, ".eml": EML, ".ics": ICS, ".ical": ICS, ".ifb": ICS}


def mail_format(path: str | Path) -> str | None:
    """Which mail or calendar format ``path`` is (None: not mail, the canonical tables' readers take it).

    A folder is mail when it holds .eml files (in it or below) and no CSV / JSON Lines tables.
    """
    path = Path(path)
    if path.is_dir():
        tables = any(p.suffix.lower() in (".csv", ".jsonl", ".ndjson") for p in path.iterdir() if p.is_file())
        return EML if not tables and next(path.rglob("*.eml"), None) is not None else None
    suffix = path.suffix.lower()
    if suffix in _SUFFIX:
        return _SUFFIX[suffix]
    if suffix == ".csv" and path.exists():
        kind = sniff(path)
        return {"email": OUTLOOK_MAIL, "meeting": OUTLOOK_CALENDAR}.get(kind or "")
    return None


def read_items(path: str | Path, *, keep_body: bool = False) -> Iterator[Item]:
    """Every message or meeting in one file or folder, streamed."""
    path = Path(path)
    fmt = mail_format(path)
    if fmt == MBOX:
        yield from read_mbox(path, keep_body=keep_body)
    elif fmt == EML and path.is_dir():
        for eml in sorted(path.rglob("*.eml")):
            yield read_eml(eml, keep_body=keep_body, label=f"{path.name}/{eml.relative_to(path)}")
    elif fmt == EML:
        yield read_eml(path, keep_body=keep_body)
    elif fmt == ICS:
        yield from read_ics(path, keep_body=keep_body)
    elif fmt in (OUTLOOK_MAIL, OUTLOOK_CALENDAR):
        yield from read_outlook_csv(path, keep_body=keep_body)
    else:
        raise InputError(f"{path.name}: is not mail or a calendar; give an .mbox, .eml, .ics file, a folder of "
                         ".eml files or an Outlook CSV export")
