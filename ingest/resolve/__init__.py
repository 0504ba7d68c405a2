"""Entity resolution: which rows of which lists are the same person.

>>> import pandas as pd
>>> lists = pd.DataFrame({
...     "name": ["Sen. Eduardo 'Eddie' Lucio Jr.", "Eddie Lucio, Jr.", "Eddie Lucio III"],
...     "email": ["elucio@senate.texas.gov", "ELucio@Senate.Texas.gov", ""],
... })
>>> res = resolve_records(lists)
>>> [c.records for c in res.clusters]
[[0, 1], [2]]

Pipeline: columns.py maps headers onto fields, prepare.py normalises each
record once, blocking.py finds candidate pairs, scoring.py weighs the
evidence and applies the guard rails, cluster.py groups records into people.
Nothing here reads or writes the store.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from graph.errors import InputError
from ingest.normalize import normalize_email, normalize_phone
from ingest.problems import Problem
from ingest.readers import read_table_file
from ingest.resolve.blocking import candidate_pairs
from ingest.resolve.cluster import DISTINCT, MERGE, REVIEW, Cluster, Pair, build_clusters, decide
from ingest.resolve.columns import FIELDS, ColumnMappingError, apply_mapping, header_key, map_columns
from ingest.resolve.learn import learn_weights
from ingest.resolve.prepare import prepare
from ingest.resolve.scoring import RAILS, Frequencies, score_pairs

__all__ = ["AUTO_THRESHOLD", "REVIEW_THRESHOLD", "Cluster", "ColumnMappingError", "Pair", "Resolution",
           "MERGE", "REVIEW", "DISTINCT", "WEIGHTS", "as_records", "one_row_per_person", "resolve_files",
           "resolve_records"]

AUTO_THRESHOLD = 0.95  # at or above: merged without asking
REVIEW_THRESHOLD = 0.5  # at or above (and below AUTO): a person decides; below: different people
PROVENANCE = ("source_file", "source_row", "source_list")
WEIGHTS = ("set", "learned")  # the weights of scoring.py, or learned from the records by EM (learn.py)


@dataclass
class Resolution:
    records: pd.DataFrame  # one row per input row: the fields plus source_file, source_row, source_list
    clusters: list[Cluster]  # one per person; every record is in exactly one
    pairs: list[Pair]  # every pair judged merge or review (a pair a guard rail blocked is one to review)
    review: list[Pair]  # pairs a person should look at, most likely first
    stats: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # what the readers found in the files (ingest.problems.Problem)
    notes: list[str] = field(default_factory=list)

    def source(self, record: int) -> dict:
        """Where a record came from: ``{"file", "row"}``, or ``{"store_id"}`` for a stored contact."""
        row = self.records.iloc[record]
        if row.get("store_id"):
            return {"store_id": str(row["store_id"])}
        return {"file": row["source_file"], "row": int(row["source_row"])}

    def as_dict(self) -> dict:
        """The stable JSON shape documented in docs/entity-resolution.md."""
        pair = lambda q: {"records": [self.source(q.a), self.source(q.b)], "score": round(q.score, 4),  # noqa: E731
                          "decision": q.decision, "evidence": q.evidence}
        return {
            "clusters": [{"id": c.id, "score": round(c.score, 4), "records": [self.source(r) for r in c.records],
                          "names": [display_name(self.records.iloc[r]) for r in c.records],
                          "evidence": c.evidence} for c in self.clusters],
            "review": [pair(q) for q in self.review],
            "pairs": [pair(q) for q in self.pairs],
            "stats": self.stats,
        }


def _with_provenance(df: pd.DataFrame, mapping: dict[str, str] | None, file: str) -> pd.DataFrame:
    given = [c for c in PROVENANCE if c in df.columns]
    data = df.drop(columns=given)
    cols = map_columns([str(c) for c in data.columns], mapping, file=file)
    records = apply_mapping(data.set_axis([str(c) for c in data.columns], axis=1), cols)
    records["source_file"] = df["source_file"].astype(str) if "source_file" in df else file
    records["source_row"] = df["source_row"].astype(int) if "source_row" in df else np.arange(1, len(df) + 1)
    lists = df["source_list"].astype(str) if "source_list" in df else records["source_file"]
    records["source_list"] = [f"{lst}: {own}" if own else lst for lst, own in zip(lists, records["list"])]
    return records.reset_index(drop=True)


def as_records(df: pd.DataFrame, mapping: dict[str, str] | None = None) -> pd.DataFrame:
    """A frame with the resolver's fields (its columns mapped as a list's headers are) and provenance."""
    return df if set(FIELDS) <= set(df.columns) and "source_file" in df else _with_provenance(df, mapping, "records")


@contextmanager
def _collector_paused():
    """Scoring makes millions of small objects, which sets the cyclic garbage collector off again
    and again (a tenth of the time at 20 000 records); nothing here makes reference cycles, so
    the collector waits until the end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def resolve_records(df: pd.DataFrame, *, auto_threshold: float = AUTO_THRESHOLD,
                    review_threshold: float = REVIEW_THRESHOLD, mapping: dict[str, str] | None = None,
                    max_block: int = 100, window: int = 20, max_cluster: int = 50,
                    rails=RAILS, weights: str = "set", workers: int = 2) -> Resolution:
    """Resolve the rows of one frame (columns named as in columns.FIELDS or their usual spellings).

    Optional ``source_file``/``source_row``/``source_list`` columns carry provenance;
    without them rows are numbered from 1 in a file called "records".
    ``rails`` names the guard rails that block automatic merges: by default all of
    "suffix", "birth_date" and "office".
    ``weights``: "set" (scoring.py, the default: it measured better on our messy lists,
    docs/entity-resolution.md) or "learned" (m/u estimated by EM from these records, learn.py).
    ``workers``: 2 compares many candidate pairs in two processes (scoring.comparator_levels),
    1 in this one; the result is the same.
    """
    rails = frozenset(rails)
    if rails - RAILS:
        raise InputError(f'unknown guard rail(s) {", ".join(sorted(rails - RAILS))}; use {", ".join(sorted(RAILS))}')
    if weights not in WEIGHTS:
        raise InputError(f'weights "{weights}": use one of {", ".join(WEIGHTS)}')
    if not 0 <= review_threshold <= auto_threshold <= 1:
        raise InputError(f"thresholds must satisfy 0 <= review ({review_threshold}) <= auto ({auto_threshold}) <= 1")
    with _collector_paused():
        return _resolve(as_records(df, mapping), auto_threshold, review_threshold, max_block, window, max_cluster,
                        rails, weights, workers)


def _resolve(records: pd.DataFrame, auto_threshold: float, review_threshold: float, max_block: int, window: int,
             max_cluster: int, rails: frozenset[str], weights: str, workers: int = 1) -> Resolution:
    prepared = prepare(records, workers)
    candidates = candidate_pairs(prepared, max_block=max_block, window=window)
    freq = Frequencies(prepared)
    learned = learn_weights(prepared, candidates, freq) if weights == "learned" else None
    scores = score_pairs(prepared, candidates, freq, rails, learned, workers=workers)
    decisions = decide(scores.probability, scores.blocked, auto_threshold=auto_threshold,
                       review_threshold=review_threshold)
    # a guard rail matters only where the score alone would merge or ask: other blocked pairs are distinct
    kept = np.flatnonzero(decisions != DISTINCT)
    shown = scores.take(kept)  # evidence is written only for the pairs someone reads (Pair.evidence)
    vouched = shown.view.vouched
    pairs = [Pair(a, b, score, decision, vouched=vouched.get(n, ""), explain=partial(shown.evidence, n))
             for n, (a, b, score, decision) in enumerate(zip(candidates[kept, 0].tolist(), candidates[kept, 1].tolist(),
                                                             scores.probability[kept].tolist(), decisions[kept]))]
    clusters, review = build_clusters(prepared, pairs, freq=freq, max_size=max_cluster, rails=rails)
    stats = {"records": prepared.n, "candidate_pairs": int(len(candidates)),
             "merge_pairs": sum(q.decision == MERGE for q in pairs), "review_pairs": len(review),
             "people": len(clusters), "auto_threshold": auto_threshold, "review_threshold": review_threshold,
             "guard_rails": sorted(rails)}
    return Resolution(records, clusters, pairs, review, stats)


# -- files -----------------------------------------------------------------------

def _read_list(path: Path) -> tuple[list[tuple[str, pd.DataFrame]], list[Problem], list[str]]:
    """(label, frame of strings) for a CSV / JSON Lines file or each non-empty sheet of a workbook,
    read by ingest.readers like every other input, with its problems and notes.

    Frames carry ``source_row``: the row number the user sees (the header is row 1).
    Rows whose values do not line up with the header are left out and reported.
    """
    source = read_table_file(path)
    out, problems = [], list(source.problems)
    for label, table in source.tables.items():
        frame = table.frame.copy()
        frame["source_row"] = table.rows
        if table.broken:
            problems.extend(Problem(p.file, p.row, p.column, p.value, p.message + "; the row was not resolved",
                                    p.fix, "warning") for p in table.broken.values())
            frame = frame.drop(index=list(table.broken))
        frame = frame[frame.drop(columns="source_row").apply(lambda r: any(str(v).strip() for v in r), axis=1)]
        if len(frame):
            out.append((label, frame.reset_index(drop=True)))
    return out, problems, list(source.notes)


def read_lists(paths, mapping: dict[str, str] | None = None, *, problems: list | None = None,
               notes: list | None = None) -> pd.DataFrame:
    """All lists in one frame of fields, with file, row and list name of each record.

    ``problems`` / ``notes``, if given, receive what the readers found (misaligned rows,
    files that are not UTF-8).
    """
    mapping = dict(mapping or {})
    frames, used = [], set()
    for path in map(Path, paths):
        named, found, said = _read_list(path)
        if problems is not None:
            problems.extend(found)
        if notes is not None:
            notes.extend(said)
        for name, frame in named:
            keys = {header_key(c): c for c in frame.columns if c != "source_row"}
            own = {keys[header_key(k)]: v for k, v in mapping.items() if header_key(k) in keys}
            used |= {k for k in mapping if header_key(k) in keys}
            frame = frame.assign(source_file=name, source_list=Path(name.split("[")[0]).stem
                                 if "[" not in name else name)
            frames.append(_with_provenance(frame, own, name))
    unknown = set(mapping) - used
    if unknown:
        raise ColumnMappingError(f'--map names column(s) {", ".join(sorted(unknown))} that no list has; '
                                 "check the spelling of the header")
    if not frames:
        raise InputError("the lists given have no rows")
    return pd.concat(frames, ignore_index=True)


def resolve_files(paths, mapping: dict[str, str] | None = None, **options) -> Resolution:
    """Read CSV / Excel contact lists and resolve them together.

    ``mapping`` overrides the automatic column mapping: ``{"Surname": "family_name"}``.
    """
    problems: list[Problem] = []
    notes: list[str] = []
    res = resolve_records(read_lists(paths, mapping, problems=problems, notes=notes), **options)
    res.problems, res.notes = problems, notes
    return res


# -- invitation lists ------------------------------------------------------------

def display_name(row) -> str:
    if row.get("name"):
        return str(row["name"])
    parts = [row.get(k, "") for k in ("honorific", "given_name", "middle_name", "family_name")]
    name = " ".join(p for p in parts if p)
    return f"{name}, {row['suffix']}" if row.get("suffix") else name


def _most_common(values) -> str:
    values = [v for v in values if v]
    return max(dict.fromkeys(values), key=values.count) if values else ""


def one_row_per_person(clusters: list[Cluster], records: pd.DataFrame, review: list[Pair] = ()) -> pd.DataFrame:
    """One invitation row per person, with every list and membership that qualified them.

    ``needs_review`` names the other people this one may be (pending review pairs),
    so that nobody is invited twice without someone having looked.
    """
    owner = {r: c.id for c in clusters for r in c.records}
    maybe: dict[str, set[str]] = {}
    for q in review:
        a, b = owner.get(q.a), owner.get(q.b)  # a pair may reach a record left out of ``clusters``
        if a is not None and b is not None and a != b:
            maybe.setdefault(a, set()).add(b)
            maybe.setdefault(b, set()).add(a)
    rows = []
    for c in clusters:
        recs = [records.iloc[r] for r in c.records]
        names = [display_name(r) for r in recs]
        emails = [normalize_email(e) for r in recs for e in str(r.get("email", "")).split(";")]
        phones = [normalize_phone(p) for r in recs for p in str(r.get("phone", "")).split(";")]
        memberships = [" ".join(x for x in (r.get("title", ""), r.get("office", "")) if x) or r.get("organization", "")
                       for r in recs]
        rows.append({
            "person_id": c.id,
            "name": max(names, key=lambda n: (names.count(n), len(n))),
            "email": _most_common(emails),
            "phone": _most_common(phones),
            "organization": _most_common([r.get("organization", "") for r in recs]),
            "title": _most_common([r.get("title", "") for r in recs]),
            "address": _most_common([" ".join(x for x in (r.get("address", ""), r.get("city", ""),
                                                         r.get("state", ""), r.get("postcode", "")) if x)
                                     for r in recs]),
            "lists": "; ".join(dict.fromkeys(r["source_list"] for r in recs)),
            "memberships": "; ".join(dict.fromkeys(f"{r['source_list']} ({m})" if m else r["source_list"]
                                                   for r, m in zip(recs, memberships))),
            "records": "; ".join(f"{r['source_file']}:{r['source_row']}" for r in recs),
            "record_count": len(recs),
            "score": round(c.score, 4),
            "needs_review": "; ".join(sorted(maybe.get(c.id, ()), key=lambda s: int(s[1:]))),
        })
    return pd.DataFrame(rows)
