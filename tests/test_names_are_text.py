"""Names are text everywhere: no Markdown, HTML or link from data in any page or map.

A store holds the usual payloads as names (a Markdown link, HTML tags, a ``javascript:`` URL,
Streamlit's colour directive) tied to the small region, so that they appear on every page; every
element that reads Markdown must show them escaped, and the maps must carry no live HTML.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import open_store
from ingest.pipeline import import_path
from tests.conftest import ADMIN, SMALL_REGION

APP = str(Path(__file__).resolve().parent.parent / "app.py")
LINK = "[Reset your password](https://evil.example/reset)"
HTML = "<b>Bold</b><img src=x onerror=alert(1)><script>alert(1)</script>"
JS = "javascript:alert(document.cookie)"
DIRECTIVE = "**Loud** :red[red] :material/warning: $x^2$"
PAYLOADS = (LINK, HTML, JS, DIRECTIVE)

FILES = {
    "contacts.csv": ("id,name,kind,jurisdiction_id\n"
                     f'c-link,"{LINK}",elected_official,j-pine\n'
                     f'c-html,"{HTML}",elected_official,j-pine\n'
                     f'c-js,"{JS}",elected_official,j-pine\n'
                     f'c-directive,"{DIRECTIVE}",elected_official,j-pine\n'),
    "organizations.csv": f'id,name,type,sector,jurisdiction_id\no-evil,"{LINK}",nonprofit,nonprofit,j-pine\n',
    "affiliations.csv": ("contact_id,organization_id,kind,role,start_date\n"
                         "c-link,o-evil,member_of,member,2024-01-01\nc-html,o-evil,member_of,member,2024-01-01\n"),
    "ties.csv": ("from_id,to_id,kind,strength,note,start_date\n"
                 f'c-bob,c-link,knows,0.9,"{HTML}",2022-01-01\n'
                 "c-link,c-html,knows,0.9,,2022-01-01\nc-html,c-js,knows,0.9,,2022-01-01\n"
                 "c-js,c-directive,knows,0.9,,2022-01-01\n"),
    "positions.csv": ("holder_id,issue_id,stance,as_of\nc-link,i-transit,support,2026-01-02\n"
                      "c-html,i-transit,oppose,2026-01-02\nc-js,i-transportation,support,2026-01-02\n"),
    "interactions.csv": ("id,kind,date,subject,participant_ids,issue_ids\n"
                         f'x-evil,meeting,2026-10-01,"{LINK}",c-link;c-bob,i-transit\n'),
    "notices.csv": ("id,title,body_id,deadline,sent_date,audience_ids\n"
                    f'n-evil,"{LINK}",o-evil,2026-11-20,,c-js\n'),
}


@pytest.fixture(scope="module")
def payload_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("payloads")
    folder = root / "files"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = open_store(root / "db")
    import_path(store, SMALL_REGION, ADMIN)
    report = import_path(store, folder, ADMIN)
    assert report.rejected == 0, report.problems
    yield store
    store.close()


@pytest.fixture
def make(monkeypatch, payload_store):
    monkeypatch.setenv("CIVICGRAPH_STORE", payload_store.location)
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)

    def run(page: str, **query) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        for k, v in query.items():
            at.query_params[k] = v
        at.switch_page(page)
        return at.run()

    return run


def markdown_texts(at: AppTest) -> list[str]:
    """Every string Streamlit renders as Markdown on the page."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error,
                                *at.subheader, *at.title, *at.get("header"))]
    parts += [e.label for e in (*at.expander, *at.metric, *at.button, *at.get("download_button"), *at.tabs)]
    return [str(p) for p in parts if p]


_ESCAPED = re.compile(r"\\.", re.S)
# what would be live if it came from data: a link or image, an autolink, an HTML tag, a directive
_LIVE = re.compile(r"\]\(|https?://|javascript:|<[a-zA-Z/!]|:red\[|:material/|\$x")


def live_markup(texts: list[str]) -> list[str]:
    """The strings with markup that is not backslash-escaped."""
    return [t for t in texts if _LIVE.search(_ESCAPED.sub("", t))]


def shown(texts: list[str]) -> str:
    return "\n".join(_ESCAPED.sub(lambda m: m.group(0)[1], t) for t in texts)


def assert_text_only(at: AppTest) -> str:
    assert not at.exception, at.exception
    texts = markdown_texts(at)
    assert live_markup(texts) == []
    return shown(texts)


def test_the_checker_sees_a_live_link():
    assert live_markup([f"**{LINK}**"]) and live_markup([HTML]) and not live_markup(["\\[a\\]\\(https\\:\\/\\/x\\)"])


PAGES = ["pages/overview.py", "pages/partners.py", "pages/outreach.py", "pages/map.py", "pages/notices.py",
         "pages/data.py"]


@pytest.mark.parametrize("page", PAGES)
def test_no_page_renders_markup_from_names(make, page):
    assert_text_only(make(page))


def test_a_profile_shows_a_markdown_name_as_text(make):
    at = make("pages/profile.py", id="c-link")
    assert LINK in assert_text_only(at), "the name is shown, as its characters"
    at = make("pages/profile.py", id="o-evil")
    assert_text_only(at)


def test_a_notice_title_is_text(make):
    import datetime as dt

    at = make("pages/notices.py")
    at.date_input[0].set_value(dt.date(2026, 11, 1)).run()
    assert LINK in assert_text_only(at)


def test_the_search_box_echoes_what_was_typed_as_text(make):
    at = make("pages/profile.py")
    at.text_input[0].input(LINK + " nobody").run()
    assert LINK in assert_text_only(at)


def test_warm_introductions_show_markdown_names_as_text(make):
    at = make("pages/insights.py")
    for _ in range(180):
        if at.dataframe or at.exception:
            break
        time.sleep(0.5)
        at.run()
    assert_text_only(at)
    at.text_input[0].input("onerror").run()  # Ana -> Bob -> the Markdown link -> the HTML-named contact
    text = assert_text_only(at)
    assert "→" in text and LINK in text and HTML in text, "the path to the person runs through the Markdown-named contact"


def test_the_maps_carry_no_live_html(payload_store):
    from queries.maps import map_html

    for kind, subject in (("person", "c-link"), ("issue", "i-transit")):
        html, _ = map_html(payload_store, ADMIN, kind, subject, colour_by="coalition" if kind == "person" else "stance")
        data = html.split("var data = ", 1)[1]
        for raw in ("<script>alert", "<b>Bold", "<img"):
            assert raw not in data, f"{raw} is written into the map's script as markup"
        assert "Reset your password" in data
