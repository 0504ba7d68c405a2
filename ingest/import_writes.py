"""The import's writing phases: records (``load_nodes``), the links derived from their columns
(``derived``) and the link tables (``load_links``), each compared with the store first so that
importing the same data twice changes nothing. A part of ``ingest.pipeline._Import``.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from graph import dialect
from graph import model as m
from graph.audit import Change
from ingest import formats as f
from ingest.formats import DERIVED, ENDPOINTS
from ingest.import_references import _text, split_lists
from ingest.problems import Problem

BULK_THRESHOLD = 1000  # new records above this many go through the native bulk loader (one COPY beats
# MERGE batches and their per-row audit: on a 10% sample of the benchmark region, 13 MERGE writes of at most
# 5,000 new links each took 15.5 s of CPU, a quarter of the import)
BATCH = 2000


class WritePhases:
    """Comparing with the store and writing (state: ingest.pipeline._Import.__init__)."""

    # -- nodes ----------------------------------------------------------------
    def load_nodes(self, table: str) -> None:
        c = self.checked[table]
        label = c.spec.node
        node = m.NODE_BY_LABEL[label]
        frame = c.frame
        frame["source"] = _sources(frame.get("source"), c.file, c.rows)
        props = [p.name for p in node.all_props]
        given = [p for p in props if p in self._given_columns(table)] + ["source"]
        given = list(dict.fromkeys(["id", *given]))
        existing = self._existing_nodes(label, frame["id"].tolist(), [p for p in given if p not in ("id", "source")])
        is_new = ~frame["id"].isin(existing.keys())
        # a frame filtered copies every column (and first merges its blocks): not when all rows are new
        new, old = (frame, frame.iloc[:0]) if is_new.all() else (frame[is_new], frame[~is_new])
        self.stored_before[table] = old["id"].tolist()  # only these can have relationships already
        self.created.add_nodes(label, new["id"])
        changed = _changed_rows(old, existing, [p for p in given if p not in ("id", "source")])
        rep = self.reports[table]
        rep.created, rep.updated, rep.unchanged = len(new), int(changed.sum()), int((~changed).sum())
        self.progress(f"{table}: writing", 0, len(new) + int(changed.sum()))
        if len(new) > BULK_THRESHOLD:
            self.store.bulk_create_nodes(label, new[props])
        elif len(new):
            self._merge_nodes(label, new[props], props, table)
        if changed.any():
            self._merge_nodes(label, old[changed.to_numpy()][given], given, table)
        self.progress(f"{table}: done", 1, 1)

    def _given_columns(self, table: str) -> set[str]:
        # a column absent from the user's file must not blank the stored values
        return self.checked[table].given

    def _existing_nodes(self, label: str, ids: list[str], props: list[str]) -> dict[str, dict]:
        if not ids:
            return {}
        # none stored when the import began: every stored one is this import's, and a big file's
        # repeated ids are refused before they get here (pipeline._Fingerprints)
        empty = self.created.empty_at_start.get(label)
        if empty is None:
            empty = self.store.query(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"] == 0
            self.created.empty_at_start[label] = empty
        if empty:
            return {}
        return self.store.existing(label, ids, props)

    def _merge_nodes(self, label: str, frame: pd.DataFrame, props: list[str], table: str) -> None:
        total = len(frame)
        for start in range(0, total, BATCH):
            self.store.upsert_nodes(label, frame.iloc[start:start + BATCH][props], batch=BATCH)
            self.progress(f"{table}: writing", min(start + BATCH, total), total)

    # -- relationships from node columns -----------------------------------
    def derived(self, table: str) -> None:
        c = self.checked[table]
        label = c.spec.node
        if not label:
            return
        given = self._given_columns(table)
        for (node_label, column), (rel_type, target) in DERIVED.items():
            if node_label != label or column not in given or column not in c.frame.columns:
                continue
            pairs = c.frame[["id", column, "confidentiality"]].dropna(subset=[column])
            if c.spec.column(column).list:
                pos, targets = split_lists(pairs[column])
            else:
                pos, targets = np.arange(len(pairs)), pairs[column].to_numpy()
            want = pd.DataFrame({
                "from_id": pairs["id"].to_numpy()[pos],
                "to_id": targets,
                "confidentiality": pairs["confidentiality"].to_numpy()[pos],
            })
            want["id"] = rel_type + ":" + want["from_id"] + ">" + want["to_id"]
            want["source"] = f"{c.file} ({column})"
            self._sync_derived(rel_type, label, target, self.stored_before.get(table, []), want)

    def _sync_derived(self, rel_type: str, label: str, target: str, ids: list[str], want: pd.DataFrame) -> None:
        have: set[str] = set()
        if self.store.query(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n")[0]["n"]:
            for start in range(0, len(ids), 5000):
                rows = self.store.query(
                    f"UNWIND $ids AS k MATCH (a:{label} {{id: k}})-[r:{rel_type}]->(b:{target}) RETURN r.id AS id",
                    {"ids": ids[start:start + 5000]},
                )
                have.update(r["id"] for r in rows)
        stale = sorted(have - set(want["id"]))
        new = want[~want["id"].isin(have)].drop_duplicates("id")
        if stale:
            self.store.write([(dialect.delete_rels(rel_type), {"ids": stale[i:i + BATCH]})
                              for i in range(0, len(stale), BATCH)],
                             audit=[Change("delete", f"{rel_type}:{rid}", {"id": rid}, None) for rid in stale])
        self._create_rels(rel_type, label, target, new)

    def _create_rels(self, rel_type: str, from_label: str, to_label: str, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        if self.created.deferred is not None:  # a big file read in parts: one bulk load per type at its end
            self.created.defer(self.store, (rel_type, from_label, to_label), frame)
            return
        if len(frame) > BULK_THRESHOLD:
            self.store.bulk_create_rels(rel_type, from_label, to_label, frame)
            return
        self.store.upsert_rels(rel_type, from_label, to_label, frame, batch=BATCH)

    # -- link tables ----------------------------------------------------------
    def load_links(self, table: str) -> None:
        c = self.checked[table]
        rep = self.reports[table]
        frame = c.frame.copy()
        if frame.empty:
            return
        frame["source"] = _sources(frame.get("source"), c.file, c.rows)
        frame["confidentiality"] = frame["confidentiality"].where(frame["confidentiality"].notna(), "public")
        if table == "participants":  # a blind copy is never shown below confidential clearance
            frame.loc[frame["role"] == m.ParticipantRole.BCC.value, "confidentiality"] = m.Confidentiality.CONFIDENTIAL.value
        key = _key(c.spec, frame)
        frame["id"] = frame["id"].where(frame["id"].notna(), key)
        codes, _ = pd.factorize(frame["id"].to_numpy(dtype=object))
        firsts = np.unique(codes, return_index=True)[1]  # each id's first position, in one pass
        dup = pd.Series(firsts[codes] != np.arange(len(codes)), index=frame.index)
        for idx in np.flatnonzero(dup.to_numpy()):
            first = c.rows[int(firsts[codes[idx]])]
            self._reject_row(table, idx, "id", frame["id"].iloc[idx],
                             f"repeats the relationship on row {first}", "remove the repeated row")
        if dup.any():
            frame = frame[~dup]
            rows = [r for r, d in zip(c.rows, dup) if not d]
        else:
            rows = c.rows
        self._flush_rejects(table)
        a_col, b_col = ENDPOINTS[table]
        a_refs = c.spec.column(a_col).refers_to
        b_refs = c.spec.column(b_col).refers_to
        frame["__a"] = self._labels(frame[a_col], a_refs)
        frame["__b"] = self._labels(frame[b_col], b_refs)
        frame["__type"] = _rel_types(table, frame)
        frame["__row"] = rows
        frame, bad = self._check_rel_types(table, frame)
        rep.rejected += bad
        given = self._given_columns(table)
        for (rel_type, a_label, b_label), group in frame.groupby(["__type", "__a", "__b"], sort=True):
            rel = m.REL_BY_TYPE[rel_type]
            props = [p.name for p in rel.all_props]
            unusable = [col for col in group.columns if col in given and col not in props
                        and col not in (a_col, b_col, "kind") and group[col].notna().any()]
            for col in unusable:
                self.report.problems.append(Problem(
                    c.file, None, col, "", f"does not apply to {rel_type.lower()} relationships; "
                    f"{int(group[col].notna().sum())} values were not loaded",
                    f"leave {col} empty for those rows", severity="warning"))
            out = pd.DataFrame({"from_id": group[a_col].to_numpy(), "to_id": group[b_col].to_numpy()})
            for p in props:
                out[p] = group[p].to_numpy() if p in group.columns else None
            self._write_links(table, rel_type, a_label, b_label, out, [p for p in props if p in given or p in
                                                                        ("id", "source", "confidentiality")])

    def _labels(self, ids: pd.Series, labels: tuple[str, ...]) -> pd.Series:
        """The label of each id (ids are unique across node tables), vectorised."""
        out = pd.Series(None, index=ids.index, dtype=object)
        for label in labels:
            incoming = self.incoming.get(label)
            if incoming:
                out = out.where(~(out.isna() & ids.isin(incoming)), label)
        if self.known and out.isna().any():
            # found in the store: one lookup of each row's id (a set per label rebuilt from every id
            # looked up so far cost more with each chunk of a big file)
            stored = ids.map(self.known.get)
            stored = stored.where(stored.isin(labels), None)
            out = out.where(out.notna(), stored)
        return out

    def _check_rel_types(self, table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
        """Reject rows whose kind does not fit the kinds of records they join (knows between organizations)."""
        allowed = {(rel.type, a, b) for rel in m.RELS for a, b in rel.pairs}
        # each distinct (type, from label, to label) checked once: a handful, whatever the rows
        combos = pd.MultiIndex.from_arrays([frame[k].astype(str) for k in ("__type", "__a", "__b")])
        fits = pd.Series(combos.isin(list(allowed)), index=frame.index)
        c = self.checked[table]
        for idx in np.flatnonzero(~fits.to_numpy()):
            row = frame.iloc[idx]
            rel = m.REL_BY_TYPE[row["__type"]]
            pair = f"{row['__a']} to {row['__b']}".lower()
            kinds = ", ".join(f"{a} to {b}".lower() for a, b in rel.pairs)
            problem = Problem(c.file, row["__row"], "kind", str(row.get("kind") or ""),
                              f"a {rel.type.lower()} link cannot go from {pair}",
                              f"{rel.type.lower()} links go from {kinds}; check the ids or the kind")
            self.report.problems.append(problem)
            rec = {k: _text(v) for k, v in row.items() if not k.startswith("__")}
            rec["problems"] = str(problem)
            c.rejected = pd.concat([c.rejected, pd.DataFrame([rec])], ignore_index=True)
        return (frame if fits.all() else frame[fits]), int((~fits).sum())

    def _write_links(self, table: str, rel_type: str, a_label: str, b_label: str, out: pd.DataFrame,
                     given: list[str]) -> None:
        rep = self.reports[table]
        compare = [p for p in given if p not in ("id", "source")]
        # a link this import already created (a repeat in a later chunk of a big file) changes nothing
        hashes = self.created.links.hashes(out["id"])  # once: looked up here, added below
        repeat = self.created.links.contains(out["id"], hashes)
        if repeat.any():
            rep.unchanged += int(repeat.sum())
            self.report.problems.append(Problem(
                self.checked[table].file, None, None, "", f"{int(repeat.sum())} rows repeat {rel_type.lower()} "
                "links given on earlier rows of this import; they were not loaded twice",
                "remove the repeated rows", severity="warning"))
            out = out[~repeat]
            hashes = hashes[~repeat.to_numpy()]
        existing: dict[str, dict] = {}
        if self._stored_rels(rel_type):
            # a link to a record this import created cannot be stored already: look up only the others
            maybe = ~(self.created.nodes.contains(out["from_id"]) | self.created.nodes.contains(out["to_id"]))
            existing = self._existing_rels(rel_type, a_label, b_label, out[maybe], compare) if maybe.any() else {}
        is_new = ~out["id"].isin(existing.keys()) if existing else pd.Series(True, index=out.index)
        new, old = (out, out.iloc[:0]) if is_new.all() else (out[is_new], out[~is_new])
        changed = _changed_rows(old, existing, compare)
        rep.created += len(new)
        rep.updated += int(changed.sum())
        rep.unchanged += int((~changed).sum())
        self.progress(f"{table}: writing {rel_type}", 0, len(new))
        self._create_rels(rel_type, a_label, b_label, new)
        self.created.links.add(new["id"], hashes[is_new.to_numpy()])
        if changed.any():
            cols = ["from_id", "to_id", *dict.fromkeys(["id", *given])]
            self.store.upsert_rels(rel_type, a_label, b_label, old[changed.to_numpy()][cols], batch=BATCH)

    def _stored_rels(self, rel_type: str) -> bool:
        """Whether any ``rel_type`` relationship is stored (none: nothing to compare with)."""
        return bool(self.store.query(f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n")[0]["n"])

    def _existing_rels(self, rel_type: str, a_label: str, b_label: str, out: pd.DataFrame,
                       props: list[str]) -> dict[str, dict]:
        ret = "".join(f", r.{p} AS {p}" for p in props)
        found: dict[str, dict] = {}
        if len(out) > 50_000:
            # a big re-import: one scan beats a lookup per row
            for row in self.store.query(f"MATCH (a:{a_label})-[r:{rel_type}]->(b:{b_label}) RETURN r.id AS id{ret}"):
                found[row["id"]] = row
            wanted = set(out["id"])
            return {k: v for k, v in found.items() if k in wanted}
        # expand from each distinct start node (bound by its key) and keep the wanted ids: binding
        # both ends in one pattern made Ladybug scan the end table (3 s per 5,000 rows vs 0.7 s)
        wanted = set(out["id"])
        starts = sorted(set(out["from_id"]))
        for start in range(0, len(starts), 2000):
            for row in self.store.query(
                f"UNWIND $ids AS k MATCH (a:{a_label} {{id: k}})-[r:{rel_type}]->(b:{b_label}) "
                f"RETURN r.id AS id{ret}",
                {"ids": starts[start:start + 2000]},
            ):
                if row["id"] in wanted:
                    found[row["id"]] = row
        return found


def _rel_types(table: str, frame: pd.DataFrame) -> list[str]:
    if table == "affiliations":
        return [m.AFFILIATION_REL[m.AffiliationKind(k)] for k in frame["kind"]]
    if table == "expertise":
        return [m.EXPERTISE_REL[m.ExpertiseKind(k)] for k in frame["kind"]]
    if table == "ties":
        return ["KNOWS" if k == "knows" else "OWNS" if k == "owns" else "TIED_TO" for k in frame["kind"]]
    return [{"positions": "TAKES_POSITION", "participants": "PARTICIPATED_IN", "deliveries": "DELIVERED"}[table]] * len(frame)


def _key(spec: f.TableSpec, frame: pd.DataFrame) -> pd.Series:
    """A stable id from the table's key columns: the same row always gets the same id."""
    parts = [(frame[k] if pd.api.types.infer_dtype(frame[k], skipna=True) in ("string", "empty")  # text: as is
              else frame[k].map(_text, na_action="ignore")).fillna("") for k in spec.key]
    key = parts[0].astype(str)
    for p in parts[1:]:
        key = key + "|" + p.astype(str)
    return spec.name + ":" + key


def _sources(given: pd.Series | None, file: str, rows: list[int]) -> pd.Series:
    if given is not None:
        given = given.reset_index(drop=True)
        missing = np.flatnonzero(given.isna().to_numpy())
        if len(missing) < len(given):  # only the rows without a source get "file:row"
            out = given.copy()
            out.iloc[missing] = [f"{file}:{rows[i]}" for i in missing]
            return out
    return pd.Series([f"{file}:{r}" for r in rows], dtype=object)


def _changed_rows(old: pd.DataFrame, existing: dict[str, dict], props: list[str]) -> pd.Series:
    if old.empty:
        return pd.Series(False, index=old.index)
    # column by column in numpy (a re-import of 45,000 links spent 15 s here row by row); only the
    # values that differ are looked at one by one, with _same's rules
    ids = old["id"].tolist()
    changed = np.zeros(len(old), dtype=bool)
    for p in props:
        given = _nulled(old[p].to_numpy(dtype=object))
        stored = _nulled(np.array([existing.get(i, {}).get(p) for i in ids], dtype=object))
        differ = np.flatnonzero(given != stored)
        changed[differ[[not _same(given[k], stored[k]) for k in differ]]] = True
    return pd.Series(changed, index=old.index)


def _nulled(values: np.ndarray) -> np.ndarray:
    """None for every kind of missing value (None, NaN, NaT), so that two of them compare equal."""
    values = values.copy()
    values[pd.isna(values)] = None
    return values


def _same(a: Any, b: Any) -> bool:
    a, b = _none(a), _none(b)
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) < 1e-9
    return a == b


def _none(v: Any) -> Any:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return None
    return v
