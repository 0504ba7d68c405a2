"""Bulk loading into Neo4j: big ``UNWIND $rows`` batches, sent while the next one is prepared.

A first import creates records whose ids the pipeline has checked are new. The batches but the
last are written by ``WRITERS`` sessions at once, each in its own transaction (the unique
constraints still refuse a clashing id); the last batch commits with the one audit entry of the
whole load and the new data version, after every other batch has committed, so the log has one
``bulk-create`` entry per table as on the embedded engine, and its first and last ids are
stored when it is. A load that fails half-way writes an entry for the batches that did commit
before it raises, so nothing stored goes unlogged.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

import numpy as np
import pandas as pd

from graph.errors import StoreError
from graph.store.base import bulk_change

# rows per transaction: bigger batches cost server heap (2 GiB holds 50,000 rows of 20 properties)
NODE_BATCH = 25_000
REL_BATCH = 25_000
# sessions writing at once: the server works on one batch while Python packs the next
WRITERS = 2
RETRIES = 5  # a deadlock between two writers (a shared endpoint) is retried, not reported


def rows_of(frame: pd.DataFrame, size: int) -> Iterator[list[dict[str, Any]]]:
    """The frame as lists of plain dicts (None for missing values, dates for timestamps), ``size``
    rows at a time, converted a column at a time (pandas' ``to_dict`` is slower per row).

    >>> frame = pd.DataFrame({"id": ["a", "b"], "n": [1.5, float("nan")],
    ...                       "on": pd.to_datetime(["2026-01-02", None])})
    >>> next(rows_of(frame, 10))
    [{'id': 'a', 'n': 1.5, 'on': datetime.date(2026, 1, 2)}, {'id': 'b', 'n': None, 'on': None}]
    """
    names = list(frame.columns)
    for start in range(0, len(frame), size):
        part = frame.iloc[start:start + size]
        columns = [_plain_column(part[name]) for name in names]
        yield [dict(zip(names, values)) for values in zip(*columns)]


def _plain_column(column: pd.Series) -> list[Any]:
    missing = column.isna().to_numpy()
    if pd.api.types.is_datetime64_any_dtype(column):
        values = np.array(column.dt.date.tolist(), dtype=object)
    else:
        values = column.to_numpy(dtype=object, copy=True)
        stamps = [i for i, v in enumerate(values) if isinstance(v, pd.Timestamp)] if column.dtype == object else []
        for i in stamps:
            values[i] = values[i].date()
    if missing.any():
        values[missing] = None
    return values.tolist()


def load(store, driver, database: str | None, statement: str, frame: pd.DataFrame, size: int,
         table: str, ids: Callable[[], list[str]]) -> None:
    """Write ``frame`` with ``statement`` (an ``UNWIND $rows`` CREATE) in batches of ``size``;
    ``table`` and ``ids`` make the one audit entry."""
    batches = rows_of(frame, size)
    total = -(-len(frame) // size)
    done: list[int] = []  # indexes of committed batches (for the entry of a failed load)
    pending: set[Future] = set()
    try:
        with ThreadPoolExecutor(WRITERS, thread_name_prefix="neo4j-bulk") as pool:
            for index, rows in enumerate(batches):
                if index == total - 1:
                    _wait_all(pending, done)
                    store.write([(statement, {"rows": rows})], audit=bulk_change(table, ids()))
                    return
                while len(pending) >= WRITERS:  # at most WRITERS batches in flight: bounded memory
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    _collect(finished, done)
                future = pool.submit(_write_batch, driver, database, statement, rows)
                future.index = index  # type: ignore[attr-defined]
                pending.add(future)
    except BaseException:
        _wait_quietly(pending, done)
        if done:
            kept = frame.iloc[[i for b in sorted(done) for i in range(b * size, min((b + 1) * size, len(frame)))]]
            if "id" in kept.columns:
                store.write([], audit=bulk_change(table, kept["id"].dropna().astype(str).tolist()))
        raise


def _write_batch(driver, database: str | None, statement: str, rows: list[dict[str, Any]]) -> None:
    from neo4j.exceptions import Neo4jError, TransientError

    for attempt in range(RETRIES):
        try:
            with driver.session(database=database) as session:
                with session.begin_transaction() as tx:
                    tx.run(statement, {"rows": rows}).consume()
                    tx.commit()
            return
        except TransientError:
            if attempt == RETRIES - 1:
                raise StoreError(f"Neo4j kept refusing a bulk batch ({len(rows)} rows) as busy; "
                                 "run the import again when the server is quieter") from None
            time.sleep(0.2 * (attempt + 1))
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused a bulk batch: {exc.message}") from None


def _collect(finished: set[Future], done: list[int]) -> None:
    errors = [f.exception() for f in finished if f.exception() is not None]
    done.extend(f.index for f in finished if f.exception() is None)  # type: ignore[attr-defined]
    if errors:
        raise errors[0]


def _wait_all(pending: set[Future], done: list[int]) -> None:
    finished, _ = wait(pending)
    pending.clear()
    _collect(finished, done)


def _wait_quietly(pending: set[Future], done: list[int]) -> None:
    finished, _ = wait(pending)
    for future in finished:
        if future.exception() is None:
            done.append(future.index)  # type: ignore[attr-defined]
