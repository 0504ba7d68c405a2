"""The region's places and organizations: geography, issues, the hand-written and the bulk
organizations."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ingest.demo.catalogue import (BULK_ORG_TYPES, CITY_SUFFIXES, CITY_WORDS, CORE_ORGS, COUNTIES,
                                   EXTRA_COUNTY_WORDS, ISSUES)
from ingest.demo.tables import _numbered, _slug


class Places:
    """Steps of :class:`~ingest.demo.region.Region` that make places and organizations."""

    def geography(self) -> None:
        t = self.t
        t.add("jurisdictions", id="j-tx", name="Texas", level="state", ocd_id="ocd-division/country:us/state:tx")
        t.add("jurisdictions", id="j-brazos-prairie", name="Brazos Prairie Region", level="region", parent_id="j-tx")
        for number in (32, 33):
            t.add("jurisdictions", id=f"j-sd-{number}", name=f"Texas Senate District {number}", level="district",
                  parent_id="j-tx")
        for number in range(151, 157):
            t.add("jurisdictions", id=f"j-hd-{number}", name=f"Texas House District {number}", level="district",
                  parent_id="j-tx")
        counties = list(COUNTIES)
        words = iter((w, s) for s in CITY_SUFFIXES for w in CITY_WORDS)
        for word in EXTRA_COUNTY_WORDS[: self.spec.extra_counties]:
            counties.append((word, tuple((f"{w} {s}", 4) for w, s in
                                         (next(words) for _ in range(self.spec.cities_per_extra_county)))))
        for name, cities in counties:
            jid = f"j-county-{_slug(name)}"
            t.add("jurisdictions", id=jid, name=f"{name} County", level="county", parent_id="j-brazos-prairie")
            for city, _ in cities:
                t.add("jurisdictions", id=f"j-city-{_slug(city)}", name=city, level="city", parent_id=jid)
            self.counties.append((jid, name, cities))
        for district in range(1, 7):  # the largest city's council districts
            t.add("jurisdictions", id=f"j-pecan-springs-d{district}", name=f"Pecan Springs Council District {district}",
                  level="district", parent_id="j-city-pecan-springs")

    def issues(self) -> None:
        for iid, name, parent, keywords, description in ISSUES:
            self.t.add("issues", id=iid, name=name, parent_id=parent, keywords=keywords, description=description)

    def add_org(self, oid: str, name: str, otype: str, sector: str = "public", jurisdiction: str = "",
                parent: str = "", focus: str = "", aliases: str = "", description: str = "") -> None:
        domain = f"{_slug(name)}.example"
        self.t.add("organizations", id=oid, name=name, type=otype, sector=sector, description=description,
                   email=f"info@{domain}", website=f"https://www.{domain}", jurisdiction_id=jurisdiction,
                   parent_id=parent, aliases=aliases)
        self.orgs.append((oid, otype, jurisdiction))
        if focus:
            self.t.add("expertise", subject_id=oid, issue_id=focus, kind="focus")

    def core_organizations(self) -> None:
        for oid, name, otype, sector, jur, parent, focus, aliases, description in CORE_ORGS:
            self.add_org(oid, name, otype, sector, jur, parent, focus, aliases, description)

    def local_governments(self) -> None:
        for jid, name, cities in self.counties:
            self.add_org(f"o-county-{_slug(name)}", f"{name} County", "county", "public", jid,
                         aliases=f"{name} County Commissioners Court")
            for city, _ in cities:
                self.add_org(f"o-city-{_slug(city)}", f"City of {city}", "city", "public", f"j-city-{_slug(city)}")
        for _, _, cities in self.counties[:6]:  # school districts of the named cities
            for city, seats in cities:
                if seats == 6:
                    self.add_org(f"o-isd-{_slug(city)}", f"{city} ISD", "school", "public", f"j-city-{_slug(city)}")

    def places(self) -> tuple[np.ndarray, np.ndarray]:
        """Place names and their jurisdiction ids, for naming bulk organizations."""
        names, jurs = [], []
        for cid, name, cities in self.counties:
            names.append(name)
            jurs.append(cid)
            for city, _ in cities:
                names.append(city)
                jurs.append(f"j-city-{_slug(city)}")
        return np.array(names, dtype=object), np.array(jurs, dtype=object)

    def bulk_organizations(self) -> None:
        rng, n = self.rng, max(0, self.spec.organizations - len(self.orgs))
        types = list(BULK_ORG_TYPES)
        shares = np.array([BULK_ORG_TYPES[k][0] for k in types])
        code = rng.choice(len(types), size=n, p=shares / shares.sum())
        place_names, place_jurs = self.places()
        place = rng.integers(len(place_names), size=n)
        name = place_names[place].copy()
        sector = np.full(n, "", dtype=object)
        focus = np.full(n, "", dtype=object)
        for k, otype in enumerate(types):
            _, stems, suffixes, sec, issues = BULK_ORG_TYPES[otype]
            mask = code == k
            count = int(mask.sum())
            stem = np.array(stems, dtype=object)[rng.integers(len(stems), size=count)]
            suffix = np.array([f" {s}" if s else "" for s in suffixes], dtype=object)[
                rng.integers(len(suffixes), size=count)]
            name[mask] = name[mask] + " " + stem + suffix
            sector[mask] = sec
            if issues:
                chosen = np.array(issues, dtype=object)[rng.integers(len(issues), size=count)]
                focus[mask] = np.where(rng.random(count) < 0.4, chosen, "")
        ids = _numbered("o-", 1, n, 5)
        otype = np.array(types, dtype=object)[code]
        slug = pd.Series(name).str.lower().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-").to_numpy()
        self.t.add_columns("organizations", n, id=ids, name=name, type=otype, sector=sector,
                           email="info@" + slug + ".example", website="https://www." + slug + ".example",
                           jurisdiction_id=place_jurs[place])
        has = focus != ""
        self.t.add_columns("expertise", int(has.sum()), subject_id=ids[has], issue_id=focus[has], kind="focus")
        core = np.array(self.orgs, dtype=object).reshape(-1, 3)
        self.org_id = np.concatenate([core[:, 0], ids])
        self.org_type = np.concatenate([core[:, 1], otype])
        self.org_jur = np.concatenate([core[:, 2], place_jurs[place]])
