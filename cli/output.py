"""Rows out: an aligned table for people, CSV and JSON for scripts.

JSON is the stable interface: a list of objects with the query's columns,
dates as ISO strings. Tables and CSV get spreadsheet-formula protection.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

FORMATS = ("table", "csv", "json")


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None  # JSON has no NaN or Infinity: a script's parser would fail on them
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def to_json(data: Any) -> str:
    return json.dumps(_plain(data), indent=2, ensure_ascii=False, default=_default, allow_nan=False)


def _default(value: Any) -> Any:
    """numpy numbers and the like: as plain numbers (NaN and infinity as null), else as text."""
    if hasattr(value, "item"):
        return _plain(value.item())
    return str(value)


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(rows: list[dict[str, Any]], fmt: str, columns: list[str] | None = None) -> str:
    from ingest.export import neutralize_formula

    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralize_formula(_cell(row.get(c))) for c in columns])
        return buf.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(columns)]
    line = lambda vals: "  ".join(v[:w].ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])
