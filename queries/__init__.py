"""Named Cypher queries: one ``.cypher`` file each, loaded by name.

Each file starts with a header of ``//`` comment lines::

    // title: Who sat on a body on a date
    // answers: the members of an organization on a date, with their roles
    // param organization (string): the organization's id
    // param as_of (date, optional): the date; default today
    // column contact_id: the member's id

An optional parameter used only as ``LIMIT $limit`` right after an ``ORDER BY`` line (a top-k:
issue_engagement) leaves both lines out when the caller gives none: every row, unsorted, at no cost
of sorting them.

A date parameter marked ``literal`` (``// param since (date, literal): ...``) is written
into the embedded engine's query text as ``date('2026-03-02')`` from the checked date,
never from the caller's text: Ladybug skips whole blocks of a node table for a literal
date (zone maps) but scans every row for a parameter (recent interactions: 11 ms
against 150 ms at a million interactions). Neo4j keeps the parameter (it has indexes).

A query whose header says ``// run: each branch`` is run one ``UNION ALL`` branch at a time,
its rows concatenated in the branches' order (the same rows: UNION ALL keeps every row of every
branch). Ladybug plans a many-branch UNION as one statement, every time (sensitivity_check's nine
branches: more CPU planning than running); a branch alone is planned once and its plan reused for
the same text. The branches are read side by side (``Store.query_each``): each engine runs a
statement on one core, so the query takes about its longest branch, not their sum.

``$visible`` (the confidentiality levels the viewer may see) is supplied from the
viewer by :func:`run`, never by the caller, so no query can forget the viewer; so is
``$withheld`` (the redaction policy's ``table.column`` fields the viewer may not see,
graph/redaction.py), for a query that returns such a field under another column name.
The loader rejects missing and unknown parameters, and converts CLI strings to
the declared types.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from graph import dialect, reads, redaction
from graph.errors import QueryError
from graph.store import Row, Store
from graph.viewer import Viewer

TYPES = ("string", "date", "int", "float", "bool", "list")
MAX_INT_PARAM = 1_000_000_000  # int parameters are counts (limit): beyond this the engine overflows
_HEADER = re.compile(r"^//\s*(\w+)(?:\s+(\w+))?(?:\s*\(([^)]*)\))?\s*:\s*(.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_UNION_ALL = re.compile(r"^UNION ALL$", re.MULTILINE)
EACH_BRANCH = "each branch"  # the header's ``// run:`` value for a query run one branch at a time
SUPPLIED = reads.SUPPLIED


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    help: str
    literal: bool = False  # a date written into Ladybug's text (see the module docstring)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    answers: str
    params: tuple[Param, ...]
    columns: dict[str, str]
    text: str
    extra: dict[str, str] = field(default_factory=dict)

    def cypher(self, engine: str) -> str:
        return dialect.render(self.text, engine)

    def cypher_for(self, engine: str, bound: dict[str, Any]) -> str:
        """The text for ``engine`` with the ``literal`` date parameters of ``bound`` written in (Ladybug),
        and without the ``ORDER BY`` / ``LIMIT $p`` lines of an optional ``p`` not given (see the module docstring)."""
        text = self.cypher(engine)
        for p in self.params:
            if p.optional and bound.get(p.name) is None:
                text = re.sub(rf"^ORDER BY [^\n]*\nLIMIT \${p.name} *\n?", "", text, flags=re.MULTILINE)
        if engine != dialect.LADYBUG:
            return text
        for p in self.params:
            value = bound.get(p.name)
            if p.literal and type(value) is dt.date:  # a checked date: digits and dashes only
                text = re.sub(rf"\${p.name}\b", f"date('{value.isoformat()}')", text)
        return text

    def statements(self, engine: str, bound: dict[str, Any]) -> list[str]:
        """The statements :func:`run` sends: the whole text, or each ``UNION ALL`` branch of a
        ``// run: each branch`` query (see the module docstring)."""
        text = self.cypher_for(engine, bound)
        if self.extra.get("run") != EACH_BRANCH:
            return [text]
        return [part.strip() for part in _UNION_ALL.split(text)]

    def reads(self, engine: str, bound: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """:meth:`statements` with their parameters, as ``Store.query_each`` takes them."""
        return [(text, bound) for text in self.statements(engine, bound)]

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise QueryError(f"query {self.name} has no parameter {name}")

    def bind(self, params: dict[str, Any]) -> dict[str, Any]:
        """Check and convert parameters: unknown or missing ones are errors."""
        declared = {p.name for p in self.params}
        unknown = set(params) - declared
        if unknown:
            raise QueryError(
                f"query {self.name} has no parameter {', '.join(sorted(unknown))}; "
                f"it takes {', '.join(sorted(declared)) or 'none'}"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            value = params.get(p.name)
            if value is None or value == "":
                if not p.optional:
                    raise QueryError(f"query {self.name} needs --param {p.name}=... ({p.help})")
                bound[p.name] = None
                continue
            bound[p.name] = _convert(self.name, p, value)
        return bound


def _convert(query: str, p: Param, value: Any) -> Any:
    try:
        if p.type == "date":
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        if p.type == "int":
            number = int(value)
            if not 0 <= number <= MAX_INT_PARAM:
                raise QueryError(f"query {query}: parameter {p.name} must be from 0 to {MAX_INT_PARAM:,}, "
                                 f'not "{value}"')
            return number
        if p.type == "float":
            number = float(value)
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(value)
            return number
        if p.type == "bool":
            if isinstance(value, bool):
                return value
            return {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}[
                str(value).lower()
            ]
        if p.type == "list":
            if isinstance(value, (list, tuple)):
                return [str(v) for v in value]
            return [v.strip() for v in str(value).split(",") if v.strip()]
        return str(value)
    except (ValueError, KeyError):
        raise QueryError(f'query {query}: parameter {p.name} must be a {p.type}, not "{value}"') from None


def parse(name: str, text: str) -> NamedQuery:
    meta: dict[str, str] = {}
    params: list[Param] = []
    columns: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("//"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, arg, kind, value = match.groups()
        if key == "param" and arg:
            parts = [k.strip() for k in (kind or "string").split(",")]
            if parts[0] not in TYPES:
                raise QueryError(f"queries/{name}.cypher: parameter {arg} has unknown type {parts[0]}")
            if "literal" in parts and parts[0] != "date":
                raise QueryError(f"queries/{name}.cypher: only a date parameter can be literal ({arg})")
            params.append(Param(arg, parts[0], "optional" in parts, value.strip(), "literal" in parts))
        elif key == "column" and arg:
            columns[arg] = value.strip()
        else:
            meta[key] = value.strip()
    if "title" not in meta or "answers" not in meta:
        raise QueryError(f"queries/{name}.cypher needs '// title:' and '// answers:' header lines")
    if "run" in meta:
        meta["run"] = meta["run"].split("(")[0].strip()  # "each branch (why...)"
    if meta.get("run", EACH_BRANCH) != EACH_BRANCH:
        raise QueryError(f"queries/{name}.cypher: '// run: {meta['run']}' is not known; the one choice is "
                         f"'// run: {EACH_BRANCH}'")
    if meta.get("run") == EACH_BRANCH and re.search(r"^UNION(?! ALL$)", text, re.MULTILINE):
        raise QueryError(f"queries/{name}.cypher: '// run: {EACH_BRANCH}' needs every branch joined by a "
                         "'UNION ALL' line of its own (a UNION removes duplicates across branches)")
    used = set(_PARAM_USE.findall(text)) - set(SUPPLIED)
    declared = {p.name for p in params}
    if used != declared:
        raise QueryError(
            f"queries/{name}.cypher: parameters used {sorted(used)} but declared {sorted(declared)}"
        )
    return NamedQuery(
        name,
        meta.pop("title"),
        meta.pop("answers"),
        tuple(params),
        columns,
        text,
        meta,
    )


@cache
def catalogue() -> dict[str, NamedQuery]:
    """Every named query shipped in this package, by name."""
    out = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            name = entry.name[: -len(".cypher")]
            out[name] = parse(name, entry.read_text(encoding="utf-8"))
    return out


def get(name: str) -> NamedQuery:
    try:
        return catalogue()[name]
    except KeyError:
        known = ", ".join(sorted(catalogue()))
        raise QueryError(f'there is no query named "{name}"; the queries are: {known}') from None


def supplied(viewer: Viewer) -> dict[str, Any]:
    """The parameters every read gets from its viewer (``SUPPLIED``): ``$visible``, the
    confidentiality levels of their clearance, and ``$withheld``, the redaction policy's fields
    they may not see (graph/redaction.py). Named queries get them here, inline reads (in queries/
    and ingest/) through ``graph.reads.read``, which is where they are made."""
    return reads.supplied(viewer)


def run(store: Store, name: str, viewer: Viewer, **params: Any) -> list[Row]:
    """Run a named query for ``viewer``: it only sees records its clearance allows."""
    query = get(name)
    bound = {**query.bind(params), **supplied(viewer)}
    rows = [row for part in store.query_each(query.reads(store.engine, bound)) for row in part]
    return redaction.redact_rows(rows, _redacted_for(viewer))


def run_df(store: Store, name: str, viewer: Viewer, **params: Any):
    """:func:`run` as a pandas DataFrame with the query's declared columns, for answers too long for dicts.

    Dates are pandas datetimes (NaT where missing): vectorised work stays fast; :func:`records`
    turns the rows a caller shows back into dicts with ``datetime.date`` values.
    """
    query = get(name)
    bound = {**query.bind(params), **supplied(viewer)}
    frames = store.query_each(query.reads(store.engine, bound), form="frame")
    frame = frames[0] if len(frames) == 1 else _concat(frames)
    frame = frame.reindex(columns=list(query.columns))
    hidden = [c for c in _redacted_for(viewer) if c in frame.columns]
    if hidden:
        frame[hidden] = None
    return frame


def _concat(frames):
    """The branches' frames as one. A column with no value in one branch (Neo4j gives it no type:
    object) takes the type another branch gives it, where that type holds a missing value (floats,
    dates, text); pandas is to stop ignoring such columns when it picks the result's type."""
    import pandas as pd

    kept = [f for f in frames if not f.empty] or frames[:1]  # an empty branch's columns have no dtype to keep
    if len(kept) > 1:
        for col in kept[0].columns:
            typed = next((f[col].dtype for f in kept if col in f and f[col].notna().any()), None)
            if typed is None or typed.kind not in "fMOU":
                continue
            kept = [f.astype({col: typed}) if col in f and f[col].dtype != typed and f[col].isna().all() else f
                    for f in kept]
    return pd.concat(kept, ignore_index=True)


def _redacted_for(viewer: Viewer) -> set[str]:
    """Columns a public-clearance viewer never sees (graph/redaction.py): personal data, staff notes."""
    return redaction.redacted_columns() if redaction.applies_to(viewer) else set()


def records(frame) -> list[Row]:
    """Rows of a :func:`run_df` frame as :func:`run` gives them: None where missing, dates as dates."""
    import pandas as pd

    out = frame.astype(object).where(frame.notna(), None)
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            out[col] = [None if v is None else v.date() for v in out[col]]
    return out.to_dict("records")
