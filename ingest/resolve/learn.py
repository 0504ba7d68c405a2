"""Weights learned from the records themselves: unsupervised Fellegi-Sunter with EM.

For each comparator and level, m (how often one person's two records land there) and u
(how often two different people's do) give the weight log2(m/u). No labels are used:

* u is counted on random pairs of records (nearly all of them two different people), as
  splink does, so that blocking does not bias it;
* m and the share of true pairs among the candidates are estimated by expectation-
  maximisation over the blocked candidate pairs, starting from the set weights
  (scoring.py), with the u fixed;
* the same-value levels of names, e-mails and phones are then adjusted by how common
  the value is (term frequency, scoring.Frequencies), as before.

The domain rules stay evidence beside the learned weights: nicknames, initials, offices
and shared office mailboxes are levels of their comparators, a body is never a person
and suffixes keep their set weights, and the guard rails and the cap on a name alone
apply after.

>>> import pandas as pd
>>> from ingest.resolve import as_records
>>> from ingest.resolve.messy import messy_lists
>>> from ingest.resolve.prepare import prepare
>>> from ingest.resolve.blocking import candidate_pairs
>>> p = prepare(as_records(messy_lists(300, seed=3).drop(columns="pid")))
>>> learned = learn_weights(p, candidate_pairs(p), seed=0)
>>> bool(learned.tables["e-mail"][1] > learned.tables["city"][1] > 0 > learned.tables["family name"][5])
True
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ingest.resolve.prepare import Prepared
from ingest.resolve.scoring import COMPARATORS, PRIOR_LOG2_ODDS, Frequencies, PairView

_PSEUDO = 1.0  # pseudo-count per level: a level never seen keeps a finite weight
_MAX_WEIGHT = 20.0


@dataclass
class LearnedWeights:
    tables: dict[str, np.ndarray]  # comparator -> weight per level (level 0: 0)
    prior: float  # log2 odds that a candidate pair is one person, before any evidence
    m: dict[str, np.ndarray] = field(default_factory=dict)
    u: dict[str, np.ndarray] = field(default_factory=dict)
    iterations: int = 0
    match_share: float = 0.0


def _counts(levels: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    return np.bincount(levels, weights=weights, minlength=size)[:size].astype(float)


def _shares(counts: np.ndarray) -> np.ndarray:
    """Level shares among the pairs that had something to compare (level 0 left out)."""
    c = counts.copy()
    c[0] = 0.0
    c[1:] += _PSEUDO
    return c / c.sum()


def _log_ratio(m: np.ndarray, u: np.ndarray) -> np.ndarray:
    w = np.zeros(len(m))
    w[1:] = np.log2(m[1:] / u[1:])
    return w


def random_pairs(n: int, size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pairs = rng.integers(0, n, size=(size, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    pairs.sort(axis=1)
    return pairs


def learn_weights(p: Prepared, candidates: np.ndarray, freq: Frequencies | None = None, *, seed: int = 0,
                  sample: int = 50_000, iterations: int = 40, tolerance: float = 1e-4,
                  estimate_u: bool = False, fix_share: bool = True) -> LearnedWeights:
    """m/u per comparator level from the records and their candidate pairs (no labels)."""
    freq = freq or Frequencies(p)
    learnable = [c for c in COMPARATORS if c.learned]
    sizes = {c.name: len(c.weights) for c in learnable}
    pairs = random_pairs(p.n, min(sample, max(p.n * (p.n - 1) // 2, 1)), seed) if p.n > 1 else \
        np.empty((0, 2), dtype=np.int64)
    rand = PairView(p, pairs[:, 0], pairs[:, 1], freq)
    u = {c.name: _shares(_counts(c.levels(rand), sizes[c.name])) for c in learnable}
    view = PairView(p, candidates[:, 0], candidates[:, 1], freq)
    levels = {c.name: c.levels(view).astype(np.int64) for c in learnable}
    fixed = np.zeros(len(view))  # the rules that are not learned stay in every E step
    for c in COMPARATORS:
        if not c.learned:
            fixed += c.weigh(view, c.levels(view))
    start = np.zeros(len(view))  # the set weights start EM
    for c in learnable:
        start += np.asarray(c.weights, dtype=float)[levels[c.name]]
    g = 1.0 / (1.0 + np.exp2(-(start + fixed + PRIOR_LOG2_ODDS)))
    m: dict[str, np.ndarray] = {}
    share, done = 0.0, 0
    for done in range(1, iterations + 1):
        if done == 1 or not fix_share:
            share = float(np.clip(g.mean(), 1e-6, 1 - 1e-6)) if len(g) else 1e-3
        m = {name: _shares(_counts(levels[name], sizes[name], g)) for name in levels}
        if estimate_u:
            u = {name: _shares(_counts(levels[name], sizes[name], 1 - g)) for name in levels}
        logit = np.full(len(view), np.log2(share / (1 - share))) + fixed
        for name in levels:
            w = _log_ratio(m[name], u[name])
            logit += np.clip(w, -_MAX_WEIGHT, _MAX_WEIGHT)[levels[name]]
        new = 1.0 / (1.0 + np.exp2(-logit))
        moved = float(np.abs(new - g).max()) if len(g) else 0.0
        g = new
        if moved < tolerance:
            break
    tables = {}
    for name in levels:
        w = np.clip(_log_ratio(m[name], u[name]), -_MAX_WEIGHT, _MAX_WEIGHT) if m else np.zeros(sizes[name])
        tables[name] = w
    return LearnedWeights(tables, float(np.log2(share / (1 - share))), m, u, done, share)
