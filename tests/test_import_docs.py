"""docs/import-format.md must match the code: every table and column, and the examples import cleanly."""
from __future__ import annotations

import re
from pathlib import Path

from ingest import formats as f
from ingest.pipeline import import_path
from tests.conftest import ADMIN

DOC = Path(__file__).resolve().parent.parent / "docs" / "import-format.md"


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {p.split("\n", 1)[0].strip(): p for p in parts}


def test_every_table_is_documented_with_exactly_its_columns():
    sections = _sections()
    for spec in f.TABLES:
        assert spec.name in sections, f"docs/import-format.md has no section for {spec.name}"
        documented = re.findall(r"^\| `(\w+)` \|", sections[spec.name], flags=re.M)
        assert documented == spec.column_names, f"{spec.name}: the doc's columns differ from ingest/formats.py"


def test_required_columns_are_marked_required():
    sections = _sections()
    for spec in f.TABLES:
        required = re.findall(r"^\| `(\w+)` \| [^|]+ \| yes \|", sections[spec.name], flags=re.M)
        expected = [c.name for c in spec.columns if c.required and not (c.name == "id" and not spec.node)]
        assert required == expected, spec.name


def test_the_examples_import_without_a_problem(store, tmp_path):
    sections = _sections()
    for spec in f.TABLES:
        example = re.search(r"```csv\n(.*?)```", sections[spec.name], flags=re.S)
        assert example, f"{spec.name} has no example"
        (tmp_path / f"{spec.name}.csv").write_text(example.group(1))
    report = import_path(store, tmp_path, ADMIN)
    assert report.problems == [] and report.rejected == 0
    assert {t.table for t in report.tables if t.created} == {t.name for t in f.TABLES}


def test_every_table_has_a_template_that_imports_as_it_is(tmp_path):
    """The Data page's templates: every column as the header, the docs' examples as rows, and they import."""
    from graph.store import open_store
    from ingest.formats import TABLES
    from ingest.pipeline import import_path
    from ingest.templates import template_csv
    from tests.conftest import ADMIN

    folder = tmp_path / "lists"
    folder.mkdir()
    for spec in TABLES:
        text = template_csv(spec.name)
        assert text.splitlines()[0].split(",") == spec.column_names
        (folder / f"{spec.name}.csv").write_text(text, encoding="utf-8")
    with open_store(tmp_path / "db") as store:
        report = import_path(store, folder, ADMIN)
    assert report.rejected == 0, report.problems[:3]
    assert report.totals()["created"] > 20
