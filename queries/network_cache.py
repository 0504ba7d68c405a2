"""The one saved-results cache of the network analytics, in an embedded store's folder
(``insights/``): the full refresh's results (``insights/refresh``, graph/analytics/refresh.py
writes them) and the insights page's tables (``insights/<clearance>-<key>/``). Every key holds
the data version, the clearance and the day, so answers never cross clearances and any write
makes a new key. Neo4j stores keep nothing on disk.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from graph.analytics.refresh import BROKER_PIVOTS
from graph.files import DONE, whole_folder
from graph.store import Store
from graph.viewer import Viewer
from queries.common import day_or_today
from queries.maps import SEED
from queries.network_tables import analytics_tables

MODEL = "strength-log-2"  # in every cache key: results saved under an older strength model are not reused
INSIGHTS_FOLDER = "insights"  # inside an embedded store's folder: one result per clearance
_FRAMES = ("people", "coalitions", "edges")


def saved_insights(store: Store, viewer: Viewer, compute: Callable[..., dict[str, Any]], *,
                   as_of: dt.date | None = None, seed: int = SEED) -> dict[str, Any]:
    """``compute(store, viewer, as_of=, seed=)`` (the insights page's tables,
    queries.network_views.network_insights), computed once per data version, clearance and day and kept.

    An embedded store keeps the result in its folder (``insights/<clearance>-<key>/``, Parquet
    and JSON, no pickles), so a restarted dashboard does not measure the whole network again;
    any write changes the data version and so the key. ``tables`` holds only ``contacts``
    (what warm introductions need). Answers never cross clearances: the clearance is in the key.
    """
    import hashlib

    as_of = day_or_today(as_of)
    key = hashlib.sha1(f"{store.data_version()}|{as_of}|{seed}|{MODEL}".encode()).hexdigest()[:16]
    base = getattr(store, "folder", None)
    where = base / INSIGHTS_FOLDER / f"{viewer.clearance.value}-{key}" if base is not None else None
    if where is not None and (where / DONE).exists():
        try:
            return _load_insights(where)
        except (OSError, ValueError):
            pass  # unreadable: measure again
    found = compute(store, viewer, as_of=as_of, seed=seed)
    found = {**found, "tables": {"contacts": found["tables"]["contacts"]}}
    if where is not None:
        try:
            _save_insights(found, where)
        except OSError:
            pass  # a read-only folder: the caller's in-memory cache still holds it
    return found


def _save_insights(found: dict[str, Any], where) -> None:
    import json
    import shutil

    for old in where.parent.glob(f"{where.name.split('-')[0]}-*"):
        if old != where:
            shutil.rmtree(old, ignore_errors=True)  # older data versions of this clearance
    with whole_folder(where) as tmp:
        for name in _FRAMES:
            found[name].to_parquet(tmp / f"{name}.parquet", index=False)
        found["tables"]["contacts"].to_parquet(tmp / "contacts.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps({"memory": found["memory"], "approximate": found["approximate"]},
                                                  default=str), encoding="utf-8")


def _load_insights(where) -> dict[str, Any]:
    import json

    import pandas as pd

    meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {name: pd.read_parquet(where / f"{name}.parquet") for name in _FRAMES}
    out.update(meta)
    out["tables"] = {"contacts": pd.read_parquet(where / "contacts.parquet")}
    return out


def analytics_refresh(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                      betweenness_k: int | None = BROKER_PIVOTS, progress=None, use_cache: bool = True):
    """``(tables, AnalyticsResult)``: every network measure for the viewer, cached per data version and clearance."""
    from graph.analytics import AnalyticsError
    from graph.analytics.refresh import full_refresh

    as_of = day_or_today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of)
    if tables["participants"].empty and tables["knows"].empty:
        raise AnalyticsError("no interactions or ties you may see - import some, or run \"civicgraph demo\"")
    res = full_refresh({k: tables[k] for k in ("interactions", "participants", "knows", "owns")}, seed=seed,
                       as_of=as_of, betweenness_k=betweenness_k, progress=progress, use_cache=use_cache,
                       cache_dir=refresh_folder(store), version=refresh_version(store, viewer, as_of),
                       algorithms=store.graph_algorithms())
    return tables, res


def refresh_version(store: Store, viewer: Viewer, as_of: dt.date) -> str:
    """The key of a refresh result: data version, clearance, day and strength model."""
    return f"{store.data_version()}|{viewer.clearance.value}|{as_of}|{MODEL}"


def refresh_folder(store: Store):
    """Where an embedded store keeps refresh results for the next process (the next command): in its
    folder, keyed by data version, clearance, day and options; ``None`` for Neo4j."""
    base = getattr(store, "folder", None)
    return None if base is None else base / INSIGHTS_FOLDER / "refresh"


def refresh_summary(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                    betweenness_k: int | None = BROKER_PIVOTS, progress=None) -> dict:
    """Run the full refresh and say what it computed, how long each step took and what is approximate."""
    import time

    t = time.perf_counter()
    tables, res = analytics_refresh(store, viewer, as_of=as_of, seed=seed, betweenness_k=betweenness_k,
                                    progress=progress, use_cache=False)
    return {"version": res.version, "as_of": day_or_today(as_of), "people": len(res.influence), "ties": len(res.edges),
            "interactions": len(tables["interactions"]), "coalitions": len(set(res.communities.values())),
            "seed": seed, "betweenness_k": betweenness_k, "seconds": round(time.perf_counter() - t, 3),
            "timings": {k: round(v, 3) for k, v in res.timings.items()}, "approximate": res.approximate}
