"""Candidate pairs: only records that share at least one blocking key are compared.

Several cheap keys, each catching what the others miss (a typo in the family
name is caught by the e-mail, the phone, the birth date or the postcode key).
A key shared by very many records (a common name, an office switchboard) is
not expanded into all its pairs: its records are sorted by name and each is
paired with its next ``window`` neighbours (sorted neighbourhood), so the
work stays linear at 100 k records.
"""
from __future__ import annotations

import jellyfish
import numpy as np
import pandas as pd

from ingest.normalize import is_role_mailbox
from ingest.resolve.prepare import Prepared


def _sound(word: str) -> str:
    """Phonetic code of a name's last word, so Gonzales and Gonzalez share a block."""
    last = word.split()[-1] if word else ""
    return jellyfish.metaphone(last)[:5] if last.isalpha() else last


def _each_value(values: np.ndarray, fn) -> np.ndarray:
    """``fn`` of every value, computed once per distinct value."""
    where, distinct = pd.factorize(pd.Series(values, dtype=object))
    return np.array([fn(v) for v in distinct] + [""], dtype=object)[:-1][where]


def _flat(values: list[tuple[str, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """(record, value) for every value of records that may hold several (e-mails, phones)."""
    lengths = np.fromiter((len(v) for v in values), dtype=np.int64, count=len(values))
    flat = np.array([x for v in values for x in v] + [""], dtype=object)[:-1]
    return np.repeat(np.arange(len(values)), lengths), flat


def blocking_keys(p: Prepared) -> pd.DataFrame:
    """One row per (record, key); a record has several keys (built column by column)."""
    records, keys = [], []

    def add(where: np.ndarray, kind: str, values: np.ndarray, mask: np.ndarray) -> None:
        records.append(where[mask])
        keys.append(kind + ":" + values[mask])

    every = np.arange(p.n)
    fam, giv = _each_value(p.family, _sound), _each_value(p.given, _sound)
    has_fam = fam != ""
    initial_of = np.array([name[0] for name in p.form_names] + [""], dtype=object)  # -1 (no form) reads ""
    # the postcode key holds the initials of both names (in either order, for names typed in each
    # other's columns): a postcode and a given initial alone paired many strangers (a fifth of all
    # candidate pairs at 50 k records); a slip in a name's first letter is rare
    # (a record whose family name is missing or one letter gets the key with every letter)
    letter = np.array([f[:1] for f in p.family] + [""], dtype=object)[:-1]
    unsure = np.flatnonzero((np.fromiter((len(f) <= 1 for f in p.family), dtype=bool, count=p.n)) &
                            (p.postcode != ""))
    letters = sorted(set(letter.tolist()) - {""})
    for slot in range(p.forms.shape[1]):
        form = p.forms[:, slot]
        used = form >= 0 if slot else np.ones(p.n, dtype=bool)  # a record without forms has the initial ""
        initial = initial_of[form]
        add(every, "name", fam + "|" + initial, used & has_fam)
        first, second = np.where(initial <= letter, initial, letter), np.where(initial <= letter, letter, initial)
        add(every, "zip", p.postcode + "|" + first + second, used & (p.postcode != ""))
        some, known = unsure[used[unsure]], initial[unsure[used[unsure]]]
        for other in letters:
            pair = np.where(known <= other, known + other, other + known)
            add(some, "zip", p.postcode[some] + "|" + pair, np.ones(len(some), dtype=bool))
    # swapped given and family name (a common data-entry slip)
    low, high = np.where(fam <= giv, fam, giv), np.where(fam <= giv, giv, fam)
    add(every, "pair", low + "|" + high, has_fam & (giv != ""))
    body = p.body if p.body is not None else np.full(p.n, "", dtype=object)
    for kind, values in (("body", body), ("dob", p.birth_date), ("id", p.identifier)):
        add(every, kind, values, values != "")
    holder, email = _flat(p.emails)
    add(holder, "email", email, email != "")
    local = np.array([e.split("@", 1)[0] if not is_role_mailbox(e) else "" for e in email] + [""], dtype=object)[:-1]
    add(holder, "local", local, np.array([len(x) >= 5 for x in local], dtype=bool))
    holder, phone = _flat(p.phones)
    add(holder, "phone", phone, phone != "")
    add(every, "street", p.street + "|" + np.array([f[:2] for f in fam], dtype=object), (p.street != "") & has_fam)
    if not records:
        return pd.DataFrame({"record": np.zeros(0, dtype=np.int64), "key": []})
    return pd.DataFrame({"record": np.concatenate(records).astype(np.int64), "key": np.concatenate(keys)})


def _pairs_of_groups(members: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """All pairs inside each group, vectorised by group size."""
    out = []
    for size in np.unique(sizes):
        if size < 2:
            continue
        first = starts[sizes == size]
        block = members[first[:, None] + np.arange(size)[None, :]]  # (groups, size)
        a, b = np.triu_indices(size, k=1)
        out.append(np.stack([block[:, a].ravel(), block[:, b].ravel()], axis=1))
    return out


def candidate_pairs(p: Prepared, *, max_block: int = 100, window: int = 20) -> np.ndarray:
    """(m, 2) array of record index pairs (i < j), each pair once.

    >>> from ingest.resolve.prepare import prepare
    >>> recs = pd.DataFrame({"name": ["Jane Doe", "Jane Doe", "Bob Roe"], "email": ["", "", ""]})
    >>> candidate_pairs(prepare(recs)).tolist()
    [[0, 1]]
    """
    keys = blocking_keys(p).drop_duplicates()
    if keys.empty:
        return np.empty((0, 2), dtype=np.int64)
    codes, _ = pd.factorize(keys["key"])
    order = np.lexsort((keys["record"].to_numpy(), codes))
    members, codes = keys["record"].to_numpy()[order], codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    sizes = np.diff(np.r_[starts, len(codes)])
    small = sizes <= max_block
    chunks = _pairs_of_groups(members, starts[small], sizes[small])
    for start, size in zip(starts[~small], sizes[~small]):
        group = members[start:start + size]
        group = group[np.argsort(p.full[group].astype(str), kind="stable")]
        for offset in range(1, window + 1):
            chunks.append(np.stack([group[:-offset], group[offset:]], axis=1))
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(chunks)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs.sort(axis=1)
    code = np.sort(pd.unique(pairs[:, 0] * np.int64(p.n) + pairs[:, 1]))  # hashing first: many pairs repeat
    return np.stack([code // p.n, code % p.n], axis=1)
