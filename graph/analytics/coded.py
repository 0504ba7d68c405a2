"""The strength table's input as integer codes: every id hashed once, then numpy on int arrays.

``strength.strength_edges`` takes the interaction, participant and tie tables either as pandas
DataFrames or as Arrow tables (what the embedded store returns fastest: no Python string per
cell). Both become one ``Coded``: people as codes ``0..n-1`` in name order (so the edge table,
the node order and every seeded measure are the same in any process, whatever order the rows
came in), each participation's interaction as a row number, each interaction's kind and day as
integers. On Arrow the ids are hashed in Arrow's C++ (``dictionary_encode``, ``index_in``); on
DataFrames with pandas' ``factorize`` as before. The two give the same codes
(tests/test_analytics.py compares them).

>>> import pyarrow as pa
>>> inter = pa.table({"id": ["i1", "i2"], "kind": ["call", "meeting"], "date": ["2026-01-01", "2026-01-02"]})
>>> part = pa.table({"interaction_id": ["i2", "i2", "i1", "ix"], "contact_id": ["bo", "ana", "bo", "cy"]})
>>> c = coded(inter, part, None, None, ["meeting", "call"])
>>> c.names.tolist(), c.person.tolist(), c.at.tolist(), c.kind.tolist()
(['ana', 'bo', 'cy'], [1, 0, 1, 2], [1, 1, 0, -1], [1, 0])
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graph.analytics import AnalyticsError, require_columns

NAT = np.iinfo(np.int64).min  # no date
SENDING = ("sender", "organizer", "author")  # roles that address the others


@dataclass
class Coded:
    names: np.ndarray  # the distinct contact ids (text), sorted; a person's code is their place here
    person: np.ndarray  # participation -> person code
    at: np.ndarray  # participation -> interaction row (-1: an interaction not in the table)
    sends: np.ndarray  # participation -> the person addressed the others (sender, organizer, author)
    kind: np.ndarray  # interaction row -> kind code (place in the ``kinds`` given)
    day: np.ndarray  # interaction row -> days since 1970 (NAT: none)
    knows: tuple | None  # (from code, to code, strength with 0.5 for none)
    owns: tuple | None  # (staff code, contact code, end day or NAT)


def _is_arrow(table) -> bool:
    return hasattr(table, "schema") and hasattr(table, "column_names")


def _columns(table) -> list:
    return list(table.column_names) if _is_arrow(table) else list(table.columns)


def _present(table) -> bool:
    return table is not None and len(table) > 0


def coded(interactions, participants, knows, owns, kinds: list) -> Coded:
    """The four tables (DataFrames or Arrow tables, not mixed) as integer codes; see the module docstring."""
    for table, cols, name in ((interactions, ["id", "kind", "date"], "interactions"),
                              (participants, ["interaction_id", "contact_id"], "participants"),
                              (knows if _present(knows) else None, ["from_id", "to_id"], "knows"),
                              (owns if _present(owns) else None, ["staff_id", "contact_id"], "owns")):
        if table is not None:
            require_columns(pd.DataFrame(columns=_columns(table)), cols, name)
    tables = [t for t in (interactions, participants, knows, owns) if t is not None]
    if all(_is_arrow(t) for t in tables):
        out = _from_arrow(interactions, participants, knows, owns, kinds)
        if out is not None:
            return out
    frames = [t.to_pandas() if t is not None and _is_arrow(t) else t for t in (interactions, participants, knows, owns)]
    return _from_frames(*frames, kinds)


def _bad_kinds(values, code: np.ndarray, kinds: list) -> None:
    if (code < 0).any():
        bad = sorted(set(pd.Series(np.asarray(values, dtype=object)[code < 0]).astype(str)))
        raise AnalyticsError(f"interactions table has unknown kind(s) {', '.join(bad)}; "
                             f"known kinds: {', '.join(kinds)}")


def _from_frames(interactions, participants, knows, owns, kinds) -> Coded:
    kind = pd.Categorical(interactions["kind"], categories=kinds).codes.astype(np.int64)
    _bad_kinds(interactions["kind"].to_numpy(object), kind, kinds)
    day = days(interactions["date"])
    ids = [participants["contact_id"].to_numpy(object)]
    if _present(knows):
        ids += [knows["from_id"].to_numpy(object), knows["to_id"].to_numpy(object)]
    if _present(owns):
        ids += [owns["staff_id"].to_numpy(object), owns["contact_id"].to_numpy(object)]
    codes, names = _factorize_ids(np.concatenate(ids))
    codes, names = _in_name_order(codes, names)
    at = _positions(interactions["id"].to_numpy(object), participants["interaction_id"].to_numpy(object))
    sends = _sending(participants["role"]) if "role" in participants.columns else np.zeros(len(participants), bool)
    np_ = len(participants)
    kn = ow = None
    if _present(knows):
        ks = pd.to_numeric(knows["strength"], errors="coerce").fillna(0.5).to_numpy(float) \
            if "strength" in knows.columns else np.full(len(knows), 0.5)
        kn = (codes[np_:np_ + len(knows)], codes[np_ + len(knows):np_ + 2 * len(knows)], ks)
        np_ += 2 * len(knows)
    if _present(owns):
        end = days(owns["end_date"]) if "end_date" in owns.columns else np.full(len(owns), NAT)
        ow = (codes[np_:np_ + len(owns)], codes[np_ + len(owns):np_ + 2 * len(owns)], end)
    return Coded(names, codes[:len(participants)], at, sends, kind, day, kn, ow)


def _from_arrow(interactions, participants, knows, owns, kinds) -> Coded | None:
    """The same from Arrow tables, or ``None`` when a column is not what the store gives (then the
    DataFrame path decides): ids as text without nulls, dates as dates."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = [participants["contact_id"]]
    if _present(knows):
        cols += [knows["from_id"], knows["to_id"]]
    if _present(owns):
        cols += [owns["staff_id"], owns["contact_id"]]
    if not all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) for c in cols) \
            or any(c.null_count for c in cols) or not pa.types.is_date32(interactions["date"].type):
        return None
    ids = pa.concat_arrays([ch.cast(pa.large_string()) for c in cols for ch in c.chunks]) \
        if sum(c.num_chunks for c in cols) else pa.array([], pa.large_string())
    enc = ids.dictionary_encode()
    dictionary = enc.dictionary
    order = np.asarray(pc.array_sort_indices(dictionary))  # UTF-8 byte order: numpy's order of the same text
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[np.asarray(enc.indices, dtype=np.int64)]
    names = np.asarray(dictionary.take(pa.array(order)).to_pylist(), dtype=object)
    kind_idx = pc.index_in(interactions["kind"], value_set=pa.array(kinds, pa.string()))
    kind = np.asarray(kind_idx.fill_null(-1), dtype=np.int64)
    _bad_kinds(interactions["kind"].to_numpy(), kind, kinds)
    day = np.asarray(interactions["date"].cast(pa.int32()).fill_null(0), dtype=np.int64)
    if interactions["date"].null_count:
        day[np.asarray(pc.is_null(interactions["date"]))] = NAT
    at = np.asarray(pc.index_in(participants["interaction_id"], value_set=interactions["id"].combine_chunks())
                    .fill_null(-1), dtype=np.int64)
    if "role" in participants.column_names:
        role = participants["role"].combine_chunks().dictionary_encode()
        send = np.array([str(r).lower() in SENDING for r in role.dictionary.to_pylist()] + [False], dtype=bool)
        sends = send[np.asarray(role.indices.fill_null(-1), dtype=np.int64)]
    else:
        sends = np.zeros(len(participants), bool)
    n = len(participants)
    kn = ow = None
    if _present(knows):
        ks = (pc.cast(knows["strength"], pa.float64()).to_numpy(zero_copy_only=False)
              if "strength" in knows.column_names else np.full(len(knows), np.nan))
        ks = np.where(np.isnan(ks), 0.5, ks)
        kn = (codes[n:n + len(knows)], codes[n + len(knows):n + 2 * len(knows)], ks)
        n += 2 * len(knows)
    if _present(owns):
        if "end_date" in owns.column_names:
            if not pa.types.is_date32(owns["end_date"].type) and owns["end_date"].null_count < len(owns):
                return None
            end = np.full(len(owns), NAT)
            if pa.types.is_date32(owns["end_date"].type):
                ok = np.asarray(pc.is_valid(owns["end_date"]))
                end[ok] = np.asarray(owns["end_date"].cast(pa.int32()).fill_null(0), dtype=np.int64)[ok]
        else:
            end = np.full(len(owns), NAT)
        ow = (codes[n:n + len(owns)], codes[n + len(owns):n + 2 * len(owns)], end)
    return Coded(names, codes[:len(participants)], at, sends, kind, day, kn, ow)


def days(values) -> np.ndarray:
    """Dates (text, date or datetime64) as int64 days since 1970; NaT -> NAT."""
    return pd.to_datetime(pd.Series(values), errors="coerce").to_numpy("datetime64[D]").astype(np.int64)


def _in_name_order(codes: np.ndarray, names: np.ndarray):
    """Codes renumbered so that a code is its name's place in sorted order: the edge table, the node
    order and so every seeded measure are then the same in any process."""
    order = np.argsort(names.astype(str), kind="stable")
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    return rank[codes], names[order]


def _factorize_ids(values: np.ndarray):
    """Integer codes and the distinct ids as text (ids that only differ in type, 7 and "7", are one)."""
    codes, uniques = pd.factorize(values)
    names = np.asarray(uniques, dtype=object)
    text = names.astype(str).astype(object)
    if (codes >= 0).all() and len(pd.unique(text)) == len(text):
        return codes, text
    codes, uniques = pd.factorize(values.astype(str))
    return codes, np.asarray(uniques, dtype=object)


def _positions(interaction_ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Row of each ``wanted`` id in ``interaction_ids`` (-1 if absent), with one factorize of both."""
    n = len(interaction_ids)
    codes, _ = pd.factorize(np.concatenate([interaction_ids, wanted]))
    if np.array_equal(codes[:n], np.arange(n)):  # ids unique: code == row
        pos = codes[n:]
        return np.where(pos < n, pos, -1)
    return pd.Index(pd.Series(interaction_ids).astype(str)).get_indexer(pd.Series(wanted).astype(str))


def _sending(roles: pd.Series) -> np.ndarray:
    """Which rows' role addresses the others (``SENDING``, any case), deciding each distinct role once:
    a per-row ``str.lower()`` was a third of the strength table's time.

    >>> _sending(pd.Series(["Sender", "recipient", None, "sender"])).tolist()
    [True, False, False, True]
    """
    codes, uniques = pd.factorize(roles)  # missing -> -1
    sends = np.array([str(r).lower() in SENDING for r in uniques] + [False], dtype=bool)
    return sends[codes]  # code -1 takes the last entry: False
