"""The most engaged on an issue, a page at a time: the tops of issue_engagement / engagement_as_of.

Both queries return people and organizations in two UNION ALL branches, each ordered by
(n DESC, date DESC, subject_id) and cut at ``limit``; the best ``limit`` of all are among those
two tops, so merging them in that order gives the first ``limit`` of the whole list.

>>> # most_engaged(store, viewer, "i-transportation", since=dt.date(2025, 1, 1), limit=200)
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import queries
from graph.store import Store
from graph.viewer import Viewer
from queries.common import today

PAGE = 200


def most_engaged(store: Store, viewer: Viewer, issue: str, *, since: dt.date, as_of: dt.date | None = None,
                 limit: int = PAGE) -> list[dict[str, Any]]:
    """The ``limit`` people and organizations with the most interactions on ``issue`` (or an issue
    below it) whose latest is on or after ``since``, as of ``as_of`` (default today: the counts kept
    at import; an earlier date reads the counts kept for each day), most first, then the latest, then the id."""
    from queries.partners import latest_interaction

    as_of = as_of or today()
    latest = latest_interaction(store)
    if latest is None or latest <= as_of:
        rows = queries.run(store, "issue_engagement", viewer, issue=issue, since=since, limit=limit)
    else:
        rows = queries.run(store, "engagement_as_of", viewer, issue=issue, since=since, as_of=as_of, limit=limit)
    rows.sort(key=lambda r: (-r["n"], -r["date"].toordinal(), r["subject_id"]))
    return rows[:limit]
