"""One contact per person across sources, matched on identifiers first.

A member of Congress is ``ocd-person/18b53a95-...`` in Open States and
``C000141`` (bioguide) in the congress-legislators files; both sources list the
other's id among the person's identifiers (``identifiers``: ``scheme:id``
separated by ';'). ``unify_people`` gives each incoming contact that shares an
identifier with a stored contact the stored contact's id (and rewrites every
reference to it in the same import: offices, memberships...), and keeps the
union of both identifier lists, so that the person stays one contact with all
their offices, whichever source came first.

>>> sorted(identifier_set("bioguide:C000141; openstates:ocd-person/1"))
['bioguide:C000141', 'openstates:ocd-person/1']
"""
from __future__ import annotations

import pandas as pd

from graph import model as m
from graph.store import Store
from ingest import formats as f
from ingest.readers import Source


def identifier_set(text: str | None) -> set[str]:
    return {part.strip() for part in (text or "").split(";") if part.strip()}


def unify_people(store: Store, source: Source) -> list[str]:
    """Point incoming contacts at the stored contacts that share an identifier; returns report notes."""
    raw = source.tables.get("contacts")
    if raw is not None and raw.chunks is not None:
        return []
    incoming = raw.frame if raw is not None and "identifiers" in raw.frame.columns else \
        pd.DataFrame({"id": [], "identifiers": []}, dtype=object)
    # a record may also name a person by an identifier ("bioguide:C000141") instead of a contact id
    named = {v for v in _contact_references(source) if ":" in v and not v.startswith("ocd-")}
    wanted = set().union(named, *(identifier_set(v) for v in incoming["identifiers"]))
    if not wanted:
        return []
    stored = store.query("MATCH (c:Contact) WHERE c.identifiers IS NOT NULL AND c.identifiers <> '' "
                         "RETURN c.id AS id, c.identifiers AS identifiers")
    owner: dict[str, str] = {}
    known: dict[str, set[str]] = {}
    for r in stored:
        ids = identifier_set(r["identifiers"])
        known[r["id"]] = ids
        for i in ids & wanted:
            owner.setdefault(i, r["id"])
    rename: dict[str, str] = {}
    merged: list[str] = []
    for pos, row in incoming.iterrows():
        ids = identifier_set(row["identifiers"])
        match = next((owner[i] for i in sorted(ids) if i in owner), None)
        if match and match != row["id"]:
            rename[row["id"]] = match
        target = match or row["id"]
        if target in known:
            merged.append(";".join(sorted(ids | known[target])))
        else:
            merged.append(";".join(sorted(ids)))
    if raw is not None and "identifiers" in raw.frame.columns:
        raw.frame["identifiers"] = merged
    for value in named - set(incoming["id"]):
        if value in owner:
            rename[value] = owner[value]
    if raw is not None:
        same = {i: i for i in set(incoming["id"]) & set(known)}
        _keep_stored_facts(store, raw.frame, same, overwrite=False)  # a source never blanks another's facts
        _keep_stored_facts(store, raw.frame, {k: v for k, v in rename.items() if k in set(incoming["id"])})
    if not rename:
        return []
    _rename_contacts(source, rename)
    return [f"{len(rename)} people were already stored under another id with a shared identifier "
            f"(e.g. {next(iter(rename))} = {next(iter(rename.values()))}); their records were joined there"]


def _keep_stored_facts(store: Store, frame: pd.DataFrame, rename: dict[str, str], overwrite: bool = True) -> None:
    """A person joined to a stored contact keeps the stored name, title, status...: the source that
    brought them first stays the reference (so importing two sources in turn changes nothing), and
    this one only fills what the stored record lacks (and adds identifiers and offices). With
    ``overwrite`` False (the same id again), only the empty values are filled from the store."""
    if not rename:
        return
    props = [p.name for p in m.CONTACT.all_props if p.name not in ("id", "identifiers") and p.name in frame.columns]
    returns = ", ".join(f"c.{p} AS {p}" for p in props)  # names from our own model, never user text
    stored = {r["id"]: r for r in store.query(f"MATCH (c:Contact) WHERE c.id IN $ids RETURN c.id AS id, {returns}",
                                              {"ids": sorted(set(rename.values()))})}
    for pos in frame.index[frame["id"].isin(rename)]:
        have = stored.get(rename[frame.at[pos, "id"]], {})
        for prop in props:
            value = have.get(prop)
            if value not in (None, "") and (overwrite or frame.at[pos, prop] in ("", None)):
                frame.at[pos, prop] = value.isoformat() if hasattr(value, "isoformat") else str(value).lower() \
                    if isinstance(value, bool) else str(value)


def _contact_references(source: Source) -> set[str]:
    values: set[str] = set()
    for name, raw in source.tables.items():
        if raw.chunks is not None or name == "contacts":
            continue
        for col in f.TABLE_BY_NAME[name].columns:
            if "Contact" in col.refers_to and not col.list and col.name in raw.frame.columns:
                values.update(raw.frame[col.name])
    return values


def _rename_contacts(source: Source, rename: dict[str, str]) -> None:
    for name, raw in source.tables.items():
        if raw.chunks is not None:
            continue
        spec = f.TABLE_BY_NAME[name]
        columns = [c.name for c in spec.columns if "Contact" in c.refers_to]
        if name == "contacts":
            columns.append("id")
        for column in columns:
            if column not in raw.frame.columns:
                continue
            col = next((c for c in spec.columns if c.name == column), None)
            if col is not None and col.list:
                raw.frame[column] = raw.frame[column].map(
                    lambda v: ";".join(rename.get(p.strip(), p.strip()) for p in v.split(";")) if v else v)
            else:
                raw.frame[column] = raw.frame[column].map(lambda v: rename.get(v, v))
