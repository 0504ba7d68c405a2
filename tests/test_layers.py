"""Dependencies flow one way: pages / CLI -> ingest / queries -> graph; analytics touch no store or UI."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "graph": {"queries", "ingest", "pages", "cli", "streamlit", "click"},
    "graph/analytics": {"queries", "ingest", "pages", "cli", "streamlit", "click", "graph.store", "ladybug", "neo4j"},
    "ingest": {"pages", "cli", "streamlit", "click"},
    "queries": {"pages", "cli", "streamlit", "click"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_goes_against_the_layers(package):
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[package]):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)
