"""Every named query's Neo4j text, run on the ocg oracle, gives the embedded engine's answer.

Both engines load the same data through ingest.pipeline.import_source; each query runs
with every example of tests/query_examples.py (tests/test_query_docs.py fails if a query
has none) for an admin and a public viewer.

The data is the demo region's hand-written core (every planted case, the well-known bodies,
the geography, the issues) plus a seeded sample of its generated bulk: ocg has no index
and writes one Cypher row at a time, so the full 30,000 interactions would take hours to
load. ``_FastOcg`` gives the pipeline ocg's native bulk creation for brand-new records
(the pipeline's own existence checks stay in Cypher). The derived ENGAGED_ON counts are copied
from the embedded engine; tests/test_engagement.py checks that their Cypher gives the same counts
on ocg.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

import queries
from tests.conftest import ADMIN, PUBLIC
from tests.demo_day import moved_iso
from tests.oracle import OcgOracle, comparable
from tests.query_examples import EXAMPLES

# Queries whose Neo4j text ocg cannot run, with the reason. Keep this empty unless unavoidable.
OCG_CANNOT_RUN: dict[str, str] = {}
GENERATED = re.compile(r"^[a-z]-\d+$")  # the generator's bulk ids (c-000123, x-0004567)
SAMPLE_CONTACTS = 150


def oracle_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The planted core of the demo region and a seeded sample of its bulk, references intact."""
    t = {k: v.copy() for k, v in tables.items()}
    c = t["contacts"]
    bulk = c[c["id"].str.match(GENERATED)]
    keep = set(c["id"][~c["id"].str.match(GENERATED)]) | set(bulk.sample(SAMPLE_CONTACTS, random_state=7)["id"])
    t["contacts"] = c[c["id"].isin(keep)]
    p = t["participants"]
    x = t["interactions"]
    planted_x = set(x["id"][~x["id"].str.match(GENERATED)])
    recent = set(x["id"][x["date"] >= moved_iso("2025-11-15")])
    p = p[p["contact_id"].isin(keep) & (p["interaction_id"].isin(planted_x | recent))]
    t["participants"] = p
    t["interactions"] = x[x["id"].isin(set(p["interaction_id"]) | planted_x)]
    xs = set(t["interactions"]["id"])
    t["interactions"] = t["interactions"].assign(recorded_by=t["interactions"]["recorded_by"].where(
        t["interactions"]["recorded_by"].isin(keep), ""))
    n = t["notices"]
    n = n[(n["deadline"] >= moved_iso("2026-01-01")) | ~n["id"].str.match(r"^n-\d+$")]
    t["notices"] = n = n.assign(audience_ids=n["audience_ids"].map(
        lambda v: ";".join(i for i in v.split(";") if i in keep)))
    t["deliveries"] = t["deliveries"][t["deliveries"]["contact_id"].isin(keep)
                                      & t["deliveries"]["notice_id"].isin(set(n["id"]))]
    t["affiliations"] = t["affiliations"][t["affiliations"]["contact_id"].isin(keep)]
    orgs = set(t["organizations"]["id"])
    for name, col in (("positions", "holder_id"), ("expertise", "subject_id")):
        t[name] = t[name][t[name][col].isin(keep | orgs)]
    t["positions"] = t["positions"][t["positions"]["source_interaction"].isin(xs | {""})]
    ties = t["ties"]
    t["ties"] = ties[ties["from_id"].isin(keep | orgs) & ties["to_id"].isin(keep | orgs)]
    return t


class _FastOcg(OcgOracle):
    """ocg with its native bulk creation for records that do not exist yet (a fresh load)."""

    def __init__(self) -> None:
        super().__init__()
        self.node_ids: dict[str, int] = {}

    def upsert_nodes(self, label, frame, *, batch=2000):
        new = frame[~frame["id"].isin(self.node_ids.keys())]
        if len(new) < len(frame):
            super().upsert_nodes(label, frame[frame["id"].isin(self.node_ids.keys())], batch=batch)
        created = self.graph.bulk_create_nodes([([label], _props(r)) for r in new.to_dict("records")])
        self.node_ids.update(zip(new["id"], created))

    bulk_create_nodes = lambda self, label, frame: self.upsert_nodes(label, frame)  # noqa: E731

    def upsert_rels(self, rel_type, from_label, to_label, frame, *, batch=2000):
        rows = frame.to_dict("records")
        self.graph.bulk_create_relationships([
            (self.node_ids[r["from_id"]], self.node_ids[r["to_id"]], rel_type,
             _props({k: v for k, v in r.items() if k not in ("from_id", "to_id")})) for r in rows])

    bulk_create_rels = lambda self, rel_type, a, b, frame: self.upsert_rels(rel_type, a, b, frame)  # noqa: E731


def _props(row: dict) -> dict:
    from tests.oracle import _iso
    from graph.store.base import _plain

    return {k: _iso(_plain(v)) for k, v in row.items() if _plain(v) is not None}


@pytest.fixture(scope="module")
def engines(demo_tables, tmp_path_factory):
    from graph.store import open_store
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    tables = oracle_tables(demo_tables)
    embedded = open_store(tmp_path_factory.mktemp("oracle") / "db")
    oracle = _FastOcg()
    for store in (embedded, oracle):
        with pytest.MonkeyPatch.context() as mp:
            if store is oracle:  # ENGAGED_ON (with its history lists) is copied below
                mp.setattr("ingest.pipeline.refresh_after_import", lambda store, report: False)
            report = import_source(store, from_frames(tables, Format.TABLES, origin="demo"), ADMIN)
        assert not [p for p in report.problems if p.severity == "error"], report.problems[:3]
    _copy_engagement(embedded, oracle)
    yield embedded, oracle
    embedded.close()


def _copy_engagement(embedded, oracle) -> None:
    """The derived ENGAGED_ON counts and their history lists, as the embedded engine computed them
    (ocg takes ~12 s to; tests/test_engagement*.py run their Cypher on ocg)."""
    from graph.model import REL_BY_TYPE

    for name in ("ENGAGED_ON",):
        rel = REL_BY_TYPE[name]
        props = ", ".join(f"e.{p.name} AS {p.name}" for p in rel.all_props)
        for label, _ in rel.pairs:
            rows = embedded.query(f"MATCH (s:{label})-[e:{name}]->(i:Issue) RETURN s.id AS from_id, i.id AS to_id, {props}")
            if rows:
                oracle.upsert_rels(name, label, "Issue", pd.DataFrame(rows))


CASES = [(name, i) for name in sorted(queries.catalogue()) for i in range(len(EXAMPLES.get(name, [])))]


@pytest.mark.parametrize("viewer", [ADMIN, PUBLIC], ids=["admin", "public"])
@pytest.mark.parametrize("name,i", CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_neo4j_text_gives_the_embedded_answer(engines, name, i, viewer):
    if name in OCG_CANNOT_RUN:
        pytest.skip(OCG_CANNOT_RUN[name])
    embedded, oracle = engines
    params = EXAMPLES[name][i]
    expected = _unordered(comparable(queries.run(embedded, name, viewer, **params)))
    assert _unordered(comparable(queries.run(oracle, name, viewer, **params))) == expected


def _unordered(rows: list[dict]) -> list[dict]:
    """collect() gives a list in no defined order: compare collected lists as sorted."""
    return [{k: sorted(v, key=repr) if isinstance(v, list) else v for k, v in r.items()} for r in rows]


def test_the_oracle_sample_keeps_the_planted_cases(engines):
    embedded, _ = engines
    from tests.demo_day import P

    ids = {r["id"] for r in embedded.query("MATCH (c:Contact) RETURN c.id AS id")}
    assert {P.deceased_official, P.contradicting_official, P.power_company_contact, P.missing_member} <= ids


def test_every_query_has_an_oracle_case():
    assert {n for n, _ in CASES} == set(queries.catalogue())
