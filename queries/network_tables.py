"""The whole network's tables, for one viewer: what graph/analytics reads, in the shapes it documents.

``analytics_tables`` reads the interactions, ties, positions and contacts the viewer may
see (the last ``ANALYTICS_YEARS``) through ``queries.common.read_df``; ``quiet_window`` says
where the data ends when a window holds none. The saved results live in
queries/network_cache.py, the reports in queries/network_views.py.

The Cypher is read-only, takes every value as a ``$parameter`` and filters
every node and relationship with the viewer's clearance.
"""
from __future__ import annotations

import datetime as dt

from graph.store import Store
from graph.viewer import Viewer
from queries.common import day_or_today, read, read_arrow_each, read_df, years_before

REFRESH_TABLES = ("interactions", "participants", "knows", "owns")  # what the full refresh reads
ANALYTICS_YEARS = 3  # interactions older than this weigh < 1/8 (one-year half-life): left out for speed
LEAVING_DAYS = 180  # "leaving": a staff member whose leaving date is within this many days (one window everywhere)
HOLDING_RAW = 3.6  # evidence that makes a staff member a holder of a relationship: about two meetings last year
HOLDING = 0.4395  # to_strength(HOLDING_RAW), written out so importing this module stays light (a test checks it)

_TABLES = {
    "interactions": """
MATCH (x:Interaction) WHERE x.confidentiality IN $visible AND x.date >= $since AND x.date <= $as_of
RETURN x.id AS id, x.kind AS kind, x.date AS date""",
    "participants": """
MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date >= $since AND x.date <= $as_of AND x.confidentiality IN $visible
  AND p.confidentiality IN $visible AND c.confidentiality IN $visible
RETURN x.id AS interaction_id, c.id AS contact_id, p.role AS role""",
    "knows": """
MATCH (a:Contact)-[t:KNOWS]->(b:Contact)
WHERE t.confidentiality IN $visible AND a.confidentiality IN $visible AND b.confidentiality IN $visible
  AND (t.end_date IS NULL OR t.end_date > $as_of) AND (t.start_date IS NULL OR t.start_date <= $as_of)
RETURN a.id AS from_id, b.id AS to_id, t.strength AS strength, t.start_date AS start_date""",
    "owns": """
MATCH (s:Contact)-[t:OWNS]->(c:Contact)
WHERE t.confidentiality IN $visible AND s.confidentiality IN $visible AND c.confidentiality IN $visible
  AND (t.start_date IS NULL OR t.start_date <= $as_of)
RETURN s.id AS staff_id, c.id AS contact_id, t.role AS role, t.end_date AS end_date""",
    "positions": """
MATCH (h:Contact)-[t:TAKES_POSITION]->(i:Issue)
WHERE t.confidentiality IN $visible AND h.confidentiality IN $visible AND (t.as_of IS NULL OR t.as_of <= $as_of)
RETURN h.id AS holder_id, i.id AS issue_id, t.stance AS stance, t.as_of AS as_of""",
    "contacts": """
MATCH (c:Contact) WHERE c.confidentiality IN $visible
RETURN c.id AS id, c.name AS name, c.kind AS kind, c.status AS status, c.leaving_date AS leaving_date,
       c.title AS title, c.jurisdiction_id AS jurisdiction_id""",
}


def analytics_tables(store: Store, viewer: Viewer, *, as_of: dt.date | None = None,
                     since: dt.date | None = None, only=None, arrow: bool = False):
    """``{interactions, participants, knows, owns, positions, contacts}`` DataFrames the viewer may see.

    ``only``: read just these tables (the full refresh needs ``REFRESH_TABLES``, not the
    contacts and positions the reports add). ``arrow``: Arrow tables instead of DataFrames, which
    the strength table takes as they come (no Python string per cell: ``civicgraph analytics
    refresh`` reads them so); only with ``only`` tables that need no post-processing (not contacts).

    Raises :class:`~graph.analytics.AnalyticsError` saying where the data ends when the window
    holds no interaction but the store has some outside it (a mailbox that ends in 2002), so that
    every analytics command and page gives the same answer instead of an empty one.
    """
    as_of = day_or_today(as_of)
    since = since or years_before(as_of, ANALYTICS_YEARS)
    names = [name for name in _TABLES if only is None or name in only]
    out = _arrow_tables(store, viewer, [n for n in names if n != "contacts"], as_of, since) if arrow else {}
    for name in names:
        if name in out:
            continue
        out[name] = read_df(store, viewer, _TABLES[name], as_of=as_of, since=since)  # its columns even with no row
    if len(out["participants"]) == 0:
        quiet = quiet_window(store, viewer, since=since, as_of=as_of)
        if quiet:
            from graph.analytics import AnalyticsError

            raise AnalyticsError(quiet)
    if "contacts" not in out:
        return out
    contacts = out["contacts"]
    contacts["group"] = contacts["jurisdiction_id"]
    from graph import redaction

    if redaction.applies_to(viewer):  # the redaction policy's fields are not shown (graph/redaction.py)
        for column in redaction.redacted_columns() & set(contacts.columns):
            contacts[column] = None
    return out


def _arrow_tables(store: Store, viewer: Viewer, names: list[str], as_of: dt.date, since: dt.date) -> dict:
    """The tables as Arrow, read side by side, the participations (880,000 rows at the benchmark
    size) first: 0.69-0.73 s one after the other, 0.59-0.70 s so (the engine already scans the
    biggest on both cores; reading it in two halves of the window gained nothing more)."""
    names = sorted(names, key=lambda n: n != "participants")  # the longest first
    params = {"since": since, "as_of": as_of}
    return dict(zip(names, read_arrow_each(store, viewer, [(_TABLES[n], params) for n in names])))


_STAFF = "MATCH (c:Contact) WHERE c.kind = 'our_staff' AND c.confidentiality IN $visible RETURN c.id AS id"


def our_staff(store: Store, viewer: Viewer, tables: dict | None = None) -> list[str]:
    """Our staff's ids the viewer may see: from ``tables["contacts"]`` when read, else one small query.
    Every network report leaves them out, so the refresh measures no constraint for them."""
    contacts = (tables or {}).get("contacts")
    if contacts is not None:
        return contacts.loc[contacts["kind"] == "our_staff", "id"].tolist()
    return [r["id"] for r in read(store, viewer, _STAFF)]


_BEFORE = """
MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date < $since AND x.confidentiality IN $visible AND p.confidentiality IN $visible
  AND c.confidentiality IN $visible
RETURN max(x.date) AS day"""
_AFTER = """
MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction)
WHERE x.date > $as_of AND x.confidentiality IN $visible AND p.confidentiality IN $visible
  AND c.confidentiality IN $visible
RETURN max(x.date) AS day"""


def quiet_window(store: Store, viewer: Viewer, *, since: dt.date, as_of: dt.date) -> str | None:
    """What to say when no interaction the viewer may see falls between ``since`` and ``as_of`` but
    some fall outside: where the data ends, and how to ask about that time. ``None`` when there
    are none at all. (Call it when the window is empty.)

    The hint gives both ways to move the day: ``--as-of`` for one command, ``CIVICGRAPH_TODAY``
    for the dashboard and every command at once.
    """
    before = (read(store, viewer, _BEFORE, since=since) or [{}])[0].get("day")
    after = (read(store, viewer, _AFTER, as_of=as_of) or [{}])[0].get("day")
    if before is None and after is None:
        return None
    if before is not None:
        ask = _day(before)
        where = f"the newest before then is {ask.isoformat()}"
    else:
        ask = _day(after)
        where = f"they all come later; the newest is {ask.isoformat()}"
    years = round((as_of - since).days / 365.25)
    return (f"no interactions you may see between {since.isoformat()} and {as_of.isoformat()} (the "
            f"{years} years looked back over): {where}. Ask about that time with "
            f"--as-of {ask.isoformat()} (for the dashboard and every command at once: "
            f"CIVICGRAPH_TODAY={ask.isoformat()})")


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else \
        dt.date.fromisoformat(str(value)[:10])


def _strength_table(tables, as_of):
    from graph.analytics.strength import strength_edges

    return strength_edges(tables["interactions"], tables["participants"], tables["knows"], tables["owns"],
                          as_of=as_of)
