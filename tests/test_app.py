"""Every page through Streamlit's AppTest, on a real store."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app(monkeypatch, texas_store):
    monkeypatch.setenv("CIVICGRAPH_STORE", texas_store.location)
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)

    def make(page: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        if page:
            at.switch_page(page)
        return at.run()

    return make


def test_overview_counts_what_the_viewer_may_see(app):
    at = app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Contacts"] == "580"
    assert metrics["Organizations"] == "163"
