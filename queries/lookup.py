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
