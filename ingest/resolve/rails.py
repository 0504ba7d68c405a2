"""The guard rails of the resolver: evidence that two records are different people whatever their
weights say (a different suffix, birth date far apart, two offices held at the same time, ...),
and the vouching that lifts a far birth date when a rare identifier is shared. scoring.py applies
them after adding up the weights.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler

from graph import clock
from ingest.normalize import is_role_mailbox
from ingest.resolve.prepare import Prepared
from ingest.resolve.comparators import COMPARATORS, BirthDate, Office, PairView, Suffix, _title

_FOREVER = "9999-12-31"


def _known_days(office: tuple[str, str, str, bool], today: str) -> tuple[str, str] | None:
    """The days we *know* a term covered: [start, end]; an open term runs on from today;
    a term with only an end date covered that end date (or today, if it ends later);
    an undated term of a person no longer active tells us nothing."""
    _, start, end, active = office
    if start and end:
        return start, end
    if start:
        return (start, _FOREVER) if active else (start, start)
    if end:
        return (today, end) if end > today else (end, end)
    return (today, _FOREVER) if active else None


def _same_office(a: str, b: str) -> bool:
    return a == b or fuzz.token_set_ratio(a, b) >= Office.threshold


def offices_overlap(a: tuple, b: tuple, today: str) -> tuple[str, str] | None:
    """Two offices held at the same time, known from the dates, by records a and b; else None.

    An office one record shares with the other is not a conflict (a record that
    lists both offices shows one person held both), so only offices the other
    record does not mention count.
    """
    for oa in a:
        if any(_same_office(oa[0], ob[0]) for ob in b):
            continue
        ka = _known_days(oa, today)
        if ka is None:
            continue
        for ob in b:
            if any(_same_office(ob[0], x[0]) for x in a):
                continue
            kb = _known_days(ob, today)
            if kb is not None and ka[0] <= kb[1] and kb[0] <= ka[1]:
                return oa[0], ob[0]
    return None


def _office_conflicts(p: Prepared, i: np.ndarray, j: np.ndarray) -> dict[int, tuple[str, str]]:
    today = clock.today().isoformat()
    found = {}
    if not p.offices:
        return found
    if "_has_office" not in p.__dict__:  # once per set of records: the cluster step asks often
        p._has_office = np.fromiter((bool(o) for o in p.offices), dtype=bool, count=p.n)
    has = p._has_office
    for k in np.flatnonzero(has[i] & has[j]):
        hit = offices_overlap(p.offices[i[k]], p.offices[j[k]], today)
        if hit:
            found[int(k)] = hit
    return found


def _holders_agree(v: PairView, k: int, holders: list[int]) -> bool:
    """Nobody else holds the value: every record holding it shares the pair's given or family
    name (spelling slips allowed), as records of one person with a changed or mistyped name do."""
    names = [x for x in (v.family_a[k], v.family_b[k], v.given_a[k], v.given_b[k]) if x]

    def fits(x: str) -> bool:
        return bool(x) and any(x == y or JaroWinkler.normalized_similarity(x, y) >= 0.85 for y in names)

    return all(fits(v.p.family[h]) or fits(v.p.given[h]) for h in holders)


def vouched(v: PairView, levels: dict[str, np.ndarray], candidates: np.ndarray) -> dict[int, str]:
    """Pairs whose birth dates differ but whose exact, unshared identifier or personal e-mail
    says one person (and whose names do not contradict it): pair -> the value that vouches.

    Phones never vouch: a home phone is shared by a household, where a father and a
    son of the same name live.
    """
    out: dict[int, str] = {}
    names_fit = (levels["given name"] != 7) & (levels["family name"] != 5) & (levels["suffix"] != 2)
    ident, email = levels["identifier"], levels["e-mail"]
    for k in np.flatnonzero(candidates & names_fit & ((ident == 1) | (email == 1))):
        if ident[k] == 1:
            value = v.p.identifier[v.i[k]]
            if _holders_agree(v, k, v.freq.holders("identifier").get(value, [])):
                out[k] = f"identifier {value}"
                continue
        if email[k] == 1:
            shared = set(v.p.emails[v.i[k]]) & set(v.p.emails[v.j[k]])
            for value in sorted(shared):
                if not is_role_mailbox(value) and _holders_agree(v, k, v.freq.holders("emails").get(value, [])):
                    out[k] = f"e-mail {value}"
                    break
    return out


class Reasons(dict):
    """Blocked pair -> why, written when first asked for (most blocked pairs are never shown)."""

    def __init__(self, why, blocked: np.ndarray):
        super().__init__()
        self._why, self._blocked = why, blocked

    def __missing__(self, k: int) -> list[str]:
        if not self._blocked[k]:
            raise KeyError(k)
        found = self[k] = self._why(k)
        return found


def _crosswise(v: PairView, k: np.ndarray) -> np.ndarray:
    """Pairs where one record's given name is the other's family name, or the other way
    round (spelling slips allowed): names typed into each other's columns."""
    def alike(a, b):
        return np.array([x == y or JaroWinkler.normalized_similarity(x, y) >= 0.92 for x, y in zip(a, b)], dtype=bool)
    return alike(v.given_a[k], v.family_b[k]) | alike(v.family_a[k], v.given_b[k])


RAILS = frozenset({"suffix", "birth_date", "office", "names"})
_RAIL_LEVELS = ("suffix", "birth date", "given name", "family name", "identifier", "e-mail")


def guard_rails(v: PairView, levels: dict[str, np.ndarray] | None = None,
                rails: frozenset[str] = RAILS) -> tuple[np.ndarray, Reasons]:
    """Pairs that must not be merged automatically, and why.

    Different generational suffixes (Jr. vs III), always. Birth dates far apart (more
    than two slips, or years more than one keystroke apart: see BirthDate), unless an
    exact identifier number or personal e-mail that nobody else in the lists holds says
    they are one person (see vouched()).
    Two different offices held at the same time, as far as the dates show. Given and
    family names that both differ, unless the birth date or identifier number agrees
    (an office's mailbox, phone and address pass from one holder to the next).
    """
    levels = levels or {c.name: c.levels(v) for c in COMPARATORS if c.name in _RAIL_LEVELS}
    suffix = (levels["suffix"] == 2) & ("suffix" in rails)
    dob = (levels["birth date"] == BirthDate.FAR) & ("birth_date" in rails)
    vouch = vouched(v, levels, dob & ~suffix) if dob.any() else {}
    if vouch:
        dob[list(vouch)] = False
    # a shared mailbox, phone or address belongs to an office, not a person: successive mayors share them
    # (unless something personal agrees: the same birth date or identifier number)
    personal = (levels["birth date"] == 1) | (levels["identifier"] == 1)
    names = (levels["given name"] == 7) & (levels["family name"] == 5) & ~personal & ("names" in rails)
    if names.any():  # a name found in the other column (Gonzales Rick / R. Gonzales) is not a different name
        names[names] = ~_crosswise(v, np.flatnonzero(names))
    offices = _office_conflicts(v.p, v.i, v.j) if "office" in rails else {}
    office = np.zeros(len(v), dtype=bool)
    office[list(offices)] = True
    blocked = suffix | dob | office | names

    def why(k: int) -> list[str]:
        found = []
        if suffix[k]:
            found.append(Suffix().explain(v, k, 2))
        if dob[k]:
            found.append(BirthDate().explain(v, k, BirthDate.FAR))
        if office[k]:
            a, b = offices[k]
            found.append(f"both active at the same time in different offices ({a} / {b}): blocks merge")
        if names[k]:
            found.append(f"different given and family names ({_title(v.given_a[k])} {_title(v.family_a[k])} / "
                         f"{_title(v.given_b[k])} {_title(v.family_b[k])}): blocks merge")
        return found

    v.vouched = vouch
    return blocked, Reasons(why, blocked)
