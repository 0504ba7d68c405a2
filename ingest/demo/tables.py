"""Collecting the region's rows: hand-written rows as dicts, bulk rows as whole columns."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingest.demo.dates import NEVER
from ingest.formats import TABLE_BY_NAME, TABLES

SOURCE = "demo"  # every generated row's source


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _numbered(prefix: str, first: int, n: int, width: int) -> np.ndarray:
    """Ids like c-000042 for first..first+n-1, built without a Python loop."""
    digits = np.strings.zfill(np.arange(first, first + n).astype(str), width)
    return np.strings.add(prefix, digits).astype(object)




# ---------------------------------------------------------------------------
# Collecting rows: hand-written rows as dicts, bulk rows as whole columns.

_DEFAULTS = {"confidentiality": "public", "source": SOURCE}


class _Tables:
    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {t.name: [] for t in TABLES}
        self.columns: dict[str, list[pd.DataFrame]] = {t.name: [] for t in TABLES}

    def add(self, table: str, **values) -> None:
        unknown = set(values) - set(TABLE_BY_NAME[table].column_names)
        if unknown:  # a typo here would silently drop data
            raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")
        self.rows[table].append(values)

    def add_columns(self, table: str, n: int, **columns) -> None:
        if n == 0:
            return
        frame = pd.DataFrame({k: (np.full(n, v, dtype=object) if isinstance(v, str) else np.asarray(v, dtype=object))
                              for k, v in columns.items()})
        self.columns[table].append(frame)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {spec.name: self._frame(spec.name) for spec in TABLES}

    def _frame(self, name: str) -> pd.DataFrame:
        parts = ([pd.DataFrame(self.rows[name], dtype=object)] if self.rows[name] else []) + self.columns[name]
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        frame = frame.reindex(columns=TABLE_BY_NAME[name].column_names)
        for col in frame.columns:
            frame[col] = frame[col].fillna(_DEFAULTS.get(col, "")).astype(object)
        return frame


@dataclass
class _Person:
    """What the bulk steps need to know about a hand-made contact."""

    id: str
    kind: str
    jurisdiction: str
    home: str = ""  # the organization they work at or hold office in
    county: str = ""  # for officials: the county whose cluster they belong to
    active_to: int = NEVER  # no interactions after this day (death, leaving office, do-not-contact)
    weight: float = 1.0  # how often they come up in interactions
    planted: bool = False  # planted cases get no random stances, expertise or ownership
    current_official: bool = False


@dataclass
class _Tenure:
    contact: str
    org: str
    scope: str  # city / county / state
    start: int
    end: int  # NEVER while in office
