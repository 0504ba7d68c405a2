"""The mail import's fast paths give what the standard paths give (issue 16: ≥ 5,000 messages/s).

Reading an mbox without ``mailbox.mbox``, dates without ``email.utils`` and the mail tables
without a cell-by-cell ``check_table`` are only allowed because they agree with those, which
these tests compare (the speed itself is measured by benchmarks/bench_mail.py, never here).
"""
from __future__ import annotations

import email.utils
import mailbox
from pathlib import Path

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest import formats as f
from ingest.mail import messages
from ingest.mail.messages import Item, mbox_messages
from ingest.mail.tables import TypedCheck, mail_tables
from ingest.readers import RawTable
from ingest.validate import check_table
from tests.test_mail import _mailbox

PIECES = [b"From ", b"\n", b"\n\n", b"From a@b Thu Jan  1 00:00:00 2026\n", b"Subject: x\n", b"\r\n", b"body",
          b">From x\n", b" From ", b"\r\n\r\n", b"X: y\n", b"To: a@b,\n  c@d\n"]


def _standard(path: Path) -> list[bytes]:
    box = mailbox.mbox(path, create=False)
    try:
        return [box.get_bytes(k) for k in box.iterkeys()]
    finally:
        box.close()


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(PIECES), max_size=40), block=st.sampled_from([1, 3, 64, 1 << 22]))
@example(parts=[b"From a@b Thu Jan  1 00:00:00 2026\n", b"X: y\n", b"\n\n"], block=1)
def test_an_mbox_splits_as_the_standard_library_splits_it(tmp_path_factory, parts, block):
    path = tmp_path_factory.mktemp("mbox") / "inbox.mbox"
    path.write_bytes(b"".join(parts))
    saved = messages.READ_BYTES
    messages.READ_BYTES = block  # blocks of one byte: every message crosses a block boundary
    try:
        whole = list(mbox_messages(path, whole=True))
        headers = list(mbox_messages(path))
    finally:
        messages.READ_BYTES = saved
    expected = _standard(path)
    assert whole == expected
    assert headers == [messages._header_block(raw) for raw in expected]


def test_a_mailbox_written_by_the_standard_library_reads_the_same(tmp_path):
    path = _mailbox(tmp_path / "inbox.mbox")
    expected = _standard(path)
    assert len(expected) == 9
    assert list(mbox_messages(path, whole=True)) == expected
    assert [i.key for i in messages.read_mbox(path)] == [messages.message_item(r, "x", 1).key for r in expected]


DATES = st.builds(
    "{}{} {} {} {:02d}:{:02d}{} {}{:02d}{:02d}".format,
    st.sampled_from(["Mon, ", "Tue,", "", "Sun,  "]), st.integers(0, 32),
    st.sampled_from(["Jan", "feb", "MAR", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"]),
    st.sampled_from(["1999", "2026", "26", "0001"]), st.integers(0, 25), st.integers(0, 61),
    st.sampled_from(["", ":00", ":59", ":61"]), st.sampled_from("+-"), st.integers(0, 14),
    st.sampled_from([0, 30, 45, 99]))


@settings(max_examples=500, deadline=None)
@given(text=DATES)
@example(text="Mon, 02 Mar 2026 14:30:00 -0000")  # -0000: the zone is unknown, a naive time
@example(text="Mon, 30 Feb 2026 14:30:00 -0600")
def test_dates_read_as_the_standard_library_reads_them(text):
    try:
        expected = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        expected = None
    got = messages._date(text)
    assert (str(got), got and got.utcoffset()) == (str(expected), expected and expected.utcoffset())


def _tables(items: list[Item]):
    return mail_tables(items, lambda address, name: "c-" + (address or name), conf="internal",
                       keep_snippets=False, issues=lambda s: {"i-transit": "bus"} if "Bus" in s else {}, zone=None)


def _items(tmp_path) -> list[Item]:
    first: dict[str, Item] = {}  # as the import keeps them: the first of a repeated Message-ID
    for item in messages.read_mbox(_mailbox(tmp_path / "inbox.mbox")):
        if not item.skip and not item.problem:
            first.setdefault(item.key, item)
    return list(first.values())


def _same_check(spec, raw: RawTable):
    fast = raw.check(spec, raw)
    slow = check_table(spec, RawTable(raw.name, raw.file, raw.frame.copy(), list(raw.rows)))
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert (fast.rows, fast.given, fast.problems) == (slow.rows, slow.given, slow.problems)
    assert list(fast.rejected.columns) == list(slow.rejected.columns) and fast.rejected.empty == slow.rejected.empty
    return fast


def test_the_mail_tables_are_checked_as_check_table_checks_them(tmp_path):
    tables = _tables(_items(tmp_path))
    for table in ("interactions", "participants"):
        checked = _same_check(f.TABLE_BY_NAME[table], tables.raw(table, "inbox.mbox"))
        # m1 (Ana, Maria, Bo in Cc, the chief in Bcc), m2 (Maria's other address, Ana), m8 (Eve, Ana)
        assert len(checked.frame) == {"interactions": 3, "participants": 8}[table]
    assert [d["x"] for d in tables.derived] == tables.interactions["id"][:2]  # Bus ... and Re: Bus ...


def test_a_table_the_fast_check_cannot_vouch_for_goes_through_check_table(tmp_path):
    items = _items(tmp_path)
    items[0].subject = "Bus\x00corridor"  # a NUL from a decoded header
    raw = _tables(items).raw("interactions", "inbox.mbox")
    checked = _same_check(f.TABLE_BY_NAME["interactions"], raw)
    assert [(p.row, p.column) for p in checked.problems] == [(2, "subject")] and "NUL" in checked.problems[0].message
    assert len(checked.frame) == 2


def _seen_one_by_one(items: list[Item]):
    """What the import's reading gathers about each participant, one person of one item at a time."""
    from collections import Counter

    from ingest.mail.people import person_key

    seen: dict[str, Counter] = {}
    roles: dict[str, set[str]] = {}
    for item in items:
        for address, name, role in item.people:
            key = person_key(address, name)
            seen.setdefault(key, Counter())[name] += 1 if name else 0
            roles.setdefault(key, set()).add(role)
    return seen, roles


def test_the_reading_counts_each_person_as_one_by_one_counting_does(tmp_path):
    from ingest.mail.load import _read

    path = _mailbox(tmp_path / "inbox.mbox")
    again = tmp_path / "again.mbox"  # the same people in a second file, other messages
    again.write_bytes(path.read_bytes().replace(b"Message-ID: <m", b"Message-ID: <again-m")
                      .replace(b"Maria Lopez <maria", b"M. Lopez <maria"))
    batch = _read([path, again], False, lambda *a: None)
    seen, roles = _seen_one_by_one(batch.items)
    assert batch.seen == seen and batch.roles == roles
    assert [list(c.items()) for c in batch.seen.values()] == [list(c.items()) for c in seen.values()]  # same order
    assert list(batch.seen) == list(seen)
    # m1 in each file (its copy from the sent folder is a duplicate); m7 has no date in either
    assert batch.seen["maria.lopez@city.example.gov"] == {"Maria Lopez": 1, "M. Lopez": 1}
    assert batch.roles["chief@cog.example.gov"] == {"bcc"}
    assert len(batch.items) == 6 and batch.skipped[messages.DUPLICATE] == 2 and len(batch.rejected) == 2
