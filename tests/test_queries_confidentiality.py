"""No question leaks a confidential record to a viewer without clearance: not as a row, not
counted in an aggregate, not as a link in a path, not through a confidential sub-issue."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import queries
from queries.network import who_knows
from queries.notices import notice_compliance
from queries.partners import find_partners
from queries.sensitivity import sensitivity_check
from queries.stances import stances
from tests.conftest import ADMIN, PUBLIC, SMALL_REGION

TODAY = dt.date(2026, 1, 1)
SECRET_IDS = ("x-conf", "x-art", "c-spy", "i-secret")


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = sorted({k for r in rows for k in r})
    return pd.DataFrame([{c: str(r.get(c, "")) for c in cols} for r in rows])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.store import open_store
    from ingest.pipeline import import_path, import_source
    from ingest.readers import Format, from_frames

    s = open_store(tmp_path_factory.mktemp("conf") / "db")
    import_path(s, SMALL_REGION, ADMIN)
    C = "confidential"
    tables = {
        "issues": _frame([{"id": "i-secret", "name": "Secret corridor", "parent_id": "i-transportation",
                           "confidentiality": C}]),
        "contacts": _frame([
            {"id": "c-rep", "name": "Rita Reporter", "kind": "reporter"},
            {"id": "c-spy", "name": "Sam Hidden", "kind": "elected_official", "jurisdiction_id": "j-pine",
             "confidentiality": C}]),
        "interactions": _frame([
            {"id": "x-pub", "kind": "meeting", "date": "2025-05-01", "subject": "Corridor", "issue_ids": "i-transportation"},
            {"id": "x-conf", "kind": "meeting", "date": "2025-06-01", "subject": "Back-room corridor deal",
             "issue_ids": "i-transportation", "organization_ids": "o-power", "sentiment": "negative",
             "confidentiality": C},
            {"id": "x-art", "kind": "article", "date": "2025-07-01", "subject": "Leak", "issue_ids": "i-transportation",
             "confidentiality": C}]),
        "participants": _frame([
            {"interaction_id": "x-pub", "contact_id": "c-bob"},
            {"interaction_id": "x-conf", "contact_id": "c-bob"},
            {"interaction_id": "x-conf", "contact_id": "c-dee"},
            {"interaction_id": "x-art", "contact_id": "c-rep", "role": "author"}]),
        "positions": _frame([
            {"holder_id": "c-dee", "issue_id": "i-transportation", "stance": "oppose", "as_of": "2025-01-01",
             "confidentiality": C},
            {"holder_id": "c-carl", "issue_id": "i-secret", "stance": "support", "as_of": "2024-01-01"},
            {"holder_id": "c-bob", "issue_id": "i-transportation", "stance": "support", "as_of": "2025-06-01",
             "source_interaction": "x-conf"}]),
        "ties": _frame([
            {"from_id": "c-dee", "to_id": "c-ana", "kind": "knows", "strength": "0.9", "confidentiality": C},
            {"from_id": "o-cog", "to_id": "o-puc", "kind": "conflict", "sensitive": "true", "confidentiality": C}]),
        "affiliations": _frame([
            {"contact_id": "c-spy", "organization_id": "o-transport", "kind": "member_of", "role": "member"},
            {"contact_id": "c-dee", "organization_id": "o-transport", "kind": "member_of", "role": "member",
             "start_date": "2020-01-01", "confidentiality": C},
            {"contact_id": "c-ana", "organization_id": "o-cog", "kind": "member_of", "role": "member"}]),
        "expertise": _frame([{"subject_id": "o-transport", "issue_id": "i-transportation", "kind": "focus"}]),
        "notices": _frame([{"id": "n-1", "title": "Committee meeting", "body_id": "o-transport",
                            "deadline": "2025-03-01", "sent_date": "2025-02-25"}]),
        "deliveries": _frame([
            {"notice_id": "n-1", "contact_id": "c-bob", "sent_date": "2025-02-25", "delivered_date": "2025-02-25",
             "status": "delivered"},
            {"notice_id": "n-1", "contact_id": "c-dee", "sent_date": "2025-02-25", "delivered_date": "2025-02-26",
             "status": "delivered", "confidentiality": C}]),
    }
    report = import_source(s, from_frames(tables, Format.TABLES, origin="conf"), ADMIN)
    assert not [p for p in report.problems if p.severity == "error"], report.problems
    yield s
    s.close()


EXAMPLES = {
    "partners_for_issue": {"issue": "i-transportation", "as_of": TODAY},
    "issue_engagement": {"issue": "i-transportation", "since": dt.date(2020, 1, 1)},
    "engagement_as_of": {"issue": "i-transportation", "since": dt.date(2020, 1, 1), "as_of": TODAY},
    "subject_facts": {"subjects": ["c-bob", "c-dee", "c-spy", "c-ana", "o-power"] + list(SECRET_IDS)},
    "stances_on_issue": {"issue": "i-transportation"},
    "stance_sources": {"holders": ["c-bob", "c-dee", "c-carl"], "issue": "i-transportation"},
    "affiliations": {"contacts": ["c-bob", "c-dee", "c-spy", "c-ana"], "as_of": TODAY},
    "staff_ties": {"contacts": ["c-bob", "c-dee"], "as_of": TODAY},
    "contact_reach": {"contacts": ["c-bob", "c-dee", "c-ana"], "since": dt.date(2020, 1, 1)},
    "jurisdiction_scope": {"jurisdiction": "j-tx"},
    "officials_with_expertise": {"issue": "i-transportation", "jurisdiction": "j-tx", "as_of": TODAY},
    "reporters_on_issue": {"issue": "i-transportation", "since": dt.date(2020, 1, 1)},
    "members_of": {"organization": "o-transport", "as_of": TODAY},
    "history": {"subject": "c-bob", "since": dt.date(2000, 1, 1), "until": TODAY},
    "sensitivity_check": {"contacts": ["c-bob", "c-dee", "c-ana", "c-spy"], "issue": "i-transportation",
                          "since": dt.date(2020, 1, 1), "as_of": TODAY},
    "notice_compliance": {"notice": "n-1"},
    "notices": {"since": dt.date(2020, 1, 1), "until": TODAY},
    "focus_links": {"review": None},
    "who_knows": {"target": "c-dee", "as_of": TODAY},
    "shared_interactions": {"target": "c-dee", "as_of": TODAY},
    "overview_counts": {},
    "recent_interactions": {"since": dt.date(2020, 1, 1), "limit": 10},
}


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_no_query_shows_a_confidential_record_to_the_public(store, name):
    public = repr(queries.run(store, name, PUBLIC, **EXAMPLES[name]))
    for secret in SECRET_IDS + ("Back-room", "Sam Hidden", "Secret corridor"):
        assert secret not in public, f"{name} shows {secret} to a public viewer"


@pytest.mark.parametrize("name", ["issue_engagement", "engagement_as_of"])
def test_a_confidential_interaction_is_not_counted(store, name):
    def count(viewer):
        rows = queries.run(store, name, viewer, **EXAMPLES[name])
        return next(r["n"] for r in rows if r["subject_id"] == "c-bob")

    assert (count(ADMIN), count(PUBLIC)) == (2, 1)
    orgs = queries.run(store, name, PUBLIC, **EXAMPLES[name])
    assert not [r for r in orgs if r["subject_id"] == "o-power"]
    reach = {r["contact_id"]: r for r in queries.run(store, "contact_reach", PUBLIC, **EXAMPLES["contact_reach"])}
    assert reach["c-bob"]["interactions"] == 1 and reach["c-dee"]["ties"] == 0


def test_a_confidential_stance_or_source_stays_hidden(store):
    public = {h["id"]: h for h in stances(store, PUBLIC, "i-transportation", as_of=TODAY)}
    admin = {h["id"]: h for h in stances(store, ADMIN, "i-transportation", as_of=TODAY)}
    assert "c-dee" in admin and "c-dee" not in public
    assert admin["c-bob"]["source_kind"] == "meeting" and public["c-bob"]["source_kind"] is None
    # a confidential sub-issue hides the stances on it: the hierarchy path is filtered too
    assert "c-carl" in admin and "c-carl" not in public
    assert find_partners(store, PUBLIC, "i-transportation", as_of=TODAY, since=dt.date(2020, 1, 1))


def test_a_confidential_tie_makes_no_path(store):
    admin = {r["id"]: r for r in who_knows(store, ADMIN, "c-dee", as_of=TODAY)}
    public = {r["id"]: r for r in who_knows(store, PUBLIC, "c-dee", as_of=TODAY)}
    assert admin["c-ana"]["hops"] == 1  # the confidential KNOWS
    assert "c-ana" not in public  # not directly, and not through c-bob (the shared interaction is confidential)
    assert "c-bob" in admin and "c-bob" not in public


def test_confidential_conflicts_memberships_and_deliveries_stay_hidden(store):
    admin = sensitivity_check(store, ADMIN, ["c-ana", "c-spy"], as_of=TODAY)
    public = sensitivity_check(store, PUBLIC, ["c-ana", "c-spy"], as_of=TODAY)
    assert any(f["flag"] == "sensitive_tie" for f in admin[0]["flags"])
    # the public clerk is not told what the confidential conflict is, but that there is one to ask about
    (hidden,) = public[0]["flags"]
    assert hidden["flag"] == "hidden_sensitivity" and "ask someone cleared" in hidden["reason"]
    assert "Power" not in hidden["reason"] and public[1]["flags"][0]["flag"] == "unknown"
    assert not any(f["flag"] == "hidden_sensitivity" for f in admin[0]["flags"])
    copies = {r["notice_id"]: r["copies"] for r in queries.run(store, "notices", PUBLIC, **EXAMPLES["notices"])}
    assert copies["n-1"] == 1
    members = {r["contact_id"] for r in queries.run(store, "members_of", PUBLIC, **EXAMPLES["members_of"])}
    assert "c-dee" not in members and "c-spy" not in members
    c = notice_compliance(store, PUBLIC, "n-1")
    assert {e["id"] for e in c["on_time"]} == {"c-bob"}
    experts = queries.run(store, "officials_with_expertise", PUBLIC, **EXAMPLES["officials_with_expertise"])
    assert "c-dee" not in {r["contact_id"] for r in experts if r["evidence"] == "membership"}


def test_where_a_stance_was_stated_is_shown_only_to_those_who_may_see_the_interaction(store):
    def sources(viewer):
        return {(r["holder_id"], r["source_id"]) for r in queries.run(
            store, "stance_sources", viewer, holders=["c-bob", "c-dee", "c-carl"], issue="i-transportation")}

    assert sources(ADMIN) == {("c-bob", "x-conf")}
    assert sources(PUBLIC) == set()  # the stance is public, the meeting it was stated in is not
