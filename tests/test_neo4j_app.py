"""The dashboard's pages through AppTest on a real Neo4j holding the demo region (make test-neo4j).

The page tests of tests/test_app.py that use the demo region run here unchanged, with the
dashboard pointed at the Neo4j server (``CIVICGRAPH_STORE=bolt://…``) instead of a folder.
"""
from __future__ import annotations

import os

import pytest

from tests import test_app

PAGE_TESTS = [
    "test_partners_ranks_with_evidence_warnings_and_says_how_many_of_how_many",
    "test_partners_filters_apply_to_every_tab",
    "test_outreach_builds_one_row_per_person_and_flags_the_deceased",
    "test_a_profile_opens_from_its_link",
    "test_an_unknown_profile_says_what_to_do",
    "test_the_map_opens_small_and_its_total_does_not_move_with_the_slider",
    "test_network_insights",
    "test_notices_put_the_missing_recipient_first",
    "test_data_page_offers_a_template_and_the_columns_in_place",
]


def test_every_page_test_named_here_exists():  # runs without a server: a renamed page test fails here
    assert [n for n in PAGE_TESTS if not callable(getattr(test_app, n, None))] == []


@pytest.mark.neo4j
@pytest.mark.parametrize("name", PAGE_TESTS)
def test_the_page_on_neo4j(neo4j_demo, monkeypatch, name):
    uri = os.environ["CIVICGRAPH_NEO4J_URI"]
    make = test_app._maker(monkeypatch, neo4j_demo)  # it unsets CIVICGRAPH_NEO4J_URI: the store setting wins
    monkeypatch.setenv("CIVICGRAPH_STORE", uri)
    getattr(test_app, name)(make)
