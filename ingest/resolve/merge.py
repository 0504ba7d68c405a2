"""Merge two stored contacts into one, keeping everything, and undo it.

``merge_contacts(store, viewer, keep, duplicate, reason=...)`` moves every
relationship of the duplicate onto the kept contact, fills the kept contact's
empty properties from the duplicate, adds the duplicate's names to
``other_names`` and its ``source`` to ``source``, deletes the duplicate and
stores a MergeRecord (graph/dialect.py) with a snapshot of the duplicate and of
every relationship it had (type, original endpoints, properties). All of it in
one audited transaction. Every named query keeps working unchanged: there is
still one Contact node per person.

``unmerge(store, viewer, merge_id)`` recreates the duplicate, moves exactly those
relationships back and restores the kept contact's properties: the graph is as
before (tested by comparing exports).
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from graph import audit as au
from graph.clock import today
from graph import dialect
from graph import model as m
from graph.errors import CivicGraphError, NotFound, PermissionDenied
from graph.model import Confidentiality
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest.engagement import REL as ENGAGED_ON
from ingest.engagement import engagement_statements
from ingest.engagement_history import refresh_history

CONTACT = m.CONTACT
_CONTACT_PROPS = [p.name for p in CONTACT.all_props]
_FILLED = [p for p in _CONTACT_PROPS if p not in ("id", "name", "confidentiality", "source", "other_names", "kind")]


class MergeError(CivicGraphError):
    """A merge or unmerge cannot be done as asked."""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _contact(store: Store, viewer: Viewer, contact_id: str) -> dict[str, Any]:
    props = ", ".join(f"c.{p} AS {p}" for p in _CONTACT_PROPS)
    rows = store.query(f"MATCH (c:Contact {{id: $id}}) RETURN {props}", {"id": contact_id})
    if not rows or not viewer.can_see(rows[0]["confidentiality"]):
        raise NotFound(f'"{contact_id}" is not a contact id; find the ids with "civicgraph duplicates list" '
                       'or "civicgraph query"')
    return rows[0]


def _contact_rels(store: Store, contact_id: str) -> list[dict[str, Any]]:
    """Every relationship touching the contact: type, direction, other endpoint, all properties.

    Derived relationships (ENGAGED_ON counts) are left out: they are recomputed, never moved.
    """
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for rel in m.RELS:
        if rel.derived:
            continue
        ret = ", ".join(f"r.{p.name} AS {p.name}" for p in rel.all_props)
        for a, b in rel.pairs:
            sides = ([("out", b)] if a == CONTACT.label else []) + ([("in", a)] if b == CONTACT.label else [])
            for direction, other in sides:
                pattern = (f"(c:Contact {{id: $id}})-[r:{rel.type}]->(x:{other})" if direction == "out"
                           else f"(x:{other})-[r:{rel.type}]->(c:Contact {{id: $id}})")
                for row in store.query(f"MATCH {pattern} RETURN x.id AS other_id, {ret}", {"id": contact_id}):
                    other_id = row.pop("other_id")
                    found.setdefault((rel.type, row["id"]), {"type": rel.type, "direction": direction,
                                                             "other_label": other, "other_id": other_id,
                                                             "props": row})
    return sorted(found.values(), key=lambda r: (r["type"], str(r["props"]["id"])))


def _typed(props: dict[str, Any], model_props) -> dict[str, Any]:
    """Values from a JSON snapshot back to the model's types (dates from ISO text)."""
    types = {p.name: p.type for p in model_props}
    out = {}
    for k, v in props.items():
        if v is not None and types.get(k) == m.DATE and isinstance(v, str):
            v = dt.date.fromisoformat(v[:10])
        out[k] = v
    return out


def _rel_statements(rels: list[dict[str, Any]], endpoint: str) -> list[tuple[str, dict]]:
    """MERGE statements recreating ``rels`` with the contact end at ``endpoint``."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for r in rels:
        rel = m.REL_BY_TYPE[r["type"]]
        props = _typed(r["props"], rel.all_props)
        other = r["other_id"] if r["other_id"] != r.get("self_id") else endpoint
        if r["direction"] == "out":
            key, row = (r["type"], CONTACT.label, r["other_label"]), {"from_id": endpoint, "to_id": other}
        else:
            key, row = (r["type"], r["other_label"], CONTACT.label), {"from_id": other, "to_id": endpoint}
        groups.setdefault(key, []).append({**row, **{p.name: props.get(p.name) for p in rel.all_props}})
    out = []
    for (rel_type, a, b), rows in sorted(groups.items()):
        names = [p.name for p in m.REL_BY_TYPE[rel_type].all_props]
        nulls = frozenset(p for p in names if all(r[p] is None for r in rows))
        out.append((dialect.merge_rels(rel_type, a, b, names, nulls), {"rows": rows}))
    return out


def _set_contact(contact_id: str, values: dict[str, Any]) -> tuple[str, dict]:
    props = ["id", *values]
    row = {"id": contact_id, **_typed(values, CONTACT.all_props)}
    nulls = frozenset(p for p in values if row[p] is None)
    return dialect.merge_nodes(CONTACT.label, props, nulls), {"rows": [row]}


def _stored(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Relationships that are moved and restored: not derived ones (older snapshots may hold some)."""
    return [r for r in rels if r["type"] in m.REL_BY_TYPE and not m.REL_BY_TYPE[r["type"]].derived]


def _engagement(store: Store, viewer: Viewer, keep: str, duplicate: str
                ) -> tuple[list[tuple[str, dict]], list[au.Change]]:
    """Recompute both contacts' ENGAGED_ON counts at the end of the merge / unmerge transaction."""
    statements = engagement_statements(store, contacts=[keep, duplicate])
    if not statements:
        return [], []
    return statements, [au.Change("refresh-engagement", ENGAGED_ON, None,
                                  {"scope": "some", "contacts": 2}, viewer.user)]


def _level(*values: str | None) -> Confidentiality:
    """The highest of the confidentiality levels (None counts as public).

    >>> _level("public", "confidential", None).value
    'confidential'
    """
    return max((Confidentiality(v or "public") for v in values), key=lambda c: c.rank)


def _raised(rels: list[dict[str, Any]], level: Confidentiality) -> list[dict[str, Any]]:
    """``rels`` with their confidentiality raised to at least ``level`` (what they are written with)."""
    return [{**r, "props": {**r["props"], "confidentiality": _level(r["props"].get("confidentiality"), level.value)
                            .value}} for r in rels]


def _names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split(";") if n.strip()]


def plan_merge(store: Store, viewer: Viewer, keep: str, duplicate: str, *, reason: str = ""
               ) -> tuple[list[tuple[str, dict]], list[au.Change], dict[str, Any]]:
    """The statements, audit entries and summary of a merge, not yet run (decide() adds to them)."""
    viewer.require_write("merge contacts")
    if keep == duplicate:
        raise MergeError(f'cannot merge "{keep}" with itself')
    kept, dup = _contact(store, viewer, keep), _contact(store, viewer, duplicate)
    # the merged record is as sensitive as the more sensitive of the two: a confidential duplicate's
    # notes and ties must not become public by being merged into a public record
    level = _level(kept["confidentiality"], dup["confidentiality"])
    rels = _contact_rels(store, duplicate)
    # ties between the two, and links derived from the duplicate's own properties (its jurisdiction),
    # are not moved: the snapshot keeps them for unmerge
    derived = [r for r in rels if str(r["props"]["id"]).startswith(f'{r["type"]}:{duplicate}>')]
    moved = [r for r in rels if r["other_id"] not in (keep, duplicate) and r not in derived]
    dropped = [r for r in rels if r not in moved]
    after = {p: dup[p] for p in _FILLED if kept.get(p) in (None, "") and dup.get(p) not in (None, "")}
    created = [{**r, "props": {**r["props"], "id": f'{r["type"]}:{keep}>{r["other_id"]}',
                               "confidentiality": level.value}}
               for r in derived if r["type"] == "IN_JURISDICTION" and after.get("jurisdiction_id") == r["other_id"]]
    others = _names(kept["other_names"])
    known = {n.casefold() for n in [kept["name"], *others]}
    others += [n for n in [dup["name"], *_names(dup["other_names"])] if n.casefold() not in known]
    if others != _names(kept["other_names"]):
        after["other_names"] = ";".join(dict.fromkeys(others))
    sources = [s for s in [kept["source"], dup["source"]] if s]
    if dup["source"] and dup["source"] not in (kept["source"] or ""):
        after["source"] = "; ".join(sources)
    if level.value != (kept["confidentiality"] or "public"):
        after["confidentiality"] = level.value
    before = {p: kept.get(p) for p in after}
    references = [r["id"] for r in store.query("MATCH (x:Interaction) WHERE x.recorded_by = $id RETURN x.id AS id",
                                               {"id": duplicate})]
    merge_id = f"merge-{today():%Y%m%d}-{uuid.uuid4().hex[:8]}"
    snapshot = {"duplicate": dup, "keep_before": before, "keep_after": after, "moved": moved, "dropped": dropped,
                "created": created, "recorded_by": references, "level": level.value}
    record = {"id": merge_id, "at": _now(), "user": viewer.user, "keep_id": keep, "duplicate_id": duplicate,
              "reason": reason, "snapshot": au.to_json(snapshot), "undone_at": None, "undone_by": None}
    statements = [(dialect.delete_nodes(CONTACT.label), {"ids": [duplicate]})]
    statements += _rel_statements(_raised(moved, level) + created, keep)
    if after:
        statements.append(_set_contact(keep, after))
    if references:
        statements.append(("UNWIND $ids AS x MATCH (i:Interaction {id: x}) SET i.recorded_by = $keep",
                           {"ids": references, "keep": keep}))
    fields = ", ".join(f"{f}: $m_{f}" for f in dialect.MERGE_FIELDS if record[f] is not None)
    statements.append((f"CREATE (n:{dialect.MERGE_LABEL} {{{fields}}})",
                       {f"m_{f}": v for f, v in record.items() if v is not None}))
    counts, counted = _engagement(store, viewer, keep, duplicate)
    statements += counts
    summary = {"merge_id": merge_id, "keep": keep, "duplicate": duplicate, "reason": reason,
               "moved_relationships": len(moved), "dropped_relationships": len(dropped), "filled": sorted(after),
               "confidentiality": level.value}
    changes = [
        au.Change("merge", f"{dialect.MERGE_LABEL}:{merge_id}", None,
                  {**summary, "moved": [f'{r["type"]}:{r["props"]["id"]}' for r in moved]}, viewer.user),
        au.Change("update", f"Contact:{keep}", before, after, viewer.user),
        au.Change("delete", f"Contact:{duplicate}", dup, None, viewer.user),
        *counted,
    ]
    return statements, changes, summary


def merge_contacts(store: Store, viewer: Viewer, keep: str, duplicate: str, *, reason: str = "") -> dict[str, Any]:
    """Merge the stored contact ``duplicate`` into ``keep`` (editors and admins), in one audited
    transaction; returns ``{"merge_id", "keep", "duplicate", "reason", "moved_relationships",
    "dropped_relationships", "filled"}``. Undo with :func:`unmerge`."""
    statements, changes, summary = plan_merge(store, viewer, keep, duplicate, reason=reason)
    store.write(statements, audit=changes)
    refresh_history(store, contacts=[keep, duplicate])  # after the move: computed from it
    return summary


def _merge_record(store: Store, merge_id: str) -> dict[str, Any]:
    ret = ", ".join(f"n.{f} AS {f}" for f in dialect.MERGE_FIELDS)
    rows = store.query(f"MATCH (n:{dialect.MERGE_LABEL} {{id: $id}}) RETURN {ret}", {"id": merge_id})
    if not rows:
        raise NotFound(f'"{merge_id}" is not a merge id; "civicgraph merges" lists them')
    return rows[0]


def _record_level(record: dict[str, Any]) -> Confidentiality:
    """How sensitive a merge record is: the higher of the two merged contacts' levels."""
    snap = json.loads(record.get("snapshot") or "{}")
    dup = snap.get("duplicate") or {}
    before = snap.get("keep_before") or {}
    return _level(snap.get("level"), dup.get("confidentiality"), before.get("confidentiality"))


def merges(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """Every merge the viewer is cleared for (cleared for both contacts), newest first, without the
    snapshots: id, at, user, keep_id, duplicate_id, reason, undone_at."""
    fields = [f for f in dialect.MERGE_FIELDS if f != "snapshot"]
    ret = ", ".join(f"n.{f} AS {f}" for f in dialect.MERGE_FIELDS)
    rows = store.query(f"MATCH (n:{dialect.MERGE_LABEL}) RETURN {ret} ORDER BY n.at DESC, n.id")
    visible = {r["id"] for r in read(store, viewer, "MATCH (c:Contact) WHERE c.confidentiality IN $visible "
                                                     "RETURN c.id AS id")}
    return [{f: r[f] for f in fields} for r in rows
            if viewer.can_see(_record_level(r).value) and (r["keep_id"] in visible or r["undone_at"])]


def unmerge(store: Store, viewer: Viewer, merge_id: str) -> dict[str, Any]:
    """Undo a merge: recreate the duplicate, move its relationships back, restore the kept contact.

    Properties of the kept contact that someone changed since the merge keep their new
    value; relationships deleted since are not recreated (both are reported).
    """
    viewer.require_write("undo a merge")
    record = _merge_record(store, merge_id)
    if not viewer.can_see(_record_level(record).value):
        raise PermissionDenied(f"{merge_id} merged records above {viewer.user}'s {viewer.clearance.value} clearance; "
                               "ask someone cleared for both records to undo it")
    if record["undone_at"]:
        raise MergeError(f"{merge_id} was already undone on {record['undone_at']} by {record['undone_by']}")
    keep, duplicate = record["keep_id"], record["duplicate_id"]
    snap = json.loads(record["snapshot"])
    current = _contact(store, viewer, keep)
    if store.query("MATCH (c:Contact {id: $id}) RETURN c.id AS id", {"id": duplicate}):
        raise MergeError(f'"{duplicate}" exists again (re-imported?); merge it into "{keep}" again or delete it '
                         "before undoing this merge")
    moved = _stored(snap["moved"])
    dropped = _stored(snap["dropped"])
    still = set()
    for rel_type in {r["type"] for r in moved}:
        ids = [r["props"]["id"] for r in moved if r["type"] == rel_type]
        still |= {(rel_type, x["id"]) for x in store.query(
            f"MATCH (c:Contact {{id: $keep}})-[r:{m.REL_BY_TYPE[rel_type].type}]-() WHERE r.id IN $ids "
            "RETURN r.id AS id", {"keep": keep, "ids": ids})}
    back = [r for r in moved if (r["type"], r["props"]["id"]) in still]
    missing = [f'{r["type"]}:{r["props"]["id"]}' for r in moved if (r["type"], r["props"]["id"]) not in still]
    restore = {p: v for p, v in snap["keep_before"].items()
               if _same(current.get(p), snap["keep_after"][p])}
    changed_since = sorted(set(snap["keep_after"]) - set(restore))
    dup = {k: v for k, v in snap["duplicate"].items()}
    statements = []
    on_keep = back + snap.get("created", [])
    for rel_type, direction in sorted({(r["type"], r["direction"]) for r in on_keep}):
        ids = [r["props"]["id"] for r in on_keep if (r["type"], r["direction"]) == (rel_type, direction)]
        pattern = (f"(c:Contact {{id: $keep}})-[r:{rel_type}]->()" if direction == "out"
                   else f"()-[r:{rel_type}]->(c:Contact {{id: $keep}})")
        statements.append((f"UNWIND $ids AS rid MATCH {pattern} WHERE r.id = rid DELETE r",
                           {"ids": ids, "keep": keep}))
    statements.append(_set_contact(duplicate, {k: v for k, v in dup.items() if k != "id"}))
    for r in dropped:
        r["self_id"] = duplicate if r["other_id"] == duplicate else None
    statements += _rel_statements(back + dropped, duplicate)
    if restore:
        statements.append(_set_contact(keep, restore))
    if snap["recorded_by"]:
        statements.append(("UNWIND $ids AS x MATCH (i:Interaction {id: x}) SET i.recorded_by = $dup",
                           {"ids": snap["recorded_by"], "dup": duplicate}))
    at = _now()
    statements.append((f"MATCH (n:{dialect.MERGE_LABEL} {{id: $id}}) SET n.undone_at = $at, n.undone_by = $user",
                       {"id": merge_id, "at": at, "user": viewer.user}))
    counts, counted = _engagement(store, viewer, keep, duplicate)
    statements += counts
    summary = {"merge_id": merge_id, "keep": keep, "duplicate": duplicate, "restored_relationships": len(back),
               "missing_relationships": missing, "restored_properties": sorted(restore),
               "changed_since_merge": changed_since}
    changes = [
        au.Change("unmerge", f"{dialect.MERGE_LABEL}:{merge_id}", {"undone_at": None}, summary, viewer.user),
        au.Change("create", f"Contact:{duplicate}", None, {k: v for k, v in dup.items() if v is not None},
                  viewer.user),
    ]
    if restore:
        changes.append(au.Change("update", f"Contact:{keep}", {p: current.get(p) for p in restore}, restore,
                                 viewer.user))
    changes += counted
    store.write(statements, audit=changes)
    refresh_history(store, contacts=[keep, duplicate])  # after the move: computed from it
    return summary


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dt.date):
        a = a.isoformat()
    if isinstance(b, dt.date):
        b = b.isoformat()
    return a == b
