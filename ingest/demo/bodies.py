"""Boards and their notices, and stated expertise."""
from __future__ import annotations

import numpy as np

from ingest.demo.catalogue import BOARD_ISSUES, BOARDS, CORE_ORGS, ISSUE_IDS, ISSUE_WEIGHTS
from ingest.demo.dates import _d, _iso1, _meeting_days, NEVER, START, TODAY
from ingest.demo.planted import PLANTED


class Bodies:
    """Steps of :class:`~ingest.demo.region.Region` that seat board members and send notices."""

    def boards(self) -> None:
        rng = self.rng
        tenures = [x for x in self.tenures if not self.c_planted[self.index[x.contact]]]
        t_contact = np.array([x.contact for x in tenures], dtype=object)
        t_scope = np.array([x.scope for x in tenures], dtype=object)
        t_start = np.array([x.start for x in tenures])
        t_end = np.array([x.end for x in tenures])
        scopes = {"all": ("city", "county", "state"), "local": ("city", "county"), "city": ("city",)}
        for board, _, seats, who, _ in BOARDS:
            self.members[board] = []
            used = ~np.isin(t_scope, scopes[who])
            for seat in range(seats):
                role = "chair" if seat == 0 else "vice-chair" if seat == 1 else "member"
                day = START - int(rng.integers(0, 1500))
                while day < TODAY:
                    free = np.flatnonzero(~used & (t_start <= day) & (t_end > day + 180))
                    if not len(free):
                        day += 180
                        continue
                    pick = free[rng.integers(len(free))]
                    used[pick] = True
                    end = min(int(t_end[pick]), day + int(rng.integers(700, 2500)))
                    end = NEVER if end >= TODAY else end
                    self.member(t_contact[pick], board, role, day, end)
                    day = end + int(rng.integers(15, 90))
        P = PLANTED
        self.member(P.deceased_official, P.deceased_board, "member", _d("2019-02-13"), NEVER)  # never closed
        self.member(P.transport_board_member, P.transport_board, "member", _d("2021-03-10"), NEVER)
        self.member(P.missing_member, "o-rtc", "member", _d("2023-07-12"), NEVER)
        self.member(P.recent_negative_contact, "o-transit-board", "member", _d("2019-06-24"), NEVER)

    def member(self, contact: str, board: str, role: str, start: int, end: int) -> None:
        self.members[board].append((contact, start, end, role))
        self.t.add("affiliations", contact_id=contact, organization_id=board, kind="member_of", role=role,
                   title={"chair": "Chair", "vice-chair": "Vice-Chair"}.get(role, "Member"),
                   start_date=_iso1(start), end_date=_iso1(end))

    def notices(self) -> None:
        rng, P = self.rng, PLANTED
        prefers_mail: dict[str, bool] = {}
        death = _d("2026-08-09")
        made = set()
        for board, short, _, _, (weekday, nth, months) in BOARDS:
            name = next(o[1] for o in CORE_ORGS if o[0] == board)
            for meeting in _meeting_days(weekday, nth, months):
                nid = f"n-{short}-{_iso1(meeting)}"
                made.add(nid)
                deadline = meeting - 3
                sent = deadline - int(rng.integers(3, 9))
                if nid == P.notice_late:
                    sent = deadline + 2
                self.t.add("notices", id=nid, title=f"{name} meeting, {_iso1(meeting)}", body_id=board,
                           meeting_date=_iso1(meeting), deadline=_iso1(deadline), sent_date=_iso1(sent),
                           audience_rule="members_of_body", issue_ids=BOARD_ISSUES[board])
                for contact, start, end, _ in self.members[board]:
                    if not start <= meeting <= end:
                        continue
                    if nid == P.notice_missing_member and contact == P.missing_member:
                        continue  # the planted gap: she never got this one
                    mail = prefers_mail.setdefault(contact, contact != P.deceased_official and rng.random() < 0.1)
                    dead = contact == P.deceased_official and sent > death
                    self.t.add("deliveries", notice_id=nid, contact_id=contact, channel="mail" if mail else "email",
                               sent_date=_iso1(sent), delivered_date="" if dead else _iso1(sent + (2 if mail else 0)),
                               status="bounced" if dead else "delivered")
        missing = {P.notice_on_time, P.notice_late, P.notice_missing_member} - made
        if missing:  # the meeting calendar and PLANTED must agree
            raise AssertionError(f"planted notices not generated: {sorted(missing)}")

    # -- expertise -------------------------------------------------------------

    def expertise(self) -> None:
        rng, P = self.rng, PLANTED
        for subject, issue, level in ((P.transport_expert, P.transportation, "expert"),
                                      (P.transit_expert, P.transit, "working"),
                                      (P.no_transport_official, "i-water", "expert"),
                                      ("c-grant-holloway", P.transportation, "expert"),
                                      ("c-omar-haddad", "i-emergency", "expert"),
                                      ("c-ray-castellanos", "i-housing-elderly", "expert")):
            self.t.add("expertise", subject_id=subject, issue_id=issue, kind="expertise", level=level)
        share = np.select([self.c_kind == "elected_official", self.c_kind == "agency_staff",
                           np.isin(self.c_kind, ("business", "nonprofit"))], [0.15, 0.4, 0.1], 0.0)
        chosen = np.flatnonzero((rng.random(len(self.c_id)) < share) & ~self.c_planted)
        issue = rng.choice(len(ISSUE_IDS), size=len(chosen), p=ISSUE_WEIGHTS / ISSUE_WEIGHTS.sum())
        levels = np.array(["expert", "working", "basic"], dtype=object)
        self.t.add_columns("expertise", len(chosen), subject_id=self.c_id[chosen], issue_id=ISSUE_IDS[issue],
                           kind="expertise", level=levels[rng.integers(3, size=len(chosen))])
