"""Network analytics over the relationship graph, NetworkX style.

One module per family: ``strength`` (how strong a relationship is, and why),
``influence``, ``brokers``, ``coalitions``, ``paths`` (warm introductions),
``memory`` (institutional-memory risk), ``inference`` (stances inferred from
the network), ``fast`` (the same measures on igraph's C core) and ``refresh``
(everything at once; its saved results live in queries/network_cache.py).

Nothing here opens a store, a file, a page or a command line: every function takes
plain pandas DataFrames or a ``networkx.Graph`` and returns plain dicts,
lists or DataFrames. Every random algorithm takes ``seed``.

Input tables (the store -> DataFrame extraction must give these columns;
extra columns are ignored, dates may be ``datetime64``, ``date`` or ISO text):

``interactions``
    ``id`` (str), ``kind`` (an ``InteractionKind`` value: meeting, call,
    letter, email, event, notice, testimony, article), ``date``.
``participants``
    ``interaction_id`` (str), ``contact_id`` (str).
``knows``
    ``from_id``, ``to_id`` (contact ids), ``strength`` (0..1, may be empty:
    0.5 is assumed), ``start_date`` (may be empty).
``owns``
    ``staff_id`` (our staff member), ``contact_id``, ``role``
    (primary / secondary), optionally ``end_date`` (an ended ownership is
    ignored).
``positions``
    ``holder_id``, ``issue_id``, ``stance`` (support / oppose / neutral /
    mixed), ``as_of``. The latest row per holder and issue is the stance.
``contacts``
    ``id``, ``name``, ``kind`` (``our_staff`` marks our staff), ``status``
    (active / left_office / retired / deceased), ``leaving_date`` (for our
    staff: the day they leave us; may be empty). Optionally ``group`` (the
    county, utility, hospital... a person belongs to) for broker reports.

The strength graph (``strength.strength_edges``) is an edge table with
columns ``u``, ``v``, ``raw``, ``strength`` (0..1), ``distance``
(``-log(strength)``), ``n_interactions``, ``first_date``, ``last_date``,
``knows``, ``owns`` and one ``n_<kind>`` count per interaction kind; every
other measure reads it, as a ``networkx.Graph`` (``graph_from_edges``) or as
an igraph-backed ``fast.FastGraph``.
"""
from __future__ import annotations

from graph.errors import CivicGraphError, NotFound


class AnalyticsError(CivicGraphError):
    """An analytics input is missing a column or holds a value we cannot use."""


class NodeNotFound(NotFound):
    """A person named by the caller is not in the graph."""


def require_columns(df, columns, table: str) -> None:
    """Raise ``AnalyticsError`` naming the table and the missing columns.

    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"id": []}), ["id", "kind"], "interactions")
    Traceback (most recent call last):
    ...
    graph.analytics.AnalyticsError: interactions table lacks column(s) kind - see graph/analytics/__init__.py for the columns it needs
    """
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise AnalyticsError(
            f"{table} table lacks column(s) {', '.join(missing)} - "
            "see graph/analytics/__init__.py for the columns it needs"
        )


__all__ = ["AnalyticsError", "NodeNotFound", "require_columns"]
