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
            names.update(f"{node.module}.{a.name}" for a in node.names)  # "from cli import questions"
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_import_goes_against_the_layers(package):
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[package]):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "\n".join(bad)


PACKAGES = ("graph", "ingest", "queries", "cli")


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_imports_itself_through_others():
    """No import circle among the project's modules, counting imports inside functions too: a
    circle hidden behind a function-level import is still two modules that need each other."""
    import networkx as nx

    modules = {_module(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    G = nx.DiGraph()
    for name, path in modules.items():
        for target in imported_modules(path):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                G.add_edge(name, target)
    circles = sorted(nx.simple_cycles(G), key=len)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in circles[:10])
