"""Every page through Streamlit's AppTest, on real stores (the Texas sample and the demo region)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.demo_day import P as PLANTED

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _maker(monkeypatch, store):
    monkeypatch.setenv("CIVICGRAPH_STORE", store.location)
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)

    def make(page: str | None = None, **query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in query.items():
            at.query_params[k] = v
        if page:
            at.switch_page(page)
        return at.run()

    return make


@pytest.fixture
def app(monkeypatch, texas_store):
    return _maker(monkeypatch, texas_store)


@pytest.fixture
def demo(monkeypatch, demo_store):
    return _maker(monkeypatch, demo_store)


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error,
                                *at.subheader, *at.title)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest):
    return [d.value for d in at.dataframe]


def test_overview_counts_what_the_viewer_may_see(app):
    at = app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Contacts"] == "580"
    assert metrics["Organizations"] == "163"


def test_overview_lists_the_planted_alerts(demo):
    at = demo()
    assert not at.exception, at.exception
    shown = "\n".join(f.to_csv() for f in frames(at))
    assert PLANTED.deceased_official in shown  # deceased, still on the Transportation Policy Board
    assert "Priya Natarajan" in shown  # the departing staff member holding four relationships alone
    assert PLANTED.dormant_contact in shown
    assert PLANTED.notice_missing_member in shown
    assert "Needs action" in texts(at)
    gone = next(f for f in frames(at) if PLANTED.deceased_official in set(f["id"]))
    assert list(gone.columns) == ["name", "reason", "profile", "id"]  # the id is hidden on screen
    assert gone.set_index("id").loc[PLANTED.deceased_official, "reason"].startswith("deceased")
    # who is looking, in the sidebar: with no roles file, everyone is an admin and the page says so
    side = "\n".join([m.value for m in at.sidebar.markdown] + [c.value for c in at.sidebar.caption])
    assert "**Role:** admin · **Clearance:** confidential" in side
    assert "No roles file is set, so everyone" in side


def headline(at: AppTest, word: str) -> str:
    return next(m.value for m in at.markdown if m.value.startswith(f"**{word}: showing"))


def test_partners_ranks_with_evidence_warnings_and_says_how_many_of_how_many(demo):
    at = demo("pages/partners.py")
    assert not at.exception, at.exception
    assert at.selectbox[0].value == PLANTED.transportation
    partners = frames(at)[0]
    # the columns a manager decides by come first; the evidence is in every row
    assert list(partners.columns[:5]) == ["rank", "name", "warning", "why", "profile"]
    assert partners["why"].str.len().min() > 0 and partners["name"].str.len().min() > 0
    shown, total = re.match(r"\*\*Partners: showing ([\d,]+) of ([\d,]+)\*\*", headline(at, "Partners")).groups()
    assert shown == "200" and int(total.replace(",", "")) > 200  # no silent cap: the total is said
    at.button(key="b-more-partners").click().run()
    assert len(frames(at)[0]) == min(400, int(total.replace(",", "")))
    names = {b.label for b in at.get("download_button")}
    assert {"⬇ CSV", "⬇ Excel"} <= names
    at.session_state["partners-view"] = "Opponents"  # the other tabs are built when opened
    at.run()
    assert not at.exception, at.exception
    opponents = frames(at)[0].set_index("name")
    # the one warning source: she opposes the position our organization states
    assert opponents.loc["Carla Reyes", "warning"].startswith("⚠️ opposes our position")
    assert "opposes transportation" in opponents.loc["Carla Reyes", "why"]


def test_partners_filters_apply_to_every_tab(demo):
    at = demo("pages/partners.py")
    at.session_state["partners-view"] = "Advocates"
    at.run()
    everywhere = int(re.search(r"of ([\d,]+)", headline(at, "Advocates")).group(1).replace(",", ""))
    at.selectbox[3].select("j-city-pecan-springs").run()
    assert not at.exception, at.exception
    one_city = int(re.search(r"of ([\d,]+)", headline(at, "Advocates")).group(1).replace(",", ""))
    assert 0 < one_city < everywhere
    assert "apply to every list" in texts(at)
    at.session_state["partners-view"] = "Partners"
    at.run()
    assert not at.exception, at.exception
    at.selectbox[1].select(at.selectbox[1].options[1]).run()
    assert not at.exception


def test_outreach_builds_one_row_per_person_and_flags_the_deceased(demo):
    at = demo("pages/outreach.py")
    assert not at.exception, at.exception
    assert "Nobody on the list yet" in texts(at)
    at.multiselect(key="invite-choices").select(PLANTED.deceased_board).select("o-transit-board").run()
    assert not at.exception, at.exception
    invite = frames(at)[0]
    assert invite["id"].is_unique
    assert "deceased" in invite.loc[invite["id"] == PLANTED.deceased_official, "warning"].iloc[0]


def test_a_profile_opens_from_its_link(demo):
    at = demo("pages/profile.py", id=PLANTED.deceased_official)
    assert not at.exception, at.exception
    assert "Harlan Whitfield" in texts(at)
    assert int(at.metric[0].value) > 0
    timeline = frames(at)[0]
    assert len(timeline) > 0


def test_an_unknown_profile_says_what_to_do(demo):
    at = demo("pages/profile.py", id="c-nobody")
    assert not at.exception
    assert any("not a person or organization" in e.value for e in at.error)


def test_the_map_opens_small_and_its_total_does_not_move_with_the_slider(demo):
    at = demo("pages/map.py")
    assert not at.exception, at.exception
    note = next(c.value for c in at.caption if c.value.startswith("Showing "))
    shown, total = (int(x.replace(",", "")) for x in re.match(r"Showing ([\d,]+) of ([\d,]+)", note).groups())
    assert shown <= 100 < total  # opens small: at most 100 on the map
    at.slider[0].set_value(300).run()
    assert not at.exception, at.exception
    note = next(c.value for c in at.caption if c.value.startswith("Showing "))
    assert re.match(r"Showing ([\d,]+) of ([\d,]+)", note).group(2).replace(",", "") == str(total)
    nodes = frames(at)[0]
    assert list(nodes.columns[:3]) == ["id", "name", "influence"] and nodes["influence"].iloc[0] == 1
    assert not nodes["kind"].str.contains("_").any()  # plain words, not elected_official


def test_the_person_map_says_who_can_introduce_us(demo):
    at = demo("pages/map.py")
    at.radio[0].set_value("person").run()
    assert not at.exception, at.exception
    at.toggle(key="map-introduce").set_value(True).run()
    assert not at.exception, at.exception
    intro = frames(at)[0]
    assert list(intro.columns) == ["introducer", "how", "strength", "why"] and len(intro) > 0
    assert intro["strength"].isin(["strong", "medium", "weak"]).all()


def test_network_insights(demo):
    at = demo("pages/insights.py")
    for _ in range(120):  # measured in the background: the page fills in when it is ready
        if frames(at) or at.exception:
            break
        assert any("Measuring the whole network" in i.value for i in at.info)
        __import__("time").sleep(0.5)
        at.run()
    assert not at.exception, at.exception
    influential = frames(at)[0]
    assert len(influential) == 50 and list(influential["rank"][:3]) == [1, 2, 3]
    assert influential["coalition"].str.startswith("around ").all()  # named, not numbered
    assert [t.label for t in at.tabs] == ["Most influential", "Brokers between groups", "Coalitions",
                                          "Who can introduce us?", "Relationships we could lose"]
    brokers = frames(at)[1]
    assert set(brokers["brokerage"]) <= {"very high", "high", "medium", "low"}  # bands, not 0.0016
    # the methods are said, in the expanders, not in the page's words
    measured = [e for e in at.main.expander if e.label == "How is this measured?"]
    assert len(measured) == 3
    methods = "\n".join(m.value for e in measured for m in e.markdown)
    assert "sampled start points" in methods and "Louvain" in methods and "PageRank" in methods
    visible = "\n".join(c.value for c in at.main.caption)
    assert "PageRank" not in visible and "Louvain" not in visible and "sampled" not in visible
    memory = frames(at)[-1]
    assert not memory["risks"].str.contains("_").any()  # "only one of our staff knows them", not single_holder
    at.text_input[0].input("Frank Delgado").run()
    assert not at.exception
    assert "→" in texts(at)
    # who connects the two planted counties: the planted broker, and without them nobody does
    at.selectbox(key="between_a").set_value(PLANTED.broker_counties[0]).run()
    at.selectbox(key="between_b").set_value(PLANTED.broker_counties[1]).run()
    assert not at.exception, at.exception
    (between,) = [f for f in frames(at) if "bridging" in f]
    assert between.iloc[0]["id"] == PLANTED.broker and between.iloc[0]["bridging"] == "100%"
    assert between.iloc[0]["separates"] == "yes"


def test_notices_put_the_missing_recipient_first(demo):
    at = demo("pages/notices.py")
    at.date_input[0].set_value(__import__("datetime").date(2026, 8, 1)).run()
    assert not at.exception, at.exception
    listing = frames(at)[0]
    # the notice missing someone is the first row, its problem said in words
    assert listing.iloc[0]["notice_id"] == PLANTED.notice_missing_member
    assert listing.iloc[0]["problems"].startswith("missing: Teresa Alvarado")
    assert list(listing.columns[:3]) == ["title", "status", "problems"]
    # the chosen notice (the first) names its missing recipient above the list and as its first row
    assert any(w.value.startswith("Missing: Teresa Alvarado") for w in at.warning)
    proof = frames(at)[1]
    assert proof.iloc[0]["name"] == "Teresa Alvarado" and proof.iloc[0]["status"] == "missing"
    assert "None" not in proof.astype(str).to_csv()


def test_data_page_offers_a_template_and_the_columns_in_place(demo):
    at = demo("pages/data.py")
    assert not at.exception, at.exception
    assert "⬇ contacts.csv template" in {b.label for b in at.get("download_button")}
    helps = [m.value for e in at.expander if e.label.startswith("Start from a template") for m in e.markdown]
    assert helps and helps[0].startswith("## contacts") and "`do_not_contact`" in helps[0]
    assert "docs/import-format.md" not in "\n".join(c.value for c in at.caption)  # no path to go and find
    at.selectbox(key="template-table").set_value("organizations").run()
    assert "⬇ organizations.csv template" in {b.label for b in at.get("download_button")}
