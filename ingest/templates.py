"""Blank lists to fill in: one CSV template per import table, and that table's page of the docs.

``template_csv("contacts")`` is every column of the table (ingest.formats) as the header, with the
example rows of docs/import-format.md under it, so a newcomer starts from a file that imports.
``table_help("contacts")`` is the docs' section on the table (its columns and their meaning), for
the dashboard to show in place instead of naming a path.

>>> template_csv("jurisdictions").splitlines()[0]
'id,confidentiality,source,name,level,ocd_id,parent_id'
>>> "j-pine" in template_csv("jurisdictions")
True
"""
from __future__ import annotations

import csv
import io
import re
from functools import cache
from pathlib import Path

from graph.errors import InputError
from ingest.formats import TABLE_BY_NAME, TABLES

DOC = Path(__file__).resolve().parent.parent / "docs" / "import-format.md"
NAMES = tuple(t.name for t in TABLES)


@cache
def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    parts = re.split(r"^## ", text, flags=re.M)
    return {p.split("\n", 1)[0].strip(): "## " + p for p in parts[1:]}


def table_help(table: str) -> str:
    """The docs' section on ``table`` (Markdown: our own text, never user data)."""
    spec = _spec(table)
    found = _sections().get(table)
    if found:
        return found.strip()
    return f"## {table}\n\n{spec.doc}\n\nColumns: " + ", ".join(spec.column_names)


def template_csv(table: str) -> str:
    """Every column of ``table`` as the header, then the docs' example rows (if any)."""
    spec = _spec(table)
    example = re.search(r"```csv\n(.*?)```", _sections().get(table, ""), flags=re.S)
    rows = list(csv.DictReader(io.StringIO(example.group(1)))) if example else []
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=spec.column_names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _spec(table: str):
    if table not in TABLE_BY_NAME:
        raise InputError(f'"{table}" is not an import table; the tables are: {", ".join(NAMES)}')
    return TABLE_BY_NAME[table]
