"""Helpers shared by the question functions (queries/<topic>.py): dates, lookups, wording."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graph import reads
from graph.clock import day_or_today, today  # noqa: F401  (re-exported for the question modules)
from graph.errors import NotFound
from graph.store import Row, Store
from graph.viewer import Viewer

import queries

if TYPE_CHECKING:
    import pandas as pd

SEED = 7  # the seed of every seeded layout and analytics run (maps, coalitions, brokers' pivots)


def read(store: Store, viewer: Viewer, text: str, /, **params: Any) -> list[Row]:
    """Rows of an inline read-only Cypher text, for ``viewer``: the one way to read outside the
    named queries (``queries.run``), the same helper as ingest's (``graph.reads.read``). The text
    may use dialect placeholders (graph/dialect.py); ``$visible`` and ``$withheld`` are supplied.
    (tests/test_read_paths.py checks that every read of contacts and interactions filters by it.)"""
    return reads.read(store, viewer, text, **params)


def read_df(store: Store, viewer: Viewer, text: str, /, **params: Any) -> "pd.DataFrame":
    """:func:`read` as a DataFrame (the store's fast path for big tables)."""
    return reads.read_df(store, viewer, text, **params)


def read_arrow_each(store: Store, viewer: Viewer, texts: list[tuple[str, dict[str, Any]]]) -> list:
    """:func:`read` of several ``(text, params)`` as ``pyarrow.Table``s, read side by side (longest first)."""
    return reads.read_arrow_each(store, viewer, texts)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def iso(day: Any) -> str:
    return day.isoformat() if hasattr(day, "isoformat") else str(day or "")


def issue_name(store: Store, viewer: Viewer, issue: str) -> str:
    """The issue's name; NotFound with the next step if the viewer cannot see such an issue."""
    rows = read(store, viewer, "MATCH (i:Issue {id: $id}) WHERE i.confidentiality IN $visible RETURN i.name AS name",
                id=issue)
    if not rows:
        raise NotFound(f'"{issue}" is not an issue id - see the issues with "civicgraph query overview_counts" '
                       'or import ingest/samples/issues.csv')
    return rows[0]["name"]


def require(store: Store, viewer: Viewer, label: str, node_id: str, what: str) -> str:
    """The record's name, or NotFound naming the id (labels come from the model only)."""
    from graph import model as m

    node = m.NODE_BY_LABEL[label]
    name = "title" if label == "Notice" else "name"
    assert any(p.name == name for p in node.all_props)
    rows = read(store, viewer, f"MATCH (n:{label} {{id: $id}}) WHERE n.confidentiality IN $visible RETURN n.{name} AS name",
                id=node_id)
    if not rows:
        raise NotFound(f'"{node_id}" is not {what} id you may see - check the id (civicgraph export lists them)')
    return rows[0]["name"]


def affiliations(store: Store, viewer: Viewer, contacts: list[str], as_of: dt.date) -> dict[str, list[Row]]:
    """Current affiliations of each contact, by contact id."""
    out: dict[str, list[Row]] = {}
    if not contacts:
        return out
    for row in queries.run(store, "affiliations", viewer, contacts=sorted(set(contacts)), as_of=as_of):
        out.setdefault(row["contact_id"], []).append(row)
    return out


def stance_sources(store: Store, viewer: Viewer, issue: str, holders: list[str]) -> dict[tuple, Row]:
    """Where each stance of ``holders`` on ``issue`` (or below) was stated, if the viewer may see it.

    Keyed by (holder id, issue id, as_of, stance). A second step, run only for the holders
    a caller shows: looking the sources up for every stance of a busy issue is the slow part.
    """
    out: dict[tuple, Row] = {}
    ids = sorted(set(holders))
    for start in range(0, len(ids), 5000):
        for r in queries.run(store, "stance_sources", viewer, holders=ids[start:start + 5000], issue=issue):
            out[(r["holder_id"], r["issue_id"], r["as_of"], r["stance"])] = r
    return out
