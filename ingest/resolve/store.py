"""Entity resolution against the store: the stored contacts as records, lists resolved
against them, and the resolved people loaded back with their provenance.

>>> from graph.store import open_store
>>> import tempfile
>>> store = open_store(tempfile.mkdtemp() + "/db")
>>> len(stored_records(store, Viewer("ana", "editor", "internal")))
0
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

import pandas as pd

from graph import audit as au
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest import normalize as nz
from ingest.problems import Problem
from ingest.resolve import PROVENANCE, Resolution, display_name, read_lists, resolve_records
from ingest.resolve.columns import FIELDS

STORE = "store"  # source_file of a stored contact's record
# Contact property -> resolver field, for the properties read as they are
_PROPS = {"name": "name", "honorific": "honorific", "given_name": "given_name", "middle_name": "middle_name",
          "family_name": "family_name", "suffix": "suffix", "nickname": "nickname", "other_names": "other_names",
          "title": "title", "email": "email", "phone": "phone", "address": "address", "birth_date": "birth_date",
          "status": "status"}
_AFFILIATIONS = ("HOLDS_OFFICE", "WORKS_AT", "MEMBER_OF")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _affiliations(store: Store, viewer: Viewer) -> dict[str, list[dict]]:
    """contact id -> its affiliations (type, role, district, org, dates) the viewer may see."""
    out: dict[str, list[dict]] = {}
    for rel in _AFFILIATIONS:  # one query per type: portable, and identifiers come from our own list
        district = "r.district" if rel == "HOLDS_OFFICE" else "''"
        rows = read(
            store, viewer, f"MATCH (c:Contact)-[r:{rel}]->(o:Organization) WHERE c.confidentiality IN $visible "
            f"AND r.confidentiality IN $visible AND o.confidentiality IN $visible "
            f"RETURN c.id AS id, r.role AS role, r.title AS title, {district} AS district, o.name AS org, "
            f"r.start_date AS start_date, r.end_date AS end_date")
        for r in rows:
            out.setdefault(r["id"], []).append({**{k: _text(v) for k, v in r.items()}, "type": rel})
    return out


def _current_first(affiliations: list[dict]) -> list[dict]:
    """Open terms first, then the most recently ended / started."""
    return sorted(affiliations, key=lambda a: (a["end_date"] == "", a["end_date"], a["start_date"]), reverse=True)


def stored_records(store: Store, viewer: Viewer) -> pd.DataFrame:
    """The stored contacts the viewer may see, one resolver record each (``store_id`` names it).

    ``offices`` lists every office the contact held (HOLDS_OFFICE, with its dates) for the
    rail on different offices held at the same time; ``organization`` / ``office`` are the
    current (or last) ones.
    """
    props = ", ".join(f"c.{p} AS {p}" for p in _PROPS)
    rows = read(store, viewer, f"MATCH (c:Contact) WHERE c.confidentiality IN $visible "
                               f"RETURN c.id AS id, c.source AS source, {props} ORDER BY c.id")
    affiliations = _affiliations(store, viewer)
    records = []
    for r in rows:
        rec = {f: "" for f in FIELDS}
        rec.update({field: _text(r[p]) for p, field in _PROPS.items()})
        affs = _current_first(affiliations.get(r["id"], []))
        offices = [a for a in affs if a["type"] == "HOLDS_OFFICE"]
        if affs:  # the office first: lists name people by the body they were elected to
            rec["organization"] = (offices or affs)[0]["org"]
            rec["organizations"] = sorted({a["org"] for a in affs} - {rec["organization"]})
        if offices:
            o = offices[0]
            rec.update(office=f'{o["role"] or o["title"]} {o["org"]}', district=o["district"],
                       start_date=o["start_date"], end_date=o["end_date"])
        rec["offices"] = [{"office": f'{o["role"] or o["title"]} {o["org"]} {o["district"]}'.strip(),
                           "start_date": o["start_date"], "end_date": o["end_date"]} for o in offices]
        rec.update(record_id=r["id"], store_id=r["id"], store_source=_text(r["source"]),
                   source_file=STORE, source_row=0, source_list=STORE)
        records.append(rec)
    columns = list(FIELDS) + list(PROVENANCE) + ["store_id", "store_source", "offices", "organizations"]
    return pd.DataFrame(records, columns=columns)


def resolve_against_store(store: Store, viewer: Viewer, paths: Iterable, mapping: dict[str, str] | None = None,
                          **options) -> Resolution:
    """Resolve contact lists together with the stored contacts the viewer may see.

    Clusters holding a stored contact name it (``store_id`` in their records).
    Nothing is written.
    """
    problems: list[Problem] = []
    notes: list[str] = []
    lists = read_lists(paths, mapping, problems=problems, notes=notes).assign(store_id="", store_source="")
    stored = stored_records(store, viewer)
    frame = pd.concat([lists, stored], ignore_index=True) if len(stored) else lists
    res = resolve_records(frame, **options)
    res.problems, res.notes = problems, notes
    return res


def store_ids(res: Resolution, records: Iterable[int]) -> list[str]:
    if "store_id" not in res.records:
        return []
    return [str(res.records.at[r, "store_id"]) for r in records if res.records.at[r, "store_id"]]


def list_clusters(res: Resolution) -> list:
    """The clusters that hold at least one record of a list (not only stored contacts)."""
    return [c for c in res.clusters if len(store_ids(res, c.records)) < len(c.records)]


def _new_id(res: Resolution, records: list[int]) -> str:
    first = res.records.iloc[records[0]]
    digest = hashlib.sha1(f'{first["source_file"]}:{first["source_row"]}:{display_name(first)}'.encode()).hexdigest()
    slug = "-".join(nz.fold(display_name(first)).split())[:30] or "person"
    return f"c-{slug}-{digest[:8]}"


def _provenance(res: Resolution, records: list[int]) -> str:
    return "; ".join(f'{res.records.at[r, "source_file"]}:{res.records.at[r, "source_row"]}' for r in records)


_LOADED = ("name", "given_name", "middle_name", "family_name", "suffix", "nickname", "honorific", "email", "phone",
           "address", "title")


def load_resolution(store: Store, viewer: Viewer, res: Resolution, *, kind: str = "other",
                    confidentiality: str = "public") -> dict:
    """Import the people of a resolution against the store.

    A person matched to a stored contact updates it: empty properties are filled from
    the lists, other spellings of the name go to ``other_names``, and the lists' file:row
    are added to ``source``. A new person becomes a new contact whose ``source`` is the
    file:row of each of its records. A person that may be a stored contact (a pair in
    the review queue) is not loaded until someone decides. Audited, in batches.
    """
    viewer.require_write("load contacts")
    rows, report = [], {"created": [], "updated": [], "needs_review": [], "several_stored": []}
    owner = {r: c for c in res.clusters for r in c.records}
    waiting = {owner[r].id for q in res.review for r in (q.a, q.b)
               if store_ids(res, owner[q.a].records) or store_ids(res, owner[q.b].records)}
    clusters = list_clusters(res)
    matched = {c.id: store_ids(res, c.records) for c in clusters}
    existing = store.existing("Contact", [i for ids in matched.values() for i in ids[:1]],
                              list(_LOADED) + ["other_names", "source", "kind", "confidentiality"])
    for c in clusters:
        ids = matched[c.id]
        listed = [r for r in c.records if not res.records.at[r, "store_id"]] if "store_id" in res.records \
            else list(c.records)
        if not ids and c.id in waiting:
            report["needs_review"].append(c.id)
            continue
        if len(ids) > 1:
            report["several_stored"].append(ids)
        recs = [res.records.iloc[r] for r in listed]
        names = [display_name(r) for r in recs]
        best = {f: next((str(r[f]) for r in recs if str(r.get(f, ""))), "") for f in _LOADED}
        best["name"] = max(names, key=lambda n: (names.count(n), len(n)))
        best["email"] = nz.normalize_email(best["email"].split(";")[0]) or best["email"]
        parsed = nz.parse_person_name(best["name"])
        for field in ("given_name", "family_name", "middle_name", "suffix", "nickname", "honorific"):
            best[field] = best[field] or getattr(parsed, field.removesuffix("_name")).title()
        if ids:
            old = existing.get(ids[0], {})
            row = {p: _text(old.get(p)) or best[p] for p in _LOADED}
            known = {nz.normalize_name(n) for n in [row["name"], *(_text(old.get("other_names")).split(";"))] if n}
            others = [n for n in _text(old.get("other_names")).split(";") if n.strip()]
            others += [n for n in dict.fromkeys(names) if nz.normalize_name(n) not in known]
            sources = [s for s in _text(old.get("source")).split("; ") if s]
            row.update(id=ids[0], other_names=";".join(others), kind=_text(old.get("kind")) or kind,
                       confidentiality=_text(old.get("confidentiality")) or confidentiality,
                       source="; ".join(dict.fromkeys(sources + _provenance(res, listed).split("; "))))
            report["updated"].append(ids[0])
        else:
            row = dict(best, id=_new_id(res, listed), kind=kind, confidentiality=confidentiality,
                       other_names=";".join(n for n in dict.fromkeys(names) if n != best["name"]),
                       source=_provenance(res, listed))
            report["created"].append(row["id"])
        rows.append({k: (v if v != "" else None) for k, v in row.items()})
    if rows:
        with au.acting_as(viewer.user):
            store.upsert_nodes("Contact", pd.DataFrame(rows))
    return report
