"""The dashboard in a real browser (Debian's headless Chromium): every page on the demo region.

Fails on any browser console error, page error, JavaScript dialog (the injection probe) or
server-side traceback. Screenshots go to tests/artifacts/.
"""
from __future__ import annotations

import pandas as pd
import pytest

from tests.browser import ARTIFACTS, CHROMIUM_ARGS, Dashboard, choose, chromium_path, open_tab
from tests.conftest import ADMIN

pytestmark = [pytest.mark.browser]

HOSTILE_ID = "c-hostile"
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    if not chromium_path():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from graph.store import open_store
    from ingest.demo import generate_region
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    tables = generate_region("demo", seed=7)
    # the injection probe: a contact whose name is markup, tied to a real official so maps show it
    contacts = tables["contacts"]
    probe = {c: "" for c in contacts.columns} | {"id": HOSTILE_ID, "name": HOSTILE, "kind": "elected_official",
                                                   "confidentiality": "public"}
    tables["contacts"] = pd.concat([contacts, pd.DataFrame([probe])], ignore_index=True)
    ties = tables["ties"]
    tie = {c: "" for c in ties.columns} | {"id": "t-hostile", "from_id": HOSTILE_ID, "to_id": "c-harlan-whitfield",
                                           "kind": "knows", "strength": "0.9", "confidentiality": "public"}
    tables["ties"] = pd.concat([ties, pd.DataFrame([tie])], ignore_index=True)
    folder = tmp_path_factory.mktemp("browser") / "db"
    with open_store(folder) as store:
        report = import_source(store, from_frames(tables, Format.TABLES, origin="demo"), ADMIN)
        assert report.rejected == 0, report.problems[:3]
    server = Dashboard(folder)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(dashboard, browser):
    errors: list[str] = []
    dialogs: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = context.new_page()
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    pg.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def on_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    context.on("page", lambda popup: popup.on("dialog", on_dialog))
    yield pg
    context.close()
    assert not dialogs, f"a script ran: {dialogs}"
    # Opening a page's own address (/partners) makes Streamlit's frontend first look for its
    # server under that path (/partners/_stcore/health), get a 404, then find it at the root:
    # expected, and only for those two probes.
    probes = [f for f in failed if f.startswith("404 ") and f.endswith(("/_stcore/health", "/_stcore/host-config"))]
    real = [f for f in failed if f not in probes]
    quiet = [e for e in errors if not e.startswith("Failed to load resource: the server responded with a status of 404")]
    assert len(errors) - len(quiet) <= len(probes)
    assert not real and not quiet, f"browser errors: {real + quiet}"
    assert not dashboard.server_errors(), dashboard.server_errors()


def open_page(page, dashboard, path: str, ready: str):
    page.goto(f"{dashboard.url}/{path}")
    page.get_by_text(ready).first.wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


def map_canvas(page, timeout: int = TIMEOUT):
    """The vis-network <canvas> inside the component iframe."""
    frame = page.frame_locator('iframe[title="st.iframe"], iframe[title="streamlit_components_v1.html"], iframe').last
    canvas = frame.locator("#map canvas")
    canvas.wait_for(timeout=timeout)
    return canvas


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_overview(page, dashboard):
    open_page(page, dashboard, "", "Needs action")
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=TIMEOUT)
    assert page.get_by_text("Still on a list").first.is_visible()
    shot(page, "overview")


def test_partners_with_stakeholder_and_relationship_maps(page, dashboard):
    open_page(page, dashboard, "partners", "Partners: showing")
    open_tab(page, "Opponents")
    open_tab(page, "Stakeholder map")
    page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg').first.wait_for(
        timeout=TIMEOUT)
    shot(page, "partners-stakeholders")
    open_tab(page, "Relationship map")
    canvas = map_canvas(page)
    assert canvas.bounding_box()["width"] > 300
    shot(page, "partners-map")


def test_relationship_map_and_the_injection_probe(page, dashboard):
    open_page(page, dashboard, "map", "Showing")
    canvas = map_canvas(page)
    assert canvas.bounding_box()["height"] > 300
    shot(page, "map-issue")
    page.get_by_test_id("stRadioGroup").get_by_text("person", exact=True).click()
    page.get_by_placeholder("type part of a name or an id").fill(HOSTILE_ID)
    page.keyboard.press("Enter")
    page.get_by_text("Showing").first.wait_for(timeout=TIMEOUT)
    map_canvas(page)
    page.wait_for_timeout(1500)
    shot(page, "map-probe")


def test_profile_by_link_and_the_injection_probe(page, dashboard):
    open_page(page, dashboard, "profile?id=c-harlan-whitfield", "Preferred channel")
    shot(page, "profile")
    open_page(page, dashboard, f"profile?id={HOSTILE_ID}", "Network map")
    assert page.get_by_text(HOSTILE, exact=False).count() >= 1  # shown as text
    assert page.locator("img[src='x']").count() == 0
    page.get_by_role("tab", name="Network map").click()
    map_canvas(page)
    page.wait_for_timeout(1500)
    shot(page, "profile-probe")


def test_a_link_to_a_page_opens_it_inside_the_app_even_as_a_fresh_servers_first_visit(browser, dashboard,
                                                                                     tmp_path):
    # until app.py has run once, Streamlit runs a pages/ file alone: no sidebar, no wide layout
    import shutil

    shutil.copytree(dashboard.store, tmp_path / "db")
    fresh = Dashboard(tmp_path / "db")
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        pg = context.new_page()
        open_page(pg, fresh, "profile?id=c-harlan-whitfield", "Preferred channel")
        links = pg.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
        assert links.count() == 8 and pg.get_by_text("Harlan Whitfield").first.is_visible()
        main = pg.locator('[data-testid="stMainBlockContainer"]').bounding_box()
        assert main["width"] > 900  # the wide layout app.py sets, not Streamlit's centred default
        shot(pg, "deep-link-first-visit")
        assert not fresh.server_errors()
    finally:
        context.close()
        fresh.stop()


def test_outreach_insights_notices_data(page, dashboard):
    open_page(page, dashboard, "outreach", "Nobody on the list yet")
    shot(page, "outreach")
    open_page(page, dashboard, "insights", "Most influential")
    page.get_by_role("tab", name="Brokers between groups").click()
    page.get_by_text("How is this measured?").nth(1).click()  # the brokers tab's: the estimate is said there
    page.get_by_text("Estimated: betweenness estimated").wait_for()
    for label, place in (("Between", "Llano Verde County"), ("and", "Post Oak County")):
        # each pick reruns this page (its brokers, its three-second refresh fragment): on a loaded
        # 2-core machine it stayed busy past one page-load timeout once (fresh-clone run, -n 2)
        choose(page, label, f"{place} (county)", typed=place, timeout=3 * TIMEOUT)
    # the exact between-places measure: give it longer than a page load on a busy 2-core machine
    page.get_by_text("without them nobody in Llano Verde County").first.wait_for(state="attached", timeout=3 * TIMEOUT)
    for label, place in (("Between", "Llano Verde County (county)"), ("and", "Post Oak County (county)")):
        assert page.get_by_role("combobox", name=label, exact=True).input_value() == place  # still chosen
    page.get_by_text("Who connects two places?").hover()
    page.mouse.wheel(0, 700)  # down to the answer (over the heading: a table would scroll itself instead)
    shot(page, "insights-brokers")
    page.get_by_role("tab", name="Relationships we could lose").click()
    shot(page, "insights")
    open_page(page, dashboard, "notices", "need action")
    shot(page, "notices")
    open_page(page, dashboard, "data", "Upload")
    page.get_by_role("tab", name="Log an interaction").click()
    shot(page, "data")
