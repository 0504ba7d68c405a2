"""The one saved-results cache of the network analytics: in memory, and in an embedded store's
folder (``insights/``): the full refresh's results (``insights/refresh/<key>/``, written by
:func:`cached_refresh`) and the insights page's tables (``insights/<clearance>-<key>/``). Every key
holds the data version, the clearance and the day, so answers never cross clearances and any
write makes a new key. Neo4j stores keep nothing on disk. graph/analytics computes and touches
no file; every file of the analytics is written and read here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from graph.analytics.refresh import BROKER_PIVOTS, BROKER_TRIM, AnalyticsResult, data_version, full_refresh
from graph.clock import now_utc
from graph.files import DONE, whole_folder
from graph.store import Store
from graph.viewer import Viewer
from queries.common import SEED, day_or_today
from queries.network_tables import REFRESH_TABLES, analytics_tables, our_staff

MODEL = "strength-log-3"  # in every cache key: results saved under an older strength model are not reused
INSIGHTS_FOLDER = "insights"  # inside an embedded store's folder: one result per clearance
CACHE_SIZE = 4  # refresh results kept in memory, and in the store's folder
_FRAMES = ("people", "coalitions", "edges")
_MEMORY: "OrderedDict[tuple, AnalyticsResult]" = OrderedDict()
_TABLES = REFRESH_TABLES


def cached_refresh(tables, nodes=None, *, seed, as_of=None, folder: str | Path | None = None,
                   use_cache: bool = True, progress: Callable[[str, float], None] | None = None,
                   version: str | None = None, betweenness_k: int | None = BROKER_PIVOTS,
                   broker_trim: float = BROKER_TRIM, constraint_top: int | None = 250, constraint_skip=(),
                   n_jobs: int = 2, algorithms=None, **strength_options) -> AnalyticsResult:
    """``graph.analytics.refresh.full_refresh`` on the same arguments, computed once per key.

    The key is the data version (``version``, else a fingerprint of the tables), the seed, the
    day and every option. A result is kept in this process (the newest ``CACHE_SIZE``) and, with
    ``folder``, on disk (Parquet and JSON, written whole or not at all), so that the next process -
    the next command - finds it; ``use_cache=False`` neither reads nor writes either.
    ``progress`` hears ``cached`` or ``saved`` when a kept result is returned.
    """
    report = progress or (lambda step, done: None)
    if isinstance(nodes, pd.DataFrame):
        nodes = nodes["id"].tolist()
    if version is None:
        report("fingerprint", 0.0)
        frames = [tables.get(k) for k in _TABLES] if isinstance(tables, Mapping) else [tables]
        version = data_version(*frames, pd.DataFrame({"id": nodes}) if nodes is not None else None)
    skip = sorted(map(str, constraint_skip))
    options = dict(betweenness_k=betweenness_k, broker_trim=broker_trim, constraint_top=constraint_top,
                   constraint_skip=skip, n_jobs=n_jobs, algorithms=algorithms, **strength_options)
    key = (version, seed, str(as_of), betweenness_k, broker_trim, constraint_top,
           hashlib.sha1("\n".join(skip).encode()).hexdigest()[:16] if skip else "",
           tuple(sorted(strength_options.items()))) + \
        ((getattr(algorithms, "engine", "fast"),) if algorithms is not None else ())
    if use_cache and key in _MEMORY:
        _MEMORY.move_to_end(key)
        report("cached", 1.0)
        return _MEMORY[key]
    saved = Path(folder) / hashlib.sha1(repr(key).encode()).hexdigest()[:16] \
        if use_cache and folder is not None else None
    if saved is not None and (saved / DONE).exists():
        try:
            res = load_result(saved)
        except (OSError, ValueError, KeyError):
            pass  # unreadable: measure again
        else:
            report("saved", 1.0)
            return _remember(key, res)
    res = full_refresh(tables, nodes, seed=seed, as_of=as_of, progress=progress, version=version, **options)
    if saved is not None:
        try:
            save_result(res, saved)
            done = [f for f in saved.parent.iterdir() if (f / DONE).exists()]
            for old in sorted(done, key=lambda f: f.stat().st_mtime)[:-CACHE_SIZE]:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass  # a read-only folder: this process still keeps the result in memory
    return _remember(key, res) if use_cache else res


def _remember(key: tuple, res: AnalyticsResult) -> AnalyticsResult:
    _MEMORY[key] = res
    while len(_MEMORY) > CACHE_SIZE:
        _MEMORY.popitem(last=False)
    return res


def save_result(res: AnalyticsResult, folder: str | Path) -> None:
    """Write a refresh result to ``folder`` (Parquet and JSON, no pickles), whole or not at all (graph/files.py)."""
    with whole_folder(folder) as tmp:
        people = list(res.influence)
        pd.DataFrame({
            "contact": people, "influence": [res.influence[x] for x in people],
            "brokerage": [res.brokers[x] for x in people],
            "effective_size": [res.effective_size[x] for x in people],
            "community": [res.communities[x] for x in people],
        }).to_parquet(tmp / "people.parquet", index=False)
        pd.DataFrame({"contact": list(res.constraint), "constraint": list(res.constraint.values())}) \
            .to_parquet(tmp / "constraint.parquet", index=False)
        res.edges.to_parquet(tmp / "edges.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps({
            "version": res.version, "seed": res.seed, "approximate": res.approximate,
            "timings": res.timings}), encoding="utf-8")


def load_result(folder: str | Path) -> AnalyticsResult:
    """What :func:`save_result` wrote; ``FileNotFoundError`` if it never finished."""
    folder = Path(folder)
    if not (folder / DONE).exists():
        raise FileNotFoundError(folder / DONE)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    p = pd.read_parquet(folder / "people.parquet")
    c = pd.read_parquet(folder / "constraint.parquet")
    ids = p["contact"].tolist()

    def col(name: str) -> dict:
        return dict(zip(ids, p[name].tolist()))

    return AnalyticsResult(meta["version"], pd.read_parquet(folder / "edges.parquet"), col("influence"),
                           col("brokerage"), dict(zip(c["contact"].tolist(), c["constraint"].tolist())),
                           col("effective_size"), col("community"), meta["seed"], meta["approximate"],
                           meta["timings"])


def saved_insights(store: Store, viewer: Viewer, compute: Callable[..., dict[str, Any]], *,
                   as_of: dt.date | None = None, seed: int = SEED) -> dict[str, Any]:
    """``compute(store, viewer, as_of=, seed=)`` (the insights page's tables,
    queries.network_views.network_insights), computed once per data version, clearance and day and kept.

    An embedded store keeps the result in its folder (``insights/<clearance>-<key>/``, Parquet
    and JSON, no pickles), so a restarted dashboard does not measure the whole network again;
    any write changes the data version and so the key. ``tables`` holds only ``contacts``
    (what warm introductions need). Answers never cross clearances: the clearance is in the key.
    """
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
    for old in where.parent.glob(f"{where.name.split('-')[0]}-*"):
        if old != where:
            shutil.rmtree(old, ignore_errors=True)  # older data versions of this clearance
    with whole_folder(where) as tmp:
        for name in _FRAMES:
            found[name].to_parquet(tmp / f"{name}.parquet", index=False)
        found["tables"]["contacts"].to_parquet(tmp / "contacts.parquet", index=False)
        (tmp / "meta.json").write_text(json.dumps({"memory": found["memory"], "approximate": found["approximate"],
                                                   "saved_at": now_utc().isoformat(timespec="seconds")},
                                                  default=str), encoding="utf-8")


def previous_insights(store: Store, viewer: Viewer) -> dict[str, Any] | None:
    """The newest insights saved for the viewer's clearance, whatever data version they were measured on
    (``None`` if none): what the insights page shows at once while it measures the current data.
    ``saved_at`` (a UTC ``datetime``, or ``None`` for results saved before it was recorded) says
    when they were measured.
    """
    base = getattr(store, "folder", None)
    if base is None or not (base / INSIGHTS_FOLDER).is_dir():
        return None
    kept = [f for f in (base / INSIGHTS_FOLDER).glob(f"{viewer.clearance.value}-*") if (f / DONE).exists()]
    for where in sorted(kept, key=lambda f: (f / DONE).stat().st_mtime, reverse=True):
        try:
            found = _load_insights(where)
        except (OSError, ValueError):
            continue  # being replaced, or unreadable: try an older one
        saved = found.get("saved_at")
        found["saved_at"] = dt.datetime.fromisoformat(saved) if saved else \
            dt.datetime.fromtimestamp((where / DONE).stat().st_mtime, dt.timezone.utc)
        return found
    return None


def _load_insights(where) -> dict[str, Any]:
    meta = json.loads((where / "meta.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {name: pd.read_parquet(where / f"{name}.parquet") for name in _FRAMES}
    out.update(meta)
    out["tables"] = {"contacts": pd.read_parquet(where / "contacts.parquet")}
    return out


def analytics_refresh(store: Store, viewer: Viewer, *, as_of: dt.date | None = None, seed: int = SEED,
                      betweenness_k: int | None = BROKER_PIVOTS, progress=None, use_cache: bool = True,
                      tables: dict | None = None):
    """``(tables, AnalyticsResult)``: every network measure for the viewer, cached per data version and clearance.

    ``tables``: the viewer's ``analytics_tables`` if the caller has read them already.
    """
    from graph.analytics import AnalyticsError

    as_of = day_or_today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of) if tables is None else tables
    if len(tables["participants"]) == 0 and len(tables["knows"]) == 0:
        raise AnalyticsError("no interactions or ties you may see - import some, or run \"civicgraph demo\"")
    res = cached_refresh({k: tables[k] for k in _TABLES}, seed=seed, as_of=as_of, betweenness_k=betweenness_k,
                         constraint_skip=our_staff(store, viewer, tables),
                         progress=progress, use_cache=use_cache, folder=refresh_folder(store),
                         version=refresh_version(store, viewer, as_of), algorithms=store.graph_algorithms())
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
    as_of = day_or_today(as_of)
    tables = analytics_tables(store, viewer, as_of=as_of, only=REFRESH_TABLES, arrow=True)
    read = time.perf_counter() - t
    tables, res = analytics_refresh(store, viewer, as_of=as_of, seed=seed, betweenness_k=betweenness_k,
                                    progress=progress, use_cache=False, tables=tables)
    return {"version": res.version, "as_of": as_of, "people": len(res.influence), "ties": len(res.edges),
            "interactions": len(tables["interactions"]), "coalitions": len(set(res.communities.values())),
            "seed": seed, "betweenness_k": betweenness_k, "seconds": round(time.perf_counter() - t, 3),
            "timings": {"read": round(read, 3), **{k: round(v, 3) for k, v in res.timings.items()}},
            "approximate": res.approximate}
