"""Compare candidate pairs field by field and weigh the evidence (Fellegi-Sunter).

Each comparator puts a pair in one of a few *levels* (same, nickname, typo,
different, nothing to compare ...). A level carries a weight, log2(m/u):
m is how often two records of the same person land there, u how often two
different people do. The weights are fixed by reasoning about contact lists,
not fitted to any labelled data; for names, phones and e-mails u comes from
the data itself (agreeing on "Smith" or on an office switchboard is weaker
evidence than agreeing on "Zaffirini"). The sum of the weights, with a prior
of one true pair in 2**10 candidates, gives the probability that the two
records are one person.

A name alone is capped below the automatic-merge threshold on purpose: two
"Jane Doe" records need one more piece of evidence (e-mail, phone, birth date,
organisation, address...) before they are merged without a person looking.

Comparators live in comparators.py, guard rails in rails.py; their names stay importable from here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.forking import can_fork
from ingest.resolve.forking import in_two
from ingest.resolve.prepare import Prepared
from ingest.resolve.comparators import (COMPARATORS, Address, BirthDate, Body, City, Comparator,  # noqa: F401
                                        Email, FamilyName, Frequencies, GivenName, Identifier, Jurisdiction,
                                        Office, Organization, PairView, Phone, Postcode, State, Suffix)
from ingest.resolve.rails import RAILS, guard_rails, offices_overlap, vouched  # noqa: F401

PRIOR_LOG2_ODDS = -10.0  # one candidate pair in ~1000 is a true match before any evidence


@dataclass
class Scores:
    weight: np.ndarray  # total log2 evidence per pair
    probability: np.ndarray
    levels: dict[str, np.ndarray]
    blocked: np.ndarray
    block_reasons: dict[int, list[str]]  # blocked pair -> why (rails.Reasons: written when asked for)
    view: PairView

    def evidence(self, k: int) -> list[str]:
        """Human-readable reasons for pair k, strongest first."""
        found = []
        vouch = getattr(self.view, "vouched", {})
        for c in COMPARATORS:
            level = int(self.levels[c.name][k])
            if level:
                text = c.explain(self.view, k, level)
                if isinstance(c, BirthDate) and level == BirthDate.FAR and k in vouch:
                    a, b = c.values(self.view, k)
                    text = f"birth dates {a} vs {b} differ, but the same {vouch[k]} (held by nobody else) vouches"
                if text:
                    found.append((-abs(c.weights[level]), text))
        found.sort(key=lambda t: t[0])
        texts = [t for _, t in found]
        return texts + [r for r in (self.block_reasons[k] if self.blocked[k] else ()) if r not in texts]

    def take(self, keep: np.ndarray) -> "Scores":
        """The scores of the pairs ``keep`` only (numbered 0, 1, ... in that order), for their evidence."""
        where = {int(k): n for n, k in enumerate(keep)}
        view = self.view.take(keep)
        view.vouched = {where[k]: value for k, value in getattr(self.view, "vouched", {}).items() if k in where}
        return Scores(self.weight[keep], self.probability[keep], {c: lv[keep] for c, lv in self.levels.items()},
                      self.blocked[keep], {n: self.block_reasons[k] for n, k in enumerate(keep.tolist()) if self.blocked[k]},
                      view)


# -- two processes ---------------------------------------------------------------------
# The comparators are independent of each other: with workers=2 a forked copy of this process
# puts the pairs in their levels for the comparators below while this one does the others (about
# half the work each, measured at 50 000 records), and sends back one small int8 array per
# comparator. Same code on the same arrays: the same levels as one process.
PARALLEL_PAIRS = 200_000  # fewer pairs than this are compared in one process (a fork costs more)
_FORKED = ("family name", "address", "postcode", "organization", "city", "office", "jurisdiction")
_VIEW: PairView | None = None  # the view the forked process reads (inherited, never pickled)


def _forked_levels(names: tuple[str, ...]) -> dict[str, np.ndarray]:
    return {c.name: c.levels(_VIEW) for c in COMPARATORS if c.name in names}


def comparator_levels(view: PairView, workers: int = 1) -> dict[str, np.ndarray]:
    """Each comparator's level of every pair, in COMPARATORS order; in two processes when asked
    for and worth it (and where processes can be forked: not on Windows)."""
    global _VIEW
    if workers < 2 or len(view) < PARALLEL_PAIRS or not can_fork():
        return {c.name: c.levels(view) for c in COMPARATORS}
    _VIEW = view
    try:
        here, there = in_two(_forked_levels, (_FORKED,),
                             lambda: {c.name: c.levels(view) for c in COMPARATORS if c.name not in _FORKED})
    finally:
        _VIEW = None
    return {c.name: here[c.name] if c.name in here else there[c.name] for c in COMPARATORS}


NAMES_ONLY = frozenset({"family name", "given name", "suffix", "state", "city", "title"})
NAME_ONLY_CAP = 0.9  # a name (and a city) alone never merges without a person looking


def score_pairs(p: Prepared, pairs: np.ndarray, freq: Frequencies | None = None,
                rails: frozenset[str] = RAILS, weights=None, workers: int = 1) -> Scores:
    """Score every candidate pair: total weight, probability, per-comparator levels, guard rails.

    ``workers=2`` compares big sets of pairs in two processes (comparator_levels): the same result.

    ``weights``: learned weights (learn.LearnedWeights: a table per comparator and the prior),
    or None for the set ones. Either way a pair with nothing but the name in common stays
    below NAME_ONLY_CAP, and the guard rails apply.
    """
    view = PairView(p, pairs[:, 0], pairs[:, 1], freq or Frequencies(p))
    levels = comparator_levels(view, workers)
    weight = np.zeros(len(view))
    beyond_name = np.zeros(len(view), dtype=bool)
    for c in COMPARATORS:
        table = weights.tables.get(c.name) if weights is not None else None
        w = c.weigh(view, levels[c.name], table)
        weight += w
        if c.name not in NAMES_ONLY:
            beyond_name |= w > 0.5
    prior = PRIOR_LOG2_ODDS if weights is None else weights.prior
    probability = 1.0 / (1.0 + np.exp2(-(weight + prior)))
    probability = np.where(beyond_name, probability, np.minimum(probability, NAME_ONLY_CAP))
    blocked, reasons = guard_rails(view, levels, rails)
    return Scores(weight, probability, levels, blocked, reasons, view)
