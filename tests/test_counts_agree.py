"""One definition per count: the Overview's numbers are the detail pages' and the CLI's (the demo region)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from queries.alerts import alerts
from queries.network_views import LEAVING_DAYS, held_by_leavers, memory_risks, saved_network_insights
from queries.notices import needs_action, notice_window, notices_status
from tests.conftest import ADMIN
from tests.demo_day import P, TODAY


def _cli(store, *args):
    from cli.main import cli

    out = CliRunner().invoke(cli, ["--store", store.location, *args, "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_relationships_held_by_someone_leaving_are_counted_once(demo_store):
    overview = {r["id"] for r in alerts(demo_store, ADMIN, as_of=TODAY) if r["alert"] == "departing_holder"}
    insights = {r["contact"] for r in held_by_leavers(saved_network_insights(demo_store, ADMIN, as_of=TODAY)["memory"])}
    command = {r["contact"] for r in _cli(demo_store, "memory-risk") if "holder_leaving" in r["risks"]}
    library = {r["contact"] for r in held_by_leavers(memory_risks(demo_store, ADMIN, as_of=TODAY))}
    assert overview == insights == command == library
    assert set(P.orphaned_contacts) <= overview  # the planted ones, among them
    assert LEAVING_DAYS == 180


def test_notices_that_need_action_are_counted_once(demo_store):
    overview = {r["id"] for r in alerts(demo_store, ADMIN, as_of=TODAY) if r["alert"] == "notice"}
    since, until = notice_window(TODAY)
    page = {r["notice_id"] for r in notices_status(demo_store, ADMIN, since=since, until=until) if needs_action(r)}
    command = {r["notice_id"] for r in _cli(demo_store, "notices") if r["status"] != "compliant"}
    assert overview == page == command
    assert {P.notice_late, P.notice_missing_member} <= overview and P.notice_on_time not in overview


def test_the_overview_and_the_notices_page_show_the_same_count(monkeypatch, demo_store):
    import re

    from tests.test_app import _maker

    make = _maker(monkeypatch, demo_store)
    overview = make()
    assert not overview.exception, overview.exception
    label = next(e.label for e in overview.expander if e.label.startswith("Notices that need action"))
    page = make("pages/notices.py")
    assert not page.exception, page.exception
    caption = next(str(c.value) for c in page.caption if re.search(r"\d+ need action", str(c.value)))
    shown = int(re.search(r"(\d+) need action", caption).group(1))
    assert int(label.rsplit("— ", 1)[1]) == shown > 0
    since, until = notice_window()
    assert f"from {since} to {until}" in caption
