"""Messages from mbox files and .eml files, read with the standard library, as neutral items.

Only the headers are parsed (``BytesHeaderParser``): the body is read only when
snippets are kept. Automatic mail (mailing lists, newsletters, auto-replies,
no-reply senders) is recognised from its headers and marked to be skipped.

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
import mailbox
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
_WANTED = frozenset({"from", "to", "cc", "bcc", "subject", "date", "message-id", "list-id", "list-unsubscribe",
                     "precedence", "auto-submitted", "x-autoreply", "x-autorespond", "sensitivity"})


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
    return [(addr, name, role) for v in values if v for addr, name in _parse_addresses(str(v))]


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
    if headers.get("List-Id") or headers.get("List-Unsubscribe"):
        return LIST_MAIL
    if str(headers.get("Precedence", "")).strip().lower() in ("bulk", "list", "junk"):
        return BULK
    auto = str(headers.get("Auto-Submitted", "")).strip().lower()
    if headers.get("X-Autoreply") or headers.get("X-Autorespond") or _AUTO_SUBJECT.match(subject or ""):
        return AUTO_REPLY
    if auto and auto != "no":
        return AUTO_REPLY if "replied" in auto else AUTOMATIC
    if sender and _NO_REPLY.match(sender.split("@")[0]):
        return NO_REPLY
    return None


def message_item(raw: bytes, file: str, position: int, *, keep_body: bool = False) -> Item:
    """One message's item from its bytes (headers parsed; the body only if ``keep_body``)."""
    headers = Headers(_header_block(raw))
    subject = text(headers.get("Subject")) or None
    people = (addresses(headers.get_all("From", []), "sender") + addresses(headers.get_all("To", []), "recipient")
              + addresses(headers.get_all("Cc", []), "cc") + addresses(headers.get_all("Bcc", []), "bcc"))
    sender = next((a for a, _, r in people if r == "sender"), "")
    when = _date(headers.get("Date"))
    key = text(headers.get("Message-ID")).strip()
    if not key:  # a stable stand-in, so that a re-import still finds the same interaction
        basis = "\n".join([str(when), sender, subject or "", *sorted(a for a, _, _ in people)])
        key = "sha1:" + hashlib.sha1(basis.encode()).hexdigest()
    item = Item(key, EMAIL, when, subject, people, file, position,
                skip=automatic(headers, sender, subject or ""),
                private=str(headers.get("Sensitivity", "")).strip().lower() in ("private", "company-confidential"))
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
        self._fields: dict[str, list[str]] = {}
        current: list[str] | None = None
        for line in text.splitlines():
            if line[:1] in (" ", "\t"):  # a folded line continues the field above
                if current is not None:
                    current[-1] += " " + line.strip()
                continue
            name, colon, value = line.partition(":")
            name = name.strip().lower()
            current = self._fields.setdefault(name, []) if colon and name in _WANTED else None
            if current is not None:
                current.append(value.strip())

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


def _date(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(text(value))
    except (TypeError, ValueError, IndexError):
        return None


def read_mbox(path: Path, *, keep_body: bool = False) -> Iterator[Item]:
    """Every message of an mbox file (Thunderbird, Google Takeout), one at a time."""
    box = mailbox.mbox(path, create=False)
    try:
        for position, key in enumerate(box.iterkeys(), start=1):
            yield message_item(box.get_bytes(key), path.name, position, keep_body=keep_body)
    finally:
        box.close()


def read_eml(path: Path, *, keep_body: bool = False, label: str | None = None) -> Item:
    """One .eml file (a message saved by a mail program)."""
    return message_item(path.read_bytes(), label or path.name, 1, keep_body=keep_body)
