"""Elected officials of a jurisdiction (and everything inside it) with expertise in an issue.

Expertise is stated (HAS_EXPERTISE) or comes from sitting on a body that focuses
on the issue or an issue below it (FOCUSES_ON: stated, or derived from the
body's name by ingest/focus.py; rejected derived links are ignored).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import issue_name, read, require, today


def officials_with_expertise(store: Store, viewer: Viewer, issue: str, jurisdiction: str, *,
                             as_of: dt.date | None = None) -> dict[str, Any]:
    """``{"officials_in_scope": n, "experts": [{id, name, title, because, derived_only}]}``."""
    as_of = as_of or today()
    issue_name(store, viewer, issue)
    require(store, viewer, "Jurisdiction", jurisdiction, "a jurisdiction")
    rows = queries.run(store, "officials_with_expertise", viewer, issue=issue, jurisdiction=jurisdiction, as_of=as_of)
    in_scope = {r["contact_id"] for r in rows if r["evidence"] == "official"}
    experts: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: (r["evidence"], r["issue_id"] or "", r["body_name"] or "")):
        if r["evidence"] == "official":
            continue
        e = experts.setdefault(r["contact_id"], {"id": r["contact_id"], "name": r["name"], "title": r["title"],
                                                 "jurisdiction_id": r["jurisdiction_id"], "because": [],
                                                 "bodies": [], "derived_only": True})
        if r["evidence"] == "expertise":
            e["because"].append(f"expertise in {r['issue_name'].lower()}" + (f" ({r['detail']})" if r["detail"] else ""))
            e["derived_only"] = False
        else:
            role = (r["detail"] or "member").lower()
            verb = "chairs" if role == "chair" else f"{role} of"
            how = f"; derived focus, {r['method']}, review {r['review'] or 'pending'}" if r["derived"] else ""
            e["because"].append(f"{verb} {r['body_name']} (focuses on {r['issue_name'].lower()}{how})")
            e["bodies"].append(r["body_id"])
            e["derived_only"] = e["derived_only"] and bool(r["derived"])
    out = sorted(experts.values(), key=lambda e: (-len(e["because"]), e["name"] or "", e["id"]))
    answer: dict[str, Any] = {"officials_in_scope": len(in_scope), "experts": out}
    if not out and in_scope:
        answer["hint"] = _why_none(store, viewer)
    return answer


def _why_none(store: Store, viewer: Viewer) -> str:
    """What to run when nobody in scope has expertise: usually, derive the bodies' focus."""
    focus = read(store, viewer, "MATCH (:Organization)-[f:FOCUSES_ON]->(:Issue) WHERE f.confidentiality IN $visible "
                 "RETURN count(f) AS n")[0]["n"]
    if not focus:
        return ('no body is linked to any issue yet: run "civicgraph focus derive" to derive committees\' '
                "focus from their names (or import expertise / focus links)")
    return ("no official in scope has stated expertise in this issue or sits on a body focused on it; "
            '"civicgraph focus list" shows the bodies\' focus links')
