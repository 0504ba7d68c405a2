"""Who can introduce us to a person: the one answer the map page and the profile both show.

``introductions(store, viewer, contact)`` -> ``[{introducer, path, how, why, strength}]``, strongest
first, in plain words (names, never ids), from the warm-path analytics
(``queries.network_views.warm_paths_to``); an empty list when none of our staff can.

>>> # introductions(store, viewer, "c-harlan-whitfield")[0]["how"]  ->  "knows them directly"
"""
from __future__ import annotations

import datetime as dt

from graph.store import Store
from graph.viewer import Viewer


def strength_word(strength: float) -> str:
    """A tie's strength as a reader says it.

    >>> strength_word(0.7), strength_word(0.35), strength_word(0.1)
    ('strong', 'medium', 'weak')
    """
    return "strong" if strength >= 0.5 else "medium" if strength >= 0.3 else "weak"


def introductions(store: Store, viewer: Viewer, contact: str, *, k: int = 3,
                  as_of: dt.date | None = None) -> list[dict[str, str]]:
    """Who on our staff can introduce us to ``contact``, strongest path first."""
    from graph.analytics import NodeNotFound
    from queries.network_views import warm_paths_to

    try:
        paths = warm_paths_to(store, viewer, contact, k=k, as_of=as_of)
    except NodeNotFound:
        return []
    out = []
    for p in paths:
        hops = len(p["path"]) - 1
        out.append({"introducer": p["path"][0], "path": " → ".join(p["path"]),
                    "how": "knows them directly" if hops == 1 else f"through {', '.join(p['path'][1:-1])}",
                    "why": "; ".join(p["because"]), "strength": strength_word(p["strength"])})
    return out
