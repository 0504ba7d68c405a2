"""Choices for pickers: issues (with their sub-issues), jurisdictions, sectors, and a name search.

Labels pasted into the Cypher text come from graph.model only; every value is a ``$parameter``.
"""
from __future__ import annotations

from typing import Any

from graph import model as m
from graph.store import Store
from graph.viewer import Viewer
from queries.common import read

SEARCHABLE = ("Contact", "Organization")


def issues(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """Every issue the viewer may see, each under its parent: ``{id, name, parent_id, path}``, in tree order.

    ``path`` reads "Transportation › Transit" so a picker shows sub-issues in place.
    """
    rows = read(store, viewer, "MATCH (i:Issue) WHERE i.confidentiality IN $visible "
                "RETURN i.id AS id, i.name AS name, i.parent_id AS parent_id ORDER BY name, id")
    by_id = {r["id"]: r for r in rows}

    def path(r: dict, seen: tuple = ()) -> list[str]:
        parent = by_id.get(r["parent_id"])
        if parent is None or parent["id"] in seen:
            return [r["name"]]
        return path(parent, seen + (r["id"],)) + [r["name"]]

    out = [{**r, "path": " › ".join(path(r))} for r in rows]
    return sorted(out, key=lambda r: r["path"].lower())


def jurisdictions(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    return read(store, viewer, "MATCH (j:Jurisdiction) WHERE j.confidentiality IN $visible "
                "RETURN j.id AS id, j.name AS name, j.level AS level ORDER BY name, id")


def sectors(store: Store, viewer: Viewer) -> list[str]:
    rows = read(store, viewer, "MATCH (o:Organization) WHERE o.confidentiality IN $visible AND o.sector IS NOT NULL "
                "RETURN DISTINCT o.sector AS sector")
    return sorted({r["sector"] for r in rows if r["sector"]}, key=str.lower)


def search(store: Store, viewer: Viewer, text: str, *, labels: tuple[str, ...] = SEARCHABLE,
           limit: int = 25) -> list[dict[str, Any]]:
    """People and organizations whose name (or id) contains ``text``, case-insensitive, shortest names first."""
    needle = (text or "").strip().lower()
    if not needle:
        return []
    out: list[dict[str, Any]] = []
    for label in labels:
        node = m.NODE_BY_LABEL[label]  # only model labels reach the query text
        kind = "kind" if label == "Contact" else "type"
        out += read(
            store, viewer,
            f"MATCH (n:{node.label}) WHERE n.confidentiality IN $visible "
            f"AND (lower(n.name) CONTAINS $needle OR n.id = $exact) "
            f"RETURN n.id AS id, '{node.label}' AS label, n.name AS name, n.{kind} AS kind "
            f"ORDER BY size(n.name), name LIMIT $limit",
            needle=needle, exact=text.strip(), limit=limit)
    out.sort(key=lambda r: (r["id"] != text.strip(), len(r["name"] or ""), r["name"] or "", r["id"]))
    return out[:limit]


def name_of(store: Store, viewer: Viewer, node_id: str) -> dict[str, Any] | None:
    """``{id, label, name, kind}`` of a person or organization the viewer may see, else None."""
    for label in SEARCHABLE:
        kind = "kind" if label == "Contact" else "type"
        rows = read(store, viewer,
                    f"MATCH (n:{m.NODE_BY_LABEL[label].label} {{id: $id}}) WHERE n.confidentiality IN $visible "
                    f"RETURN n.id AS id, '{label}' AS label, n.name AS name, n.{kind} AS kind", id=node_id)
        if rows:
            return rows[0]
    return None


NAMED = {"issue": "Issue", "jurisdiction": "Jurisdiction", "organization": "Organization", "contact": "Contact"}
CHOICES_SHOWN = 10


def resolve(store: Store, viewer: Viewer, what: str, text: str) -> str:
    """The id of the ``what`` (issue, jurisdiction, organization, contact) a person typed: an id, or a name.

    An id the viewer may see wins; then a name equal to ``text`` (case and accents aside), then the
    only name that contains it. Several equal names, or several containing it and none equal, raise
    an ``InputError`` listing the choices with their ids; none raises ``NotFound`` naming the list
    command. "transportation" finds the issue Transportation; "i-transportation" still works.
    """
    from unidecode import unidecode

    from graph.errors import InputError, NotFound

    label = m.NODE_BY_LABEL[NAMED[what]].label  # only model labels reach the query text
    wanted = (text or "").strip()
    if not wanted:
        raise InputError(f"the {what} is empty: give its name or id")
    rows = read(store, viewer, f"MATCH (n:{label}) WHERE n.confidentiality IN $visible AND "
                f"(n.id = $exact OR lower(n.name) CONTAINS $needle) RETURN n.id AS id, n.name AS name "
                f"ORDER BY name, id", exact=wanted, needle=wanted.lower())
    if any(r["id"] == wanted for r in rows):
        return wanted

    def plain(s: str | None) -> str:
        return " ".join(unidecode(s or "").lower().split())

    equal = [r for r in rows if plain(r["name"]) == plain(wanted)]
    found = equal or rows
    if len(found) == 1:
        return found[0]["id"]
    if not found:
        raise NotFound(f'no {what} you may see is named "{wanted}" or has that id - check the spelling '
                       "(part of the name is enough)")
    listed = "; ".join(f'{r["name"]} ({r["id"]})' for r in found[:CHOICES_SHOWN])
    more = f" and {len(found) - CHOICES_SHOWN} more" if len(found) > CHOICES_SHOWN else ""
    raise InputError(f'"{wanted}" matches {len(found)} {what}s: {listed}{more} - give the full name or the id')
