"""The region's people: our staff, elected officials and their seats' history, the planted
people and the bulk contacts."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ingest.demo.catalogue import (AREA_CODES, BULK_KINDS, FAMILY, GIVEN, _Holder, ISSUE_IDS, _PLANTED_SEATS,
                                   STAFF)
from ingest.demo.dates import _d, _iso, _iso1, NEVER, START, TODAY
from ingest.demo.planted import PLANTED
from ingest.demo.tables import _numbered, _Person, _slug, _Tenure


class People:
    """Steps of :class:`~ingest.demo.region.Region` that make people."""

    def new_contact_id(self) -> str:
        self.next_contact += 1
        return f"c-{self.next_contact - 1:06d}"

    def random_name(self) -> tuple[str, str]:
        return str(GIVEN[self.rng.integers(len(GIVEN))]), str(FAMILY[self.rng.integers(len(FAMILY))])

    def phone(self) -> str:
        return f"({AREA_CODES[self.rng.integers(4)]}) 555-01{self.rng.integers(100):02d}"

    def add_person(self, person: _Person, given: str, family: str, title: str, **row) -> None:
        domain = (f"{person.home.removeprefix('o-')}.example" if person.home else "mail.example")
        row.setdefault("email", f"{given.lower()}.{family.lower()}@{domain}")
        row.setdefault("phone", self.phone())
        row.setdefault("status", "active")
        self.t.add("contacts", id=person.id, name=f"{given} {family}", given_name=given, family_name=family,
                   title=title, kind=person.kind, jurisdiction_id=person.jurisdiction,
                   do_not_contact=row.pop("do_not_contact", "false"), **row)
        self.people.append(person)

    def staff(self) -> None:
        named = [(g, f, title, start, f"c-{_slug(g + ' ' + f)}") for g, f, title, start in STAFF]
        for _ in range(max(0, self.spec.staff - len(STAFF))):
            g, f = self.random_name()
            start = _iso1(START - int(self.rng.integers(0, 3000)))
            named.append((g, f, "Program Specialist", start, self.new_contact_id()))
        for g, f, title, start, cid in named:
            leaving = "2026-12-18" if cid == PLANTED.leaving_staff else ""
            self.add_person(_Person(cid, "our_staff", "j-brazos-prairie", "o-cog", planted=True), g, f, title,
                            leaving_date=leaving, email=f"{g[0].lower()}{f.lower()}@bpcog.example")
            self.t.add("affiliations", contact_id=cid, organization_id="o-cog", kind="works_at", role="staff",
                       title=title, start_date=start)
        self.staff_ids = [cid for *_, cid in named]

    # -- elected officials -----------------------------------------------------

    def seats(self):
        """Every elected seat: (org, role, district, title, jurisdiction, county, scope, honorific)."""
        for cid, name, cities in self.counties:
            org = f"o-county-{_slug(name)}"
            yield org, "county judge", "", f"County Judge, {name} County", cid, cid, "county", "Judge"
            for p in range(1, 5):
                yield (org, "commissioner", f"Precinct {p}", f"Commissioner, {name} County Precinct {p}", cid, cid,
                       "county", "Hon.")
            for city, council in cities:
                org, jur = f"o-city-{_slug(city)}", f"j-city-{_slug(city)}"
                yield org, "mayor", "", f"Mayor of {city}", jur, cid, "city", "Hon."
                for k in range(1, council + 1):
                    district = f"District {k}" if council == 6 else f"Place {k}"
                    yield (org, "council member", district, f"Council Member, {city} {district}", jur, cid, "city",
                           "Hon.")
        for number in (32, 33):
            yield ("o-tx-senate", "state senator", f"District {number}", f"State Senator, District {number}",
                   f"j-sd-{number}", "", "state", "Sen.")
        for number in range(151, 157):
            yield ("o-tx-house", "state representative", f"District {number}",
                   f"State Representative, District {number}", f"j-hd-{number}", "", "state", "Rep.")

    def officials(self) -> None:
        known: set[str] = set()
        seats = list(self.seats())
        unknown = set(_PLANTED_SEATS) - {(s[0], s[2] or s[1]) for s in seats}
        if unknown:  # a planted holder on a seat that does not exist would silently vanish
            raise AssertionError(f"planted seats that do not exist: {sorted(unknown)}")
        for org, role, district, title, jur, county, scope, honorific in seats:
            planted = _PLANTED_SEATS.get((org, district or role), [])
            for holder in self.seat_history(planted):
                cid = holder.id or self.new_contact_id()
                if cid not in known:  # a planted person may hold two seats in turn
                    known.add(cid)
                    self.add_official(cid, holder, title, jur, org, county, scope, honorific, bool(planted))
                end = _d(holder.end) if holder.end else NEVER
                self.t.add("affiliations", contact_id=cid, organization_id=org, kind="holds_office", role=role,
                           title=title, district=district, start_date=holder.start, end_date=holder.end,
                           end_reason=holder.reason)
                self.tenures.append(_Tenure(cid, org, scope, _d(holder.start), end))

    def seat_history(self, planted: list[_Holder]) -> list[_Holder]:
        """Holders of one seat in order: planted ones as given, generated ones before and after."""
        rng = self.rng
        if not planted:
            return self.generated_holders(START - int(rng.integers(0, 2500)))
        first = _d(planted[0].start)
        before = _Holder("", *self.random_name(), start=_iso1(first - int(rng.integers(1000, 3000))),
                         end=_iso1(first - 1), reason="term ended")
        after = []
        if planted[-1].end and not planted[-1].vacant_after:
            after = self.generated_holders(_d(planted[-1].end) + 1)
        return [before, *planted, *after]

    def generated_holders(self, start: int) -> list[_Holder]:
        rng, out = self.rng, []
        reasons, p = ("term ended", "defeated", "term limited", "resigned", "retired"), (.4, .3, .1, .12, .08)
        while True:
            end = start + int(rng.integers(700, 3300))
            given, family = self.random_name()
            if end >= TODAY:
                out.append(_Holder("", given, family, _iso1(start)))
                return out
            reason = str(rng.choice(reasons, p=p))
            out.append(_Holder("", given, family, _iso1(start), _iso1(end), reason))
            gap = 1 if reason in ("term ended", "defeated", "term limited") else int(rng.integers(30, 120))
            start = min(end + gap, TODAY - 7)  # a successor is sworn in before the data ends

    def add_official(self, cid, holder, title, jur, org, county, scope, honorific, planted) -> None:
        rng = self.rng
        party = holder.party or ("" if scope == "city" else str(rng.choice(["Republican", "Democratic"], p=[.6, .4])))
        current = not holder.end or holder.id == PLANTED.role_changed
        if holder.reason == "death":
            status, active_to = "deceased", _d(holder.end)
        elif current:
            status, active_to = "active", NEVER
        else:
            status = "retired" if holder.reason == "retired" else "left_office"
            active_to = _d(holder.end) + 90  # a few follow-ups after leaving office
        shown = title if current or status == "deceased" else f"Former {title}"
        person = _Person(cid, "elected_official", jur, org, county, active_to, 6.0 if current else 2.0,
                         planted, current_official=current and status == "active")
        birth = _iso1(_d("1950-01-01") + int(rng.integers(0, 11000))) if rng.random() < 0.6 else ""
        self.add_person(person, holder.given, holder.family, shown, honorific=honorific, party=party,
                        birth_date=birth, status=status,
                        status_date="" if status == "active" else holder.end,
                        address=f"{org.removeprefix('o-').replace('-', ' ').title()} Offices, Texas")

    # -- other hand-made people ------------------------------------------------

    def planted_people(self) -> None:
        P = PLANTED
        self.works(_Person(P.do_not_contact, "business", "j-county-cedar-creek", "o-pratt-aggregates",
                           active_to=_d("2024-03-01"), planted=True), "Gordon", "Pratt", "Owner",
                   do_not_contact="true", do_not_contact_channel="all",
                   notes="Asked on 2024-03-01 not to be contacted by anyone at BPCOG, by any channel.")
        self.works(_Person(P.power_company_contact, "agency_staff", "j-city-pecan-springs", P.power_company,
                           weight=4, planted=True), "Lena", "Marsh", "General Manager")
        self.works(_Person(P.regulator_contact, "agency_staff", "j-tx", P.regulator, weight=3, planted=True),
                   "Victor", "Osei", "Commissioner", honorific="Hon.")
        self.works(_Person(P.broker, "nonprofit", "j-county-llano-verde", "o-rural-health", weight=3, planted=True),
                   "Maggie", "Sorensen", "Executive Director",
                   notes="Grew up in Post Oak County, runs clinics in both rural counties; knows everyone.")
        self.works(_Person(P.beat_reporter, "reporter", "j-brazos-prairie", "o-tribune", planted=True),
                   "Ava", "Romero", "Transportation Reporter")
        self.t.add("expertise", subject_id=P.beat_reporter, issue_id=P.transportation, kind="covers",
                   since="2021-01-15")
        self.works(_Person(P.recent_article_reporter, "reporter", "j-brazos-prairie", "o-kbpx", planted=True),
                   "Ben", "Castell", "General Assignment Reporter")
        # A confidential source: the whole record is confidential, not just the note.
        self.add_person(_Person(P.confidential_contact, "other", "j-city-pecan-springs", planted=True),
                        "Ruby", "Feld", "Former engineer, Pecan Springs Municipal Power",
                        confidentiality="confidential",
                        notes="Confidential source on the rate dispute with the regulators; never name her.")
        for outlet in ("o-tribune", "o-kbpx", "o-ledger", "o-capitol-wire", "o-prairie-radio"):
            for _ in range(2):  # more reporters, each with a beat
                person = _Person(self.new_contact_id(), "reporter", "j-brazos-prairie", outlet, weight=0.5)
                self.works(person, *self.random_name(), "Reporter")
                issue = str(self.rng.choice(ISSUE_IDS[[0, 4, 5, 6, 7, 9, 10]]))  # never the planted beat's sub-issues
                self.t.add("expertise", subject_id=person.id, issue_id=issue, kind="covers",
                           since=_iso1(START + int(self.rng.integers(0, 3000))))

    def works(self, person: _Person, given: str, family: str, title: str, **row) -> None:
        self.add_person(person, given, family, title, **row)
        self.t.add("affiliations", contact_id=person.id, organization_id=person.home, kind="works_at",
                   title=title, start_date=_iso1(START - int(self.rng.integers(0, 2000))))

    # -- bulk contacts (vectorised) --------------------------------------------

    def bulk_contacts(self) -> None:
        rng, n = self.rng, max(0, self.spec.contacts - len(self.people))
        kinds = list(BULK_KINDS)
        shares = np.array([BULK_KINDS[k][0] for k in kinds])
        code = rng.choice(len(kinds), size=n, p=shares / shares.sum())
        given = np.array(GIVEN, dtype=object)[rng.integers(len(GIVEN), size=n)]
        family = np.array(FAMILY, dtype=object)[rng.integers(len(FAMILY), size=n)]
        home = np.full(n, "", dtype=object)
        title = np.full(n, "", dtype=object)
        weight = np.zeros(n)
        city_jurs = np.array([f"j-city-{_slug(c)}" for _, _, cities in self.counties for c, _ in cities], dtype=object)
        jur = city_jurs[rng.integers(len(city_jurs), size=n)]
        for k, kind in enumerate(kinds):
            _, org_types, titles, w = BULK_KINDS[kind]
            mask = code == k
            count = int(mask.sum())
            weight[mask] = w
            title[mask] = np.array(titles, dtype=object)[rng.integers(len(titles), size=count)]
            pool = np.flatnonzero(np.isin(self.org_type, org_types))
            if len(pool):
                pick = pool[rng.integers(len(pool), size=count)]
                home[mask] = self.org_id[pick]
                org_jur = self.org_jur[pick]
                jur[mask] = np.where(org_jur != "", org_jur, jur[mask])
        first = self.next_contact
        ids = _numbered("c-", first, n, 6)
        self.next_contact += n
        domain = np.where(home != "", pd.Series(home).str.removeprefix("o-").to_numpy(), "mail.example")
        domain = np.where(home != "", domain + ".example", domain)
        local = pd.Series(given + "." + family).str.lower()
        taken = local.duplicated().to_numpy()  # a second Maria Garza gets her number in the address
        local = local.to_numpy(dtype=object)
        local = np.where(taken, local + pd.Series(ids).str.removeprefix("c-").to_numpy(dtype=object), local)
        email = np.where(rng.random(n) < 0.85, local + "@" + domain, "")
        phone = ("(" + AREA_CODES[rng.integers(4, size=n)] + ") 555-01" +
                 np.strings.zfill(rng.integers(100, size=n).astype(str), 2).astype(object))
        retired = rng.random(n) < 0.03
        retired_on = START + rng.integers(0, TODAY - START, size=n)
        dnc = rng.random(n) < 0.004
        self.t.add_columns(
            "contacts", n, id=ids, name=given + " " + family, given_name=given, family_name=family,
            title=np.where(retired, "", title), kind=np.array(kinds, dtype=object)[code], email=email, phone=phone,
            jurisdiction_id=jur, status=np.where(retired, "retired", "active"),
            status_date=np.where(retired, _iso(retired_on), ""), do_not_contact=np.where(dnc, "true", "false"),
            do_not_contact_channel=np.where(dnc, rng.choice(np.array(["email", "phone", "mail"], dtype=object), n), ""))
        works = home != ""
        starts = _iso(START - 1500 + rng.integers(0, TODAY - START + 1000, size=n))
        self.t.add_columns("affiliations", int(works.sum()), contact_id=ids[works], organization_id=home[works],
                           kind="works_at", title=title[works], start_date=starts[works],
                           end_date=np.where(retired, _iso(retired_on), "")[works])
        reporters = np.flatnonzero(code == kinds.index("reporter"))
        self.t.add_columns("expertise", len(reporters), subject_id=ids[reporters], kind="covers",
                           issue_id=ISSUE_IDS[rng.integers(len(ISSUE_IDS), size=len(reporters))],
                           since=_iso(START + rng.integers(0, 3000, size=len(reporters))))
        self.bulk = dict(ids=ids, kind=np.array(kinds, dtype=object)[code], home=home, jur=jur, weight=weight,
                         active_to=np.where(retired | dnc, np.where(retired, retired_on, START + 1500), NEVER))

    def registry(self) -> None:
        """One array per attribute over all contacts: hand-made ones first, then the bulk."""
        people, bulk = self.people, self.bulk
        self.c_id = np.concatenate([np.array([p.id for p in people], dtype=object), bulk["ids"]])
        self.c_kind = np.concatenate([np.array([p.kind for p in people], dtype=object), bulk["kind"]])
        self.c_home = np.concatenate([np.array([p.home for p in people], dtype=object), bulk["home"]])
        self.c_county = np.concatenate([np.array([p.county for p in people], dtype=object),
                                        np.full(len(bulk["ids"]), "", dtype=object)])
        self.c_active_to = np.concatenate([np.array([p.active_to for p in people]), bulk["active_to"]]).astype(np.int64)
        self.c_weight = np.concatenate([np.array([p.weight for p in people]), bulk["weight"]])
        self.c_planted = np.concatenate([np.array([p.planted for p in people]), np.zeros(len(bulk["ids"]), bool)])
        self.c_current_official = np.concatenate([np.array([p.current_official for p in people]),
                                                  np.zeros(len(bulk["ids"]), bool)])
        self.index = {p.id: i for i, p in enumerate(people)}
        self.staff_idx = np.array([self.index[s] for s in self.staff_ids])
