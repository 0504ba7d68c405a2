"""The import's first phase: every reference (a contact's organization, a link's two ends, a
parent) must point at a record of this import or of the store; rows that do not are rejected
with the reason, and hierarchies must not loop. A part of ``ingest.pipeline._Import``.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ingest import formats as f
from ingest.problems import Problem


class ReferencePhase:
    """Resolving references and rejecting rows (state: ingest.pipeline._Import.__init__)."""

    # -- references ---------------------------------------------------------
    def resolve_references(self) -> None:
        """Reject rows that point at records that are neither in this import nor stored.

        Tables are checked in load order, so a row pointing at a rejected row is
        rejected too, and says why.
        """
        for table in f.LOAD_ORDER:
            if table not in self.checked:
                continue
            c = self.checked[table]
            for col in c.spec.columns:
                if not col.refers_to or col.name not in c.frame.columns:
                    continue
                values = c.frame[col.name]
                split = split_lists(values) if col.list else None  # once for both (many distinct lists)
                self._lookup_store(values, col, split)
                bad = self._unresolved(values, col, split)
                for idx in np.flatnonzero(bad.to_numpy()):
                    value = values.iloc[idx]
                    ids = [v.strip() for v in value.split(";") if v.strip()] if col.list else [value]
                    missing = [i for i in ids if self.label_of(i, col.refers_to) is None]
                    kinds = " or ".join(l.lower() for l in col.refers_to)
                    self._reject_row(table, int(c.frame.index[idx]), col.name, value,
                                     f"refers to {kinds} {', '.join(missing)}, which is neither in this "
                                     "import (or was rejected) nor in the database",
                                     f"add {missing[0]} to {_table_of(col.refers_to[0])} or correct the id")
                if bad.any():
                    self._drop_rejected(table)
        self.reject_cycles()

    def reject_cycles(self) -> None:
        """Reject rows whose parent_id would make a record its own ancestor: itself, or through
        others in this import or stored. The message shows the whole loop."""
        for table in ("jurisdictions", "organizations", "issues"):
            c = self.checked.get(table)
            if c is None or "parent_id" not in c.frame.columns or c.frame.empty:
                continue
            label = c.spec.node
            parents = {r["id"]: r["parent_id"] for r in self.store.query(
                f"MATCH (n:{label}) WHERE n.parent_id IS NOT NULL RETURN n.id AS id, n.parent_id AS parent_id")}
            pairs = list(zip(c.frame["id"], c.frame["parent_id"]))
            parents.update({i: p for i, p in pairs if i is not None})
            loops = []
            for pos, (node, parent) in enumerate(pairs):
                if parent is None or node is None:
                    continue
                path, seen, cur = [node], {node}, parent
                while cur is not None and cur not in seen:
                    path.append(cur)
                    seen.add(cur)
                    cur = parents.get(cur)
                if cur == node:
                    loops.append((pos, node, parent, " → ".join([*path, node])))
            for pos, node, parent, loop in loops:
                message = ("is the record itself: a record cannot be its own parent" if parent == node
                           else f"makes {node} its own ancestor: {loop}")
                self._reject_row(table, int(c.frame.index[pos]), "parent_id", parent, message,
                                 "correct one of these parent_id values, or leave it empty")
            if loops:
                self._drop_rejected(table)

    def _unresolved(self, values: pd.Series, col: f.Column, split: tuple | None = None) -> pd.Series:
        """Rows whose reference (any of a list's references) points at no known record.

        Each distinct id of the part is looked up once in the sets of ids (a million ids known
        by the last parts of a big file: a set built of them all for every part cost seconds)."""
        present = values.notna()
        if col.list:
            pos, parts = split if split is not None else split_lists(values)
        else:
            pos, parts = None, values[present].to_numpy(dtype=object)
        missing = [i for i in pd.unique(parts) if self.label_of(i, col.refers_to) is None]
        if not missing:
            return pd.Series(False, index=values.index)
        if not col.list:
            return present & values.isin(missing)
        bad = np.zeros(len(values), dtype=bool)
        bad[pos[pd.Series(parts, dtype=object).isin(missing).to_numpy()]] = True
        return pd.Series(bad, index=values.index) & present

    def _lookup_store(self, values: pd.Series, col: f.Column, split: tuple | None = None) -> None:
        """Find in the store the referenced ids that are neither in this import nor looked up yet.
        ``split``: :func:`split_lists` of ``values`` for a list column, if the caller has it."""
        if col.list:
            parts = (split if split is not None else split_lists(values))[1]
        else:
            parts = values.dropna().to_numpy(dtype=object)
        ids = [i for i in pd.unique(parts) if i != "" and i not in self.known]
        for label in col.refers_to:
            incoming = self.incoming.get(label)
            if ids and incoming:
                ids = [i for i in ids if i not in incoming]
            created = self.created.by_label.get(label)
            if ids and created is not None:  # created earlier in this import: no need to ask the store
                asked = np.asarray(ids, dtype=object)
                hit = created.contains(pd.Series(asked)).to_numpy()
                self.known.update(dict.fromkeys(asked[hit].tolist(), label))
                ids = asked[~hit].tolist()
        wanted = set(ids)
        if wanted:
            self.known.update(self.store.labels_of(sorted(wanted), col.refers_to))

    def label_of(self, node_id: str, labels: tuple[str, ...]) -> str | None:
        for label in labels:
            if node_id in self.incoming.get(label, ()):
                return label
        label = self.known.get(node_id)
        return label if label in labels else None

    def _reject_row(self, table: str, idx: int, column: str, value: str, message: str, fix: str) -> None:
        c = self.checked[table]
        problem = Problem(c.file, c.rows[idx], column, value, message, fix)
        self.report.problems.append(problem)
        row = {k: ("" if v is None else _text(v)) for k, v in c.frame.loc[idx].items() if k != "__rejected__"}
        row["problems"] = str(problem)
        self._pending.setdefault(table, []).append(row)  # joined once: a row-by-row concat is quadratic
        # marked in one go by _drop_rejected: setting a cell per row copies the column each time
        self._marked.setdefault(table, set()).add(idx)

    def _flush_rejects(self, table: str) -> None:
        rows = self._pending.pop(table, [])
        if rows:
            c = self.checked[table]
            c.rejected = pd.concat([c.rejected, pd.DataFrame(rows)], ignore_index=True)
        self.reports[table].rejected = len(self.checked[table].rejected)

    def _drop_rejected(self, table: str) -> None:
        self._flush_rejects(table)
        c = self.checked[table]
        marked = self._marked.pop(table, set())
        if marked:
            c.frame.loc[c.frame.index.isin(list(marked)), "__rejected__"] = True
        if "__rejected__" not in c.frame.columns:
            return
        keep = c.frame["__rejected__"].isna()
        c.rows = [r for r, k in zip(c.rows, keep) if k]
        c.frame = c.frame[keep].drop(columns="__rejected__").reset_index(drop=True)
        self.reports[table].rejected = len(c.rejected)
        label = c.spec.node
        if label:
            self.incoming[label] = set(c.frame["id"].dropna())


def split_lists(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, one id) for every id in a list column ("a; b" gives two), in order; each
    distinct text is split once (a million interactions name a few hundred issue lists).

    >>> pos, ids = split_lists(pd.Series(["a; b", None, "b", "a; b", " ;c"]))
    >>> pos.tolist(), ids.tolist()
    ([0, 0, 2, 3, 3, 4], ['a', 'b', 'b', 'a', 'b', 'c'])
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    lists = [[p.strip() for p in str(u).split(";") if p.strip()] for u in uniques]
    lens = np.array([len(one) for one in lists] + [0], dtype=np.int64)  # the last: a missing value (code -1)
    starts = np.concatenate([[0], np.cumsum(lens)])[:-1]
    flat = np.array([p for one in lists for p in one], dtype=object)
    per_row = lens[codes]
    total = int(per_row.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    pos = np.repeat(np.arange(len(codes)), per_row)
    offsets = np.arange(total) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return pos, flat[np.repeat(starts[codes], per_row) + offsets]


def _text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _table_of(label: str) -> str:
    return next(t.name for t in f.TABLES if t.node == label) + ".csv"
