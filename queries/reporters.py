"""Reporters on an issue: whose beat covers it, who wrote about it lately, and their outlets."""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import affiliations, issue_name, iso, today, years_before


def reporters_on_issue(store: Store, viewer: Viewer, issue: str, *, since: dt.date | None = None,
                       as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Beat reporters first, then by the number of recent articles."""
    as_of = as_of or today()
    since = since or years_before(as_of, 1)
    issue_name(store, viewer, issue)
    out: dict[str, dict[str, Any]] = {}
    for r in queries.run(store, "reporters_on_issue", viewer, issue=issue, since=since):
        e = out.setdefault(r["contact_id"], {"id": r["contact_id"], "name": r["name"], "beat": False,
                                             "articles": 0, "last_article": None, "because": []})
        if r["evidence"] == "beat":
            e["beat"] = True
            e["because"].append(f"beat covers {r['issue_name'].lower()}" + (f" since {iso(r['since'])}" if r["since"] else ""))
        else:
            e["articles"], e["last_article"] = r["n"], r["last_date"]
            e["because"].append(f"{r['n']} article{'s' if r['n'] != 1 else ''} on {r['issue_name'].lower()} "
                                f"since {iso(since)}, latest {iso(r['last_date'])}")
    affs = affiliations(store, viewer, list(out), as_of)
    for e in out.values():
        e["outlets"] = sorted({a["organization"] for a in affs.get(e["id"], []) if a["relation"] == "WORKS_AT"})
    return sorted(out.values(), key=lambda e: (not e["beat"], -e["articles"], e["name"] or ""))
