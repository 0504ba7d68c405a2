"""Fuzzing the importer and restore: whatever the bytes, no traceback, and nothing half-written.

Each example either imports (a report, every stored row accounted for) or is refused with an
InputError, in which case the store holds exactly what it held before.
"""
from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph.errors import CivicGraphError, InputError
from graph.store import open_store
from ingest.backup import restore
from ingest.pipeline import import_path
from tests.conftest import ADMIN

HEADER = b"id,name,kind,strength,parent_id\n"
PIECES = [b",", b"\"", b"\n", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"c-1", b"Ana", b"resident",
          b"inf", b"-5", b"1e26", b"NaN", b"=cmd|' /C calc'!A0", b"[x](https://e.example)", b"\xe9", b"\t",
          b"2024-13-45", b";", "Zoë".encode("utf-16"), b"\\", b"'"]


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("fuzz") / "db")
    yield store
    store.close()


def _snapshot(store) -> dict:
    stats = store.counts()
    return {**stats.nodes, **stats.relationships}


def _stored_contacts(store) -> int:
    return store.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"]


csv_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=40).map(lambda parts: HEADER + b"".join(parts)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_bytes, name=st.sampled_from(["contacts.csv", "issues.csv", "ties.jsonl"]))
def test_any_bytes_as_an_import_file_give_a_report_or_one_clear_error(fuzz_store, data, name):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        (folder / name).write_bytes(data)
        before = _snapshot(fuzz_store)
        try:
            report = import_path(fuzz_store, folder, ADMIN)
        except InputError as exc:
            assert "\n" not in str(exc)
            assert _snapshot(fuzz_store) == before, "a refused import wrote nothing"
            return
        totals = report.as_dict()["totals"]
        assert all(v >= 0 for v in totals.values())
        for problem in report.problems:
            assert problem.file and "\n" not in problem.message
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


MANIFESTS = [b"{}", b"[]", b"null", b"not json", b'{"civicgraph_backup": 1, "rows": {"contacts": 1}}',
             b'{"civicgraph_backup": 1, "rows": {"contacts": -1}}', b'{"civicgraph_backup": 1, "rows": "x"}']
zips = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda manifest, contacts, extra: _zip({"manifest.json": manifest, "contacts.csv": contacts, **extra}),
              st.sampled_from(MANIFESTS), csv_bytes,
              st.dictionaries(st.sampled_from(["../contacts.csv", "audit.jsonl", "issues.csv", "/abs.csv"]),
                              st.binary(max_size=60), max_size=2)),
)


@settings(max_examples=40, deadline=None)
@given(data=zips)
@example(data=_zip({"manifest.json": b'{"civicgraph_backup": 1, "rows": {"contacts": 1}}', "contacts.csv": b"",
                    "audit.jsonl": b"\x80"}))  # found by this test: an audit log that is not UTF-8
def test_any_zip_given_to_restore_gives_a_report_or_one_clear_error(data):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-zip-"))
    try:
        (folder / "b.zip").write_bytes(data)
        with open_store(folder / "db") as store:
            try:
                restore(store, ADMIN, folder / "b.zip")
            except CivicGraphError as exc:
                assert "\n" not in str(exc)
                assert not any(_snapshot(store).values()), "a refused restore wrote nothing"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
