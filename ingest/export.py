"""Export the graph back to the canonical tables: the exact format import reads.

An export imported into an empty store gives the same graph (the round trip is
tested), so it doubles as the engine-independent backup. Only records the
viewer may see are exported, relationships included.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from graph import model as m
from graph import redaction
from graph.files import private_dir, private_file
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest import formats as f
from ingest.formats import DERIVED, ENDPOINTS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REDACTION_LOG = "redaction-log.csv"


def export_tables(store: Store, viewer: Viewer, *, log: list[dict[str, str]] | None = None
                  ) -> dict[str, pd.DataFrame]:
    """Every canonical table as a DataFrame of strings, filtered by the viewer's clearance.

    For a public-clearance viewer the fields of the redaction policy (graph/redaction.py) are
    emptied too; ``log`` (a list) receives one entry per value removed: table, id, column, reason.
    """
    out: dict[str, pd.DataFrame] = {}
    for spec in f.TABLES:
        if spec.node:
            out[spec.name] = _node_table(store, viewer, spec)
        else:
            out[spec.name] = _link_table(store, viewer, spec)
    _redact_references(out)
    if redaction.applies_to(viewer):
        _redact_fields(out, redaction.policy(), log)
    return out


def _redact_fields(tables: dict[str, pd.DataFrame], rules: dict[tuple[str, str], str],
                   log: list[dict[str, str]] | None) -> None:
    for (table, column), reason in sorted(rules.items()):
        frame = tables.get(table)
        if frame is None or column not in frame.columns or frame.empty:
            continue
        filled = frame[column] != ""
        if not filled.any():
            continue
        if log is not None:
            keys = frame["id"] if "id" in frame.columns else frame.index.map(lambda i: f"row {i + 2}")
            log.extend({"table": table, "id": str(k), "column": column, "reason": reason} for k in keys[filled])
        frame.loc[filled, column] = ""


def write_redaction_log(log: list[dict[str, str]], folder: Path) -> Path:
    """``redaction-log.csv`` beside a release: every value removed, and why."""
    private_dir(folder)
    path = folder / REDACTION_LOG
    pd.DataFrame(log, columns=["table", "id", "column", "reason"]).to_csv(path, index=False)
    return private_file(path)


# columns holding one id that are not list columns (those are filtered by their relationship)
_ID_COLUMNS = {("interactions", "recorded_by"), ("positions", "source_interaction")}


def _redact_references(tables: dict[str, pd.DataFrame]) -> None:
    """Blank ids that point at records the viewer may not see (a public contact's
    confidential jurisdiction, the internal staff member who recorded a public
    meeting): even an id can say too much. A blanked required id makes that row
    fail re-import, which is the honest outcome for a release."""
    visible: set[str] = set()
    for spec in f.TABLES:
        if spec.node and "id" in tables[spec.name].columns:
            visible.update(tables[spec.name]["id"])
    for spec in f.TABLES:
        frame = tables[spec.name]
        if frame.empty:
            continue
        for col in spec.columns:
            single_ref = spec.node and col.refers_to and not col.list
            if (single_ref or (spec.name, col.name) in _ID_COLUMNS) and col.name in frame.columns:
                hidden = (frame[col.name] != "") & ~frame[col.name].isin(visible)
                if hidden.any():
                    frame.loc[hidden, col.name] = ""


def public_records_viewer(viewer: Viewer) -> Viewer:
    """The same user at public clearance: a public-records release shows only public records."""
    return Viewer(viewer.user, viewer.role, m.Confidentiality.PUBLIC)


def _node_table(store: Store, viewer: Viewer, spec: f.TableSpec) -> pd.DataFrame:
    node = m.NODE_BY_LABEL[spec.node]
    ret = ", ".join(f"n.{p.name} AS {p.name}" for p in node.all_props)
    rows = read(store, viewer, f"MATCH (n:{node.label}) WHERE n.confidentiality IN $visible RETURN {ret} ORDER BY n.id")
    frame = pd.DataFrame(rows, columns=[p.name for p in node.all_props])
    for (label, column), (rel_type, target) in DERIVED.items():
        if label != node.label or not spec.column(column).list:
            continue
        links = read(
            store, viewer,
            f"MATCH (n:{label})-[r:{rel_type}]->(t:{target}) WHERE n.confidentiality IN $visible "
            f"AND r.confidentiality IN $visible AND t.confidentiality IN $visible "
            f"RETURN n.id AS id, t.id AS target ORDER BY target",
        )
        joined = pd.DataFrame(links, columns=["id", "target"]).groupby("id")["target"].agg(";".join)
        frame[column] = frame["id"].map(joined).fillna("")
    return _strings(frame.reindex(columns=spec.column_names))


def _link_table(store: Store, viewer: Viewer, spec: f.TableSpec) -> pd.DataFrame:
    a_col, b_col = ENDPOINTS[spec.name]
    frames = []
    for rel_type, kind in _rels_of(spec.name):
        rel = m.REL_BY_TYPE[rel_type]
        for a_label, b_label in rel.pairs:
            if not _pair_fits(spec, a_col, b_col, a_label, b_label):
                continue
            ret = "".join(f", r.{p.name} AS {p.name}" for p in rel.all_props)
            rows = read(
                store, viewer,
                f"MATCH (a:{a_label})-[r:{rel_type}]->(b:{b_label}) WHERE r.confidentiality IN $visible "
                f"AND a.confidentiality IN $visible AND b.confidentiality IN $visible "
                f"RETURN a.id AS {a_col}, b.id AS {b_col}{ret} ORDER BY r.id",
            )
            frame = pd.DataFrame(rows)
            if frame.empty:
                continue
            if kind and "kind" not in frame.columns:
                frame["kind"] = kind
            frames.append(frame)
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return _strings(frame.reindex(columns=spec.column_names))


def _rels_of(table: str) -> list[tuple[str, str | None]]:
    if table == "affiliations":
        return [(rel, kind.value) for kind, rel in m.AFFILIATION_REL.items()]
    if table == "expertise":
        return [(rel, kind.value) for kind, rel in m.EXPERTISE_REL.items()]
    if table == "ties":
        return [("KNOWS", "knows"), ("OWNS", "owns"), ("TIED_TO", None)]
    return [({"positions": "TAKES_POSITION", "participants": "PARTICIPATED_IN",
              "deliveries": "DELIVERED"}[table], None)]


def _pair_fits(spec: f.TableSpec, a_col: str, b_col: str, a_label: str, b_label: str) -> bool:
    return a_label in spec.column(a_col).refers_to and b_label in spec.column(b_col).refers_to


def _strings(frame: pd.DataFrame) -> pd.DataFrame:
    def text(v: Any) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        return str(v)

    return frame.apply(lambda col: col.map(text)) if len(frame) else frame.fillna("").astype(object)


def neutralize_formula(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (=, +, -, @ at the start).

    >>> neutralize_formula("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralize_formula("-0.5"), neutralize_formula("Ana")
    ('-0.5', 'Ana')
    """
    if value and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
        return True
    except ValueError:
        return False


def safe_for_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(lambda col: col.map(lambda v: neutralize_formula(v) if isinstance(v, str) else v))


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, *, for_people: bool = False) -> list[Path]:
    """CSV files: for re-import, values exactly as stored; ``for_people`` (a release that
    will be opened in spreadsheets), with formula-like cells neutralized."""
    private_dir(folder)
    paths = []
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        (safe_for_spreadsheet(frame) if for_people else frame).to_csv(path, index=False)
        paths.append(private_file(path))
    return paths


def write_excel(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """One workbook, a sheet per table, with formula-like cells neutralized for spreadsheet users."""
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in tables.items():
            safe_for_spreadsheet(frame).to_excel(writer, sheet_name=name, index=False)
    return private_file(path)
