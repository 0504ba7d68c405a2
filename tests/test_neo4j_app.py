"""The dashboard's pages through AppTest on a real Neo4j holding the demo region (make test-neo4j).

Every page test of tests/test_app.py runs here unchanged (those on the demo region, and the one on
the real Texas sample), with the dashboard pointed at the Neo4j server
(``CIVICGRAPH_STORE=bolt://…``) instead of a folder.
"""
from __future__ import annotations

import os

import pytest

from tests import test_app

PAGE_TESTS = [
    "test_overview_lists_the_planted_alerts",
    "test_partners_ranks_with_evidence_warnings_and_says_how_many_of_how_many",
    "test_partners_filters_apply_to_every_tab",
    "test_outreach_builds_one_row_per_person_and_flags_the_deceased",
    "test_a_profile_opens_from_its_link",
    "test_an_unknown_profile_says_what_to_do",
    "test_the_map_opens_small_and_its_total_does_not_move_with_the_slider",
    "test_the_person_map_says_who_can_introduce_us",
    "test_network_insights",
    "test_notices_put_the_missing_recipient_first",
    "test_data_page_offers_a_template_and_the_columns_in_place",
]
TEXAS_TEST = "test_overview_counts_what_the_viewer_may_see"  # the real Texas sample: its own test below


def test_every_page_test_runs_here_too():  # runs without a server: a new or renamed page test fails here
    pages = {n for n in dir(test_app) if n.startswith("test_") and callable(getattr(test_app, n))}
    assert pages == {*PAGE_TESTS, TEXAS_TEST}


@pytest.mark.neo4j
@pytest.mark.parametrize("name", PAGE_TESTS)
def test_the_page_on_neo4j(neo4j_demo, monkeypatch, name):
    uri = os.environ["CIVICGRAPH_NEO4J_URI"]
    make = test_app._maker(monkeypatch, neo4j_demo)  # it unsets CIVICGRAPH_NEO4J_URI: the store setting wins
    monkeypatch.setenv("CIVICGRAPH_STORE", uri)
    getattr(test_app, name)(make)


@pytest.mark.neo4j
def test_the_texas_overview_on_neo4j(monkeypatch):
    """The real Texas sample (Open States), loaded into Neo4j as ``civicgraph demo --sample texas``
    loads it: the Overview counts what the viewer may see. After the demo pages: it empties the
    database they share."""
    from ingest.samples import load_sample
    from tests.conftest import ADMIN, _neo4j_or_skip, empty_neo4j

    with _neo4j_or_skip() as store:
        uri = os.environ["CIVICGRAPH_NEO4J_URI"]
        empty_neo4j(store)
        load_sample(store, ADMIN, sample="texas")
        make = test_app._maker(monkeypatch, store)  # it unsets CIVICGRAPH_NEO4J_URI: the store setting wins
        monkeypatch.setenv("CIVICGRAPH_STORE", uri)
        getattr(test_app, TEXAS_TEST)(make)
