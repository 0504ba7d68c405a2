"""One reader for every input format: TSV read as tab-separated, .xls refused with the fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InputError
from ingest.pipeline import import_path
from ingest.readers import Format, read_table_file, rows_from_file
from tests.conftest import ADMIN

TSV = Path(__file__).parent / "data" / "tsv" / "contacts.tsv"


def test_a_tab_separated_file_is_read_on_tabs_commas_and_all(store):
    report = import_path(store, TSV, ADMIN)
    assert report.format == "tsv file" and report.problems == [] and report.totals()["created"] == 3
    rows = store.query("MATCH (c:Contact {id: 'c-lopez'}) RETURN c.name AS name, c.title AS title")
    assert rows == [{"name": "Lopez, Maria", "title": "Director, Transit Planning"}]


def test_the_one_reader_says_which_format_it_found():
    [(label, frame, rows, problems)], fmt, notes = rows_from_file(TSV)
    assert (label, fmt, rows, problems, notes) == ("contacts.tsv", Format.TSV_FILE, [2, 3, 4], [], [])
    assert list(frame.columns) == ["id", "name", "kind", "title", "email"]
    assert list(read_table_file(TSV).tables) == ["contacts.tsv"]


def test_a_tsv_row_with_a_stray_tab_is_rejected_with_a_tab_fix(store, tmp_path):
    bad = tmp_path / "contacts.tsv"
    bad.write_text(TSV.read_text() + "c-x\tAna Ruiz\tresident\tDirector\tana@x.gov\textra\n")
    report = import_path(store, bad, ADMIN)
    [problem] = report.problems
    assert problem.row == 5 and "tabs" in problem.fix and report.rejected == 1


@pytest.mark.parametrize("reader", [import_path, read_table_file])
def test_an_old_xls_workbook_is_refused_with_the_fix(tmp_path, store, reader):
    old = tmp_path / "contacts.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # the start of every .xls (OLE2) file
    with pytest.raises(InputError, match=r"contacts\.xls: is an old-style Excel workbook .* save it as \.xlsx"):
        reader(store, old, ADMIN) if reader is import_path else reader(old)
