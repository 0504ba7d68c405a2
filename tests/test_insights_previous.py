"""Network insights shows the previous results at once, with their date, while a refresh runs (issue 21),
and a button that shows the new ones: the page does not redraw itself under its reader."""
from __future__ import annotations

import time

from graph import access
from graph.store import open_store
from ingest.interactions import log_interaction
from ingest.pipeline import import_path
from queries.network_views import previous_network_insights, saved_network_insights
from tests.conftest import ADMIN, SMALL_REGION
from tests.test_app import _maker, frames


def test_after_a_data_change_the_page_shows_the_previous_results_at_once_then_the_new_ones(tmp_path, monkeypatch):
    s = open_store(tmp_path / "db")
    import_path(s, SMALL_REGION, ADMIN)
    assert previous_network_insights(s, access.local_viewer()) is None  # nothing measured yet
    before = saved_network_insights(s, access.local_viewer())
    ids = before["people"]["id"].head(2).tolist()
    log_interaction(s, ADMIN, kind="meeting", date="2026-11-01", subject="Water rates", participants=ids)
    kept = previous_network_insights(s, access.local_viewer())  # measured on the data before the meeting
    assert kept is not None and kept["saved_at"].tzinfo is not None
    assert kept["people"]["id"].tolist() == before["people"]["id"].tolist()
    s.close()

    make = _maker(monkeypatch, s)
    at = make("pages/insights.py")
    assert not at.exception, at.exception
    waiting = [i.value for i in at.info]
    kept_note = f"Results of {kept['saved_at']:%Y-%m-%d %H:%M} UTC. The data changed since"
    assert any(v.startswith(kept_note) for v in waiting), waiting
    assert len(frames(at)) >= 1 and len(frames(at)[0]) > 0  # the tables at once, not a blank wait
    for _ in range(240):  # the button shows the new results once they are ready
        at.button(key="insights-new-results").click().run()
        if not any(i.value.startswith(kept_note) for i in at.info):
            break
        time.sleep(0.5)
    assert not at.exception, at.exception
    assert not any(i.value.startswith(kept_note) for i in at.info) and len(frames(at)[0]) > 0
    assert not [b for b in at.button if b.key == "insights-new-results"]  # gone with the kept results
