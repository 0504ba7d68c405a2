"""Group records into people: connected components over merge decisions, with guard rails.

Merge edges are taken strongest first (union-find). Before two groups are
joined, every record of one is checked against every record of the other
(birth dates: the groups conflict only when most of their dates are far apart,
as one mistyped date must not split a person):
if A~B and B~C were merged but A and C are a Jr. and a III, the edge that
would join them is not applied and goes to the review queue instead. So a
chain of plausible pairs never silently joins two people a guard rail keeps
apart.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from ingest.resolve.prepare import Prepared
from ingest.resolve.scoring import RAILS, BirthDate, Frequencies, PairView, guard_rails

MERGE, REVIEW, DISTINCT = "merge", "review", "distinct"


class Pair:
    """Two records and how sure we are that they are one person.

    ``evidence`` (the reasons shown to people) is written when first read: most scored
    pairs are never shown, and at 100 k records writing them all took a tenth of the time.
    """
    __slots__ = ("a", "b", "score", "decision", "vouched", "_evidence", "_explain")

    def __init__(self, a: int, b: int, score: float, decision: str, evidence: list[str] | None = None,
                 vouched: str = "", explain: Callable[[], list[str]] | None = None):
        self.a, self.b = a, b  # record positions, a < b
        self.score = score  # probability that the two records are one person
        self.decision = decision  # merge / review / distinct
        self.vouched = vouched  # the unshared identifier or e-mail that outweighs a birth-date conflict, if any
        self._evidence, self._explain = evidence, explain

    @property
    def evidence(self) -> list[str]:
        if self._evidence is None:
            self._evidence = list(self._explain()) if self._explain is not None else []
            self._explain = None
        return self._evidence

    @evidence.setter
    def evidence(self, value: list[str]) -> None:
        self._evidence, self._explain = list(value), None

    def __eq__(self, other) -> bool:
        return isinstance(other, Pair) and (self.a, self.b, self.score, self.decision, self.evidence, self.vouched) \
            == (other.a, other.b, other.score, other.decision, other.evidence, other.vouched)

    def __repr__(self) -> str:
        return (f"Pair(a={self.a}, b={self.b}, score={self.score!r}, decision={self.decision!r}, "
                f"evidence={self.evidence!r}, vouched={self.vouched!r})")


class Cluster:
    """One person: its records, the weakest merge that holds them together (1.0 for one record),
    and the evidence of the merges used (gathered when first read)."""

    def __init__(self, id: str, records: list[int], score: float, evidence: list[str] | None = None,
                 links: list[tuple[int, int, float]] | None = None, pairs: list[Pair] = ()):
        self.id = id  # P1, P2 ... in order of each person's first record
        self.records = records  # record positions
        self.score = score
        self.links = links or []  # the merges used
        self._evidence, self._pairs = evidence, list(pairs)

    @property
    def evidence(self) -> list[str]:
        if self._evidence is None:
            self._evidence = list(dict.fromkeys(e for q in self._pairs for e in q.evidence))
        return self._evidence

    @evidence.setter
    def evidence(self, value: list[str]) -> None:
        self._evidence = list(value)

    def __eq__(self, other) -> bool:
        return isinstance(other, Cluster) and (self.id, self.records, self.score, self.evidence, self.links) == \
            (other.id, other.records, other.score, other.evidence, other.links)

    def __repr__(self) -> str:
        return f"Cluster(id={self.id!r}, records={self.records!r}, score={self.score!r}, evidence={self.evidence!r})"


def decide(probability: np.ndarray, blocked: np.ndarray, *, auto_threshold: float,
           review_threshold: float) -> np.ndarray:
    """merge above auto_threshold, review in between, distinct below; a guard rail caps at review."""
    decision = np.full(len(probability), DISTINCT, dtype=object)
    decision[probability >= review_threshold] = REVIEW
    decision[(probability >= auto_threshold) & ~blocked] = MERGE
    return decision


class _Group:
    """What the guard rails can disagree on inside one group of records, kept up to date as groups
    are joined, so that most joins are cleared without comparing any pair of records."""
    __slots__ = ("suffixes", "dates", "names", "offices")

    def __init__(self, p: Prepared, r: int):
        self.suffixes = {p.suffix[r]} - {""}
        self.dates = {p.birth_date[r]: 1} if p.birth_date[r] else {}
        self.names = {(p.given[r], p.family[r])} if p.given[r] and p.family[r] else set()
        self.offices = {o[0] for o in p.offices[r]} if p.offices else set()

    def absorb(self, other: "_Group") -> None:
        self.suffixes |= other.suffixes
        for d, n in other.dates.items():
            self.dates[d] = self.dates.get(d, 0) + n
        self.names |= other.names
        self.offices |= other.offices


@lru_cache(maxsize=1 << 16)
def _far(a: str, b: str) -> bool:
    """Birth dates a guard rail keeps apart (BirthDate's level FAR), for two non-empty dates."""
    if a == b or DamerauLevenshtein.distance(a, b) <= 1:
        return False
    if a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]:
        return False
    return not (DamerauLevenshtein.distance(a, b) <= 2 and DamerauLevenshtein.distance(a[:4], b[:4]) <= 1)


def _names_differ(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """Could the names rail fire between these (given, family) names? Both must differ, the family
    names by more than a spelling slip, and neither found in the other column (rails._crosswise)."""
    (ga, fa), (gb, fb) = x, y
    jw = JaroWinkler.normalized_similarity
    return ga != gb and fa != fb and jw(fa, fb) < 0.85 and jw(ga, gb) < 0.85 and jw(fa, gb) < 0.92 and \
        jw(ga, fb) < 0.92


def _may_conflict(left: _Group, right: _Group, rails: frozenset[str]) -> bool:
    """Cheap test: can a guard rail fire on some pair across the two groups? (If not, no need to
    compare their records pair by pair; if so, _conflicts decides exactly.)"""
    if "suffix" in rails and left.suffixes and right.suffixes and len(left.suffixes | right.suffixes) > 1:
        return True
    if "birth_date" in rails and left.dates and right.dates:
        dated = sum(left.dates.values()) * sum(right.dates.values())
        far = sum(n * m for a, n in left.dates.items() for b, m in right.dates.items() if _far(a, b))
        if far * 2 > dated:  # an upper bound: vouching (in _conflicts) may still clear some
            return True
    if "names" in rails and any(_names_differ(x, y) for x in left.names for y in right.names):
        return True
    return "office" in rails and bool(left.offices) and bool(right.offices) and \
        len(left.offices | right.offices) > 1


def _conflicts(p: Prepared, freq: Frequencies, left: list[int], right: list[int], rails: frozenset[str]) -> list[str]:
    i = np.repeat(np.asarray(left), len(right))
    j = np.tile(np.asarray(right), len(left))
    view = PairView(p, i, j, freq)
    blocked, reasons = guard_rails(view, rails=rails - {"birth_date"})
    found = [r for k in np.flatnonzero(blocked) for r in reasons[k]]
    if "birth_date" in rails:
        # one mistyped date in a group is not a second person: the groups conflict only when
        # most of the dated pairs across them are far apart
        dated = BirthDate().levels(view) > 0
        far, why = guard_rails(view, rails=frozenset({"birth_date"}))
        if far[dated].sum() * 2 > dated.sum():
            found += why[int(np.flatnonzero(far)[0])]
    return found


def build_clusters(p: Prepared, pairs: list[Pair], *, freq: Frequencies,
                   max_size: int = 50, rails: frozenset[str] = RAILS) -> tuple[list[Cluster], list[Pair]]:
    """People (every record in exactly one cluster) and the review queue."""
    parent = list(range(p.n))
    members: dict[int, list[int]] = {r: [r] for r in range(p.n)}
    groups: dict[int, _Group] = {}
    links: dict[int, list[Pair]] = {r: [] for r in range(p.n)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in sorted((q for q in pairs if q.decision == MERGE), key=lambda q: (-q.score, q.a, q.b)):
        ra, rb = find(pair.a), find(pair.b)
        if ra == rb:
            continue
        joined = members[ra] + members[rb]
        if len(joined) > max_size:
            pair.decision = REVIEW
            pair.evidence.append(f"would make a group of {len(joined)} records (more than {max_size}): check by hand")
            continue
        # an unshared identifier that vouches for this pair also explains the birth dates of
        # the records already merged with each side; suffixes and offices still keep apart
        checked = rails - {"birth_date"} if pair.vouched else rails
        ga = groups[ra] if ra in groups else groups.setdefault(ra, _Group(p, ra))
        gb = groups[rb] if rb in groups else groups.setdefault(rb, _Group(p, rb))
        if _may_conflict(ga, gb, checked):
            reasons = _conflicts(p, freq, members[ra], members[rb], checked)
            if reasons:
                pair.decision = REVIEW
                pair.evidence.append(f"would join records a guard rail keeps apart ({reasons[0]})")
                continue
        if len(members[ra]) < len(members[rb]):
            ra, rb, ga, gb = rb, ra, gb, ga
        ga.absorb(gb)
        del groups[rb]
        parent[rb] = ra
        members[ra] = joined
        links[ra] += links.pop(rb) + [pair]
        del members[rb]
    clusters = []
    for root, recs in sorted(members.items(), key=lambda kv: min(kv[1])):
        used = links[root]
        clusters.append(Cluster(f"P{len(clusters) + 1}", sorted(recs), min((q.score for q in used), default=1.0),
                                links=[(q.a, q.b, q.score) for q in used], pairs=used))
    review = [q for q in pairs if q.decision == REVIEW and find(q.a) != find(q.b)]
    review.sort(key=lambda q: -q.score)
    return clusters, review
