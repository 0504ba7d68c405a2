"""The generator: one :class:`Region` per call, its steps in the order they depend on each other."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingest.demo.activity import Activity
from ingest.demo.bodies import Bodies
from ingest.demo.catalogue import RegionSize
from ingest.demo.people import People
from ingest.demo.places import Places
from ingest.demo.relations import Relations
from ingest.demo.tables import _Person, _Tables, _Tenure


@dataclass
class Region(Places, People, Bodies, Relations, Activity):
    """One region being drawn: the tables collected so far and what later steps need to know.

    Each step lives with its kind of record (places.py, people.py, bodies.py, relations.py,
    activity.py); ``build`` runs them in the order they depend on each other, all drawing from
    one seeded generator, so the order is part of the region: change it and every seed changes.
    """

    spec: RegionSize
    seed: int
    t: _Tables = field(default_factory=_Tables)
    people: list[_Person] = field(default_factory=list)
    tenures: list[_Tenure] = field(default_factory=list)
    orgs: list[tuple[str, str, str]] = field(default_factory=list)  # (id, type, jurisdiction)
    counties: list[tuple[str, str, tuple]] = field(default_factory=list)  # (jurisdiction id, name, cities)
    members: dict[str, list[tuple[str, int, int, str]]] = field(default_factory=dict)  # board -> memberships
    next_contact: int = 1

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)

    def build(self) -> dict[str, pd.DataFrame]:
        self.geography()
        self.issues()
        self.core_organizations()
        self.local_governments()
        self.staff()
        self.officials()
        self.planted_people()
        self.bulk_organizations()
        self.bulk_contacts()
        self.registry()
        self.boards()
        self.notices()
        self.expertise()
        self.organization_ties()
        self.ownership()
        self.acquaintances()
        self.planted_interactions()
        self.bulk_interactions()
        self.planted_positions()
        return self.t.frames()
