"""The mail import's tables: interactions and participants built column by column, and checked
without a per-row step.

``mail_tables`` turns the items read into the two canonical tables (as text, the way any
reader gives them to the pipeline) and keeps the typed values it already holds (dates as
``datetime.date``, kinds, roles, levels) beside them. ``TypedCheck`` is the pipeline's check for
these tables (``RawTable.check``): the values were made here from parsed headers, so what
``validate.check_table`` verifies cell by cell holds by construction; only what a header can
still carry into them (a NUL character, a value longer than any cell may be, an empty required
value, a repeated id) is looked for, over whole columns, and if any is found the table goes
through ``check_table`` after all, with its usual messages.
``tests/test_mail_speed.py`` checks that both give the same typed table.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ingest.formats import TableSpec
from ingest.mail.messages import MEETING, Item
from ingest.readers import RawTable
from ingest.validate import MAX_CELL_CHARS, Checked, check_table

# a person's role in one message, the first one kept when they appear twice (To and Cc)
ROLE_RANK = {r: i for i, r in enumerate(("sender", "organizer", "recipient", "attendee", "cc", "bcc"))}


@dataclass
class MailTables:
    """The interactions and participants of one import, as text columns plus the typed ones."""

    interactions: dict[str, list] = field(default_factory=dict)
    participants: dict[str, list] = field(default_factory=dict)
    typed: dict[str, dict[str, list]] = field(default_factory=dict)  # table -> column -> typed values
    derived: list[dict] = field(default_factory=list)  # issue links found from subjects

    def raw(self, table: str, origin: str) -> RawTable:
        columns = getattr(self, table)
        frame = pd.DataFrame(columns, dtype=object)
        n = len(frame)
        return RawTable(table, f"{origin}:{table}", frame, list(range(2, n + 2)),
                        check=TypedCheck(self.typed.get(table, {})))


def mail_tables(items: list[Item], contact_of: Callable[[str, str], str], *, conf: str, keep_snippets: bool,
                issues: Callable[[str], dict[str, str]], zone: zoneinfo.ZoneInfo | None) -> MailTables:
    """One interaction per item, one participant row per person and item (the first role kept)."""
    out = MailTables()
    x = {c: [] for c in ("id", "kind", "date", "time", "subject", "summary", "confidentiality", "source",
                         "issue_ids")}
    p = {c: [] for c in ("interaction_id", "contact_id", "role", "confidentiality", "source")}
    dates: list[dt.date] = []
    found_for: dict[str, dict[str, str]] = {}  # subjects repeat ("Re: ..."): match each once
    cid_of: dict[tuple[str, str], str] = {}  # so do people: each (address, name) asked once
    rank = ROLE_RANK
    for item in items:
        xid = ("x-cal-" if item.kind == MEETING else "x-mail-") + hashlib.sha1(item.key.encode()).hexdigest()[:16]
        day, at = day_and_time(item.when, zone)
        subject = item.subject or ""
        found = found_for.get(subject)
        if found is None:
            found = found_for[subject] = issues(subject)
        level = "confidential" if item.private else conf
        source = f"{item.file}: {item.key}"
        x["id"].append(xid)
        x["kind"].append(item.kind)
        x["date"].append(day.isoformat())
        dates.append(day)
        x["time"].append(at)
        x["subject"].append(subject)
        x["summary"].append(item.body if keep_snippets else "")
        x["confidentiality"].append(level)
        x["source"].append(source)
        x["issue_ids"].append(";".join(found))
        if found:
            out.derived += [{"x": xid, "i": iid, "method": f'subject keyword "{kw}"'} for iid, kw in found.items()]
        roles: dict[str, str] = {}
        for address, name, role in item.people:
            cid = cid_of.get((address, name))
            if cid is None:
                cid = cid_of[address, name] = contact_of(address, name)
            if cid not in roles or rank[role] < rank[roles[cid]]:
                roles[cid] = role
        for cid, role in roles.items():
            p["interaction_id"].append(xid)
            p["contact_id"].append(cid)
            p["role"].append(role)
            p["confidentiality"].append(level)
            p["source"].append(source)
    out.interactions, out.participants = x, p
    out.typed = {"interactions": {"date": dates}}
    return out


def day_and_time(when, zone) -> tuple[dt.date, str]:
    """The date and the time of day (HH:MM, empty for an all-day meeting) of a message or meeting."""
    if isinstance(when, dt.datetime):
        if zone is not None and when.tzinfo is not None:
            when = when.astimezone(zone)
        return when.date(), f"{when.hour:02d}:{when.minute:02d}"
    return when, ""


class TypedCheck:
    """``check_table`` for a table made here: the same typed result, over whole columns."""

    def __init__(self, typed: dict[str, list]) -> None:
        self.typed = typed

    def __call__(self, spec: TableSpec, raw: RawTable) -> Checked:
        frame = raw.frame
        if raw.broken or not self._clean(spec, frame):
            return check_table(spec, raw)
        n = len(frame)
        out = {}
        for col in spec.columns:
            if col.name in self.typed and len(self.typed[col.name]) == n:
                out[col.name] = pd.Series(self.typed[col.name], dtype=object)
            elif col.name in frame.columns:
                values = frame[col.name]
                out[col.name] = values.where(values != "", None)
            else:
                out[col.name] = pd.Series([None] * n, dtype=object)
        typed = pd.DataFrame(out, index=frame.index)
        if spec.node is not None:
            typed["confidentiality"] = typed["confidentiality"].where(typed["confidentiality"].notna(), "public")
        rejected = pd.DataFrame(columns=[*frame.columns, "problems"])
        return Checked(spec, raw.file, typed, list(raw.rows), rejected, [], set(frame.columns) & set(spec.column_names))

    @staticmethod
    def _clean(spec: TableSpec, frame: pd.DataFrame) -> bool:
        """True when nothing check_table looks for can be wrong with these columns."""
        if not set(frame.columns) <= set(spec.column_names):
            return False  # a column the format does not know: check_table says so
        for name in frame.columns:
            values = frame[name].tolist()
            if "\x00" in "".join(values) or (values and max(map(len, values)) > MAX_CELL_CHARS):
                return False
        for col in spec.columns:
            required = col.required and not (col.name == "id" and spec.node is None)
            if required and (col.name not in frame.columns or "" in set(frame[col.name].tolist())):
                return False
            if col.enum is not None and col.name in frame.columns:
                allowed = {e.value for e in col.enum} | {""}
                if not set(frame[col.name].tolist()) <= allowed:
                    return False
        if spec.node is not None and frame["id"].duplicated().any():
            return False
        if "time" in frame.columns and not all(len(t) in (0, 5) for t in set(frame["time"].tolist())):
            return False
        return True
