"""The dashboard in a real browser: every page opens on the demo data without an error."""
from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, CHROMIUM_ARGS, Dashboard, chromium_path
from tests.conftest import ADMIN

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    if not chromium_path():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from graph.store import open_store
    from ingest.samples import load_sample

    folder = tmp_path_factory.mktemp("browser") / "db"
    with open_store(folder) as store:
        load_sample(store, ADMIN, sample="texas")
    server = Dashboard(folder)
    yield server
    server.stop()


@pytest.fixture
def page(dashboard):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        pg = context.new_page()
        pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.errors = errors
        yield pg
        context.close()
        browser.close()
    assert not errors, f"browser errors: {errors}"
    assert not dashboard.server_errors(), dashboard.server_errors()


def test_the_overview_opens_with_the_demo_counts(page, dashboard):
    page.goto(dashboard.url)
    page.get_by_text("Recent interactions").wait_for(timeout=30_000)
    metric = page.locator('[data-testid="stMetric"]').first
    assert metric.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
