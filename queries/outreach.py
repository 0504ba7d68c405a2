"""Invitation lists: everyone who meets any of the criteria, one row per person, with why they qualify.

>>> # invitation_list(store, viewer, issue="i-transportation", jurisdiction="j-brazos-prairie", bodies=["o-tpb"])
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import queries
from graph.errors import NotFound
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


CHOICE_LIMIT = 20_000  # beyond this many people and organizations a picker searches by name instead


def choices(store: Store, viewer: Viewer, *, limit: int = CHOICE_LIMIT) -> list[dict[str, Any]]:
    """Everyone a list can be built from: organizations first, then people, each ``{id, label, name, kind}``
    with ``kind`` in plain words, by name; at most ``limit`` of each (a larger store searches by name)."""
    from queries.common import read

    orgs = read(store, viewer, "MATCH (o:Organization) WHERE o.confidentiality IN $visible "
                "RETURN o.id AS id, 'Organization' AS label, o.name AS name, o.type AS kind "
                "ORDER BY name, id LIMIT $limit", limit=limit)
    people = read(store, viewer, "MATCH (c:Contact) WHERE c.confidentiality IN $visible "
                  "RETURN c.id AS id, 'Contact' AS label, c.name AS name, c.kind AS kind "
                  "ORDER BY name, id LIMIT $limit", limit=limit)
    return [{**r, "kind": (r["kind"] or "").replace("_", " ")} for r in orgs + people]


def plan(store: Store, viewer: Viewer, chosen: Iterable[str], *, issue: str | None = None,
         jurisdiction: str | None = None, with_staff: bool = True,
         as_of: dt.date | None = None) -> dict[str, Any]:
    """An invitation list from chosen organizations and people (and, with ``issue`` and ``jurisdiction``,
    the officials with expertise), one row per person, each with the warning to read first.

    A chosen body adds its members and office holders; with ``with_staff`` (the default) a company,
    utility or agency adds its staff too. Returns ``{"rows": [{id, name, marker, warning, why, title,
    severity}], "chosen": [{id, name, label, added, note}]}``: ``added`` is how many people the choice
    brought (counting people already on the list through another choice), ``note`` says it in words
    ("+12 people", "Pecan Springs Power has no people on record"). Warnings come from
    ``queries.sensitivity.markers`` with the issue: the same words as every other screen.
    """
    from queries.members import EVERY_ROLE, MEMBERSHIP, members_of
    from queries.sensitivity import markers

    as_of = as_of or today()
    chosen = list(dict.fromkeys(c for c in chosen if c))
    base = invitation_list(store, viewer, issue=issue, jurisdiction=jurisdiction, as_of=as_of) \
        if issue and jurisdiction else []
    people = {p["id"]: {**p, "qualified_by": list(p["qualified_by"])} for p in base}
    facts = {r["subject_id"]: r for r in queries.run(store, "subject_facts", viewer, subjects=chosen)} \
        if chosen else {}
    out_chosen = []
    for cid in chosen:
        f = facts.get(cid)
        if f is None:
            raise NotFound(f'"{cid}" is not a person or organization you may see - pick one by name')
        if f["subject_label"] == "Contact":
            found = [{"contact_id": cid, "name": f["name"], "title": None, "why": "added by name"}]
        else:
            rows = members_of(store, viewer, cid, as_of=as_of, relations=EVERY_ROLE if with_staff else MEMBERSHIP)
            found = [{"contact_id": m["contact_id"], "name": m["name"], "title": m.get("title"),
                      "why": f"{_role_words(m)} {f['name']}"} for m in rows]
        for m in found:
            p = people.setdefault(m["contact_id"], {"id": m["contact_id"], "name": m["name"], "title": m["title"],
                                                    "qualified_by": []})
            p["title"] = p["title"] or m["title"]
            if m["why"] not in p["qualified_by"]:
                p["qualified_by"].append(m["why"])
        n = len({m["contact_id"] for m in found})
        note = (f"+{n} {'person' if n == 1 else 'people'}" if n else
                f"{f['name']} has no people on record" + ("" if with_staff or f["subject_label"] == "Contact"
                                                          else " as members (tick “add their staff”)"))
        out_chosen.append({"id": cid, "name": f["name"], "label": f["subject_label"], "added": n, "note": note})
    warn = markers(store, viewer, list(people), issue=issue, as_of=as_of) if people else {}
    rows = [{"id": p["id"], "name": p["name"], "marker": warn.get(p["id"], {}).get("marker", ""),
             "warning": warn.get(p["id"], {}).get("warning", ""), "why": "; ".join(p["qualified_by"]),
             "title": p["title"] or "", "severity": warn.get(p["id"], {}).get("severity") or ""}
            for p in people.values()]
    rows.sort(key=lambda r: (r["name"] or "", r["id"]))
    return {"rows": rows, "chosen": out_chosen}


def _role_words(m: dict[str, Any]) -> str:
    """"chair of", "works at", "holds office (mayor) in": a membership in plain words."""
    rel, role = m.get("relation"), (m.get("role") or "").strip()
    if rel == "WORKS_AT":
        return f"{role} at" if role else "works at"
    if rel == "HOLDS_OFFICE":
        return f"{role} of" if role else "holds office in"
    return f"{role or 'member'} of"
