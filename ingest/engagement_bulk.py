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
    ``xid`` is a number standing for the interaction (the counts need only tell interactions apart)."""
    issues = store.query_df("MATCH (i:Issue) RETURN i.id AS id, i.confidentiality AS c")
    if issues.empty:
        return {label: _no_events() for label in _LINKS}
    part_of = store.query_df("MATCH (a:Issue)-[r:PART_OF]->(b:Issue) RETURN a.id AS a, b.id AS b, "
                             "r.confidentiality AS c")
    if part_of.empty:
        part_of = pd.DataFrame(columns=["a", "b", "c"])
    paths = issue_paths(issues, part_of)
    about = store.query_df("MATCH (x:Interaction)-[a:ABOUT]->(i:Issue) RETURN x.id AS xid, i.id AS sub, "
                           "a.confidentiality AS ac, x.confidentiality AS xc, x.date AS d")
    if about.empty:
        return {label: _no_events() for label in _LINKS}
    about["al"] = np.maximum(rank(about.pop("ac")), rank(about.pop("xc")))
    # interactions and subjects as integer codes: a few bytes a row, not a string object each (millions
    # of rows at the benchmark scale; the strings are put back, shared, in the rows returned)
    about["xid"], xids = pd.factorize(about["xid"])
    about = about[about["al"] < UNKNOWN].merge(paths, on="sub")
    about["xl"] = np.maximum(about.pop("al"), about.pop("pl"))
    # one interaction about two issues under the same top counts once, at its lowest level
    per_top = about.groupby(["xid", "top"], sort=False).agg(xl=("xl", "min"), d=("d", "first")).reset_index()
    del about
    out = {}
    for label, cypher in _LINKS.items():
        links = store.query_df(cypher)
        if links.empty:
            out[label] = _no_events()
            continue
        sid, sids = pd.factorize(links["sid"])
        links = pd.DataFrame({"sid": sid, "xid": xids.get_indexer(links["xid"]), "ll": rank(links["lc"])})
        links = links[(links["ll"] < UNKNOWN) & (links["xid"] >= 0)]  # -1: an interaction about no issue
        # a person in an interaction twice (two roles) counts once, at the lower level
        links = links.groupby(["sid", "xid"], sort=False)["ll"].min().reset_index()
        ev = links.merge(per_top, on="xid")
        del links
        ev["lvl"] = np.maximum(ev.pop("ll"), ev.pop("xl")).astype(np.int8)
        ev["sid"] = np.asarray(sids, dtype=object)[ev["sid"].to_numpy()]
        out[label] = ev.rename(columns={"top": "tid"})[["sid", "tid", "xid", "d", "lvl"]]
    return out


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
    pairs, pair = np.unique(sid.astype(np.int64) * len(tids) + tid, return_inverse=True)  # by subject, issue
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
