"""Example parameters for every named query, on the demo region (ingest.demo, seed 7).

The oracle test (tests/test_dialect_oracle.py) runs each query with each example on
both engines; tests/test_query_docs.py fails if a query has no examples here.
"""
from __future__ import annotations

import datetime as dt

from tests.demo_day import P, TODAY as DEMO_TODAY, moved

TWO_YEARS = moved(dt.date(2024, 11, 15))
ONE_YEAR = moved(dt.date(2025, 11, 15))
PEOPLE = [P.deceased_official, P.former_official, P.do_not_contact, P.power_company_contact, P.regulator_contact,
          P.opposing_official, P.recent_negative_contact, P.confidential_contact, "c-nobody"]

EXAMPLES: dict[str, list[dict]] = {
    "overview_counts": [{}],
    "recent_interactions": [{"since": ONE_YEAR, "limit": 20}],
    "partners_for_issue": [
        {"issue": P.transportation, "as_of": DEMO_TODAY},
        {"issue": "i-workforce", "as_of": DEMO_TODAY},
    ],
    "issue_engagement": [{"issue": P.transportation, "since": TWO_YEARS}, {"issue": "i-workforce", "since": TWO_YEARS},
                         {"issue": P.transportation, "since": TWO_YEARS, "limit": 3}],
    "engagement_as_of": [{"issue": P.transportation, "since": moved(dt.date(2023, 11, 15)), "as_of": ONE_YEAR},
                         {"issue": P.transportation, "since": moved(dt.date(2023, 11, 15)), "as_of": ONE_YEAR,
                          "limit": 3}],
    "subject_facts": [{"subjects": PEOPLE + [P.power_company]}],
    "stances_on_issue": [{"issue": P.transportation}, {"issue": P.transit}],
    "stance_sources": [{"holders": PEOPLE + [P.power_company], "issue": P.transportation}],
    "affiliations": [{"contacts": PEOPLE, "as_of": DEMO_TODAY}],
    "staff_ties": [{"contacts": PEOPLE + list(P.orphaned_contacts), "as_of": DEMO_TODAY}],
    "contact_reach": [{"contacts": PEOPLE, "since": ONE_YEAR}],
    "jurisdiction_scope": [{"jurisdiction": "j-tx"}, {"jurisdiction": P.broker_counties[0]}],
    "officials_with_expertise": [{"issue": P.transportation, "jurisdiction": "j-tx", "as_of": DEMO_TODAY}],
    "reporters_on_issue": [{"issue": P.transportation, "since": ONE_YEAR}],
    "members_of": [{"organization": P.deceased_board, "as_of": DEMO_TODAY},
                   {"organization": P.deceased_board, "as_of": moved(dt.date(2019, 6, 1))}],
    "history": [{"subject": P.contradicting_official, "since": moved(dt.date(2016, 1, 1)), "until": DEMO_TODAY},
                {"subject": P.power_company, "since": moved(dt.date(2016, 1, 1)), "until": DEMO_TODAY}],
    "sensitivity_check": [
        {"contacts": PEOPLE, "issue": P.transportation, "since": moved(dt.date(2026, 5, 19)), "as_of": DEMO_TODAY},
        {"contacts": PEOPLE, "issue": None, "since": moved(dt.date(2026, 5, 19)), "as_of": DEMO_TODAY},
    ],
    "notice_compliance": [{"notice": P.notice_on_time}, {"notice": P.notice_late},
                          {"notice": P.notice_missing_member}],
    "notices": [{"since": moved(dt.date(2026, 1, 1)), "until": DEMO_TODAY}],
    "focus_links": [{"review": None}, {"review": "pending"}],
    "shared_interactions": [{"target": P.dormant_contact, "as_of": DEMO_TODAY}],
    "who_knows": [{"target": P.dormant_contact, "as_of": DEMO_TODAY}, {"target": P.broker, "as_of": DEMO_TODAY}],
}
