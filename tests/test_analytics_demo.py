"""Network analytics on the demo region's planted cases (ingest/demo/planted.py), through the
library functions the CLI calls (queries/network_views.py) and through the CLI itself (JSON)."""
from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from cli.main import cli
from queries import network_views as N
from graph.analytics.influence import current_stances
from tests.demo_day import P, TODAY as DEMO_TODAY, dated
from tests.conftest import ADMIN, PUBLIC

TODAY = DEMO_TODAY


@pytest.fixture(scope="module")
def admin(demo_store):
    return N.analytics_refresh(demo_store, ADMIN, as_of=TODAY)


@pytest.fixture(scope="module")
def public(demo_store):
    return N.analytics_refresh(demo_store, PUBLIC, as_of=TODAY)


def staff_of(tables) -> set:
    c = tables["contacts"]
    return set(c.loc[c["kind"] == "our_staff", "id"])


def test_the_refresh_measures_no_constraint_for_our_staff(admin):
    """No report shows our staff's constraint; the refresh's budget goes to the people it shows."""
    tables, res = admin
    assert staff_of(tables) and res.constraint
    assert not staff_of(tables) & set(res.constraint)


# -- the broker between two counties -------------------------------------------

@pytest.fixture(scope="module")
def county_bridges(demo_store):
    return N.bridges_between_places(demo_store, ADMIN, *P.broker_counties, kind="elected_official", as_of=TODAY)


def test_the_planted_broker_bridges_the_two_counties_best(county_bridges):
    top = county_bridges[0]
    assert top["id"] == P.broker and top["bridging"] == 1.0
    assert all(r["bridging"] < top["bridging"] for r in county_bridges[1:])
    assert top["because"][0].startswith("on 100% of the strongest paths between")
    assert any("into Llano Verde County" in b for b in top["because"])
    assert any("into Post Oak County" in b for b in top["because"])


def test_without_the_broker_the_two_counties_officials_are_disconnected(county_bridges):
    assert county_bridges[0]["separates"] is True
    assert county_bridges[0]["because"][-1] == "without them nobody in Llano Verde County can reach Post Oak County"
    assert not any(r["separates"] for r in county_bridges[1:])


def test_broker_report_names_the_places_a_broker_reaches(demo_store):
    rows = N.broker_report(demo_store, ADMIN, as_of=TODAY, top=5)
    assert len(rows) == 5 and rows[0]["brokerage"] >= rows[-1]["brokerage"] > 0
    assert "sampled start points" in rows[0]["because"][0]  # says it is an estimate
    assert len(rows[0]["groups"]) >= 2 and any(" into " in b for b in rows[0]["because"])


# -- the fast path against NetworkX, on the demo region's own network -------------------

def test_the_refresh_equals_networkx_on_the_demo_region(admin):
    """What the dashboard shows (full_refresh, on igraph and scipy) against pure NetworkX, same graph."""
    import random

    from graph.analytics import brokers as B, fast
    from graph.analytics.coalitions import coalitions
    from graph.analytics.strength import graph_from_edges

    _, res = admin
    e = res.edges
    G = graph_from_edges(e, attrs=["strength", "distance"])
    assert len(G) > 1000 and G.number_of_edges() > 5000
    pr = nx.pagerank(G, weight="strength", tol=1e-12, max_iter=1000)  # its default stops near 1e-5
    assert max(abs(res.influence[x] - pr[x]) for x in G) < 1e-9
    assert set(sorted(pr, key=pr.get)[-25:]) == set(sorted(res.influence, key=res.influence.get)[-25:])
    # betweenness: the plain estimate on the refresh's pivots equals NetworkX's on the same pivots,
    # and the refresh's robust one never exceeds it
    k = N.BROKER_PIVOTS
    F = fast.FastGraph.from_edges(e)
    plain = fast.betweenness(F, k=k, seed=random.Random(N.SEED))
    ref = B.brokers(G, k=k, seed=random.Random(N.SEED))
    assert max(abs(plain[x] - ref[x]) for x in G) < 1e-12 and max(ref.values()) > 0.01
    assert all(res.brokers[x] <= plain[x] + 1e-12 for x in G)
    # Burt, on a few people: NetworkX takes seconds per person with a hundred ties (cubic in ties)
    few = [x for x in res.constraint if G.degree(x) <= 60][:5]
    con = nx.constraint(G, nodes=few, weight="strength")
    assert len(few) == 5 and max(abs(res.constraint[x] - con[x]) for x in few) < 1e-9
    some = random.Random(1).sample([x for x in G if 2 <= G.degree(x) <= 60], 20)
    es = nx.effective_size(G, nodes=some)
    assert max(abs(res.effective_size[x] - es[x]) for x in some) < 1e-9
    # Louvain is a heuristic on both sides: partitions differ, modularity must not
    q = lambda part: fast.modularity(F, part)
    assert q(res.communities) > 0.1 and abs(q(res.communities) - q(coalitions(G, seed=N.SEED))) < 0.02


# -- institutional memory ----------------------------------------------------------

@pytest.fixture(scope="module")
def risks(demo_store):
    return {r["contact"]: r for r in N.memory_risks(demo_store, ADMIN, as_of=TODAY)}


@pytest.mark.parametrize("contact", P.orphaned_contacts)
def test_contacts_only_the_leaving_staff_member_holds_are_flagged_with_the_reason(risks, contact):
    r = risks[contact]
    assert r["holders"] == [P.leaving_staff]
    assert r["risks"][:2] == ["single_holder", "holder_leaving"]
    assert r["because"][:2] == ["only Priya Natarajan holds it", dated("Priya Natarajan leaves on 2026-12-18")]
    assert r["could_take_over"] and P.leaving_staff not in r["could_take_over"]


def test_the_dormant_key_relationship_is_flagged(risks):
    r = risks[P.dormant_contact]
    assert "dormant" in r["risks"]
    assert r["because"][-1] == dated("no interaction with our staff since 2025-09-10")
    assert list(risks).index(P.dormant_contact) < len(risks) // 2  # among the riskier half


def test_covered_relationships_of_the_leaving_staff_member_are_not_holder_leaving(demo_store, risks):
    owns = N.analytics_tables(demo_store, ADMIN, as_of=TODAY)["owns"]
    hers = set(owns.loc[owns["staff_id"] == P.leaving_staff, "contact_id"]) - set(P.orphaned_contacts)
    assert hers and not any("holder_leaving" in risks[x]["risks"] for x in hers if x in risks)


# -- warm paths ------------------------------------------------------------------------

def test_warm_paths_take_more_than_two_hops_when_needed(demo_store, admin):
    tables, res = admin
    G = nx.Graph(list(zip(res.edges["u"], res.edges["v"])))
    far = sorted(x for x, d in nx.single_source_shortest_path_length(G, P.leaving_staff, cutoff=3).items() if d == 3)
    target = far[0]
    rows = N.warm_paths_to(demo_store, ADMIN, target, source=P.leaving_staff, k=3, as_of=TODAY)
    assert rows and all(r["hops"] >= 3 and r["ids"][0] == P.leaving_staff and r["ids"][-1] == target for r in rows)
    assert rows[0]["strength"] >= rows[-1]["strength"] and len(rows[0]["because"]) == rows[0]["hops"]


def test_warm_paths_avoid_opponents_when_asked(demo_store, admin):
    tables, _ = admin
    stance = current_stances(N._issue_positions(demo_store, ADMIN, tables["positions"], P.transportation),
                             P.transportation)
    staff = staff_of(tables)
    free = N.warm_paths_to(demo_store, ADMIN, P.opposing_official, k=5, as_of=TODAY)
    allies = N.warm_paths_to(demo_store, ADMIN, P.opposing_official, issue=P.transportation, supporters_only=True,
                             k=5, as_of=TODAY)
    assert allies and free
    for r in allies:
        between = r["ids"][1:-1]
        assert all(x in staff or stance.get(x) == "support" for x in between)
    # naming one person to avoid removes them from every path
    via = next((x for r in free for x in r["ids"][1:-1]), None)
    if via:
        assert all(via not in r["ids"] for r in N.warm_paths_to(demo_store, ADMIN, P.opposing_official, avoid=[via],
                                                                 k=5, as_of=TODAY))


# -- coalitions and stances ------------------------------------------------------------

def test_coalitions_are_identical_for_the_same_seed(demo_store):
    runs = [N.coalition_report(demo_store, ADMIN, issue=P.transportation, as_of=TODAY, seed=7, use_cache=False)
            for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0]) >= 3
    assert all(r["lean"] in {"support", "oppose", "neutral", "mixed", "divided", "undecided"} for r in runs[0])


def test_inferred_stances_never_overwrite_stated_ones(demo_store, admin):
    tables, _ = admin
    stated = current_stances(N._issue_positions(demo_store, ADMIN, tables["positions"], P.transportation),
                             P.transportation)
    rows = N.inferred_stances(demo_store, ADMIN, P.transportation, as_of=TODAY, min_confidence=0.0, top=None)
    assert rows and all(r["inferred"] is True for r in rows)
    assert not {r["id"] for r in rows} & set(stated)
    assert stated[P.opposing_official] == "oppose" and P.opposing_official not in {r["id"] for r in rows}
    again = current_stances(N._issue_positions(demo_store, ADMIN, N.analytics_tables(demo_store, ADMIN, as_of=TODAY)
                                               ["positions"], P.transportation), P.transportation)
    assert again == stated  # nothing written back


# -- confidentiality ---------------------------------------------------------------------

def briefing_only_pairs(tables):
    p = tables["participants"]
    who = sorted(set(p.loc[p["interaction_id"] == P.confidential_interaction, "contact_id"]))
    assert len(who) >= 2
    return [(a, b) for i, a in enumerate(who) for b in who[i + 1:]]


def test_a_public_viewer_never_sees_the_confidential_contact(demo_store, admin, public):
    tables, res = public
    assert P.confidential_contact not in res.influence
    assert P.confidential_contact not in set(res.edges["u"]) | set(res.edges["v"])
    outputs = [N.influencers(demo_store, PUBLIC, as_of=TODAY, top=3000),
               N.broker_report(demo_store, PUBLIC, as_of=TODAY, top=3000),
               N.coalition_report(demo_store, PUBLIC, as_of=TODAY, min_size=1),
               N.memory_risks(demo_store, PUBLIC, as_of=TODAY),
               N.inferred_stances(demo_store, PUBLIC, P.transportation, as_of=TODAY, min_confidence=0.0, top=None)]
    assert "Ruby Feld" not in json.dumps(outputs, default=str) and P.confidential_contact not in json.dumps(
        outputs, default=str)
    with pytest.raises(Exception, match=P.confidential_contact):
        N.relationship_between(demo_store, PUBLIC, P.confidential_contact, P.leaving_staff, as_of=TODAY)


def test_a_public_viewer_never_sees_a_tie_that_exists_only_through_a_confidential_interaction(admin, public):
    from graph.analytics.strength import strength_edges

    (a_tables, a_res), (p_tables, p_res) = admin, public
    a_edges, p_edges = a_res.edges.set_index(["u", "v"]), p_res.edges.set_index(["u", "v"])
    assert P.confidential_interaction not in set(p_tables["interactions"]["id"])
    # the briefing's participants: for a public viewer their ties lose exactly that meeting
    for pair in briefing_only_pairs(a_tables):
        n = int(a_edges.loc[pair, "n_interactions"])
        assert pair not in p_edges.index or int(p_edges.loc[pair, "n_interactions"]) <= n - 1
    # every tie made only of interactions a public viewer may not see (no stated tie) is absent for them
    seen = set(p_tables["interactions"]["id"])
    part = a_tables["participants"]
    public_only = strength_edges(a_tables["interactions"], part[part["interaction_id"].isin(seen)], as_of=TODAY)
    hidden = set(a_res.edges.loc[(a_res.edges["knows"] == 0) & ~a_res.edges["owns"], ["u", "v"]]
                 .itertuples(index=False, name=None)) - set(public_only[["u", "v"]].itertuples(index=False, name=None))
    assert len(hidden) > 10
    assert not hidden & set(p_edges.index)


# -- the CLI (JSON) ------------------------------------------------------------------------

def run(store, *args):
    result = CliRunner().invoke(cli, ["--store", store.location, *args, "--as-of", TODAY.isoformat(),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_brokers_between_the_counties(demo_store):
    rows = run(demo_store, "brokers", "--between", *P.broker_counties, "--kind", "elected_official", "--top", "3")
    assert rows[0]["id"] == P.broker and rows[0]["separates"] is True
    assert set(rows[0]) == {"id", "name", "kind", "bridging", "separates", "because"}


def test_cli_memory_risk_and_strength_and_warm_paths(demo_store):
    rows = {r["contact"]: r for r in run(demo_store, "memory-risk")}
    assert rows[P.orphaned_contacts[0]]["holder_names"] == ["Priya Natarajan"]
    s = run(demo_store, "strength", P.leaving_staff, P.orphaned_contacts[0])
    assert s["strength"] > 0.5 and "our staff member owns the relationship" in s["because"][0]
    paths = run(demo_store, "warm-paths", "--to", P.dormant_contact, "-k", "2")
    assert len(paths) == 2 and {"path", "ids", "strength", "hops", "because", "from"} <= set(paths[0])


def test_cli_public_clearance_hides_the_confidential_contact(demo_store):
    result = CliRunner().invoke(cli, ["--store", demo_store.location, "--clearance", "public", "influencers",
                                      "--top", "3000", "--as-of", TODAY.isoformat(), "--format", "json"])
    assert result.exit_code == 0 and P.confidential_contact not in result.stdout
    assert len(json.loads(result.stdout)) > 100


def test_cli_refresh_reports_progress_on_stderr_and_what_is_approximate(demo_store):
    result = CliRunner().invoke(cli, ["--store", demo_store.location, "analytics", "refresh",
                                                      "--as-of", TODAY.isoformat(), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert "50% coalitions" in result.stderr and "100% constraint" in result.stderr  # Burt's measures come last
    assert summary["people"] > 1000 and set(summary["timings"]) >= {"strength", "influence", "brokers", "coalitions"}
    assert "sampled start points" in summary["approximate"]["brokers"]


def test_the_analytics_tables_can_be_read_on_29_february(demo_store):
    import datetime as dt

    tables = N.analytics_tables(demo_store, ADMIN, as_of=dt.date(2028, 2, 29))  # three years back: no 29 Feb
    assert set(tables) == {"interactions", "participants", "knows", "owns", "positions", "contacts"}
    assert len(tables["contacts"]) > 1000


def test_a_person_map_and_the_notices_can_be_read_on_29_february(demo_store):
    import datetime as dt

    from queries.maps import person_map
    from queries.notices import notices_status

    leap = dt.date(2028, 2, 29)  # one and three years back have no 29 February
    assert P.broker in person_map(demo_store, ADMIN, P.broker, as_of=leap)
    assert isinstance(notices_status(demo_store, ADMIN, until=leap), list)


def test_the_refresh_reads_only_the_four_tables_it_needs_and_the_same_rows(demo_store):
    from queries.network_tables import REFRESH_TABLES

    some = N.analytics_tables(demo_store, ADMIN, as_of=TODAY, only=REFRESH_TABLES)
    every = N.analytics_tables(demo_store, ADMIN, as_of=TODAY)
    assert set(some) == {"interactions", "participants", "knows", "owns"} and "contacts" in every
    for name in REFRESH_TABLES:
        a, b = (t[name].astype(str).sort_values(list(t[name].columns)).reset_index(drop=True) for t in (some, every))
        assert len(a) > 0 and a.equals(b), name
