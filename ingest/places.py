"""One tree of places across sources: a place already stored keeps its id.

The demo region calls Texas ``j-tx`` (with the OCD division id
``ocd-division/country:us/state:tx``); Open States calls it
``ocd-jurisdiction/country:us/state:tx``. Loaded one after the other they would
be two unrelated states. ``unify_places`` looks at the jurisdictions an import
brings and, for each one the store already has under another id, points the
import's rows (and every reference to them in the same import) at the stored
id. A place is the same place when

1. its Open Civic Data id names the same division, whatever the prefix
   (``ocd-division/`` or ``ocd-jurisdiction/``) and with or without
   ``/government``: :func:`place_key`; or
2. it has the same level and name under the same parent (after step 1), e.g.
   "Texas Senate District 32" under Texas.

>>> place_key("ocd-jurisdiction/country:us/state:tx/government")
'country:us/state:tx'
>>> place_key("ocd-division/country:us/state:tx")
'country:us/state:tx'
>>> place_key("j-tx")
''
"""
from __future__ import annotations

import re

from graph.store import Store
from ingest import formats as f
from ingest.readers import Source

_OCD = re.compile(r"ocd-(?:division|jurisdiction)/(?P<key>.+?)(?:/government)?")


def place_key(ocd_id: str | None) -> str:
    """The division an OCD id names, without its prefix and ``/government``; '' if not an OCD id."""
    match = _OCD.fullmatch((ocd_id or "").strip())
    return match["key"] if match else ""


def unify_places(store: Store, source: Source) -> list[str]:
    """Point the import's jurisdictions at the same places already stored; returns notes for the report."""
    raw = source.tables.get("jurisdictions")
    if raw is None or raw.chunks is not None or raw.frame.empty:
        return []
    stored = store.query("MATCH (j:Jurisdiction) RETURN j.id AS id, j.name AS name, j.level AS level, "
                         "j.ocd_id AS ocd_id, j.parent_id AS parent_id")
    by_key: dict[str, str] = {}
    by_name: dict[tuple[str, str, str], str] = {}
    for r in stored:
        for key in (place_key(r["ocd_id"]), place_key(r["id"])):
            if key:
                by_key.setdefault(key, r["id"])
        by_name.setdefault((r["level"] or "", (r["name"] or "").lower(), r["parent_id"] or ""), r["id"])
    incoming = set(raw.frame["id"])
    rename: dict[str, str] = {}
    frame = raw.frame
    for _ in range(2):  # a second pass catches children listed before their parents
        for row in frame.itertuples(index=False):
            if row.id in rename:
                continue
            parent = rename.get(row.parent_id, row.parent_id) if "parent_id" in frame.columns else ""
            target = (by_key.get(place_key(getattr(row, "ocd_id", ""))) or by_key.get(place_key(row.id))
                      or by_name.get((row.level, row.name.lower(), parent)))
            if target and target != row.id and target not in incoming:
                rename[row.id] = target
    if not rename:
        return []
    _rename_references(source, rename)
    names = dict(zip(frame["id"], frame["name"]))
    shown = ", ".join(f"{names.get(new, new)} = {new}" for new in list(rename.values())[:5])
    more = f" and {len(rename) - 5} more" if len(rename) > 5 else ""
    return [f"{len(rename)} places were already stored under other ids ({shown}{more}); "
            "this import's records point at those"]


def _rename_references(source: Source, rename: dict[str, str]) -> None:
    """Replace old ids by stored ones in the jurisdictions' ids and every column pointing at a jurisdiction."""
    for name, raw in source.tables.items():
        if raw.chunks is not None:
            continue
        spec = f.TABLE_BY_NAME[name]
        columns = [c.name for c in spec.columns if "Jurisdiction" in c.refers_to and not c.list]
        if name == "jurisdictions":
            columns.append("id")
        for column in columns:
            if column in raw.frame.columns:
                raw.frame[column] = raw.frame[column].map(lambda v: rename.get(v, v))
