"""What the Neo4j store does for speed, on a real server (make test-neo4j): its constraints and
indexes made in one transaction, the confidentiality indexes the viewer's counts read, and reads
whose rows come back as one record from their second run on (graph/store/neo4j_store.py)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import queries
from graph import dialect
from graph.errors import StoreError
from graph.store import neo4j_store as store_module
from tests.conftest import ADMIN

pytestmark = pytest.mark.neo4j

ISSUES = pd.DataFrame([
    {"id": "i-1", "name": "Transit", "confidentiality": "public"},
    {"id": "i-2", "name": "Water", "confidentiality": "internal"},
    {"id": "i-3", "name": "Housing", "confidentiality": "public"},
])
PEOPLE = pd.DataFrame([
    {"id": "c-1", "name": "Ana Ruiz", "kind": "elected_official", "birth_date": dt.date(1970, 5, 1)},
    {"id": "c-2", "name": "Bo Chen", "kind": "reporter", "birth_date": None},
])
READ = ("MATCH (i:Issue) WHERE i.confidentiality IN $levels "
        "RETURN i.id AS id, i.name AS name, [i.id, i.name] AS pair ORDER BY name DESC")


def _names(store, show: str) -> set[str]:
    return {r["name"] for r in store._driver.execute_query(show).records}


def test_every_constraint_and_index_is_made_and_online_after_opening(neo4j_store):
    wanted = {dialect.neo4j_schema_name(s) for s in dialect.neo4j_schema()}
    neo4j_store.indexes_online()  # the relationship indexes may still be populating after an open
    online = {r["name"] for r in neo4j_store._driver.execute_query(
        "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name").records}
    assert wanted <= online  # a uniqueness constraint's index has the constraint's name
    assert {"contact_confidentiality", "interaction_confidentiality", "notice_confidentiality"} <= wanted


def test_relationship_indexes_come_online_behind_an_open_and_the_first_write_waits_for_them(neo4j_store):
    """After an offline first load the relationship-id indexes take most of the indexing time: an
    open waits for the nodes' constraints and indexes only, and the first write for the rest."""
    driver = neo4j_store._driver
    driver.execute_query("CREATE (:Contact {id: 'c-1'}), (:Organization {id: 'o-1'})")
    driver.execute_query("MATCH (c:Contact {id: 'c-1'}), (o:Organization {id: 'o-1'}) "
                         "UNWIND range(1, 300000) AS i CREATE (c)-[:MEMBER_OF {id: 'm-' + toString(i)}]->(o)")
    driver.execute_query("DROP INDEX member_of_id")
    driver.execute_query("DROP CONSTRAINT contact_id")

    opened = store_module.Neo4jStore(driver)  # as a new process opens it: makes both again

    def states() -> dict[str, str]:
        return {r["name"]: r["state"] for r in driver.execute_query("SHOW INDEXES YIELD name, state").records}

    assert states()["contact_id"] == "ONLINE"  # waited for
    assert opened._populating  # 300,000 relationships: not online a moment after the open
    assert opened.query("MATCH (c:Contact {id: 'c-1'}) RETURN c.id AS id") == [{"id": "c-1"}]  # reads go on
    with opened.transaction() as tx:
        waiting = {n: s for n, s in states().items() if s != "ONLINE"}
        tx.run("MATCH (c:Contact {id: 'c-1'}) SET c.name = 'Ana'")
    assert waiting == {} and not opened._populating


def test_missing_constraints_and_indexes_are_made_again_together(neo4j_store):
    neo4j_store.upsert_nodes("Issue", ISSUES)
    neo4j_store._driver.execute_query("DROP CONSTRAINT issue_id")
    neo4j_store._driver.execute_query("DROP INDEX contact_confidentiality")
    assert "issue_id" not in _names(neo4j_store, "SHOW CONSTRAINTS YIELD name")
    neo4j_store.ensure_schema()
    assert "issue_id" in _names(neo4j_store, "SHOW CONSTRAINTS YIELD name")
    assert "contact_confidentiality" in _names(neo4j_store, "SHOW INDEXES YIELD name")
    neo4j_store.ensure_schema()  # nothing missing: nothing to do


def test_a_uniqueness_constraint_that_the_data_breaks_is_a_clear_error(neo4j_store):
    neo4j_store._driver.execute_query("DROP CONSTRAINT issue_id")
    neo4j_store._driver.execute_query("CREATE (:Issue {id: 'i-9'}), (:Issue {id: 'i-9'})")
    try:
        with pytest.raises(StoreError) as err:
            neo4j_store.ensure_schema()
        assert "issue_id" in str(err.value) and "duplicate ids" in str(err.value)
    finally:  # the next test's store creates the constraint when it opens
        neo4j_store._driver.execute_query("MATCH (i:Issue {id: 'i-9'}) DELETE i")
        neo4j_store.ensure_schema()


def test_the_viewers_counts_read_the_confidentiality_indexes(neo4j_store):
    text = queries.get("overview_counts").cypher_for(dialect.NEO4J, {})
    plan = neo4j_store._driver.execute_query("EXPLAIN " + text, {"visible": ["public"]}).summary.plan
    operators = []

    def walk(p):
        operators.append((p["operatorType"], str(p.get("args", {}).get("Details", ""))))
        for child in p.get("children", []):
            walk(child)

    walk(plan)
    assert not [op for op in operators if op[0].startswith("NodeByLabelScan")]
    assert any(op[0].startswith("NodeIndexSeek") and "Interaction(confidentiality)" in op[1] for op in operators)


def test_a_read_run_again_gives_the_same_rows_in_the_same_order(neo4j_store):
    neo4j_store.upsert_nodes("Issue", ISSUES)
    neo4j_store.upsert_nodes("Contact", PEOPLE)
    first = neo4j_store.query(READ, {"levels": ["public", "internal"]})
    assert first == [{"id": "i-2", "name": "Water", "pair": ["i-2", "Water"]},
                     {"id": "i-1", "name": "Transit", "pair": ["i-1", "Transit"]},
                     {"id": "i-3", "name": "Housing", "pair": ["i-3", "Housing"]}]
    assert neo4j_store._one_record[READ] == (["id", "name", "pair"], [])  # from now on: one record
    assert neo4j_store.query(READ, {"levels": ["public", "internal"]}) == first
    assert neo4j_store.query(READ, {"levels": ["public"]}) == [r for r in first if r["id"] != "i-2"]
    assert neo4j_store.query(READ, {"levels": []}) == []
    dates = "MATCH (c:Contact) RETURN c.id AS id, c.birth_date AS born ORDER BY id"
    assert neo4j_store.query(dates) == neo4j_store.query(dates) == [
        {"id": "c-1", "born": dt.date(1970, 5, 1)}, {"id": "c-2", "born": None}]
    assert neo4j_store._one_record[dates] == (["id", "born"], ["born"])  # sent as text, read back as dates
    text = "UNWIND [['1970-05-01', date('1970-05-01')]] AS p RETURN p[0] AS looks_like_a_date, p[1] AS day"
    assert neo4j_store.query(text) == neo4j_store.query(text) == [
        {"looks_like_a_date": "1970-05-01", "day": dt.date(1970, 5, 1)}]


def test_named_queries_answer_alike_on_every_run(neo4j_store):
    neo4j_store.upsert_nodes("Issue", ISSUES)
    runs = [queries.run(neo4j_store, "overview_counts", ADMIN) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]
    assert {r["kind"]: r["n"] for r in runs[0]}["issues"] == 3


def test_a_read_the_server_will_not_wrap_still_answers_every_time(neo4j_store):
    show = "SHOW INDEXES YIELD name RETURN name ORDER BY name"
    answers = [neo4j_store.query(show) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2] and answers[0]
    assert neo4j_store._one_record[show] is None  # tried once, then read record by record


def test_a_read_with_many_rows_stays_record_by_record(neo4j_store, monkeypatch):
    monkeypatch.setattr(store_module, "ONE_RECORD_MAX_ROWS", 2)
    neo4j_store.upsert_nodes("Issue", ISSUES)
    levels = {"levels": ["public", "internal"]}
    assert len(neo4j_store.query(READ, levels)) == 3
    assert READ not in neo4j_store._one_record
    assert neo4j_store.query(READ, levels) == neo4j_store.query(READ, levels)


def _deprecations(neo4j_store, text: str, params: dict) -> list[str]:
    with neo4j_store._driver.session(database=neo4j_store.database, notifications_min_severity="INFORMATION") as s:
        summary = s.run(text, params).consume()
    return [g.status_description for g in summary.gql_status_objects
            if g.classification.name == "DEPRECATION"]


def test_the_one_record_form_uses_no_syntax_the_server_calls_deprecated(neo4j_store):
    neo4j_store.upsert_nodes("Issue", ISSUES)
    levels = {"levels": ["public"]}
    assert _deprecations(neo4j_store, dialect.neo4j_one_record(READ, ["id", "name", "pair"]), levels) == []
    # the check sees one: the bare CALL {} that the form used before (gone from Cypher 25)
    bare = dialect.neo4j_one_record(READ, ["id", "name", "pair"]).replace("CALL () {", "CALL {", 1)
    assert any("CALL" in d for d in _deprecations(neo4j_store, bare, levels))
