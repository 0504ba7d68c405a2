"""Which issues a body focuses on, derived from its name and description.

Imported bodies (a state's committees from Open States) come without FOCUSES_ON
links. ``derive_focus`` matches every issue's name and keywords, as whole words,
against each body's name and description ("Highways and Transit" -> transit,
transportation) and writes the matches as *derived* links:
``FOCUSES_ON {derived: true, method: "matched: highways, transit", review: "pending"}``.

A person reviews them (``review_focus``, ``civicgraph focus review``): an accepted
link stays, a rejected one is ignored by every query. Re-deriving never touches a
reviewed link nor a stated one, and removes pending links that no longer match.

>>> match_issue("House Committee on Highways & Transit", ["transit", "highways", "rail"])
['highways', 'transit']
>>> match_issue("Transitional Housing Board", ["transit"])
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from graph import dialect
from graph import model as m
from graph.errors import NotFound
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer

# Bodies whose focus is worth deriving; a city or a company's name says little about its focus.
DERIVE_TYPES = tuple(t.value for t in (
    m.OrgType.COMMITTEE, m.OrgType.BOARD, m.OrgType.SPECIAL_DISTRICT, m.OrgType.TRANSIT_AUTHORITY,
    m.OrgType.REGULATOR, m.OrgType.WORKFORCE_BOARD, m.OrgType.STATE_AGENCY, m.OrgType.FEDERAL_AGENCY,
    m.OrgType.COUNCIL_OF_GOVERNMENTS, m.OrgType.ASSOCIATION,
))
PENDING, ACCEPTED, REJECTED = "pending", "accepted", "rejected"
_CONF = [c.value for c in m.Confidentiality]


def match_issue(text: str, words: list[str]) -> list[str]:
    """The words (issue name or keywords) found as whole words in ``text``, sorted."""
    norm = " " + re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")) + " "
    found = set()
    for word in words:
        w = " ".join(re.sub(r"[^a-z0-9]+", " ", word.lower()).split())
        if w and f" {w} " in norm:
            found.add(w)
    return sorted(found)


def link_id(organization_id: str, issue_id: str) -> str:
    return f"FOCUSES_ON:derived:{organization_id}>{issue_id}"


@dataclass
class FocusReport:
    created: list[dict] = field(default_factory=list)
    updated: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_reviewed: int = 0

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "removed": self.removed,
                "kept_reviewed": self.kept_reviewed}


def derive_focus(store: Store, viewer: Viewer) -> FocusReport:
    """Derive FOCUSES_ON links for bodies without a stated focus on an issue (see module doc)."""
    viewer.require_write("derive focus links")
    issues = read(
        store, viewer, "MATCH (i:Issue) WHERE i.confidentiality IN $visible "
        "RETURN i.id AS id, i.name AS name, i.keywords AS keywords, i.confidentiality AS conf")
    orgs = read(
        store, viewer, "MATCH (o:Organization) WHERE o.confidentiality IN $visible AND o.type IN $types "
        "RETURN o.id AS id, o.name AS name, o.description AS description, o.confidentiality AS conf",
        types=list(DERIVE_TYPES))
    existing = {
        (r["org"], r["issue"]): r for r in store.query(
            "MATCH (o:Organization)-[f:FOCUSES_ON]->(i:Issue) RETURN o.id AS org, i.id AS issue, f.id AS id, "
            "f.derived AS derived, f.review AS review, f.method AS method")
    }
    report = FocusReport()
    rows, wanted = [], set()
    for org in orgs:
        text = f"{org['name'] or ''} {org['description'] or ''}"
        for issue in issues:
            words = [issue["name"] or ""] + [k for k in (issue["keywords"] or "").split(";") if k.strip()]
            hits = match_issue(text, words)
            if not hits:
                continue
            key = (org["id"], issue["id"])
            wanted.add(key)
            have = existing.get(key)
            method = "matched: " + ", ".join(hits)
            if have and (not have["derived"] or have["review"] in (ACCEPTED, REJECTED)):
                report.kept_reviewed += bool(have["derived"])
                continue
            if have and have["method"] == method:
                continue
            conf = max(org["conf"] or "public", issue["conf"] or "public", key=_CONF.index)
            row = {"from_id": org["id"], "to_id": issue["id"], "id": have["id"] if have else link_id(*key),
                   "derived": True, "method": method, "review": PENDING, "confidentiality": conf,
                   "source": "derived from the body's name and description"}
            rows.append(row)
            summary = {"link_id": row["id"], "organization_id": org["id"], "organization": org["name"],
                       "issue_id": issue["id"], "issue": issue["name"], "method": method}
            (report.updated if have else report.created).append(summary)
    stale = [r["id"] for k, r in existing.items()
             if r["derived"] and r["review"] in (PENDING, None) and k not in wanted
             and k[0] in {o["id"] for o in orgs}]
    if rows:
        store.upsert_rels("FOCUSES_ON", "Organization", "Issue", pd.DataFrame(rows))
    if stale:
        store.write([(dialect.delete_rels("FOCUSES_ON"), {"ids": stale})])
        report.removed = stale
    return report


def review_focus(store: Store, viewer: Viewer, *, accept: list[str] = (), reject: list[str] = ()) -> list[dict]:
    """Mark derived focus links accepted or rejected; a rejected link is ignored by every query."""
    viewer.require_write("review focus links")
    wanted = {**{i: ACCEPTED for i in accept}, **{i: REJECTED for i in reject}}
    if not wanted:
        return []
    found = read(
        store, viewer,
        "MATCH (o:Organization)-[f:FOCUSES_ON]->(i:Issue) WHERE f.id IN $ids AND f.confidentiality IN $visible "
        "RETURN f.id AS id, o.id AS from_id, i.id AS to_id, f.derived AS derived", ids=sorted(wanted))
    by_id = {r["id"]: r for r in found}
    missing = sorted(set(wanted) - set(by_id))
    if missing:
        raise NotFound(f'"{missing[0]}" is not a focus link id - run "civicgraph focus list" to see them')
    stated = [i for i, r in by_id.items() if not r["derived"]]
    if stated:
        raise NotFound(f'"{stated[0]}" is a stated focus link, not a derived one; only derived links are reviewed')
    frame = pd.DataFrame([{"from_id": r["from_id"], "to_id": r["to_id"], "id": i, "review": wanted[i]}
                          for i, r in by_id.items()])
    store.upsert_rels("FOCUSES_ON", "Organization", "Issue", frame)
    return [{"link_id": i, "review": wanted[i]} for i in sorted(by_id)]
