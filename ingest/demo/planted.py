"""The cases planted in every generated region, whatever the size or seed."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ingest.demo.dates import ANCHOR, _ISO, _shift_one


@dataclass(frozen=True)
class Planted:
    """Ids of the cases planted in every generated region, whatever the size or seed."""

    # 1. Bluebonnet County commissioner who died on 2026-08-09: HOLDS_OFFICE ended (death), but his
    #    Transportation Policy Board membership is still open (no end_date).
    deceased_official: str = "c-harlan-whitfield"
    deceased_board: str = "o-tpb"
    # 2. Cedar Hollow council member, District 3, resigned 2025-06-30; the successor holds the same
    #    seat (same organization, role, district) since 2025-08-16.
    former_official: str = "c-dolores-vance"
    successor: str = "c-marcus-bell"
    # 3. Pecan Springs council member (District 2, 2017-2023), mayor since 2023-05-13.
    role_changed: str = "c-teresa-alvarado"
    # 4. A business owner who asked not to be contacted at all (channel "all").
    do_not_contact: str = "c-gordon-pratt"
    # 5. The landmine: the municipal power company and the state utility regulators are in conflict
    #    and in litigation (sensitive ties with a note); each has a contact.
    power_company: str = "o-pecan-springs-power"
    regulator: str = "o-utility-regulators"
    power_company_contact: str = "c-lena-marsh"
    regulator_contact: str = "c-victor-osei"
    # 6. San Gabriel County judge: support for transportation at a meeting (2026-04-08), opposition in
    #    a letter three weeks later (2026-04-29).
    contradicting_official: str = "c-wade-tillman"
    contradiction_meeting: str = "x-tillman-meeting"
    contradiction_letter: str = "x-tillman-letter"
    # 7. State representative who supported transportation in 2022 and opposes it since 2025 (we support it).
    opposing_official: str = "c-carla-reyes"
    our_organization: str = "o-cog"
    # 8. A negative call with the mayor of Riverbend on 2026-10-20, 26 days before DEMO_TODAY.
    recent_negative_interaction: str = "x-hutchins-call"
    recent_negative_contact: str = "c-dale-hutchins"
    # 9. Board notices: one complete and on time, one sent two days after its deadline, one that
    #    a current member (missing_member) never received.
    notice_on_time: str = "n-transit-board-2026-10-26"
    notice_late: str = "n-cog-board-2026-09-17"
    notice_missing_member: str = "n-rtc-2026-09-01"
    missing_member: str = "c-teresa-alvarado"
    # 10. Our staff member leaving on 2026-12-18; four elected officials whose only OWNS tie is hers;
    #     a key official nobody has talked to since 2025-09-10.
    leaving_staff: str = "c-priya-natarajan"
    orphaned_contacts: tuple[str, ...] = ("c-bonnie-kessler", "c-elijah-moss", "c-renee-castillo", "c-tomas-guerra")
    dormant_contact: str = "c-frank-delgado"
    # 11. The only KNOWS bridge between the officials of Llano Verde County and of Post Oak County.
    broker: str = "c-maggie-sorensen"
    broker_counties: tuple[str, str] = ("j-county-llano-verde", "j-county-post-oak")
    # 12. Transportation know-how among elected officials: stated (HAS_EXPERTISE), only through the
    #     Transportation Policy Board (which FOCUSES_ON transportation), through the sub-issue transit,
    #     and an official with none of these.
    transport_expert: str = "c-james-okafor"
    transport_board_member: str = "c-ellen-brandt"
    transport_board: str = "o-tpb"
    transit_expert: str = "c-sam-whitaker"
    no_transport_official: str = "c-nora-lindqvist"
    # 13. Reporters: one whose beat covers transportation, one with no beat who wrote about it on 2026-10-28.
    beat_reporter: str = "c-ava-romero"
    recent_article_reporter: str = "c-ben-castell"
    recent_article: str = "x-castell-article"
    # 14. A confidential briefing about the landmine pair; and a contact whose record is confidential.
    confidential_interaction: str = "x-landmine-briefing"
    confidential_contact: str = "c-ruby-feld"
    # Issues the cases refer to.
    transportation: str = "i-transportation"
    transit: str = "i-transit"

    def on(self, end: dt.date) -> "Planted":
        """The same cases in a region that ends on ``end``: ids that carry a date move with it.

        >>> PLANTED.on(dt.date(2027, 11, 15)).notice_missing_member
        'n-rtc-2027-09-01'
        """
        days = (end - ANCHOR).days
        moved = {name: re.sub(_ISO, lambda m: _shift_one(m.group(0), days), value)
                 for name, value in vars(self).items() if isinstance(value, str) and re.search(_ISO, value)}
        return replace(self, **moved)


PLANTED = Planted()
