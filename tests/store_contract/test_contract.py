"""What every store must do, whatever the engine."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from graph.errors import StoreError
from tests.conftest import ADMIN, SMALL_REGION


def test_schema_setup_is_idempotent(any_store):
    any_store.ensure_schema()
    any_store.ensure_schema()
    assert any_store.counts().nodes["Contact"] == 0


def test_upsert_merges_on_the_key_and_types_round_trip(any_store):
    frame = pd.DataFrame([
        {"id": "c-1", "name": "Ana Ruiz", "kind": "elected_official", "birth_date": dt.date(1970, 5, 1),
         "do_not_contact": True, "confidentiality": "public"},
        {"id": "c-2", "name": "Bo Chen", "kind": "reporter", "birth_date": None,
         "do_not_contact": None, "confidentiality": "internal"},
    ])
    any_store.upsert_nodes("Contact", frame)
    any_store.upsert_nodes("Contact", frame)
    rows = any_store.query(
        "MATCH (c:Contact) RETURN c.id AS id, c.birth_date AS born, c.do_not_contact AS dnc ORDER BY id"
    )
    assert rows == [
        {"id": "c-1", "born": dt.date(1970, 5, 1), "dnc": True},
        {"id": "c-2", "born": None, "dnc": None},
    ]


def test_a_read_as_a_frame_or_as_arrow_has_the_same_types_on_every_engine(any_store):
    """The analytics read their tables so (queries/network_tables.py): a date column is datetime64 in
    a frame and date32 in Arrow, and a read with no row still names its columns."""
    import pyarrow as pa

    any_store.upsert_nodes("Contact", pd.DataFrame([
        {"id": "c-1", "name": "Ana Ruiz", "kind": "elected_official", "birth_date": dt.date(1970, 5, 1)},
        {"id": "c-2", "name": "Bo Chen", "kind": "reporter", "birth_date": None}]))
    text = "MATCH (c:Contact) WHERE c.id STARTS WITH $p RETURN c.id AS id, c.birth_date AS born ORDER BY id"
    frame = any_store.query_df(text, {"p": "c-"})
    assert str(frame["born"].dtype).startswith("datetime64")
    assert frame["born"].tolist()[0] == pd.Timestamp(1970, 5, 1) and pd.isna(frame["born"].tolist()[1])
    table = any_store.query_arrow(text, {"p": "c-"})
    assert table.schema.field("born").type == pa.date32()
    assert table.column("born").to_pylist() == [dt.date(1970, 5, 1), None]
    assert list(any_store.query_df(text, {"p": "nobody"}).columns) == ["id", "born"]
    assert any_store.query_arrow(text, {"p": "nobody"}).column_names == ["id", "born"]
    frames = any_store.query_each([(text, {"p": "c-"}), (text, {"p": "nobody"})], form="frame")
    assert [len(f) for f in frames] == [2, 0] and list(frames[1].columns) == ["id", "born"]


def test_a_batch_whose_date_column_is_all_empty_still_writes(any_store):
    frame = pd.DataFrame([{"id": "c-1", "name": "Ana", "kind": "resident", "birth_date": None}])
    any_store.upsert_nodes("Contact", frame)
    assert any_store.query("MATCH (c:Contact) RETURN c.birth_date AS b") == [{"b": None}]


def test_relationships_merge_on_their_id(any_store):
    any_store.upsert_nodes("Contact", pd.DataFrame([{"id": "c-1", "name": "A", "kind": "resident"}]))
    any_store.upsert_nodes("Issue", pd.DataFrame([{"id": "i-1", "name": "Transit"}]))
    rel = pd.DataFrame([{"from_id": "c-1", "to_id": "i-1", "id": "p-1", "stance": "support",
                         "as_of": dt.date(2024, 3, 2), "strength": 0.5}])
    any_store.upsert_rels("TAKES_POSITION", "Contact", "Issue", rel)
    any_store.upsert_rels("TAKES_POSITION", "Contact", "Issue", rel.assign(stance="oppose"))
    rows = any_store.query("MATCH (:Contact)-[r:TAKES_POSITION]->(:Issue) RETURN r.stance AS s, r.as_of AS d")
    assert rows == [{"s": "oppose", "d": dt.date(2024, 3, 2)}]


def test_a_failed_transaction_leaves_nothing(any_store):
    with pytest.raises(StoreError):
        any_store.write([
            ("CREATE (:Issue {id: 'i-1', name: 'kept?'})", {}),
            ("THIS IS NOT CYPHER", {}),
        ])
    assert any_store.query("MATCH (i:Issue) RETURN count(i) AS n") == [{"n": 0}]


def test_every_write_moves_the_data_version(any_store):
    before = any_store.data_version()
    any_store.upsert_nodes("Issue", pd.DataFrame([{"id": "i-1", "name": "Transit"}]))
    assert any_store.data_version() != before


def test_labels_and_existing_values_are_found_in_batches(any_store):
    any_store.upsert_nodes("Issue", pd.DataFrame([{"id": f"i-{n}", "name": f"I{n}"} for n in range(7)]))
    assert any_store.labels_of(["i-3", "nope"], ["Contact", "Issue"]) == {"i-3": "Issue"}
    assert any_store.existing("Issue", ["i-1", "i-9"], ["name"]) == {"i-1": {"id": "i-1", "name": "I1"}}


def test_the_small_region_imports_alike_on_every_engine(any_store):
    from ingest.pipeline import import_path

    first = import_path(any_store, SMALL_REGION, ADMIN)
    again = import_path(any_store, SMALL_REGION, ADMIN)
    assert first.totals()["created"] == 24 and first.rejected == 0
    assert again.totals() == {"created": 0, "updated": 0, "unchanged": 24, "rejected": 0}
    counts = any_store.counts()
    assert counts.nodes["Contact"] == 4 and counts.relationships["MEMBER_OF"] == 3
    assert counts.relationships["PART_OF"] == 4  # 2 jurisdictions, 1 committee, 1 sub-issue
