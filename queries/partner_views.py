"""Find partners as a manager reads it: the same filters on every list, the warning beside each name.

``narrow(store, viewer, rows, sector=..., org_type=..., jurisdiction=...)`` keeps the rows
(partners, advocates, opponents, the undecided: anything with ``id`` and ``label``) that
match, by the same rule as ``find_partners``: an organization by its own sector, type and
jurisdiction; a person by theirs or their current employer's or body's. ``decision_rows``
orders each row's columns by the decision: name, warning, why, then the rest.

>>> # narrow(store, viewer, advocates(store, viewer, "i-transportation"), jurisdiction="j-city-cedar")
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import affiliations, today

CHUNK = 5000


def narrow(store: Store, viewer: Viewer, rows: list[dict[str, Any]], *, sector: str | None = None,
           org_type: str | None = None, jurisdiction: str | None = None,
           as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The rows that match every filter given (all of them when none is), in their order."""
    if not (sector or org_type or jurisdiction) or not rows:
        return list(rows)
    from queries.partners import _sector_matches

    as_of = as_of or today()
    scope = None
    if jurisdiction:
        scope = {r["jurisdiction_id"] for r in queries.run(store, "jurisdiction_scope", viewer,
                                                            jurisdiction=jurisdiction)}
    ids = [r["id"] for r in rows]
    facts: dict[str, dict] = {}
    for start in range(0, len(ids), CHUNK):
        for f in queries.run(store, "subject_facts", viewer, subjects=ids[start:start + CHUNK]):
            facts[f["subject_id"]] = f
    people = [i for i in ids if facts.get(i, {}).get("subject_label") == "Contact"]
    affs = affiliations(store, viewer, people, as_of)
    out = []
    for r in rows:
        f = facts.get(r["id"])
        if f is None:
            continue
        if f["subject_label"] == "Contact":
            orgs = affs.get(r["id"], [])
        else:
            orgs = [{"org_type": f["subject_kind"], "sector": f["sector"], "jurisdiction_id": f["jurisdiction_id"]}]
        if sector and not any(_sector_matches(o.get("sector"), sector) for o in orgs):
            continue
        if org_type and not any(o.get("org_type") == org_type for o in orgs):
            continue
        if scope is not None and f["jurisdiction_id"] not in scope and not any(
                o.get("jurisdiction_id") in scope for o in orgs):
            continue
        out.append(r)
    return out


def decision_rows(store: Store, viewer: Viewer, rows: list[dict[str, Any]], *, issue: str | None = None,
                  ranked: bool = True) -> list[dict[str, Any]]:
    """``{name, warning, why, id, kind, stance, organizations, rank}`` per row, in the rows' order.

    ``warning`` is ``queries.sensitivity.markers``' marker and words (the one source of warnings),
    empty when there is none; ``why`` the row's evidence (``because``) in one line; ``rank`` the
    place in the list when ``ranked`` (a score means nothing to a reader; its place does).
    """
    from queries.sensitivity import markers

    people = [r["id"] for r in rows if r.get("label") == "Contact"]
    flagged = markers(store, viewer, people, issue=issue) if people else {}
    out = []
    for n, r in enumerate(rows, start=1):
        mark = flagged.get(r["id"])
        stance = r.get("stance") or r.get("latest_stance") or ""
        row = {"name": r.get("name") or "", "warning": f"{mark['marker']} {mark['warning']}" if mark else "",
               "why": "; ".join(r.get("because") or []), "id": r["id"],
               "kind": (r.get("kind") or "").replace("_", " "), "stance": stance,
               "organizations": ", ".join(r.get("organizations") or [])}
        if ranked:
            row = {"rank": n, **row}
        out.append(row)
    return out
