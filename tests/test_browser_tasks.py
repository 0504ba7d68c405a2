"""A manager's tasks in a real browser (Debian's headless Chromium), by clicking and typing.

What is asserted is what a person sees: text inside the window at 1280 x 900 and the table cells
drawn in view (a column scrolled off to the right does not count). The last test tours every page
and reads the server's log: no deprecated Streamlit call.
"""
from __future__ import annotations

import re

import pytest

from tests.browser import ARTIFACTS, Dashboard, choose, chromium_path, deprecations, grid, in_view
from tests.conftest import ADMIN
from tests.demo_day import P as PLANTED
from tests.test_browser import browser  # noqa: F401  (the one Chromium fixture)

pytestmark = [pytest.mark.browser]

TIMEOUT = 90_000


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    if not chromium_path():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from graph.store import open_store
    from ingest.demo import generate_region
    from ingest.pipeline import import_source
    from ingest.readers import Format, from_frames

    folder = tmp_path_factory.mktemp("tasks") / "db"
    with open_store(folder) as store:
        report = import_source(store, from_frames(generate_region("demo", seed=7), Format.TABLES, origin="demo"),
                               ADMIN)
        assert report.rejected == 0, report.problems[:3]
    server = Dashboard(folder)
    yield server
    server.stop()


@pytest.fixture
def page(dashboard, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
    assert not dashboard.server_errors(), dashboard.server_errors()


def settle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


def visit(page, dashboard, path: str, ready: str) -> None:
    page.goto(f"{dashboard.url}/{path}")
    page.get_by_text(ready).first.wait_for(timeout=TIMEOUT)
    settle(page)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def until(page, check, timeout: float = TIMEOUT / 1000):
    """Poll ``check()`` until it is truthy (Streamlit keeps the old screen while it reruns)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            found = check()
        except Exception:  # the element was redrawn while read
            found = None
        if found or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(500)


def upload(page, dashboard, path) -> None:
    """Choose ``path`` in the Data page's upload box and click Import, as a person does."""
    visit(page, dashboard, "data", "Start from a template")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").first.click()
    chooser.value.set_files(str(path))
    page.get_by_text(path.name).first.wait_for(timeout=TIMEOUT)
    page.get_by_role("button", name="Import").click()


def count_in(page, title: str) -> int:
    text = page.get_by_text(re.compile(rf"^{title}: showing")).first.inner_text()
    return int(re.search(r"of ([\d,]+)", text).group(1).replace(",", ""))


def test_partners_for_an_issue_with_their_evidence(page, dashboard):
    visit(page, dashboard, "partners", "Partners: showing")
    choose(page, "Issue", "Workforce development", typed="Workforce", timeout=TIMEOUT)
    assert until(page, lambda: "workforce development" in " ".join(grid(page)["Why"][:1]))
    settle(page)
    headline = page.get_by_text("Partners: showing").first
    assert in_view(page, headline) and re.search(r"showing 200 of [\d,]+", headline.inner_text())
    table = page.locator('[data-testid="stDataFrame"]').first
    assert in_view(page, table)
    seen = grid(page)
    # the columns that decide, all in view at 1280 px: name, warning, why (the evidence), the profile link
    assert list(seen)[:5] == ["Rank", "Name", "Warning", "Why", "Profile"], list(seen)
    assert all("workforce development" in why for why in seen["Why"][:5]), seen["Why"][:5]
    assert all(link.startswith("profile?id=") for link in seen["Profile"][:5])  # the link, in view
    assert not any(h.lower() in ("id", "label") for h in seen)  # ids hidden
    shot(page, "task-partners")
    # the filters apply to every tab: Advocates shrink for one city
    page.get_by_role("tab", name="Advocates").click()
    page.get_by_text("Advocates: showing").first.wait_for(timeout=TIMEOUT)
    everywhere = count_in(page, "Advocates")
    choose(page, "Jurisdiction", "Pecan Springs (city)", typed="Pecan Springs", timeout=TIMEOUT)
    page.get_by_text("apply to every list").first.wait_for(timeout=TIMEOUT)
    assert until(page, lambda: 0 < count_in(page, "Advocates") < everywhere)


def test_a_notices_missing_recipient(page, dashboard):
    visit(page, dashboard, "notices", "need action")
    missing = page.get_by_text(re.compile(r"^Missing: Teresa Alvarado")).first
    missing.wait_for(timeout=TIMEOUT)
    assert in_view(page, missing)  # without scrolling
    listing = grid(page, 0)
    assert listing["Status"][0] == "problems" and listing["Problems"][0].startswith("missing: Teresa Alvarado")
    proof = grid(page, 1)
    assert proof["Name"][0] == "Teresa Alvarado" and proof["Status"][0] == "missing"
    assert in_view(page, page.locator('[data-testid="stDataFrame"]').nth(1))
    shot(page, "task-notices")


def test_uploading_a_list_with_a_bad_row(page, dashboard, tmp_path):
    bad = tmp_path / "contacts.csv"
    bad.write_text("id,name,kind,email\nc-new-ok,Nell Okafor,other,nell@example.org\n"
                   "c-new-bad,Jane Bad,wizard,jane@example.org\n", encoding="utf-8")
    upload(page, dashboard, bad)
    problem = page.get_by_text(re.compile(r"1 problem\(s\)")).first
    problem.wait_for(timeout=TIMEOUT)
    problem.scroll_into_view_if_needed()
    table = page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    assert in_view(page, table)
    seen = grid(page, page.locator('[data-testid="stDataFrame"]').count() - 1)
    assert seen["Row"] == ["3"] and seen["Column"] == ["kind"] and seen["Value"] == ["wizard"]
    assert seen["How to fix it"][0].startswith("use one of: elected_official")  # in view, not off to the right
    assert page.get_by_text("Created").first.is_visible() and page.get_by_text("Rejected").first.is_visible()
    shot(page, "task-upload")


def test_a_tour_of_every_page_leaves_no_deprecation_warning_in_the_server_log(page, dashboard):
    visit(page, dashboard, "", "Needs action")
    for tab in ("Advocates", "Opponents", "Undecided", "Stakeholder map", "Relationship map"):
        visit(page, dashboard, "partners", "Partners: showing") if tab == "Advocates" else None
        page.get_by_role("tab", name=tab).click()
        settle(page)
    page.frame_locator('iframe[title="Relationship map"]').locator("#map canvas").wait_for(timeout=TIMEOUT)
    visit(page, dashboard, "map", "Showing")
    page.frame_locator('iframe[title="Relationship map"]').locator("#map canvas").wait_for(timeout=TIMEOUT)
    page.get_by_test_id("stRadioGroup").get_by_text("person", exact=True).click()
    settle(page)
    page.get_by_text("Who can introduce us?").first.click()
    settle(page)
    visit(page, dashboard, "insights", "Most influential")
    for tab in ("Brokers between groups", "Coalitions", "Who can introduce us?", "Relationships we could lose"):
        page.get_by_role("tab", name=tab).click()
        settle(page)
    visit(page, dashboard, "notices", "need action")
    visit(page, dashboard, "data", "Start from a template")
    for tab in ("Duplicates", "Log an interaction", "Export & backup"):
        page.get_by_role("tab", name=tab).click()
        settle(page)
    visit(page, dashboard, "outreach", "Outreach planner")
    assert deprecations(dashboard.log) == []
    visit(page, dashboard, f"profile?id={PLANTED.deceased_official}", "Harlan Whitfield")
    page.get_by_role("tab", name="Network map").click()
    settle(page)
    page.wait_for_timeout(1500)
    left = deprecations(dashboard.log)
    assert left == []


def test_new_network_results_wait_for_a_click_and_an_open_list_stays_open(page, dashboard, tmp_path):
    """After a change of the data, Network insights shows the results it kept at once and measures
    anew in the background, and a button shows the new ones. Nothing redraws the page meanwhile: a
    polling fragment (every 3 s) closed any list open on it, and a person could not choose a place."""
    visit(page, dashboard, "insights", "Most influential")  # measured and kept for this data
    one_more = tmp_path / "contacts.csv"
    one_more.write_text("id,name,kind\nc-insights-new,Ines Newcombe,other\n", encoding="utf-8")
    upload(page, dashboard, one_more)
    page.get_by_text("Created").first.wait_for(timeout=TIMEOUT)

    visit(page, dashboard, "insights", "Most influential")  # the kept results at once, a refresh running
    kept = page.get_by_text(re.compile(r"^Results of .* [Tt]he data changed since"))
    kept.first.wait_for(timeout=TIMEOUT)
    page.get_by_role("tab", name="Brokers between groups").click()
    box = page.get_by_role("combobox", name="Between", exact=True)
    box.click()
    box.fill("Llano")
    listbox = page.locator(f'[role="listbox"][id="{box.get_attribute("aria-controls")}"]')
    listbox.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(8000)  # the polling page closed it within 3 s
    assert listbox.is_visible() and box.input_value() == "Llano"  # still open, still typed in
    shot(page, "task-insights-kept-results")
    box.press("Escape")
    page.get_by_role("tab", name="Most influential").click()

    def new_results_shown() -> bool:  # a click shows them once they are ready, the kept ones till then
        if kept.count():
            page.get_by_role("button", name="Show the new results").click()
            settle(page)
        return kept.count() == 0

    assert until(page, new_results_shown, timeout=3 * TIMEOUT / 1000)
    page.get_by_text("Most influential").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_role("button", name="Show the new results").count() == 0
