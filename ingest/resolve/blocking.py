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


def blocking_keys(p: Prepared) -> pd.DataFrame:
    """One row per (record, key); a record has several keys."""
    idx, keys = [], []

    def add(i: int, kind: str, value: str) -> None:
        if value:
            idx.append(i)
            keys.append(f"{kind}:{value}")

    for i in range(p.n):
        fam, giv = _sound(p.family[i]), _sound(p.given[i])
        initials = {p.form_names[f][0] for f in p.forms[i] if f >= 0} or {""}
        for initial in initials:
            add(i, "name", f"{fam}|{initial}" if fam else "")
            add(i, "zip", f"{p.postcode[i]}|{initial}" if p.postcode[i] else "")
        # swapped given and family name (a common data-entry slip)
        add(i, "pair", "|".join(sorted((fam, giv))) if fam and giv else "")
        add(i, "body", p.body[i] if p.body is not None else "")
        add(i, "dob", p.birth_date[i])
        add(i, "id", p.identifier[i])
        for email in p.emails[i]:
            add(i, "email", email)
            local = email.split("@", 1)[0]
            add(i, "local", local if len(local) >= 5 and not is_role_mailbox(email) else "")
        for phone in p.phones[i]:
            add(i, "phone", phone)
        add(i, "street", f"{p.street[i]}|{fam[:2]}" if p.street[i] and fam else "")
    return pd.DataFrame({"record": np.asarray(idx, dtype=np.int64), "key": keys})


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
    code = np.unique(pairs[:, 0] * np.int64(p.n) + pairs[:, 1])
    return np.stack([code // p.n, code % p.n], axis=1)
