"""The one way to read with an inline Cypher text, for a viewer: ``read`` / ``read_df``.

Named queries (queries/*.cypher) are run by ``queries.run``; every other read, in queries/
(``queries.common.read``, which is this) and in ingest/ alike, goes through here, so that the
viewer's parameters are supplied in one place (``supplied``): ``$visible``, the confidentiality
levels their clearance allows, and ``$withheld``, the redaction policy's fields they may not see.
It lives in graph/ because ingest/ and queries/ both use it and neither imports the other.
tests/test_read_paths.py checks that every Cypher text matching contacts or interactions in
queries/ and ingest/ filters by ``$visible``, and that none passes it by hand.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph import dialect, redaction
from graph.store import Row, Store
from graph.viewer import Viewer

if TYPE_CHECKING:
    import pandas as pd

SUPPLIED = ("visible", "withheld")  # the parameters a read gets from its viewer, never from its caller


def supplied(viewer: Viewer) -> dict[str, Any]:
    """The parameters every read gets from its viewer: ``$visible`` and ``$withheld``.

    >>> from graph.model import Confidentiality, Role
    >>> supplied(Viewer("clerk", Role.VIEWER, Confidentiality.PUBLIC))["visible"]
    ['public']
    """
    return {"visible": viewer.visible, "withheld": redaction.withheld(viewer)}


def read(store: Store, viewer: Viewer, text: str, /, **params: Any) -> list[Row]:
    """Rows of an inline read-only Cypher text, for ``viewer``. The text may use dialect
    placeholders (graph/dialect.py); ``$visible`` and ``$withheld`` are supplied."""
    return store.query(dialect.render(text, store.engine), {**params, **supplied(viewer)})


def read_df(store: Store, viewer: Viewer, text: str, /, **params: Any) -> "pd.DataFrame":
    """:func:`read` as a DataFrame (the store's fast path for big tables)."""
    return store.query_df(dialect.render(text, store.engine), {**params, **supplied(viewer)})


def read_arrow_each(store: Store, viewer: Viewer, texts: list[tuple[str, dict[str, Any]]]) -> list:
    """:func:`read` of several ``(text, params)`` as ``pyarrow.Table``s (big tables whose text cells
    Python need not see one by one), read side by side (``Store.query_each``: the longest first)."""
    extra = supplied(viewer)
    return store.query_each([(dialect.render(text, store.engine), {**params, **extra}) for text, params in texts],
                            form="arrow")
