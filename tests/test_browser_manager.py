"""A manager's everyday tasks in a real browser (Debian's headless Chromium), by clicking and typing
(issue 18 part A): a forum invitation list, a profile's banner and history, who can introduce us, logging
a meeting. Assertions are on what a person sees: text visible inside the viewport.

Table cells are drawn on a canvas by Streamlit's data grid; for them the tests read the grid's
accessibility table (which column a value is in) and check that the grid itself lies inside the viewport.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, choose
from tests.demo_day import P, TODAY
from tests.test_browser import TIMEOUT, browser, dashboard, open_page, page  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTH, HEIGHT = 1440, 1000


def in_viewport(locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and locator.is_visible() and box["x"] >= 0 and box["y"] >= 0 \
        and box["x"] + box["width"] <= WIDTH and box["y"] + box["height"] <= HEIGHT


def seen(page, text: str, *, exact: bool = False):
    """The first element showing ``text``, once it is on screen."""
    el = page.get_by_text(text, exact=exact).first
    el.wait_for(timeout=TIMEOUT)
    el.scroll_into_view_if_needed()
    assert in_viewport(el), f"{text!r} is not visible in the viewport"
    return el


def pick(page, label: str, names: list[str]) -> None:
    """Type each name into the multiselect labelled ``label`` and choose it, as a person does."""
    for name in names:
        choose(page, label, name, timeout=TIMEOUT)


def keep(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARTIFACTS / f"{name}.png", SCREENSHOTS / f"{name}.png")


def test_a_forum_invitation_list_from_two_bodies_a_utility_and_a_person(page, dashboard):  # noqa: F811
    open_page(page, dashboard, "outreach", "Nobody on the list yet")
    pick(page, "Invite the people of (bodies, organizations) and people by name",
         ["Transportation Policy Board (board)", "BPRTA Board of Directors (board)",
          "Pecan Springs Municipal Power (utility)", "Gordon Pratt (business)", "Carla Reyes (elected official)"])
    seen(page, "Pecan Springs Municipal Power: +1 person")
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert in_viewport(grid.locator("canvas").first), "the list is not on the first screen"  # before any scrolling
    cell = grid.locator("td", has_text="opposes our position: opposes transportation")  # an early row (by name)
    cell.first.wait_for(state="attached", timeout=TIMEOUT)
    assert cell.count() == 1 and cell.get_attribute("aria-colindex") == "2"  # right after the name
    name = grid.locator(f"#{cell.get_attribute('id').replace('glide-cell-1-', 'glide-cell-0-')}")
    assert name.inner_text() == "Carla Reyes"
    keep(page, "outreach-planner")
    for words in ("Harlan Whitfield - status: deceased", "Gordon Pratt - do not contact",
                  "Carla Reyes - opposes our position", "Lena Marsh - sensitive tie: Pecan Springs Municipal Power is in"):
        seen(page, words)  # every kind of warning, on screen (the list under the table, scrolled to)


def test_the_deceased_members_profile_banner_and_history(page, dashboard):  # noqa: F811
    open_page(page, dashboard, f"profile?id={P.deceased_official}", "Preferred channel")
    banner = seen(page, "status: deceased since")
    card = seen(page, "Preferred channel:")
    assert banner.bounding_box()["y"] < card.bounding_box()["y"]  # first thing under the name, above the card
    seen(page, "Commissioner, Bluebonnet County Precinct 2")
    seen(page, "Latest:")
    page.get_by_role("tab", name="History").click()
    grid = page.locator('[data-testid="stDataFrame"]').first
    meetings = grid.locator("td", has_text="meeting:")
    meetings.first.wait_for(state="attached", timeout=60_000)  # the grid draws after the tab opens
    assert meetings.count() > 0
    keep(page, "profile")


def test_the_power_company_profile_says_litigation(page, dashboard):  # noqa: F811
    open_page(page, dashboard, f"profile?id={P.power_company}", "People on record")
    seen(page, "is in litigation with Texas Utility Regulatory Commission")


def test_who_can_introduce_us_to_an_official(page, dashboard):  # noqa: F811
    open_page(page, dashboard, f"profile?id={P.opposing_official}", "Preferred channel")
    page.get_by_role("tab", name="Who can introduce us?").click()
    seen(page, "Ask Keisha Monroe")
    seen(page, "Keisha Monroe → Carla Reyes")
    keep(page, "profile-introductions")


def test_logging_a_meeting_with_two_people_and_our_staff(page, dashboard):  # noqa: F811
    open_page(page, dashboard, "data", "Upload")
    page.get_by_role("tab", name="Log an interaction").click()
    pick(page, "People (type a name, pick it, type the next)",
         ["Carla Reyes (elected official)", "Dale Hutchins (elected official)"])
    pick(page, "Our staff present", ["Keisha Monroe"])
    page.get_by_label("Subject").fill("Transit forum")
    page.get_by_role("button", name="Log it").click()
    seen(page, f"Logged meeting 'Transit forum' on {TODAY.isoformat()} with Carla Reyes, Dale Hutchins; "
               "our staff: Keisha Monroe.")
    keep(page, "log-interaction")
    page.get_by_text("Open Carla Reyes's profile").click()
    seen(page, "Preferred channel")
    seen(page, "Latest: " + TODAY.isoformat())
    seen(page, "meeting: Transit forum (attendee)")
