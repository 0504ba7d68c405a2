"""A person's status follows from their offices, whichever source named them last.

One person may come from several sources: a current mayor in a state's Open States
data is a retired member of Congress in the federal data. Both files carry the
same person id, so both land on one contact with all their offices; but each file
also states a status, and the one imported last would win. ``derive_status``
looks at every office the store holds for the given people and corrects that:
someone recorded as having left office who still holds an office (no end date,
or one on or after today) is active again, with the current office's title.

It never touches a deceased or retired person, and never marks anyone as having
left office: a missing office in one source is no proof that the person left.

>>> current_office([{"end_date": None, "title": "Mayor of Austin", "start_date": None}], "2026-11-15")
'Mayor of Austin'
>>> current_office([{"end_date": "2019-01-03", "title": "U.S. Representative", "start_date": None}], "2026-11-15")
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

import pandas as pd

from graph.clock import today
from graph.store import Store

_BATCH = 2000


def current_office(offices: list[dict[str, Any]], on: str) -> str | None:
    """The title of the latest-starting office open on ``on`` (ISO date), or None if none is."""
    open_now = [o for o in offices if not o["end_date"] or _iso(o["end_date"]) >= on]
    if not open_now:
        return None
    latest = max(open_now, key=lambda o: _iso(o["start_date"]) or "")
    return latest["title"] or ""


def derive_status(store: Store, contact_ids: list[str]) -> list[str]:
    """Make active again the given people recorded as left_office who hold a current office.

    Returns the ids changed (see the module doc).
    """
    on = today().isoformat()
    changed: list[dict] = []
    for start in range(0, len(contact_ids), _BATCH):
        ids = contact_ids[start:start + _BATCH]
        rows = store.query(
            "MATCH (c:Contact)-[h:HOLDS_OFFICE]->(:Organization) WHERE c.id IN $ids AND c.status = 'left_office' "
            "RETURN c.id AS id, c.title AS title, h.title AS office_title, h.start_date AS start_date, "
            "h.end_date AS end_date", {"ids": ids})
        offices: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            offices[r["id"]].append({"title": r["office_title"], "start_date": r["start_date"],
                                     "end_date": r["end_date"], "was": r["title"] or ""})
        for cid, held in offices.items():
            title = current_office(held, on)
            if title is not None:
                title = title or held[0]["was"].removeprefix("Former ")
                changed.append({"id": cid, "status": "active", "status_date": None, "title": title})
    if changed:
        store.upsert_nodes("Contact", pd.DataFrame(changed))
    return [c["id"] for c in changed]


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value or "")[:10]
