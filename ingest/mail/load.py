"""Import mail and calendars: one message or meeting = one interaction, through the import pipeline.

Interactions are keyed by their Message-ID / iCalendar UID, so a re-import (or the
same message in the inbox and the sent folder) changes nothing, and the report says
so. Bodies are not stored unless ``keep_snippets`` (then the interactions are
confidential by default); automatic mail is skipped and counted by reason; issues
whose keywords appear in a subject are linked, marked derived.
"""
from __future__ import annotations

import re
import time
import zoneinfo
from collections import Counter
from pathlib import Path

import pandas as pd

from graph import audit as au
from graph import model as m
from graph import settings
from graph.errors import InputError
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest.mail import mail_format, read_items
from ingest.mail.messages import DUPLICATE, Item
from ingest.mail.people import match_people, person_key
from ingest.mail.tables import mail_tables
from ingest.pipeline import ImportReport, Progress, import_source
from ingest.problems import Problem
from ingest.readers import Format, from_frames
from ingest.resolve.queue import queue_pairs

_REJECTED = "interactions"


def import_mail(store: Store, paths, viewer: Viewer, *, keep_snippets: bool = False,
                confidentiality: str | None = None, progress: Progress | None = None,
                reject_dir: str | Path | None = None) -> ImportReport:
    """Import mailboxes, .eml folders, calendars and Outlook exports (any mix) as one import."""
    viewer.require_write("import mail")
    started = time.perf_counter()
    progress = progress or (lambda *a: None)
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise InputError(f"{p} does not exist; give an .mbox, .eml or .ics file, a folder of .eml files "
                             "or an Outlook CSV export")
    conf = m.Confidentiality(confidentiality or ("confidential" if keep_snippets else "internal")).value
    if not viewer.can_see(conf):
        raise InputError(f"you may not import mail as {conf}: above your clearance ({viewer.clearance.value}); "
                         "ask an administrator")
    batch = _read(paths, keep_snippets, progress)
    label = ", ".join(p.name for p in paths)
    people = match_people(store, viewer, batch.seen, source=f"mail: {label}", confidentiality=conf)
    only_bcc = {k for k, roles in batch.roles.items() if roles == {"bcc"}}
    keys_of: dict[str, list[str]] = {}
    for k, c in people.contact_of.items():
        keys_of.setdefault(c, []).append(k)
    for row in people.rows:  # a person known only from blind copies is not revealed either
        keys = keys_of.get(row["id"], [])
        if row["id"] in people.created and keys and all(k in only_bcc for k in keys):
            row["confidentiality"] = m.Confidentiality.CONFIDENTIAL.value
    contact_of = people.contact_of
    tables = mail_tables(batch.items, lambda address, name: contact_of[person_key(address, name)], conf=conf,
                         keep_snippets=keep_snippets, issues=_issue_matcher(store, viewer), zone=_zone())
    derived = tables.derived
    contacts = pd.DataFrame(people.rows, columns=["id", "name", "kind", "status", "email", "notes", "source",
                                                  "confidentiality"])
    source = from_frames({"contacts": contacts}, Format.MAIL, origin=label)
    for table in ("interactions", "participants"):
        if getattr(tables, table)["interaction_id" if table == "participants" else "id"]:
            source.tables[table] = tables.raw(table, label)
    report = import_source(store, source, viewer, progress=progress, reject_dir=reject_dir, name=label)
    report.format = " + ".join(dict.fromkeys(mail_format(p) or "" for p in paths))
    report.skipped = dict(sorted(batch.skipped.items(), key=lambda kv: -kv[1]))
    _report_rejected(report, batch.rejected, reject_dir)
    with au.acting_as(viewer.user):
        _mark_derived(store, derived)
        queued = queue_pairs(store, viewer, people.review)
    report.notes += _notes(batch, people, queued, keep_snippets)
    report.seconds = time.perf_counter() - started
    return report


class _Batch:
    """What the readers gave: the items to load, and what was skipped or rejected."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.seen: dict[str, Counter] = {}  # participant key -> display names seen with it
        self.roles: dict[str, set[str]] = {}
        self.skipped: Counter = Counter()
        self.rejected: list[Item] = []
        self.read = 0


def _read(paths: list[Path], keep_body: bool, progress: Progress) -> _Batch:
    batch = _Batch()
    keys: set[str] = set()
    # (address, name, role) -> how many loaded items name it, counted in C (Counter.update) and
    # folded into batch.seen / batch.roles once per distinct triple, in order of first appearance
    triples: Counter = Counter()
    for path in paths:
        for item in read_items(path, keep_body=keep_body):
            batch.read += 1
            if batch.read % 5000 == 0:
                progress(f"{path.name}: reading", batch.read, batch.read)
            if item.skip:
                batch.skipped[item.skip] += 1
            elif item.problem:
                batch.rejected.append(item)
            elif item.key in keys:
                batch.skipped[DUPLICATE] += 1
            else:
                keys.add(item.key)
                batch.items.append(item)
                triples.update(item.people)
    for (address, name, role), count in triples.items():
        key = person_key(address, name)
        names = batch.seen.get(key)
        if names is None:
            names = batch.seen[key] = Counter()
            batch.roles[key] = set()
        names[name] += count if name else 0
        batch.roles[key].add(role)
    return batch


def _zone() -> zoneinfo.ZoneInfo | None:
    name = settings.get("timezone").strip()
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f'CIVICGRAPH_TIMEZONE "{name}" is not a time zone; use an IANA name such as '
                         "America/Chicago, or leave it empty") from None


def _issue_matcher(store: Store, viewer: Viewer):
    """subject -> {issue id: the keyword found}, from the issues' names' keywords (whole words, any case)."""
    by_word: dict[str, list[str]] = {}
    for r in read(store, viewer, "MATCH (i:Issue) WHERE i.confidentiality IN $visible AND i.keywords IS NOT NULL "
                                 "RETURN i.id AS id, i.keywords AS keywords ORDER BY i.id"):
        for word in str(r["keywords"]).split(";"):
            if word.strip():
                by_word.setdefault(word.strip().lower(), []).append(r["id"])
    if not by_word:
        return lambda subject: {}
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(by_word, key=len, reverse=True)) + r")\b",
                         re.I)

    def match(subject: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for word in pattern.findall(subject):
            for iid in by_word[word.lower()]:
                found.setdefault(iid, word.lower())
        return found

    return match


def _mark_derived(store: Store, links: list[dict]) -> None:
    """Mark the issue links found from subjects as derived (only those not marked yet: a re-import writes nothing)."""
    todo = []
    for start in range(0, len(links), 5000):
        part = links[start:start + 5000]
        todo += store.query("UNWIND $rows AS row MATCH (x:Interaction {id: row.x})-[r:ABOUT]->(i:Issue {id: row.i}) "
                            "WHERE r.derived IS NULL RETURN row.x AS x, row.i AS i, row.method AS method",
                            {"rows": part})
    if todo:
        store.write([("UNWIND $rows AS row MATCH (x:Interaction {id: row.x})-[r:ABOUT]->(i:Issue {id: row.i}) "
                      "SET r.derived = true, r.method = row.method", {"rows": todo})],
                    audit=au.Change("derive-issue-links", "ABOUT", None, {"count": len(todo)}))


def _report_rejected(report: ImportReport, rejected: list[Item], reject_dir) -> None:
    if not rejected:
        return
    table = next((t for t in report.tables if t.table == _REJECTED), None)
    if table is None:
        from ingest.pipeline import TableReport

        table = TableReport(_REJECTED, ", ".join(dict.fromkeys(i.file for i in rejected)))
        report.tables.append(table)
    table.rejected += len(rejected)
    fix = "add the date in the mail program and export again, or enter it on the Data page"
    problems = [Problem(i.file, i.position, None, i.subject or "", i.problem or "", fix) for i in rejected]
    report.problems += problems
    if reject_dir is not None:
        path = Path(reject_dir) / "mail.rejected.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        pd.DataFrame([{"file": i.file, "position": i.position, "key": i.key, "subject": i.subject or "",
                       "problems": str(p)} for i, p in zip(rejected, problems)]).to_csv(path, index=False)
        report.reject_files.append(str(path))


def _notes(batch: _Batch, people, queued: int, keep_snippets: bool) -> list[str]:
    notes = [f"{batch.read:,} messages and meetings read: {len(batch.items):,} loaded as interactions, "
             f"{sum(batch.skipped.values()):,} skipped, {len(batch.rejected):,} rejected"]
    if people.created:
        notes.append(f"{len(people.created):,} people were new and were added as contacts marked "
                     f'"from mail, unreviewed"; check them on the Data page')
    if queued:
        notes.append(f"{queued} of them may be people already stored: they wait in the review queue "
                     '("civicgraph duplicates list")')
    notes += people.evidence[:20]
    if len(people.evidence) > 20:
        notes.append(f"{len(people.evidence) - 20} more groups of addresses were joined the same way")
    if not keep_snippets:
        notes.append("message bodies were not stored (--keep-snippets keeps their first lines, as confidential)")
    return notes


def import_paths(store: Store, paths, viewer: Viewer, *, keep_snippets: bool = False,
                 progress: Progress | None = None, reject_dir: str | Path | None = None) -> list[ImportReport]:
    """Import several paths of any format: the mail and calendars together (one report), each other one alone."""
    from ingest.pipeline import import_path

    paths = [Path(p) for p in paths]
    mail = [p for p in paths if mail_format(p)]
    reports = [import_path(store, p, viewer, progress=progress, reject_dir=reject_dir)
               for p in paths if p not in mail]
    if mail:
        reports.append(import_mail(store, mail, viewer, keep_snippets=keep_snippets, progress=progress,
                                   reject_dir=reject_dir))
    return reports


def upload_paths(folder: str | Path) -> list[Path]:
    """What to import from a folder of uploaded files: each mail or calendar file alone, the tables
    (CSV, workbooks, YAML) together as a folder of their own."""
    folder = Path(folder)
    files = sorted(p for p in folder.iterdir() if p.is_file())
    mail = [p for p in files if mail_format(p)]
    rest = [p for p in files if p not in mail]
    if not rest:
        return mail
    tables = folder / "tables"
    tables.mkdir(exist_ok=True)
    for p in rest:
        p.rename(tables / p.name)
    return [tables, *mail]
