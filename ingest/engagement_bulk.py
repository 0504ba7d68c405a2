"""ENGAGED_ON computed in bulk: one read of the edge lists, one grouped pass in pandas, one write.

The same counts as the Cypher in ingest/engagement.py (which still updates the few
pairs one logged interaction touches), computed here for the whole store after an
import: rebuilding them through queries took 58 s on the benchmark region, one issue
at a time; reading the four edge lists and grouping them takes seconds.

The rules, as there: an interaction's level for a subject and an issue is the
highest of the interaction's, the participation's (or INVOLVES link's), the ABOUT
link's and those of the issues and PART_OF links on the path up to the issue (up to
five steps); over several routes it counts once, at its lowest level; an unknown
level (no confidentiality) is never counted.

:func:`engagement_events` gives one row per (subject, issue, interaction) with that
level: the input of every derived engagement table (ENGAGED_ON here; a per-period
table groups the same rows by month).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from graph import model as m
from graph.store import Store

LEVELS = [c.value for c in m.Confidentiality]  # public, internal, confidential
UNKNOWN = len(LEVELS)  # the rank of a missing or unknown level: never counted
MAX_DEPTH = 5  # issue steps followed upwards, as part_of_0_5 in the queries

# subject label -> the edge list joining it to interactions (subject id, interaction id, link level)
_LINKS = {
    m.C: "MATCH (s:Contact)-[l:PARTICIPATED_IN]->(x:Interaction) RETURN s.id AS sid, x.id AS xid, "
         "l.confidentiality AS lc",
    m.O: "MATCH (x:Interaction)-[l:INVOLVES]->(s:Organization) RETURN s.id AS sid, x.id AS xid, "
         "l.confidentiality AS lc",
}


def rank(levels: pd.Series) -> np.ndarray:
    """0, 1, 2 for public, internal, confidential; 3 for anything else (missing included).

    >>> rank(pd.Series(["internal", None, "public", "secret"])).tolist()
    [1, 3, 0, 3]
    """
    codes = pd.Categorical(levels, categories=LEVELS).codes.astype(np.int8)
    return np.where(codes < 0, UNKNOWN, codes).astype(np.int8)


def issue_paths(issues: pd.DataFrame, part_of: pd.DataFrame) -> pd.DataFrame:
    """(sub, top, pl): every issue ``sub`` at or below ``top`` (0 to 5 steps) and the lowest level
    over the routes from one to the other (a route's level: the highest of its issues and links).

    >>> issues = pd.DataFrame({"id": ["t", "a"], "c": ["public", "internal"]})
    >>> part_of = pd.DataFrame({"a": ["a"], "b": ["t"], "c": ["public"]})
    >>> sorted(issue_paths(issues, part_of).itertuples(index=False, name=None))
    [('a', 'a', 1), ('a', 't', 1), ('t', 't', 0)]
    """
    level = dict(zip(issues["id"], rank(issues["c"]).tolist()))
    up: dict[str, list[tuple[str, int, int]]] = {}
    for k, (a, b, c) in enumerate(zip(part_of["a"], part_of["b"], rank(part_of["c"]).tolist())):
        up.setdefault(a, []).append((b, c, k))
    best: dict[tuple[str, str], int] = {}
    # the hierarchy is a few dozen issues: walk every trail (no link twice) up to MAX_DEPTH steps
    stack = [(i, i, level[i], frozenset()) for i in level]
    while stack:
        sub, node, pl, used = stack.pop()
        key = (sub, node)
        best[key] = min(best.get(key, UNKNOWN), pl)
        if len(used) >= MAX_DEPTH:
            continue
        for parent, link, k in up.get(node, ()):
            if k not in used and parent in level:
                stack.append((sub, parent, max(pl, link, level[parent]), used | {k}))
    rows = [(s, t, pl) for (s, t), pl in best.items() if pl < UNKNOWN]
    return pd.DataFrame(rows, columns=["sub", "top", "pl"]).astype({"pl": np.int8})


def engagement_events(store: Store) -> dict[str, pd.DataFrame]:
    """Per subject label: one row per (sid, tid, xid) with the interaction's date ``d`` and level ``lvl`` (< 3);
    ``xid`` is a number standing for the interaction (the counts need only tell interactions apart).

    ``sid`` and ``tid`` are categoricals whose categories are sorted: millions of rows hold a small
    code each, not a string object each. The edge lists are read as Arrow, their ids turned into
    codes in Arrow's C++ (``dictionary_encode``, ``index_in``), and every join and grouping is numpy
    on those codes (:func:`_expand`, :func:`_lowest`): at the benchmark scale the pandas merges and
    groupings on strings were 17 s of the import (py-spy, 2026-12-04).
    """
    issues = store.query_df("MATCH (i:Issue) RETURN i.id AS id, i.confidentiality AS c")
    if issues.empty:
        return {label: _no_events() for label in _LINKS}
    part_of = store.query_df("MATCH (a:Issue)-[r:PART_OF]->(b:Issue) RETURN a.id AS a, b.id AS b, "
                             "r.confidentiality AS c")
    if part_of.empty:
        part_of = pd.DataFrame(columns=["a", "b", "c"])
    tids = np.sort(issues["id"].dropna().unique().astype(object))
    paths = issue_paths(issues, part_of)
    paths = paths.assign(sub=tids.searchsorted(paths["sub"]), top=tids.searchsorted(paths["top"]))
    paths = paths.sort_values(["sub", "top"], kind="stable")
    about = store.query_arrow("MATCH (x:Interaction)-[a:ABOUT]->(i:Issue) RETURN x.id AS xid, i.id AS sub, "
                              "a.confidentiality AS ac, x.confidentiality AS xc, x.date AS d")
    if not about.num_rows:
        return {label: _no_events() for label in _LINKS}
    xid, xids = _codes(about["xid"])  # interaction -> its number; xids: the ids in that order
    al = np.maximum(_rank(about["ac"]), _rank(about["xc"]))
    sub = _lookup(about["sub"], tids)
    day = _days(about["d"])
    keep = (al < UNKNOWN) & (sub >= 0)
    xid, sub, al, day = xid[keep], sub[keep], al[keep], day[keep]
    # each ABOUT link once per issue at or above its issue (0 to 5 steps), at the higher of the two levels
    at, pick = _expand(sub, paths["sub"].to_numpy(), len(tids))
    xid, top, xl, day = xid[at], paths["top"].to_numpy()[pick], np.maximum(al[at], paths["pl"].to_numpy()[pick]), day[at]
    # one interaction about two issues under the same top counts once, at its lowest level
    first = _lowest(xid.astype(np.int64) * len(tids) + top, xl)
    xid, top, xl, day = xid[first], top[first], xl[first], day[first]  # sorted by interaction, then top
    out = {}
    for label, cypher in _LINKS.items():
        links = store.query_arrow(cypher)
        if not links.num_rows:
            out[label] = _no_events()
            continue
        sid, sids = _codes(links["sid"], sort=True)
        lx, ll = _lookup(links["xid"], xids), _rank(links["lc"])
        keep = (ll < UNKNOWN) & (lx >= 0)  # -1: an interaction about no issue
        sid, lx, ll = sid[keep], lx[keep], ll[keep]
        # a person in an interaction twice (two roles) counts once, at the lower level
        once = _lowest(sid.astype(np.int64) * len(xids) + lx, ll)
        sid, lx, ll = sid[once], lx[once], ll[once]
        at, pick = _expand(lx, xid, len(xids))
        out[label] = pd.DataFrame({
            "sid": pd.Categorical.from_codes(sid[at], categories=np.asarray(sids.to_pylist(), dtype=object)),
            "tid": pd.Categorical.from_codes(top[pick], categories=tids),
            "xid": lx[at].astype(np.int64), "d": day[pick].astype("datetime64[s]"),
            "lvl": np.maximum(ll[at], xl[pick]).astype(np.int8)})
    return out


def _codes(column, *, sort: bool = False):
    """(code per row, the distinct values as an Arrow array): ``values[code]`` is the row's value.
    With ``sort``, the values are in sorted order (UTF-8 byte order: Python's order of ``str``).
    Hashed in Arrow's C++.

    >>> import pyarrow as pa
    >>> codes, values = _codes(pa.chunked_array([["b", "a"], ["b"]]), sort=True)
    >>> codes.tolist(), values.to_pylist()
    ([1, 0, 1], ['a', 'b'])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = column.dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    values = encoded.dictionary
    if sort and len(values):
        order = pc.array_sort_indices(values).to_numpy()
        codes = np.argsort(order)[codes]
        values = values.take(pa.array(order))
    return codes, values


def _lookup(column, values) -> np.ndarray:
    """Each row's place in ``values`` (an Arrow array or a sequence of text; -1 where it is not there)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pa.array(list(values), pa.string())
    return pc.index_in(column, value_set=values).fill_null(-1).to_numpy().astype(np.int64)


def _rank(column) -> np.ndarray:
    """:func:`rank` of an Arrow column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(column, value_set=pa.array(LEVELS, pa.string()))
    return found.fill_null(UNKNOWN).to_numpy().astype(np.int8)


def _days(column) -> np.ndarray:
    """An Arrow date column as ``datetime64[D]`` (NaT where missing)."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype="datetime64[D]")


def _expand(keys: np.ndarray, table_keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """An inner join on integer keys in ``0..n-1``: the pairs (row of ``keys``, row of ``table_keys``)
    with equal keys, ``table_keys`` being sorted. In the order of ``keys``' rows.

    >>> at, pick = _expand(np.array([1, 0, 2]), np.array([0, 1, 1]), 3)
    >>> at.tolist(), pick.tolist()
    ([0, 0, 1], [1, 2, 0])
    """
    counts = np.bincount(table_keys, minlength=n)
    starts = np.zeros(n, np.int64)
    np.cumsum(counts[:-1], out=starts[1:])
    rep = counts[keys]
    at = np.repeat(np.arange(len(keys)), rep)
    # row k of the result picks starts[key] + (k - the result's first row for that key)
    return at, (starts[keys] - (np.cumsum(rep) - rep))[at] + np.arange(len(at))


def _distinct(key: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for keys in ``0..bound-1``: without a sort where a flag
    per possible key is affordable (the subject-issue pairs: 3 s of sorting at the benchmark scale).

    >>> [a.tolist() for a in _distinct(np.array([7, 2, 7, 0]), 8)]
    [[0, 2, 7], [2, 1, 2, 0]]
    """
    if bound > 64 * len(key) + 2**20:
        return np.unique(key, return_inverse=True)
    present = np.zeros(bound, bool)
    present[key] = True
    place = np.cumsum(present) - 1
    return np.flatnonzero(present), place[key]


def _lowest(key: np.ndarray, level: np.ndarray) -> np.ndarray:
    """The rows to keep: for each distinct key, its row with the lowest level, in key order.

    >>> _lowest(np.array([5, 3, 5]), np.array([2, 1, 0])).tolist()
    [1, 2]
    """
    order = np.lexsort((level, key))
    sorted_key = key[order]
    return order[np.r_[True, sorted_key[1:] != sorted_key[:-1]]] if len(key) else order


def _no_events() -> pd.DataFrame:
    return pd.DataFrame({"sid": pd.Series(dtype=object), "tid": pd.Series(dtype=object),
                         "xid": pd.Series(dtype=np.int64), "d": pd.Series(dtype="datetime64[us]"),
                         "lvl": pd.Series(dtype=np.int8)})


COLUMNS = ["from_id", "to_id", "id", "confidentiality", "source"] + [f"{k}_{lv}" for k in ("n", "last", "days", "upto")
                                                                      for lv in LEVELS]


def engaged_on(events: pd.DataFrame, source: str) -> pd.DataFrame:
    """ENGAGED_ON rows (from_id, to_id and the relationship's properties) from :func:`engagement_events`,
    sorted by subject and issue: per level, the count and the latest date, and their history (``days_L``,
    the days with at least one interaction at that level, ascending; ``upto_L``, the count up to and
    including each; NULL for a level with none) as text (:func:`_text`). One sort of the events by (pair, level,
    day) gives all of it; the lists are offsets into that order, no Python per row.

    >>> import datetime
    >>> ev = pd.DataFrame({"sid": ["c", "c", "c", "o"], "tid": ["t", "t", "t", "t"], "xid": [1, 2, 3, 1],
    ...                    "lvl": [0, 2, 0, 1], "d": pd.to_datetime(["2025-01-10", "2025-03-01", "2025-01-10",
    ...                                                           "2025-01-10"])})
    >>> e = engaged_on(ev, "derived")
    >>> e[["id", "confidentiality", "n_public", "n_internal", "n_confidential"]].values.tolist()
    [['ENGAGED_ON:c>t', 'public', 2, 0, 1], ['ENGAGED_ON:o>t', 'internal', 0, 1, 0]]
    >>> e["days_confidential"].tolist(), e["upto_public"].tolist()
    (['2025-03-01', <NA>], ['2', <NA>])
    """
    import pyarrow as pa

    events = events[events["d"].notna()]  # an interaction's date is required: none without one
    if events.empty:
        return pd.DataFrame(columns=COLUMNS)
    sid, sids = pd.factorize(events["sid"], sort=True)
    tid, tids = pd.factorize(events["tid"], sort=True)
    day = pd.to_datetime(events["d"]).to_numpy("datetime64[D]").astype(np.int64)
    lvl = events["lvl"].to_numpy(np.int64)
    levels, first = len(LEVELS), int(day.min())
    span = int(day.max()) - first + 1
    pairs, pair = _distinct(sid.astype(np.int64) * len(tids) + tid, len(sids) * len(tids))  # by subject, issue
    # one key per (pair, level, day), in that order: how many interactions each, then running totals
    key, count = np.unique((pair.astype(np.int64) * levels + lvl) * span + (day - first), return_counts=True)
    group, offset = np.divmod(key, span)
    at_pair, at_level = np.divmod(group, levels)
    total = np.cumsum(count)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    upto = total - np.repeat(total[starts] - count[starts], np.diff(np.r_[starts, len(group)]))
    days = (offset + first).astype("datetime64[D]")
    out = pd.DataFrame({"from_id": np.asarray(sids, dtype=object)[pairs // len(tids)],
                        "to_id": np.asarray(tids, dtype=object)[pairs % len(tids)]})
    for r, lv in enumerate(LEVELS):
        at = at_level == r
        lengths = np.bincount(at_pair[at], minlength=len(pairs))
        offsets = np.zeros(len(pairs) + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
        some = lengths > 0
        ends = offsets[1:][some] - 1
        n = np.zeros(len(pairs), np.int64)
        n[some] = upto[at][ends]
        last = np.full(len(pairs), np.datetime64("NaT"), "datetime64[D]")
        last[some] = days[at][ends]
        out[f"n_{lv}"], out[f"last_{lv}"] = n, last
        offsets, none = pa.array(offsets, pa.int32() if offsets[-1] < 2**31 else pa.int64()), pa.array(~some)
        lists = pa.LargeListArray if offsets.type == pa.int64() else pa.ListArray
        out[f"days_{lv}"] = _text(lists.from_arrays(offsets, pa.array(days[at], pa.date32()), mask=none))
        out[f"upto_{lv}"] = _text(lists.from_arrays(offsets, pa.array(upto[at], pa.int64()), mask=none))
    out["id"] = "ENGAGED_ON:" + out["from_id"] + ">" + out["to_id"]
    out["confidentiality"] = np.select([out[f"n_{lv}"] > 0 for lv in LEVELS], LEVELS, default=None)
    out["source"] = source
    return out[COLUMNS]


def _text(lists):
    """Arrow lists as the history's text: the items (ISO dates, counts) separated by one space, NULL
    for a NULL list (graph/model.py, ENGAGED_ON). In Arrow, no Python per row.

    >>> import pyarrow as pa
    >>> _text(pa.array([[1, 12], None], pa.list_(pa.int64()))).tolist()
    ['1 12', <NA>]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.cast(lists, pa.large_list(pa.string()) if pa.types.is_large_list(lists.type) else pa.list_(pa.string()))
    return pd.arrays.ArrowExtensionArray(pc.binary_join(text, m.HISTORY_SEPARATOR))
