"""Interactions (planted and bulk), their participants, and positions."""
from __future__ import annotations

import numpy as np

from ingest.demo.catalogue import (ISSUE_IDS, ISSUE_PHRASES, ISSUE_WEIGHTS, KIND_LABEL, KIND_P, KINDS, SENTIMENTS,
                                   SUMMARIES)
from ingest.demo.dates import _d, _iso, NEVER, START, TODAY
from ingest.demo.planted import PLANTED
from ingest.demo.tables import _numbered


class Activity:
    """Steps of :class:`~ingest.demo.region.Region` that log interactions and stances."""

    def planted_interactions(self) -> None:
        P = PLANTED
        rows = (
            (P.contradiction_meeting, "meeting", "2026-04-08", "Meeting on the regional transportation plan",
             "positive", "c-grant-holloway", "i-transportation", "o-county-san-gabriel;o-rtc", "public",
             (("c-grant-holloway", "organizer"), (P.contradicting_official, "attendee")),
             "Judge Tillman backed the plan's corridor projects."),
            (P.contradiction_letter, "letter", "2026-04-29", "Letter opposing the 2027 transportation plan",
             "negative", "c-grant-holloway", "i-transportation", "o-county-san-gabriel", "public",
             ((P.contradicting_official, "sender"), ("c-grant-holloway", "recipient")),
             "The county will not support the plan or its local match."),
            ("x-reyes-meeting", "meeting", "2022-03-15", "Meeting on corridor funding", "positive",
             "c-keisha-monroe", "i-transportation", "o-tx-house", "public",
             (("c-keisha-monroe", "organizer"), (P.opposing_official, "attendee")), ""),
            ("x-reyes-testimony", "testimony", "2025-02-18", "Testimony on the state transportation funding bill",
             "negative", "c-keisha-monroe", "i-transportation", "o-tx-house;o-state-dot", "public",
             (("c-keisha-monroe", "attendee"), (P.opposing_official, "attendee")),
             "Rep. Reyes spoke against the regional share of the funding."),
            (P.recent_negative_interaction, "call", "2026-10-20", "Call about transit route cuts", "negative",
             "c-keisha-monroe", "i-transit", "o-city-riverbend;o-transit", "public",
             (("c-keisha-monroe", "organizer"), (P.recent_negative_contact, "attendee")),
             "Angry about cuts to Riverbend's bus routes; threatened to leave the transit authority."),
            (P.recent_article, "article", "2026-10-28", "Article on the stalled regional transportation plan",
             "negative", "c-lucy-tran", "i-transportation", "o-kbpx;o-mpo", "public",
             ((P.recent_article_reporter, "author"),), "KBPX: commuters face longer waits as the plan stalls."),
            (P.confidential_interaction, "meeting", "2026-09-22",
             "Briefing on the power company's suit against the regulators", "neutral", "c-marisol-ortega",
             "i-biofuel-power", f"{P.power_company};{P.regulator}", "confidential",
             (("c-marisol-ortega", "organizer"), (P.leaving_staff, "attendee"), (P.power_company_contact, "attendee")),
             "Lena Marsh shared the utility's litigation strategy in confidence."),
            ("x-osei-call", "call", "2026-07-14", "Call about the rate case hearing schedule", "neutral",
             "c-marisol-ortega", "i-biofuel-power", P.regulator, "public",
             (("c-marisol-ortega", "organizer"), (P.regulator_contact, "attendee")), ""),
            ("x-delgado-meeting", "meeting", "2025-09-10", "Meeting on the drought plan", "positive",
             "c-daniel-ochoa", "i-water", "o-city-san-gabriel", "public",
             (("c-daniel-ochoa", "organizer"), (P.dormant_contact, "attendee")), "The last time we met him."),
            ("x-pratt-call", "call", "2024-03-01", "Call from Gordon Pratt asking not to be contacted", "negative",
             "c-grant-holloway", "i-roads-bridges", "o-pratt-aggregates", "internal",
             ((P.do_not_contact, "organizer"), ("c-grant-holloway", "attendee")), "Do not contact him again."),
            ("x-whitfield-meeting", "meeting", "2026-06-03", "Meeting on the FM 1431 bridge", "positive",
             "c-keisha-monroe", "i-roads-bridges", "o-county-bluebonnet;o-tpb", "public",
             (("c-keisha-monroe", "organizer"), (P.deceased_official, "attendee")), ""),
            ("x-handover-planning", "meeting", "2026-11-02", "Handover planning for Priya Natarajan's relationships",
             "neutral", "c-marisol-ortega", "", "o-cog", "internal",
             (("c-marisol-ortega", "organizer"), (P.leaving_staff, "attendee")), "Who takes over which officials."),
        )
        for iid, kind, date, subject, sentiment, recorder, issues, orgs, conf, people, summary in rows:
            self.t.add("interactions", id=iid, kind=kind, date=date, subject=subject, summary=summary,
                       sentiment=sentiment, recorded_by=recorder, issue_ids=issues, organization_ids=orgs,
                       confidentiality=conf)
            for contact, role in people:
                self.t.add("participants", interaction_id=iid, contact_id=contact, role=role, confidentiality=conf)
        self.planted_interaction_count = len(rows)

    def bulk_interactions(self) -> None:
        """Interactions, participants and the stances stated in them, as whole columns."""
        rng, P = self.rng, PLANTED
        n = max(0, self.spec.interactions - self.planted_interaction_count)
        self.c_active_to[self.index[P.dormant_contact]] = _d("2025-09-01")  # nobody has met him since
        # Activity grows a little over the decade; ids follow the dates.
        days = np.sort(START + (rng.random(n) ** 0.85 * (TODAY - START)).astype(np.int64))
        kind = rng.choice(len(KINDS), size=n, p=KIND_P)
        article = kind == KINDS.index("article")
        iw = ISSUE_WEIGHTS / ISSUE_WEIGHTS.sum()
        issue, issue2 = rng.choice(len(ISSUE_IDS), size=n, p=iw), rng.choice(len(ISSUE_IDS), size=n, p=iw)
        two = (rng.random(n) < 0.2) & (issue2 != issue)
        ext, n_ext = self.external_participants(days, kind, article)
        staff = self.staff_participants(ext[:, 0])
        home = self.c_home
        o0, o1 = home[ext[:, 0]], np.where(n_ext >= 2, home[ext[:, 1]], "")
        both = (o0 != "") & (o1 != "") & (o0 != o1)
        subjects = np.array([[[f"{label} {phrase}" for phrase in ISSUE_PHRASES[i]] for i in ISSUE_IDS]
                             for label in KIND_LABEL], dtype=object)
        ids = _numbered("x-", 1, n, 7)
        conf = np.where(rng.random(n) < 0.03, "internal", "public").astype(object)
        self.t.add_columns(
            "interactions", n, id=ids, kind=np.array(KINDS, dtype=object)[kind], date=_iso(days),
            subject=subjects[kind, issue, rng.integers(4, size=n)],
            summary=SUMMARIES[rng.integers(len(SUMMARIES), size=n)],
            sentiment=SENTIMENTS[rng.choice(3, size=n, p=[0.35, 0.5, 0.15])], recorded_by=self.c_id[staff],
            issue_ids=np.where(two, ISSUE_IDS[issue] + ";" + ISSUE_IDS[issue2], ISSUE_IDS[issue]),
            organization_ids=np.where(both, o0 + ";" + o1, np.where(o0 != "", o0, o1)), confidentiality=conf)
        self.participants(ids, kind, article, ext, n_ext, staff, conf)
        self.bulk_positions(ids, days, kind, issue, ext, n_ext)

    def external_participants(self, days, kind, article) -> tuple[np.ndarray, np.ndarray]:
        """Up to three outside people per interaction, all distinct and all still active on its date."""
        rng, n, P = self.rng, len(days), PLANTED
        reporter = self.c_kind == "reporter"
        usable = (self.c_kind != "our_staff") & ~reporter & (self.c_id != P.confidential_contact)
        pool = np.flatnonzero(usable)
        evergreen = np.flatnonzero(usable & (self.c_active_to == NEVER))
        writers = np.flatnonzero(reporter & (self.c_active_to == NEVER))
        p = self.c_weight[pool] / self.c_weight[pool].sum()
        ext = pool[rng.choice(len(pool), size=(n, 3), p=p)]
        ext[article, 0] = writers[rng.integers(len(writers), size=int(article.sum()))]
        for j in range(3):  # nobody takes part after their death, departure or do-not-contact date
            stale = self.c_active_to[ext[:, j]] < days
            ext[stale, j] = evergreen[rng.integers(len(evergreen), size=int(stale.sum()))]
        crowd = np.isin(kind, (KINDS.index("meeting"), KINDS.index("event")))
        n_ext = 1 + (rng.random(n) < 0.5) + (crowd & (rng.random(n) < 0.35))
        n_ext[article] = 1
        n_ext = np.where((n_ext >= 2) & (ext[:, 1] == ext[:, 0]), 1, n_ext)
        n_ext = np.where((n_ext == 3) & ((ext[:, 2] == ext[:, 0]) | (ext[:, 2] == ext[:, 1])), 2, n_ext)
        return ext, n_ext

    def staff_participants(self, first: np.ndarray) -> np.ndarray:
        """The staff member on each interaction: usually the owner of the relationship."""
        rng = self.rng
        owner = self.owner[first]
        anyone = self.staff_idx[rng.integers(len(self.staff_idx), size=len(first))]
        return np.where((owner >= 0) & (rng.random(len(first)) < 0.75), owner, anyone)

    def participants(self, ids, kind, article, ext, n_ext, staff, conf) -> None:
        rng, n = self.rng, len(ids)
        k = np.array(KINDS, dtype=object)[kind]
        written = np.isin(k, ("email", "letter"))
        outgoing = rng.random(n) < 0.6
        staff_role = np.select([written & outgoing, written], ["sender", "recipient"], "organizer").astype(object)
        staff_role[k == "testimony"] = "attendee"
        first_role = np.select([article, written & outgoing, written], ["author", "recipient", "sender"],
                               "attendee").astype(object)
        other_role = np.where(written, "recipient", "attendee").astype(object)
        parts = [(~article, staff, staff_role), (np.ones(n, bool), ext[:, 0], first_role),
                 (n_ext >= 2, ext[:, 1], other_role), (n_ext >= 3, ext[:, 2], other_role)]
        for mask, who, role in parts:
            self.t.add_columns("participants", int(mask.sum()), interaction_id=ids[mask],
                               contact_id=self.c_id[who[mask]], role=role[mask], confidentiality=conf[mask])

    def bulk_positions(self, ids, days, kind, issue, ext, n_ext) -> None:
        """Stances stated by outside participants; each person leans one way, with noise, so stances change."""
        rng = self.rng
        lean = rng.normal(0.3, 0.6, size=len(self.c_id))
        bias = rng.normal(0.0, 0.3, size=len(ISSUE_IDS))
        takes = np.isin(self.c_kind, ("elected_official", "business", "nonprofit", "agency_staff")) & ~self.c_planted
        spoken = kind != KINDS.index("article")
        rows = np.concatenate([np.flatnonzero(spoken), np.flatnonzero(spoken & (n_ext >= 2))])
        who = np.concatenate([ext[spoken, 0], ext[spoken & (n_ext >= 2), 1]])
        keep = takes[who] & (rng.random(len(who)) < 0.06)
        rows, who = rows[keep], who[keep]
        score = lean[who] + bias[issue[rows]] + rng.normal(0, 0.5, size=len(who))
        middle = np.where(rng.random(len(who)) < 0.7, "neutral", "mixed")
        stance = np.where(score > 0.35, "support", np.where(score < -0.35, "oppose", middle)).astype(object)
        strength = np.round(np.clip(np.abs(score), 0.1, 1.0), 1).astype(str).astype(object)
        self.t.add_columns("positions", len(rows), holder_id=self.c_id[who], issue_id=ISSUE_IDS[issue[rows]],
                           stance=stance, strength=strength, as_of=_iso(days[rows]), source_interaction=ids[rows])

    def planted_positions(self) -> None:
        P = PLANTED
        rows = (
            (P.our_organization, P.transportation, "support", "1.0", "2017-01-26", "", "Adopted in our regional plan."),
            (P.our_organization, P.transit, "support", "0.9", "2017-01-26", "", ""),
            (P.our_organization, "i-housing-elderly", "support", "0.8", "2018-04-19", "", ""),
            (P.our_organization, "i-broadband", "support", "0.8", "2020-10-15", "", ""),
            ("o-regional-chamber", P.transportation, "support", "0.7", "2023-03-01", "", ""),
            (P.power_company, "i-biofuel-power", "support", "0.9", "2024-01-10", "", ""),
            (P.contradicting_official, P.transportation, "support", "0.7", "2026-04-08", P.contradiction_meeting, ""),
            (P.contradicting_official, P.transportation, "oppose", "0.8", "2026-04-29", P.contradiction_letter, ""),
            (P.opposing_official, P.transportation, "support", "0.6", "2022-03-15", "x-reyes-meeting", ""),
            (P.opposing_official, P.transportation, "oppose", "0.9", "2025-02-18", "x-reyes-testimony", ""),
            (P.recent_negative_contact, P.transit, "oppose", "0.8", "2026-10-20", P.recent_negative_interaction, ""),
        )
        for holder, issue, stance, strength, as_of, source, note in rows:
            self.t.add("positions", holder_id=holder, issue_id=issue, stance=stance, strength=strength, as_of=as_of,
                       source_interaction=source, note=note)
