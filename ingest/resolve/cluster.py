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

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import JaroWinkler

from ingest.resolve.prepare import Prepared
from ingest.resolve.scoring import RAILS, BirthDate, Frequencies, PairView, guard_rails

MERGE, REVIEW, DISTINCT = "merge", "review", "distinct"


@dataclass
class Pair:
    a: int  # record positions, a < b
    b: int
    score: float  # probability that the two records are one person
    decision: str  # merge / review / distinct
    evidence: list[str] = field(default_factory=list)
    vouched: str = ""  # the unshared identifier or e-mail that outweighs a birth-date conflict, if any


@dataclass
class Cluster:
    id: str  # P1, P2 ... in order of each person's first record
    records: list[int]  # record positions
    score: float  # the weakest merge that holds the cluster together (1.0 for one record)
    evidence: list[str] = field(default_factory=list)
    links: list[tuple[int, int, float]] = field(default_factory=list)  # the merges used


def decide(probability: np.ndarray, blocked: np.ndarray, *, auto_threshold: float,
           review_threshold: float) -> np.ndarray:
    """merge above auto_threshold, review in between, distinct below; a guard rail caps at review."""
    decision = np.full(len(probability), DISTINCT, dtype=object)
    decision[probability >= review_threshold] = REVIEW
    decision[(probability >= auto_threshold) & ~blocked] = MERGE
    return decision


def _may_conflict(p: Prepared, members: list[int]) -> bool:
    """Cheap test: a guard rail can only fire if the group holds two different values."""
    for values in (p.suffix, p.birth_date):
        if len({values[m] for m in members if values[m]}) > 1:
            return True
    families = sorted({p.family[m] for m in members if p.family[m]})
    if len(families) > 1 and len({p.given[m] for m in members if p.given[m]}) > 1 and any(
            JaroWinkler.normalized_similarity(a, b) < 0.85 for k, a in enumerate(families) for b in families[k + 1:]):
        return True  # the names rail needs two family names that are not spelling variants
    return len({o[0] for m in members for o in p.offices[m]}) > 1


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
    links: dict[int, list[tuple[int, int, float, list[str]]]] = {r: [] for r in range(p.n)}

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
        if _may_conflict(p, joined):
            # an unshared identifier that vouches for this pair also explains the birth dates of
            # the records already merged with each side; suffixes and offices still keep apart
            reasons = _conflicts(p, freq, members[ra], members[rb], rails - {"birth_date"} if pair.vouched else rails)
            if reasons:
                pair.decision = REVIEW
                pair.evidence.append(f"would join records a guard rail keeps apart ({reasons[0]})")
                continue
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] = joined
        links[ra] += links.pop(rb) + [(pair.a, pair.b, pair.score, pair.evidence)]
        del members[rb]
    clusters = []
    for root, recs in sorted(members.items(), key=lambda kv: min(kv[1])):
        used = links[root]
        evidence = list(dict.fromkeys(e for *_, ev in used for e in ev))
        clusters.append(Cluster(f"P{len(clusters) + 1}", sorted(recs), min((s for _, _, s, _ in used), default=1.0),
                                evidence, [(a, b, s) for a, b, s, _ in used]))
    review = [q for q in pairs if q.decision == REVIEW and find(q.a) != find(q.b)]
    review.sort(key=lambda q: -q.score)
    return clusters, review
