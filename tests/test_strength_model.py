"""The one strength model (graph/analytics/strength.py): monotone in evidence, never flat at the top.

Property tests on the model itself, then who-knows on a small generated mail network whose
volumes are known: the people a person wrote to most lead the list, in order.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from graph.analytics.strength import DEFAULT_WEIGHTS, strength_edges, tie_strength, to_strength
from graph.clock import today
from tests.conftest import ADMIN

KINDS = sorted(DEFAULT_WEIGHTS)
AS_OF = "2026-11-15"


def _pair_strength(items: list[tuple[str, int]], roles=("sender", "recipient")) -> tuple[float, float]:
    """Strength and raw evidence of ana-bo from ``(kind, age in days)`` interactions."""
    if not items:
        return 0.0, 0.0
    day = pd.Timestamp(AS_OF)
    inter = pd.DataFrame({"id": [f"x{i}" for i in range(len(items))], "kind": [k for k, _ in items],
                          "date": [(day - pd.Timedelta(days=a)).date().isoformat() for _, a in items]})
    part = pd.DataFrame({"interaction_id": [f"x{i}" for i in range(len(items)) for _ in range(2)],
                         "contact_id": ["ana", "bo"] * len(items), "role": list(roles) * len(items)})
    e = strength_edges(inter, part, as_of=AS_OF)
    return float(e.at[0, "strength"]), float(e.at[0, "raw"])


history = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 3000)), max_size=12)


@settings(max_examples=60, deadline=None)
@given(history, st.sampled_from(KINDS), st.integers(0, 3000))
def test_one_more_interaction_never_lowers_strength(items, kind, age):
    before, raw_before = _pair_strength(items)
    after, raw_after = _pair_strength(items + [(kind, age)])
    assert after >= before and raw_after > raw_before


@settings(max_examples=60, deadline=None)
@given(history, st.sampled_from(KINDS), st.integers(0, 3000), st.integers(1, 3000))
def test_an_older_interaction_never_counts_more_than_a_newer_one(items, kind, age, older_by):
    newer, _ = _pair_strength(items + [(kind, age)])
    older, _ = _pair_strength(items + [(kind, age + older_by)])
    assert older <= newer


@settings(max_examples=100, deadline=None)
@given(st.floats(0, 1e6), st.floats(1e-6, 1e6))
def test_more_evidence_is_always_stronger_and_never_reaches_one(raw, more):
    assert to_strength(raw + more) > to_strength(raw)
    assert to_strength(raw + more) < 1.0


def test_the_top_of_a_busy_list_is_spread_out():
    # a thousand e-mails, a hundred, ten: three distinct strengths two decimals apart or more
    s = [to_strength(n) for n in (1000, 100, 10)]
    assert s[0] - s[1] > 0.05 and s[1] - s[2] > 0.05 and s[0] < 0.9


def test_stated_ties_are_a_floor_and_evidence_adds_to_them():
    inter = pd.DataFrame({"id": ["x1"], "kind": ["email"], "date": [AS_OF]})
    part = pd.DataFrame({"interaction_id": ["x1", "x1"], "contact_id": ["ana", "bo"]})
    owns = pd.DataFrame({"staff_id": ["ana", "ana"], "contact_id": ["bo", "cy"]})
    e = strength_edges(inter, part, None, owns, as_of=AS_OF).set_index("v")
    assert e.at["cy", "strength"] == pytest.approx(tie_strength("OWNS"))
    assert e.at["bo", "strength"] > e.at["cy", "strength"]


def test_two_people_who_only_received_the_same_message_weigh_less():
    inter = pd.DataFrame({"id": ["x1"], "kind": ["email"], "date": [AS_OF]})
    part = pd.DataFrame({"interaction_id": ["x1"] * 3, "contact_id": ["ana", "bo", "cy"],
                         "role": ["sender", "recipient", "recipient"]})
    e = strength_edges(inter, part, as_of=AS_OF).set_index(["u", "v"])["raw"]
    assert e[("ana", "bo")] == 1.0 and e[("bo", "cy")] == 0.5


# -- who-knows on a mail network with known volumes ---------------------------------------

# Three heavy correspondents (named to sort last), then twenty people with eight messages each:
# the old score (0.3 + 0.1 per shared interaction, capped at 1.0) tied them all at 1.0.
VOLUMES = {"c-zed": 60, "c-yves": 35, "c-xena": 20} | {f"c-p{i:02d}": 8 for i in range(20)}


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = sorted({k for r in rows for k in r})
    return pd.DataFrame([{c: str(r.get(c, "")) for c in cols} for r in rows])


@pytest.fixture(scope="module")
def mail_store(tmp_path_factory):
    from graph.store import open_store
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    end = today()
    contacts = [{"id": "c-boss", "name": "Bea Boss", "kind": "elected_official"}]
    contacts += [{"id": c, "name": c[2:].capitalize() + " Writer", "kind": "business"} for c in VOLUMES]
    inter, part = [], []
    for c, n in VOLUMES.items():
        for i in range(n):  # spread evenly over the last 300 days, both directions
            xid = f"x-{c}-{i}"
            day = end - dt.timedelta(days=(i * 300) // n)
            inter.append({"id": xid, "kind": "email", "date": day.isoformat(), "subject": "Re: budget"})
            boss_sends = i % 2 == 0
            part += [{"interaction_id": xid, "contact_id": "c-boss", "role": "sender" if boss_sends else "recipient"},
                     {"interaction_id": xid, "contact_id": c, "role": "recipient" if boss_sends else "sender"}]
    tables = {"contacts": _frame(contacts), "interactions": _frame(inter), "participants": _frame(part)}
    s = open_store(tmp_path_factory.mktemp("mail") / "db")
    import_source(s, from_frames(tables, Format.TABLES, origin="mail test"), ADMIN)
    return s


def test_the_top_correspondents_by_volume_lead_who_knows_in_order(mail_store):
    from queries.network import who_knows

    rows = who_knows(mail_store, ADMIN, "c-boss", limit=None)
    assert [r["id"] for r in rows[:3]] == ["c-zed", "c-yves", "c-xena"]
    s = [r["strength"] for r in rows[:4]]
    assert s[0] > s[1] > s[2] > s[3] and s[0] < 1.0
    rest = rows[3:]
    assert len(rest) == 20 and len({r["strength"] for r in rest}) == 1  # equal evidence...
    assert [r["name"] for r in rest] == sorted(r["name"] for r in rest)  # ...and only then the name


def test_holding_a_relationship_is_the_strength_of_two_recent_meetings():
    from queries.network_views import HOLDING, HOLDING_RAW

    assert HOLDING == pytest.approx(to_strength(HOLDING_RAW), abs=1e-4) and HOLDING <= to_strength(HOLDING_RAW)


# -- warm introductions: distinct introducers first ---------------------------------------

def test_warm_paths_list_distinct_introducers_before_repeating_one():
    import networkx as nx

    from graph.analytics.paths import warm_paths

    # Ana (our staff) knows the mayor well; Bo and Cy (our staff) know Ana; Dee, an aide, knows the mayor
    G = nx.Graph()
    G.add_edge("ana", "mayor", strength=0.8)
    G.add_edge("bo", "ana", strength=0.9)
    G.add_edge("cy", "ana", strength=0.9)
    G.add_edge("cy", "dee", strength=0.4)
    G.add_edge("dee", "mayor", strength=0.4)
    rows = warm_paths(G, ["ana", "bo", "cy"], "mayor", k=3)
    assert [r["introducer"] for r in rows[:2]] == ["ana", "dee"]
    assert rows[1]["path"] == ["cy", "dee", "mayor"]
    assert rows[2]["introducer"] == "ana"  # only then a second way to the same introducer
    old = warm_paths(G, ["ana", "bo", "cy"], "mayor", k=3, distinct=False)
    assert [r["introducer"] for r in old] == ["ana", "ana", "ana"]  # what the issue saw


def test_warm_introductions_on_the_demo_have_distinct_introducers(demo_store):
    from tests.demo_day import P, TODAY as DEMO_TODAY
    from queries.network_views import warm_paths_to

    for target in (P.dormant_contact, P.opposing_official, P.orphaned_contacts[0]):
        rows = warm_paths_to(demo_store, ADMIN, target, k=3, as_of=DEMO_TODAY)
        assert len(rows) == 3 and len({r["introducer"] for r in rows}) == 3
        for i, r in enumerate(rows):
            assert not set(r["ids"][:-1]) & {x["introducer"] for x in rows[:i]}
