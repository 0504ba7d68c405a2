"""Messages from mbox files and .eml files as neutral items.

Only the header fields this import uses are read (``Headers``), an mbox is split in one
streamed pass (``mbox_messages``), and the common Date form is read directly; addresses,
encoded words and every other date form are left to the standard library (``email.utils``,
``email.header``), and tests/test_mail_speed.py checks that the fast paths agree with it.
The body is read only when snippets are kept. Automatic mail (mailing lists, newsletters,
auto-replies, no-reply senders) is recognised from its headers and marked to be skipped.

>>> raw = (b"Message-ID: <1@x>\\nDate: Mon, 02 Mar 2026 14:30:00 -0600\\nFrom: Ana Ruiz <ana@cog.gov>\\n"
...        b"To: bo@city.gov\\nSubject: Transit\\n\\nHello")
>>> item = message_item(raw, "inbox.mbox", 1)
>>> item.key, item.when.isoformat(), item.subject, item.people[0]
('<1@x>', '2026-03-02T14:30:00-06:00', 'Transit', ('ana@cog.gov', 'Ana Ruiz', 'sender'))
"""
from __future__ import annotations

import datetime as dt
import email.header
import functools
import email.utils
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path

EMAIL, MEETING = "email", "meeting"
SNIPPET_CHARS = 300

# why a message is not loaded, as the report counts it
LIST_MAIL = "newsletter or mailing list (List-Id / List-Unsubscribe)"
BULK = "bulk mail (Precedence: bulk / list / junk)"
AUTOMATIC = "automatic mail (Auto-Submitted)"
AUTO_REPLY = "auto-reply (out of office)"
NO_REPLY = "sent from a no-reply address"
DUPLICATE = "the same message or meeting again in this import (same Message-ID / UID)"
CANCELLED = "cancelled meeting"

_NO_REPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|postmaster|bounces?)([-+_.].*)?$", re.I)
_AUTO_SUBJECT = re.compile(r"^(automatic reply|auto(matic)?[- ]?reply|out of (the )?office|autoreply)\b", re.I)
_WANTED = ("from", "to", "cc", "bcc", "subject", "date", "message-id", "list-id", "list-unsubscribe", "precedence",
           "auto-submitted", "x-autoreply", "x-autorespond", "sensitivity")
_ROLES = (("from", "sender"), ("to", "recipient"), ("cc", "cc"), ("bcc", "bcc"))
_AUTO_FIELDS = frozenset({"list-id", "list-unsubscribe", "precedence", "auto-submitted", "x-autoreply", "x-autorespond"})
_FIELD = re.compile(r"^(" + "|".join(_WANTED) + r")[ \t]*:(.*(?:\n[ \t].*)*)", re.I | re.M)


@dataclass
class Item:
    """One message or meeting, before it becomes an interaction."""

    key: str  # Message-ID or iCalendar UID (+ the occurrence of a series): what makes a re-import idempotent
    kind: str  # email / meeting
    when: dt.datetime | dt.date | None
    subject: str | None
    people: list[tuple[str, str, str]] = field(default_factory=list)  # (address or "", display name, role)
    file: str = ""
    position: int = 0  # the message's number in its file (1 for the first), or the row of a CSV export
    body: str = ""
    skip: str | None = None  # why it is not loaded (LIST_MAIL ...)
    problem: str | None = None  # why it cannot be loaded (no date)
    private: bool = False  # marked private or confidential by its author


def text(value) -> str:
    """A header as text: encoded words (=?utf-8?...?=) decoded, whitespace folded."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header) or "=?" in str(value):
        try:
            value = str(email.header.make_header(email.header.decode_header(str(value))))
        except (email.errors.HeaderParseError, LookupError, UnicodeError):
            value = str(value)
    return " ".join(str(value).split())


def addresses(values: list, role: str) -> list[tuple[str, str, str]]:
    """(address, display name, role) for each address in the headers given."""
    out: list[tuple[str, str, str]] = []
    for v in values:
        if v:
            out += _with_role(str(v), role)
    return out


@functools.lru_cache(maxsize=65_536)
def _with_role(value: str, role: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((addr, name, role) for addr, name in _parse_addresses(value))


@functools.lru_cache(maxsize=65_536)
def _parse_addresses(value: str) -> tuple[tuple[str, str], ...]:
    """A header's addresses, parsed once: the same From and To lines come back in message after message."""
    out = []
    for name, addr in email.utils.getaddresses([text(value)]):
        addr = addr.strip().strip("<>").lower()
        if "@" in addr:
            out.append((addr, name.strip().strip('"')))
    return tuple(out)


def automatic(headers, sender: str, subject: str) -> str | None:
    """Why a message is automatic mail, or None for mail a person wrote to people."""
    if isinstance(headers, Headers) and not headers._fields.keys() & _AUTO_FIELDS:  # most mail: no such header
        headers = {}
    if headers.get("List-Id") or headers.get("List-Unsubscribe"):
        return LIST_MAIL
    if str(headers.get("Precedence", "")).strip().lower() in ("bulk", "list", "junk"):
        return BULK
    auto = str(headers.get("Auto-Submitted", "")).strip().lower()
    if headers.get("X-Autoreply") or headers.get("X-Autorespond") or _AUTO_SUBJECT.match(subject or ""):
        return AUTO_REPLY
    if auto and auto != "no":
        return AUTO_REPLY if "replied" in auto else AUTOMATIC
    if sender and _no_reply(sender):
        return NO_REPLY
    return None


@functools.lru_cache(maxsize=65_536)
def _no_reply(sender: str) -> bool:
    """True for a no-reply sender (one of few addresses that send most mail: asked once each)."""
    return _NO_REPLY.match(sender.split("@")[0]) is not None


def message_item(raw: bytes, file: str, position: int, *, keep_body: bool = False) -> Item:
    """One message's item from its bytes (headers parsed; the body only if ``keep_body``)."""
    headers = Headers(_header_block(raw))
    fields = headers._fields  # (read directly: get() lowers the name on each call)
    subject = text(fields["subject"][0]) or None if "subject" in fields else None
    people: list[tuple[str, str, str]] = []
    for name, role in _ROLES:
        if name in fields:
            people += addresses(fields[name], role)
    sender = people[0][0] if people and people[0][2] == "sender" else ""
    when = _date(fields["date"][0]) if "date" in fields else None
    key = text(fields["message-id"][0]).strip() if "message-id" in fields else ""
    if not key:  # a stable stand-in, so that a re-import still finds the same interaction
        basis = "\n".join([str(when), sender, subject or "", *sorted(a for a, _, _ in people)])
        key = "sha1:" + hashlib.sha1(basis.encode()).hexdigest()
    item = Item(key, EMAIL, when, subject, people, file, position,
                skip=automatic(headers, sender, subject or ""),
                private="sensitivity" in fields
                and headers.get("sensitivity").strip().lower() in ("private", "company-confidential"))
    if when is None:
        item.problem = "has no readable Date header"
    if keep_body and item.skip is None:
        item.body = snippet(raw)
    return item


class Headers:
    r"""The header fields this reader needs, unfolded (RFC 5322 section 2.2.3), looked up by any case.

    Splitting a header block into fields is all that is done here; addresses, dates and encoded
    words are left to the standard library (email.utils, email.header). The stdlib's feed parser
    builds a whole Message for every header and took 60% of the reading time (bench_mail.py).

    >>> h = Headers(b"From: Ana <ana@x.gov>\nTo: bo@y.gov,\n  cy@z.gov\nX-Other: 1\nto: dee@w.gov\n")
    >>> h.get("FROM"), h.get_all("To"), h.get("X-Other"), h.get("Cc", "")
    ('Ana <ana@x.gov>', ['bo@y.gov, cy@z.gov', 'dee@w.gov'], None, '')
    """

    def __init__(self, block: bytes) -> None:
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:  # 8-bit headers from an old mail program
            text = block.decode("latin-1")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._fields: dict[str, list[str]] = {}
        # one regular expression finds the wanted fields and their folded lines; the dozens of
        # Received: and X- lines a real message carries are skipped without a Python step each
        for name, value in _FIELD.findall(text):
            value = " ".join(v.strip() for v in value.split("\n")) if "\n" in value else value.strip()
            self._fields.setdefault(name.lower(), []).append(value)

    def get(self, name: str, default=None):
        values = self._fields.get(name.lower())
        return values[0] if values else default

    def get_all(self, name: str, default=None):
        return self._fields.get(name.lower(), default)


def _header_block(raw: bytes) -> bytes:
    r"""The bytes up to the blank line: the headers only, since a body can be megabytes of attachments.

    >>> _header_block(b"A: 1\r\nB: 2\r\n\r\nbody"), _header_block(b"A: 1\n\nbody"), _header_block(b"A: 1")
    (b'A: 1\r\nB: 2\r\n', b'A: 1\n', b'A: 1')
    """
    lf, crlf = raw.find(b"\n\n"), raw.find(b"\r\n\r\n")
    if crlf >= 0 and (lf < 0 or crlf < lf):
        return raw[:crlf + 2]
    return raw[:lf + 1] if lf >= 0 else raw


def snippet(raw: bytes) -> str:
    """The first words of a message's plain-text body."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    part = msg.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        body = part.get_content()
    except (LookupError, UnicodeError):
        return ""
    lines = [l for l in body.splitlines() if not l.startswith(">")]  # not the quoted earlier message
    return " ".join(" ".join(lines).split())[:SNIPPET_CHARS]


# The form nearly every mail program writes (RFC 5322 section 3.3): "Mon, 02 Mar 2026 14:30:00 -0600"
_RFC_DATE = re.compile(r"^(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) ([1-9]\d{3}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-])(\d{2})(\d{2})$")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}


@functools.lru_cache(maxsize=256)
def _zone(sign: str, hours: str, minutes: str) -> dt.timezone:
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes))
    return dt.timezone(-offset if sign == "-" else offset)


def _date(value) -> dt.datetime | None:
    """The Date header as a datetime, with the sender's offset (naive for "-0000": the zone is unknown).

    The common form is read with one regular expression; anything else (obsolete forms, two-digit
    years, zone names) goes to the standard library, which gives the same answer (tests/test_mail_speed.py).

    >>> _date("Mon, 02 Mar 2026 14:30:00 -0600").isoformat(), _date("2 Mar 2026 09:05 +0100").isoformat()
    ('2026-03-02T14:30:00-06:00', '2026-03-02T09:05:00+01:00')
    >>> _date("Mon, 02 Mar 2026 14:30:00 -0000").isoformat(), _date("not a date")
    ('2026-03-02T14:30:00', None)
    """
    if not value:
        return None
    m = _RFC_DATE.match(value.strip()) if "=?" not in value else None
    if m:
        day, mon, year, hour, minute, second, sign, zh, zm = m.groups()
        month = _MONTHS.get(mon.lower())
        if month and not (sign == "-" and zh == zm == "00"):
            try:
                return dt.datetime(int(year), month, int(day), int(hour), int(minute), int(second or 0),
                                   tzinfo=_zone(sign, zh, zm))
            except ValueError:
                pass  # 31 February, 25:00: let the standard library decide
    try:
        return email.utils.parsedate_to_datetime(text(value))
    except (TypeError, ValueError, IndexError):
        return None


READ_BYTES = 1 << 22  # an mbox is read 4 MiB at a time: memory stays bounded whatever its size


def mbox_messages(path: Path, *, whole: bool = False) -> Iterator[bytes]:
    r"""The messages of an mbox file, streamed: each one's header block (its whole text if ``whole``),
    without the "From " line that starts it.

    Messages are split as the standard library's ``mailbox.mbox`` splits them (a line starting with
    "From " starts one; the blank line before the next one is not part of it), without its table of
    every message's offsets and a seek and read per message: one pass over the file in big blocks.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".mbox", delete=False) as fh:
    ...     _ = fh.write(b"From a Thu\nSubject: 1\n\nbody\n>From here\n\nFrom b Fri\nSubject: 2\n\nbody 2\n")
    >>> list(mbox_messages(Path(fh.name))), list(mbox_messages(Path(fh.name), whole=True))
    ([b'Subject: 1\n', b'Subject: 2\n'], [b'Subject: 1\n\nbody\n>From here\n', b'Subject: 2\n\nbody 2\n'])
    >>> os.unlink(fh.name)
    """
    with path.open("rb") as fh:
        buf = b"\n"  # as if a line ended before the file: its first line may start a message
        at = -1  # where in buf the line break before the current message's "From " line is
        eof = False
        while True:
            if at < 0:
                at = buf.find(b"\nFrom ")
                if at < 0:  # no message started yet (text before the first one is not a message)
                    if eof:
                        return
                    chunk = fh.read(READ_BYTES)
                    eof = not chunk
                    buf = buf[-5:] + chunk
                    continue
            nxt = buf.find(b"\nFrom ", at + 1)
            if nxt < 0 and not eof:
                chunk = fh.read(max(READ_BYTES, len(buf) - at))  # doubling: a huge message is not copied often
                eof = not chunk
                buf, at = buf[at:] + chunk, 0
                continue
            end = len(buf) if nxt < 0 else nxt + 1
            first = buf.find(b"\n", at + 1, end)
            body = end if first < 0 else first + 1
            stop = end - 1 if buf[end - 2:end] == b"\n\n" else end  # the blank line between messages
            if not whole:  # only the headers: up to the first blank line, as _header_block
                lf, crlf = buf.find(b"\n\n", body, stop), buf.find(b"\r\n\r\n", body, stop)
                stop = crlf + 2 if crlf >= 0 and (lf < 0 or crlf < lf) else lf + 1 if lf >= 0 else stop
            yield buf[body:stop]
            if nxt < 0:
                return
            at = nxt


def read_mbox(path: Path, *, keep_body: bool = False) -> Iterator[Item]:
    """Every message of an mbox file (Thunderbird, Google Takeout), one at a time."""
    name = path.name
    for position, raw in enumerate(mbox_messages(path, whole=keep_body), start=1):
        yield message_item(raw, name, position, keep_body=keep_body)


def read_eml(path: Path, *, keep_body: bool = False, label: str | None = None) -> Item:
    """One .eml file (a message saved by a mail program)."""
    return message_item(path.read_bytes(), label or path.name, 1, keep_body=keep_body)
