"""Ties: between organizations, our staff's ownership of relationships, acquaintances."""
from __future__ import annotations

import numpy as np

from ingest.demo.catalogue import CORE_ORGS
from ingest.demo.dates import _iso, NEVER, START, TODAY
from ingest.demo.planted import PLANTED


class Relations:
    """Steps of :class:`~ingest.demo.region.Region` that draw ties."""

    def organization_ties(self) -> None:
        P, t = PLANTED, self.t
        for frm, to, kind, start in (("o-mpo", "o-cog", "partner", "2005-03-01"),
                                     ("o-transit", "o-mpo", "partner", "2009-10-01"),
                                     ("o-federal-transport", "o-mpo", "funds", "2006-10-01"),
                                     ("o-state-dot", "o-transit", "funds", "2012-09-01"),
                                     ("o-federal-emergency", "o-cog", "funds", "2014-10-01"),
                                     ("o-workforce", "o-cog", "partner", "2011-01-15"),
                                     (P.regulator, P.power_company, "regulates", "1999-01-01")):
            t.add("ties", from_id=frm, to_id=to, kind=kind, start_date=start, sensitive="false")
        # The landmine: never seat these two together, never cite one to the other.
        t.add("ties", from_id=P.power_company, to_id=P.regulator, kind="conflict", start_date="2023-02-01",
              sensitive="true", confidentiality="internal",
              note="Rate-case dispute since 2023-02-01; public hostility at hearings. Do not pair them on panels.")
        t.add("ties", from_id=P.power_company, to_id=P.regulator, kind="litigation", start_date="2024-06-14",
              sensitive="true", confidentiality="internal",
              note="Pecan Springs Municipal Power v. Texas Utility Regulatory Commission, filed 2024-06-14; pending.")
        local = [o for o, otype, _ in self.orgs if otype in ("city", "county")]
        t.add_columns("ties", len(local), from_id=np.array(local, dtype=object), to_id=P.our_organization,
                      kind="member_of", start_date="1972-01-01", sensitive="false")
        rng, n = self.rng, len(self.org_id)
        count = n // 4  # partnerships among the other organizations
        a, b = rng.integers(n, size=count), rng.integers(n, size=count)
        pairs = np.unique(np.minimum(a, b) * n + np.maximum(a, b))
        a, b = pairs // n, pairs % n
        # The landmine pair and our own organization only have the hand-written ties above.
        special = np.isin(self.org_id, (P.power_company, P.regulator)) | (self.org_type == "our_organization")
        core = np.arange(n) < len(CORE_ORGS)  # ties among the well-known bodies are all hand-written
        keep = (a != b) & ~special[a] & ~special[b] & ~(core[a] & core[b])
        a, b = a[keep], b[keep]
        kinds = np.array(["partner", "partner", "partner", "funds"], dtype=object)
        t.add_columns("ties", len(a), from_id=self.org_id[a], to_id=self.org_id[b],
                      kind=kinds[rng.integers(4, size=len(a))],
                      start_date=_iso(START - 2000 + rng.integers(0, 5000, size=len(a))), sensitive="false")

    def ownership(self) -> None:
        """OWNS: which of our staff holds each important relationship (primary, sometimes a secondary)."""
        rng, P = self.rng, PLANTED
        staff = self.staff_idx[1:]  # everyone but the leaving staff member
        owned = np.flatnonzero((self.c_current_official & ~self.c_planted) |
                               (np.isin(self.c_kind, ("agency_staff", "business", "nonprofit")) &
                                (rng.random(len(self.c_id)) < 0.08) & ~self.c_planted))
        primary = staff[rng.integers(len(staff), size=len(owned))]
        secondary = staff[rng.integers(len(staff), size=len(owned))]
        has_second = (rng.random(len(owned)) < 0.35) & (secondary != primary)
        # The leaving staff member also holds a few covered relationships (they have a secondary owner).
        hers = rng.choice(len(owned), size=min(6, len(owned)), replace=False)
        primary[hers] = self.index[P.leaving_staff]
        has_second[hers] = True
        self.owner = np.full(len(self.c_id), -1)
        self.owner[owned] = primary
        since = _iso(START + rng.integers(0, TODAY - START, size=len(owned)))
        t = self.t
        t.add_columns("ties", len(owned), from_id=self.c_id[primary], to_id=self.c_id[owned], kind="owns",
                      role="primary", start_date=since)
        t.add_columns("ties", int(has_second.sum()), from_id=self.c_id[secondary[has_second]],
                      to_id=self.c_id[owned[has_second]], kind="owns", role="secondary", start_date=since[has_second])
        planted_owners = {c: P.leaving_staff for c in P.orphaned_contacts}
        planted_owners.update({P.deceased_official: "c-keisha-monroe", P.successor: "c-june-park",
                               P.role_changed: "c-grant-holloway", P.contradicting_official: "c-grant-holloway",
                               P.opposing_official: "c-keisha-monroe", P.recent_negative_contact: "c-keisha-monroe",
                               P.dormant_contact: "c-daniel-ochoa", P.transport_expert: "c-grant-holloway",
                               P.transport_board_member: "c-june-park", P.transit_expert: "c-grant-holloway",
                               P.no_transport_official: "c-daniel-ochoa", P.power_company_contact: "c-marisol-ortega",
                               P.regulator_contact: "c-marisol-ortega", P.broker: "c-ray-castellanos",
                               P.beat_reporter: "c-lucy-tran", P.recent_article_reporter: "c-lucy-tran"})
        for contact, staffer in planted_owners.items():
            t.add("ties", from_id=staffer, to_id=contact, kind="owns", role="primary", start_date="2021-02-01")
            self.owner[self.index[contact]] = self.index[staffer]

    def acquaintances(self) -> None:
        """KNOWS: officials know their county's officials; two rural counties know nobody else but the broker."""
        rng, P = self.rng, PLANTED
        n = len(self.c_id)
        official = self.c_kind == "elected_official"
        isolated = official & np.isin(self.c_county, P.broker_counties)
        pairs = [self.county_rings(official)]
        # Everyone else (not our staff, not the two rural clusters) knows people, mostly nearby.
        pool = np.flatnonzero(~isolated & (self.c_kind != "our_staff") & (self.c_id != P.broker))
        count = int(len(pool) * self.spec.knows_per_contact / 2)
        a = pool[rng.integers(len(pool), size=count)]
        b = pool[rng.integers(len(pool), size=count)]
        pairs.append(np.stack([a, b], axis=1))
        broker = self.index[P.broker]
        for county in P.broker_counties:
            cluster = np.flatnonzero(isolated & (self.c_county == county) & (self.c_active_to == NEVER))
            pairs.append(np.stack([np.full(3, broker), rng.choice(cluster, 3, replace=False)], axis=1))
        pairs.append(np.stack([np.full(2, broker), rng.choice(pool, 2, replace=False)], axis=1))
        both = np.concatenate(pairs)
        both = both[both[:, 0] != both[:, 1]]
        codes = np.unique(np.minimum(both[:, 0], both[:, 1]) * n + np.maximum(both[:, 0], both[:, 1]))
        a, b = codes // n, codes % n
        strength = np.round(rng.uniform(0.2, 1.0, size=len(a)), 1).astype(str).astype(object)
        self.t.add_columns("ties", len(a), from_id=self.c_id[a], to_id=self.c_id[b], kind="knows", strength=strength,
                           start_date=_iso(START - 3000 + rng.integers(0, 5500, size=len(a))))

    def county_rings(self, official: np.ndarray) -> np.ndarray:
        """Each county's officials as a ring with random chords, so every cluster is connected."""
        rng, pairs = self.rng, []
        for county, *_ in self.counties:
            members = np.flatnonzero(official & (self.c_county == county))
            if len(members) < 2:
                continue
            pairs.append(np.stack([members, np.roll(members, 1)], axis=1))
            chords = len(members)
            pairs.append(np.stack([rng.choice(members, chords), rng.choice(members, chords)], axis=1))
        return np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=int)
