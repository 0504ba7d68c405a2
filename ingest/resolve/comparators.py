"""The comparators of the resolver (scoring.py adds up their weights): each puts a candidate pair
in one of a few *levels* (same, nickname, typo, different, nothing to compare ...), and a level
carries a weight, log2(m/u). For names, phones and e-mails u comes from the data itself
(``Frequencies``). ``PairView`` is the pair of records the comparators read.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.process import cpdist

from ingest.normalize import is_role_mailbox
from ingest.resolve.prepare import Prepared

_SMOOTHING = 1000.0  # pseudo-records: small lists fall back on the default u of a comparator
_SUFFIX_TEXT = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}


def _similarity(a: np.ndarray, b: np.ndarray, scorer, **kw) -> np.ndarray:
    if len(a) == 0:
        return np.zeros(0)
    # threads pay off on big batches only; the cluster step scores many tiny ones
    return cpdist(list(a), list(b), scorer=scorer, workers=-1 if len(a) > 2000 else 1, **kw)


def _jw(a, b):
    return _similarity(a, b, JaroWinkler.normalized_similarity)


def _where(mask: np.ndarray, a: np.ndarray, b: np.ndarray, scorer, fill: float = 0.0, **kw) -> np.ndarray:
    """``scorer`` of a[k], b[k] for the pairs in ``mask`` only (the others get ``fill``): the cheap
    levels (same value, missing) settle most pairs, so the string distances run on the rest."""
    out = np.full(len(a), fill, dtype=float)
    if mask.any():
        out[mask] = _similarity(a[mask], b[mask], scorer, **kw)
    return out


def _where_coded(mask: np.ndarray, v: "PairView", attribute: str, scorer, fill: float = 0.0) -> np.ndarray:
    """``_where`` on a column of the records, scoring each distinct pair of values once: lists
    repeat cities, agencies, titles and postcodes, so the pairs repeat too."""
    out = np.full(len(v), fill, dtype=float)
    if mask.any():
        codes, values = _per_record(v.p, "codes:" + attribute, lambda p: _factorized(getattr(p, attribute)))
        k = np.int64(max(len(values), 1))
        which, distinct = pd.factorize(codes[v.i[mask]] * k + codes[v.j[mask]])
        out[mask] = _similarity(values[distinct // k], values[distinct % k], scorer)[which]
    return out


def _factorized(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    codes, distinct = pd.factorize(pd.Series(values, dtype=object))
    return codes.astype(np.int64), np.asarray(distinct, dtype=object)


def _per_record(p: Prepared, key: str, fn) -> np.ndarray:
    """A value computed once per record (cached on the records: every view of them reuses it)."""
    cache = p.__dict__.setdefault("_per_record", {})
    if key not in cache:
        cache[key] = fn(p)
    return cache[key]


def _title(s: str) -> str:
    return " ".join(w.capitalize() for w in s.split())


def _ids(values: list[tuple[str, ...]], width: int = 3) -> tuple[np.ndarray, list[str]]:
    """(n, width) int ids of each record's values (-1 padded) and the id -> value table."""
    table: dict[str, int] = {}
    out = np.full((len(values), width), -1, dtype=np.int64)
    for r, vals in enumerate(values):
        for c, v in enumerate(vals[:width]):
            out[r, c] = table.setdefault(v, len(table))
    return out, list(table)


def _shared(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For rows of two id matrices, the first id they share, else -1."""
    found = np.full(len(a), -1, dtype=np.int64)
    for x in range(a.shape[1]):
        for y in range(b.shape[1]):
            hit = (found < 0) & (a[:, x] >= 0) & (a[:, x] == b[:, y])
            found[hit] = a[hit, x]
    return found


class Frequencies:
    """How common each value is in the records being resolved (for u-probabilities)."""

    def __init__(self, p: Prepared):
        self.p = p
        self.n = p.n
        self._holders: dict[str, dict[str, list[int]]] = {}
        self.family = Counter(p.family)
        self.given = Counter(p.given)
        self.phone = Counter(x for ph in p.phones for x in ph)
        self.email = Counter(x for em in p.emails for x in em)
        self.title = Counter(p.title) if p.title is not None else Counter()

    def holders(self, attribute: str) -> dict[str, list[int]]:
        """value -> the records holding it, for "identifier" and "emails" (built once, on demand)."""
        if attribute not in self._holders:
            index: dict[str, list[int]] = {}
            values = getattr(self.p, attribute)
            for r in range(self.n):
                for value in (values[r] if isinstance(values[r], tuple) else (values[r],)):
                    if value:
                        index.setdefault(value, []).append(r)
            self._holders[attribute] = index
        return self._holders[attribute]

    def weight(self, counter: Counter, values, m: float, u0: float, cap: float) -> np.ndarray:
        counts = np.array([counter.get(v, 1) for v in values], dtype=float)
        u = (np.maximum(counts - 1, 0) + _SMOOTHING * u0) / (self.n + _SMOOTHING)
        return np.minimum(cap, np.log2(m / u))


@dataclass
class PairView:
    """The two sides of each candidate pair, with given/family swapped where that fits better."""
    p: Prepared
    i: np.ndarray
    j: np.ndarray
    freq: Frequencies

    def __post_init__(self):
        p, i, j = self.p, self.i, self.j
        self.given_a, self.family_a = p.given[i], p.family[i]
        gb, fb = p.given[j], p.family[j]
        differ = self.family_a != fb
        straight = ~differ
        straight[differ] = _jw(self.family_a[differ], fb[differ]) >= 0.85
        maybe = ~straight & (gb != "") & (fb != "")
        cross = np.zeros(len(i), dtype=bool)
        cross[maybe] = (_jw(self.family_a[maybe], gb[maybe]) >= 0.92) & (_jw(self.given_a[maybe], fb[maybe]) >= 0.92)
        self.swapped = cross
        self.given_b = np.where(self.swapped, fb, gb)
        self.family_b = np.where(self.swapped, gb, fb)

    def __len__(self):
        return len(self.i)

    def take(self, keep: np.ndarray) -> "PairView":
        """The same view restricted to the pairs ``keep`` (nothing compared again)."""
        out = object.__new__(PairView)
        out.p, out.freq = self.p, self.freq
        for name in ("i", "j", "given_a", "family_a", "given_b", "family_b", "swapped"):
            setattr(out, name, getattr(self, name)[keep])
        return out


def _cap(c: "Comparator", table) -> float:
    """Most a shared value can weigh: the set weight, or the learned one and a little more for
    a rare value (term frequency: agreeing on "Zaffirini" says more than on "Smith")."""
    return float(c.weights[1]) if table is None else float(table[1]) + 2.0


class Comparator:
    """One kind of evidence. Level 0 always means 'nothing to compare' (weight 0)."""
    name = ""
    weights: tuple[float, ...] = ()

    def levels(self, v: PairView) -> np.ndarray:
        raise NotImplementedError

    learned = True  # EM may estimate its weights (learn.py); domain rules (body, suffix) stay as set

    def weigh(self, v: PairView, levels: np.ndarray, table=None) -> np.ndarray:
        """Weight of each pair's level: ``table`` (learned from the data, learn.py) or the set weights."""
        return np.asarray(self.weights if table is None else table, dtype=float)[levels]

    def explain(self, v: PairView, k: int, level: int) -> str | None:
        raise NotImplementedError


def _pick(conditions: list[np.ndarray], n: int) -> np.ndarray:
    """Level of each pair: 1 + index of the first true condition, 0 if none (missing)."""
    return np.select(conditions, np.arange(1, len(conditions) + 1), 0).astype(np.int8) if n else np.zeros(0, np.int8)


class FamilyName(Comparator):
    name = "family name"
    weights = (0.0, 7.0, 5.0, 3.0, 1.0, -5.0)  # missing, same, typo, part of a compound, similar, different

    def levels(self, v):
        a, b = v.family_a, v.family_b
        present = (a != "") & (b != "")
        same = present & (a == b)
        rest = present & ~same
        jw = _where(rest, a, b, JaroWinkler.normalized_similarity)
        typo = rest & ((jw >= 0.92) | (_where(rest & (jw < 0.92), a, b, DamerauLevenshtein.distance, 9) <= 1))
        left = rest & ~typo
        part = np.maximum(_where(left, a, v.p.full[v.j], fuzz.token_set_ratio),
                          _where(left, b, v.p.full[v.i], fuzz.token_set_ratio)) >= 100
        return _pick([same, typo, present & part, present & (jw >= 0.85), present], len(v))

    def weigh(self, v, levels, table=None):
        w = Comparator.weigh(self, v, levels, table)
        same = levels == 1
        w[same] = v.freq.weight(v.freq.family, v.family_a[same], 0.9, 0.002, _cap(self, table))
        return w

    def explain(self, v, k, level):
        a, b = _title(v.family_a[k]), _title(v.family_b[k])
        swapped = " (given and family names swapped)" if v.swapped[k] else ""
        return {1: f"same family name {a}{swapped}", 2: f"family name {a} ~ {b} (spelling)", 3:
                f"family name {a} / {b} (compound or changed name)", 4: f"family names {a} ~ {b} similar",
                5: f"different family names {a} vs {b}"}.get(level)


class GivenName(Comparator):
    name = "given name"
    # missing, same, nickname, typo, initial, goes by middle name, similar, different
    weights = (0.0, 5.0, 4.0, 3.5, 2.5, 2.0, 1.0, -4.0)

    def levels(self, v):
        p = v.p
        a, b = v.given_a, v.given_b
        present = (a != "") & (b != "")
        same = present & (a == b)
        rest = present & ~same
        nickname = np.zeros(len(v), dtype=bool)
        nickname[rest] = _shared(p.forms[v.i[rest]], p.forms[v.j[rest]]) >= 0
        rest &= ~nickname
        jw = _where(rest, a, b, JaroWinkler.normalized_similarity)
        rest &= jw < 0.92
        # once per set of records: guard rails score small views often
        initials = _per_record(p, "initials", lambda p: [{name[0] for name in (p.form_names[f] for f in row if f >= 0)}
                                                         for row in p.forms])
        initial = np.zeros(len(v), dtype=bool)
        initial[rest] = [(len(x) <= 2 or len(y) <= 2) and bool(initials[i] & initials[j]) and x[:1] != "" and
                         (x[:1] in initials[j] if len(x) <= 2 else y[:1] in initials[i])
                         for x, y, i, j in zip(a[rest], b[rest], v.i[rest].tolist(), v.j[rest].tolist())]
        first_middle = _per_record(p, "first_middle", lambda p: np.array([m.split()[0] if m else "" for m in p.middle],
                                                                         dtype=object))
        mid_a, mid_b = first_middle[v.i], first_middle[v.j]
        middle = ((mid_a != "") & (mid_a == b)) | ((mid_b != "") & (mid_b == a))
        return _pick([same, nickname, present & (jw >= 0.92), present & initial,
                      present & middle, present & (jw >= 0.85), present], len(v))

    def weigh(self, v, levels, table=None):
        w = Comparator.weigh(self, v, levels, table)
        same = levels == 1
        w[same] = v.freq.weight(v.freq.given, v.given_a[same], 0.85, 0.01, _cap(self, table))
        return w

    def explain(self, v, k, level):
        a, b = _title(v.given_a[k]), _title(v.given_b[k])
        return {1: f"same given name {a}", 2: f"nickname {a} = {b}", 3: f"given name {a} ~ {b} (spelling)",
                4: f"initial {a} fits {b}", 5: f"goes by the middle name ({a} / {b})",
                6: f"given names {a} ~ {b} similar", 7: f"different given names {a} vs {b}"}.get(level)


class Suffix(Comparator):
    name = "suffix"
    learned = False  # a Jr. and a Sr. are two people, whatever the data say
    weights = (0.0, 1.0, -8.0)  # missing, same, different generation

    def levels(self, v):
        a, b = v.p.suffix[v.i], v.p.suffix[v.j]
        present = (a != "") & (b != "")
        return _pick([present & (a == b), present], len(v))

    def explain(self, v, k, level):
        a, b = (_SUFFIX_TEXT.get(x, x) for x in (v.p.suffix[v.i[k]], v.p.suffix[v.j[k]]))
        return {1: f"same suffix {a}", 2: f"suffix {a} vs {b} blocks merge"}.get(level)


class _ExactOrTypo(Comparator):
    """Same value, one keystroke apart, or different."""
    attribute = ""

    def levels(self, v):
        values = getattr(v.p, self.attribute)
        a, b = values[v.i], values[v.j]
        present = (a != "") & (b != "")
        same = present & (a == b)
        typo = _where_coded(present & ~same, v, self.attribute, DamerauLevenshtein.distance, 9) <= 1
        return _pick([same, present & typo, present], len(v))

    def values(self, v, k):
        values = getattr(v.p, self.attribute)
        return values[v.i[k]], values[v.j[k]]


_NEIGHBOURS = ((0, 1), (1, 2), (2, 3), (4, 5), (6, 7))  # digits side by side in YYYY-MM-DD (not across a dash)


def _date_digits(dates: np.ndarray) -> np.ndarray:
    """(n, 8) digits of each ISO date YYYY-MM-DD, -1 where there is none."""
    out = np.full((len(dates), 8), -1, dtype=np.int8)
    has = np.flatnonzero(np.fromiter((len(d) == 10 for d in dates), dtype=bool, count=len(dates)))
    if len(has):
        text = np.array([d[:4] + d[5:7] + d[8:10] for d in dates[has]], dtype="S8")
        out[has] = np.frombuffer(text.tobytes(), dtype=np.uint8).reshape(-1, 8).astype(np.int8) - ord("0")
    return out


def _keystroke(a: np.ndarray, b: np.ndarray, ne: np.ndarray, neighbours) -> np.ndarray:
    """Rows of two digit arrays of one length at most one keystroke apart (Damerau-Levenshtein <= 1:
    for strings of one length, one digit changed or two neighbours swapped).

    >>> d = _date_digits(np.array(["1975-03-14", "1957-03-14", "1975-03-41", "1975-31-04"], dtype=object))
    >>> _keystroke(d[[0, 0, 0]], d[[1, 2, 3]], d[[0, 0, 0]] != d[[1, 2, 3]], _NEIGHBOURS).tolist()
    [True, True, False]
    """
    count = ne.sum(axis=1)
    out = count <= 1
    for x, y in neighbours:
        out |= (count == 2) & ne[:, x] & ne[:, y] & (a[:, x] == b[:, y]) & (a[:, y] == b[:, x])
    return out


class BirthDate(_ExactOrTypo):
    """Birth dates weigh by how far apart they are, as keyed-in dates go wrong: one keystroke
    or two transposed digits (1975 / 1957), day and month swapped, two slips: all typos, not
    a new person. Only dates apart in more than that are a conflict (the guard rail)."""
    name, attribute = "birth date", "birth_date"
    # missing, same, one keystroke (or day/month swapped), two slips, far apart (also a guard rail)
    weights = (0.0, 12.0, 4.0, -2.0, -6.0)
    FAR = 4

    def levels(self, v):
        # on the digits of the ISO dates (normalize_date writes YYYY-MM-DD or ''), as arrays: a
        # keystroke is one digit changed or two neighbours swapped; the full Damerau-Levenshtein
        # distance is computed only for the few pairs these cannot settle (same levels as on the text)
        dates = v.p.birth_date
        a, b = dates[v.i], dates[v.j]
        present = (a != "") & (b != "")
        levels = _pick([present & (a == b), present], len(v))
        differ = np.flatnonzero(levels == 2)
        digits = _per_record(v.p, "birth_digits", lambda p: _date_digits(p.birth_date))
        da, db = digits[v.i[differ]], digits[v.j[differ]]
        ne = da != db
        one = _keystroke(da, db, ne, _NEIGHBOURS)  # Damerau-Levenshtein <= 1
        # day and month swapped: a US/European slip, not a new person
        swapped = ~one & ~ne[:, :4].any(axis=1) & (da[:, 4:6] == db[:, 6:8]).all(axis=1) & \
            (da[:, 6:8] == db[:, 4:6]).all(axis=1)
        # two slips, the year at most one of them (1950 / 1975 is a father and a son, not a typo)
        rest = ~one & ~swapped & _keystroke(da[:, :4], db[:, :4], ne[:, :4], _NEIGHBOURS[:3])
        two = rest & (ne.sum(axis=1) <= 2)  # Damerau-Levenshtein <= Hamming
        open_ = np.flatnonzero(rest & ~two)
        if len(open_):
            two[open_] = _similarity(a[differ[open_]], b[differ[open_]], DamerauLevenshtein.distance) <= 2
        levels[differ] = np.where(one | swapped, 2, np.where(two, 3, self.FAR))
        return levels

    def explain(self, v, k, level):
        a, b = self.values(v, k)
        return {1: f"same birth date {a}", 2: f"birth dates {a} ~ {b} (one keystroke)",
                3: f"birth dates {a} ~ {b} (two slips: weighs against, does not block)",
                4: f"birth dates {a} vs {b} far apart: blocks merge"}.get(level)


class Identifier(_ExactOrTypo):
    name, attribute = "identifier", "identifier"
    weights = (0.0, 12.0, 5.0, -4.0)

    def explain(self, v, k, level):
        a, b = self.values(v, k)
        return {1: f"same identifier {a}", 2: f"identifiers {a} ~ {b} (one keystroke)",
                3: f"different identifiers {a} vs {b}"}.get(level)


class Postcode(_ExactOrTypo):
    name, attribute = "postcode", "postcode"
    weights = (0.0, 3.0, 0.5, -1.0)

    def explain(self, v, k, level):
        a, b = self.values(v, k)
        return {1: f"same postcode {a}", 2: f"postcodes {a} ~ {b}", 3: f"different postcodes {a} vs {b}"}.get(level)


class _SetComparator(Comparator):
    """Records may carry several e-mails or phones; one shared value is enough."""
    attribute = ""

    def _prepare(self, v):
        cache = v.p.__dict__.setdefault("_ids", {})  # per set of records, shared by every view of it
        if self.attribute not in cache:
            cache[self.attribute] = _ids(getattr(v.p, self.attribute))
        return cache[self.attribute]

    def shared(self, v):
        ids, table = self._prepare(v)
        cache = v.__dict__.setdefault("_shared", {})
        if self.attribute not in cache:
            cache[self.attribute] = _shared(ids[v.i], ids[v.j])
        return cache[self.attribute], ids, table


class Email(_SetComparator):
    name, attribute = "e-mail", "emails"
    # missing, same, shared role mailbox, same name other domain, different, same name and the domain mistyped
    weights = (0.0, 14.0, 2.0, 4.0, -1.5, 10.0)
    DOMAIN_TYPO = 5

    def levels(self, v):
        shared, ids, table = self.shared(v)
        present = (ids[v.i, 0] >= 0) & (ids[v.j, 0] >= 0)
        roles = _per_record(v.p, "role_mailboxes", lambda p: np.array([is_role_mailbox(e) for e in table] + [False]))
        role = roles[shared]  # shared == -1 reads the last entry, False
        local = _per_record(v.p, "email_local", lambda p: np.array(
            [e[0].split("@")[0] if e and len(e[0].split("@")[0]) >= 5 else "" for e in p.emails], dtype=object))
        la, lb = local[v.i], local[v.j]
        same_local = (la != "") & (la == lb)
        levels = _pick([(shared >= 0) & ~role, (shared >= 0) & role, present & same_local, present], len(v))
        # the same personal name at a domain one keystroke away (outlok.com, isd.ne): a slip, not a new address
        domain = _per_record(v.p, "email_domain", lambda p: np.array(
            [e[0].split("@")[-1] if e and not is_role_mailbox(e[0]) else "" for e in p.emails], dtype=object))
        other = levels == 3
        da, db = domain[v.i], domain[v.j]
        slip = _where(other & (da != "") & (db != ""), da, db, DamerauLevenshtein.distance, 9) <= 1
        levels[other & slip] = self.DOMAIN_TYPO
        return levels

    def weigh(self, v, levels, table=None):
        w = Comparator.weigh(self, v, levels, table)
        same = levels == 1
        if same.any():
            shared, _, values = self.shared(v)
            w[same] = v.freq.weight(v.freq.email, [values[s] for s in shared[same]], 0.95, 1e-5, _cap(self, table))
        return w

    def explain(self, v, k, level):
        shared, _, table = self.shared(v)
        a, b = v.p.emails[v.i[k]], v.p.emails[v.j[k]]
        return {1: f"same e-mail {table[shared[k]] if shared[k] >= 0 else ''}",
                2: f"shared mailbox {table[shared[k]] if shared[k] >= 0 else ''} (weak)",
                3: f"same e-mail name at two domains ({a[0]} / {b[0]})" if a and b else None,
                4: "different e-mails",
                5: f"same e-mail but for a slip in the domain ({a[0]} / {b[0]})" if a and b else None}.get(level)


class Phone(_SetComparator):
    name, attribute = "phone", "phones"
    weights = (0.0, 10.0, 3.0, -1.0)  # missing, same, same last 7 digits, different

    def levels(self, v):
        shared, ids, _ = self.shared(v)
        present = (ids[v.i, 0] >= 0) & (ids[v.j, 0] >= 0)
        last7 = _per_record(v.p, "phone_last7", lambda p: np.array([x[0][-7:] if x else "" for x in p.phones],
                                                                   dtype=object))
        la, lb = last7[v.i], last7[v.j]
        return _pick([shared >= 0, present & (la == lb), present], len(v))

    def weigh(self, v, levels, table=None):
        w = Comparator.weigh(self, v, levels, table)
        same = levels == 1
        if same.any():
            shared, _, values = self.shared(v)
            w[same] = np.maximum(1.0, v.freq.weight(v.freq.phone, [values[s] for s in shared[same]], 0.6, 1e-4,
                                                    _cap(self, table)))
        return w

    def explain(self, v, k, level):
        shared, _, table = self.shared(v)
        if level == 1:
            number = table[shared[k]]
            count = v.freq.phone.get(number, 1)
            shown = f"{number[:3]}-{number[3:6]}-{number[6:]}" if len(number) == 10 else number
            return f"same phone {shown}" + (f" (shared by {count} records)" if count > 2 else "")
        return {2: "phones share the last 7 digits", 3: "different phones"}.get(level)


class _TextComparator(Comparator):
    attribute = ""
    label = ""
    threshold = 85.0
    scorer = staticmethod(fuzz.token_sort_ratio)

    def levels(self, v):
        values = getattr(v.p, self.attribute)
        a, b = values[v.i], values[v.j]
        present = (a != "") & (b != "")
        same = present & (a == b)
        similar = _where_coded(present & ~same, v, self.attribute, self.scorer) >= self.threshold
        return _pick([same, present & similar, present], len(v))

    def explain(self, v, k, level):
        values = getattr(v.p, self.attribute)
        a, b = values[v.i[k]], values[v.j[k]]
        return {1: f"same {self.label} {a}", 2: f"{self.label} {a} ~ {b}",
                3: f"different {self.label}s {a} vs {b}"}.get(level)


class Address(_TextComparator):
    name, attribute, label = "address", "street", "address"
    weights = (0.0, 6.0, 4.0, -1.5)


class City(_TextComparator):
    name, attribute, label = "city", "city", "city"
    weights = (0.0, 2.0, 1.5, -1.0)
    threshold = 88.0
    scorer = staticmethod(fuzz.ratio)


class State(_TextComparator):
    name, attribute, label = "state", "state", "state"
    weights = (0.0, 0.5, 0.0, -1.0)
    threshold = 101.0


class Organization(_TextComparator):
    name, attribute, label = "organization", "organization", "organization"
    weights = (0.0, 4.0, 2.5, -0.5)  # people change jobs, so a different employer is weak evidence
    threshold = 90.0
    scorer = staticmethod(fuzz.token_set_ratio)

    def levels(self, v):
        levels = super().levels(v)
        p = v.p
        acronym = ((p.org_acronym[v.i] != "") & (p.org_acronym[v.i] == p.organization[v.j])) | \
                  ((p.org_acronym[v.j] != "") & (p.org_acronym[v.j] == p.organization[v.i]))
        levels[(levels >= 2) & acronym] = 1
        if p.other_orgs:  # a stored contact's other organizations (ingest/resolve/store.py)
            has = np.fromiter((bool(o) for o in p.other_orgs), dtype=bool, count=p.n)
            for k in np.flatnonzero((levels == 3) & (has[v.i] | has[v.j])):
                a = p.other_orgs[v.i[k]] | {p.organization[v.i[k]]}
                b = p.other_orgs[v.j[k]] | {p.organization[v.j[k]]}
                if a & b - {""}:
                    levels[k] = 1
        return levels


class Office(_TextComparator):
    name, attribute, label = "office", "office", "office"
    weights = (0.0, 2.0, 2.0, 0.0)
    threshold = 90.0
    scorer = staticmethod(fuzz.token_set_ratio)


class Title(_TextComparator):
    """The same job title or role on two lists. Weak: many people are "Chair" or "Member"
    (so a shared title weighs by how rare it is in these lists), and titles change."""
    name, attribute, label = "title", "title", "title"
    weights = (0.0, 2.0, 1.0, -0.5)  # missing, same, similar, different
    threshold = 90.0
    scorer = staticmethod(fuzz.token_sort_ratio)

    def levels(self, v):
        if v.p.title is None:
            return np.zeros(len(v), dtype=np.int8)
        return super().levels(v)

    def weigh(self, v, levels, table=None):
        w = Comparator.weigh(self, v, levels, table)
        same = levels == 1
        if same.any():
            w[same] = np.maximum(0.0, v.freq.weight(v.freq.title, v.p.title[v.i[same]], 0.6, 0.05, _cap(self, table)))
        return w


class Jurisdiction(_TextComparator):
    name, attribute, label = "jurisdiction", "jurisdiction", "jurisdiction"
    weights = (0.0, 1.5, 1.0, -1.0)
    threshold = 95.0


class Body(Comparator):
    """A row that names a committee or a company is not a person: it is only the same as a row
    naming the same body, and never scored as a person against a person's row."""
    name = "body"
    learned = False
    weights = (0.0, 40.0, -40.0, -40.0)  # two people, same body, two bodies, a body and a person

    def levels(self, v):
        body = v.p.body if v.p.body is not None else np.full(v.p.n, "", dtype=object)
        a, b = body[v.i], body[v.j]
        return _pick([(a != "") & (a == b), (a != "") & (b != ""), (a != "") | (b != "")], len(v))

    def explain(self, v, k, level):
        a, b = v.p.body[v.i[k]], v.p.body[v.j[k]]
        return {1: f"the same organization named ({a}), not a person",
                2: f"two organizations named ({a} / {b}), not people",
                3: f"an organization ({a or b}) and a person"}.get(level)


COMPARATORS: tuple[Comparator, ...] = (
    Body(), FamilyName(), GivenName(), Suffix(), BirthDate(), Identifier(), Email(), Phone(), Address(), City(),
    State(), Postcode(), Organization(), Office(), Jurisdiction(), Title(),
)
