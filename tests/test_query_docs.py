"""Every named query has a catalogue entry in docs/queries.md matching its header, a test and examples."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import queries
from tests.query_examples import EXAMPLES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "queries.md"


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+)\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _listed(section: str, heading: str) -> list[str]:
    block = section.split(f"{heading}:", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^- `([^`]+)`", block, flags=re.M)


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_the_catalogue_documents_the_query_exactly(name):
    q = queries.get(name)
    section = _sections().get(name)
    assert section is not None, f"queries/{name}.cypher has no section in docs/queries.md"
    assert _listed(section, "Params") == [p.name for p in q.params], f"docs/queries.md: {name} params differ"
    assert _listed(section, "Columns") == list(q.columns), f"docs/queries.md: {name} columns differ"
    for p in q.params:
        kind = f"({p.type}{', optional' if p.optional else ''})"
        assert f"`{p.name}` {kind}" in section, f"docs/queries.md: {name} parameter {p.name} should be {kind}"
    assert "```\ncivicgraph " in section, f"docs/queries.md: {name} has no CLI example"


def test_the_catalogue_lists_no_query_that_does_not_exist():
    assert set(_sections()) <= set(queries.catalogue())


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_every_query_has_a_test_and_examples(name):
    tests = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_queries_*.py"))
    assert f'"{name}"' in tests, f"queries/{name}.cypher has no test in tests/test_queries_*.py"
    assert EXAMPLES.get(name), f"queries/{name}.cypher has no examples in tests/query_examples.py"


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_every_query_filters_by_the_viewer(name):
    text = queries.get(name).text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    assert "$visible" in body, f"queries/{name}.cypher never filters by $visible"
