"""Invitation lists: everyone who meets any of the criteria, one row per person, with why they qualify.

>>> # invitation_list(store, viewer, issue="i-transportation", jurisdiction="j-brazos-prairie", bodies=["o-tpb"])
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from graph.store import Store
from graph.viewer import Viewer
from queries.common import require, today


def invitation_list(store: Store, viewer: Viewer, *, issue: str | None = None, jurisdiction: str | None = None,
                    bodies: Iterable[str] = (), as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Elected officials of ``jurisdiction`` with expertise in ``issue``, plus the members of ``bodies``.

    Rows ``{id, name, title, qualified_by: [...], lists: n}``, sorted by name; a person on several
    lists appears once, with every membership that qualified them.
    """
    from queries.experts import officials_with_expertise
    from queries.members import members_of

    as_of = as_of or today()
    people: dict[str, dict[str, Any]] = {}

    def add(pid: str, name: str, title: str | None, why: str, source: str) -> None:
        p = people.setdefault(pid, {"id": pid, "name": name, "title": title, "qualified_by": [], "lists": set()})
        if why not in p["qualified_by"]:
            p["qualified_by"].append(why)
        p["lists"].add(source)

    if issue and jurisdiction:
        for e in officials_with_expertise(store, viewer, issue, jurisdiction, as_of=as_of)["experts"]:
            for why in e["because"]:
                add(e["id"], e["name"], e["title"], why, "experts")
    for body in dict.fromkeys(bodies):
        name = require(store, viewer, "Organization", body, "an organization")
        for m in members_of(store, viewer, body, as_of=as_of):
            add(m["contact_id"], m["name"], m.get("title"), f"{m['role'] or 'member'} of {name}", body)
    out = [{**p, "lists": len(p["lists"])} for p in people.values()]
    return sorted(out, key=lambda p: (p["name"] or "", p["id"]))
