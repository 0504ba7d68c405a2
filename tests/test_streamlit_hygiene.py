"""No deprecated Streamlit call in the dashboard, and a tested Streamlit range pinned."""
from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
DEPRECATED = re.compile(r"components\.v1|use_container_width")
# Pages another engineer is rewriting at the same time (issue 18, part A): they still call the old
# API here; the test fails once they no longer do, so that the entry is removed.
PENDING: set[str] = set()


def test_no_page_calls_a_deprecated_streamlit_api():
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    calls = {f.name for f in files if DEPRECATED.search(f.read_text(encoding="utf-8"))}
    assert calls - PENDING == set(), f"deprecated Streamlit calls in {sorted(calls - PENDING)}: use st.iframe / width="
    assert PENDING <= calls, f"{sorted(PENDING - calls)} no longer call the old API: remove them from PENDING"


def test_requirements_pin_a_tested_streamlit_range_that_holds_the_installed_one():
    line = next(l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.startswith("streamlit"))
    spec = SpecifierSet(line.split("#")[0].strip().removeprefix("streamlit"))
    assert any(s.operator in (">=", ">") for s in spec) and any(s.operator in ("<", "<=") for s in spec), line
    assert version("streamlit") in spec
