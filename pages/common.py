"""What every page shares: the store, the viewer, cached query results, the look.

The store is one cached resource per process. Query results are cached on
plain arguments that include the viewer's clearance and the data version, so a
cached answer never crosses clearances and is dropped when the data changes.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import threading
import time
from typing import Any

import pandas as pd
import streamlit as st

import queries
from streamlit.errors import StreamlitSecretNotFoundError

from graph import access, settings
from graph.clock import today  # noqa: F401  (the pages' one clock)
from graph.errors import CivicGraphError
from graph.store import Store, open_store
from graph.viewer import Viewer


@st.cache_resource(show_spinner="Opening the database…")
def _store(url: str) -> Store:
    from ingest.engagement_history import ensure_history

    s = open_store(url)
    ensure_history(s)  # a database made before the engagement history text (past-date engagement): upgraded once
    return s


def store() -> Store:
    return _store(settings.get("neo4j_uri") or settings.get("store"))


def viewer() -> Viewer:
    """The person using the dashboard.

    Single machine: the operating-system user, role and clearance from the roles
    file (graph/access.py). Agency deployment (an ``[auth]`` section in
    .streamlit/secrets.toml): the user signed in with the identity provider, roles
    from its groups claim; a login older than ``session_max_age_hours`` is logged
    out, whatever the 30-day identity cookie says. Stops the page until signed in.
    """
    if not oidc_enabled():
        if "viewer" not in st.session_state:
            st.session_state["viewer"] = access.local_viewer()
        return st.session_state["viewer"]
    if not st.user.get("is_logged_in"):
        st.session_state.pop("viewer", None)
        st.title("CivicGraph")
        st.write("Sign in with your organization's account to continue.")
        st.button("Log in", on_click=st.login, type="primary")
        st.stop()
    claims = st.user.to_dict()
    first_seen = st.session_state.setdefault("login_seen_at", dt.datetime.now(dt.timezone.utc))
    if access.login_expired(claims, first_seen=first_seen):
        st.session_state.clear()
        st.logout()
        st.stop()
    who = access.oidc_viewer(claims)
    st.session_state["viewer"] = who
    return who


def oidc_enabled() -> bool:
    """True when the deployment configured Streamlit's OIDC login ([auth] in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, StreamlitSecretNotFoundError):
        return False


@st.cache_data(ttl=300, show_spinner=False, max_entries=512)
def _cached_query(url: str, version: str, clearance: str, user: str, role: str, name: str,
                  params: tuple[tuple[str, Any], ...]) -> list[dict]:
    return queries.run(store(), name, Viewer(user, role, clearance), **dict(params))


def run_query(name: str, **params: Any) -> pd.DataFrame:
    """A named query's rows for the current viewer, cached per clearance and data version."""
    v = viewer()
    s = store()
    rows = _cached_query(s.location, s.data_version(), v.clearance.value, v.user, v.role.value, name,
                         tuple(sorted(params.items())))
    return pd.DataFrame(rows)


def show_error(exc: CivicGraphError) -> None:
    st.error(md(exc), icon="⚠️")  # messages quote the user's values


def esc(text: Any) -> str:
    """Escape user text for the few places we write HTML ourselves."""
    return html.escape("" if text is None else str(text))


_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def md(text: Any) -> str:
    r"""Data (a name, a subject, a value the user typed) for an element that reads Markdown: st.markdown,
    st.caption, st.info / success / warning / error, st.subheader, expander labels.

    Every ASCII punctuation character is backslash-escaped, which CommonMark shows as itself, so no
    link, image, HTML tag, emphasis, heading, autolink (``https\://``), emoji or colour directive
    (``:red[...]``) or formula (``$...$``) can come from data; line breaks become spaces.

    >>> md("[Reset your password](https://evil.example)")
    '\\[Reset your password\\]\\(https\\:\\/\\/evil\\.example\\)'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(("" if text is None else str(text)).split()))


def header(title: str, caption: str) -> None:
    _through_app()
    who_am_i()
    st.title(title)
    st.caption(caption)


def who_am_i() -> None:
    """The viewer's name, role and clearance at the top of the sidebar, on every page."""
    try:
        v = viewer()
        plain = access.load_access().source is None and not oidc_enabled()
    except CivicGraphError as exc:
        with st.sidebar:
            show_error(exc)
        return
    with st.sidebar:
        st.markdown(f"**You:** {md(v.user)}  \n**Role:** {v.role.value} · **Clearance:** {v.clearance.value}")
        if plain:
            st.caption("No roles file is set, so everyone who runs CivicGraph on this machine is an admin "
                       "with confidential clearance.")
            with st.expander("How to set roles"):
                st.markdown(ROLES_HELP)


ROLES_HELP = """Write a roles file and point the setting `CIVICGRAPH_ROLES_FILE` at it before starting the
dashboard (docs/security.md, "Where roles come from: the roles file"):

```toml
[default]          # anyone not listed below
role = "viewer"
clearance = "public"

[users.ana]        # an operating-system user, or an e-mail from the login
role = "editor"
clearance = "internal"
```

Roles: viewer (reads), editor (also imports and logs), admin (also backs up). Clearance: public, internal,
confidential."""


def _through_app() -> None:
    """Make sure the page runs inside app.py (its sidebar, its wide layout).

    Until app.py has run once in a server, Streamlit treats pages/ as an old-style
    page folder: the first visit after a start that opens a page's own address (a
    bookmark, an "open" link) runs the page file alone. app.py's ``st.navigation``
    ends that mode for the whole server; this ends it the same way and runs the
    visit again, now through app.py, on the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if getattr(PagesManager, "uses_pages_directory", None):
        PagesManager.uses_pages_directory = False
        st.rerun()


# --- library functions, cached per clearance and data version (dashboard engineer) -------------

def _resolve(func: str):
    import importlib

    module, _, name = func.partition(":")
    return getattr(importlib.import_module(module), name)


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, set, tuple)):
        return tuple(_freeze(v) for v in value)
    return value


def _key(fn, args: tuple, kwargs: dict) -> tuple:
    v, s = viewer(), store()
    return (s.location, s.data_version(), v.clearance.value, v.user, v.role.value,
            f"{fn.__module__}:{fn.__qualname__}", _freeze(args), tuple(sorted((k, _freeze(x)) for k, x in kwargs.items())))


@st.cache_data(ttl=600, show_spinner=False, max_entries=256)
def _cached_call(url: str, version: str, clearance: str, user: str, role: str, func: str, args: tuple,
                 kwargs: tuple) -> Any:
    return _resolve(func)(store(), Viewer(user, role, clearance), *args, **dict(kwargs))


def call(fn, *args: Any, **kwargs: Any) -> Any:
    """``fn(store, viewer, *args, **kwargs)`` for the current viewer, cached on plain arguments that
    include the viewer's clearance and the data version (a write empties it). Lists become tuples."""
    return _cached_call(*_key(fn, args, kwargs))


def profile_url(node_id: str) -> str:
    """The profile page's address for a person or an organization (other pages link to it)."""
    from urllib.parse import quote

    return f"profile?id={quote(str(node_id), safe='')}"


def with_profile_links(frame: pd.DataFrame, id_column: str = "id") -> pd.DataFrame:
    """Adds a ``profile`` column of links (shown by :func:`table`)."""
    if frame.empty or id_column not in frame:
        return frame
    return frame.assign(profile=frame[id_column].map(profile_url))


HIDDEN = ("id", "label", "notice_id")  # internal keys: kept in the data (selection, tests), never shown
# at 1280 px the main column is about 820 px: name, warning, why and the profile link fit in it
WIDTHS = {"rank": 45, "name": 160, "warning": 170, "why": 340, "because": 340, "problems": 340, "profile": 70}


def heading(column: str) -> str:
    """A column's plain heading: ``latest_stance`` -> "Latest stance"."""
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def table(frame: pd.DataFrame, *, key: str | None = None, select: bool = False, height: int | None = None,
          widths: dict[str, int | str] | None = None, labels: dict[str, str] | None = None):
    """A dataframe as a person reads it: list cells joined, no "None", plain headings, internal ids
    hidden (still in the data), a link column for profiles, set widths, optional row selection."""
    shown = frame.copy()
    for col in shown.columns:
        if shown[col].map(lambda v: isinstance(v, (list, tuple))).any():
            shown[col] = shown[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
        if shown[col].dtype == object:
            shown[col] = shown[col].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else v)
            if shown[col].map(lambda v: not isinstance(v, str)).any() and shown[col].map(
                    lambda v: isinstance(v, str) and v == "").any():  # one type per column: text
                shown[col] = shown[col].map(lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v))
    sizes = {**WIDTHS, **(widths or {})}
    config: dict[str, Any] = {}
    for col in shown.columns:
        name = (labels or {}).get(col) or heading(str(col))
        if col in HIDDEN or str(col).endswith("_id"):
            config[col] = None
        elif col == "profile":
            config[col] = st.column_config.LinkColumn("Profile", display_text="open ↗", width=sizes["profile"])
        else:
            config[col] = st.column_config.Column(name, width=sizes.get(col))
    kwargs: dict[str, Any] = {"hide_index": True, "width": "stretch", "column_config": config}
    if height:
        kwargs["height"] = height
    if select:
        kwargs.update(on_select="rerun", selection_mode="single-row", key=key)
    elif key:
        kwargs["key"] = key
    return st.dataframe(shown, **kwargs)


def downloads(frame: pd.DataFrame, name: str, *, key: str) -> None:
    """CSV and Excel download buttons; formula-like cells are neutralized for spreadsheets."""
    import io

    from ingest.export import safe_for_spreadsheet

    flat = frame.drop(columns=[c for c in ("profile",) if c in frame]).copy()
    for col in flat.columns:
        flat[col] = flat[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    safe = safe_for_spreadsheet(flat.astype(object).where(flat.notna(), ""))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=name[:31] or "sheet", index=False)
    a, b, _ = st.columns([1, 1, 4])
    a.download_button("⬇ CSV", safe.to_csv(index=False).encode("utf-8-sig"), f"{name}.csv", "text/csv",
                      key=f"{key}-csv")
    b.download_button("⬇ Excel", buf.getvalue(), f"{name}.xlsx",
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx")


def place_names() -> dict[str, str]:
    """Every jurisdiction the viewer may see, id -> "Name (level)", for select boxes."""
    from queries.lookup import jurisdictions

    return {j["id"]: f"{j['name']} ({j['level']})" for j in call(jurisdictions)}


def issue_picker(label: str = "Issue", *, key: str = "issue", default: str = "i-transportation") -> str | None:
    """A select box of issues with sub-issues indented under their parent; the demo default is transportation."""
    from queries.lookup import issues

    rows = call(issues)
    if not rows:
        st.info("There are no issues yet: import your list of issues on the Data page (it has a template).")
        return None
    ids = [r["id"] for r in rows]
    names = {r["id"]: r["path"] for r in rows}
    chosen = st.query_params.get("issue") if st.query_params.get("issue") in names else None
    index = ids.index(chosen or default) if (chosen or default) in names else 0
    return st.selectbox(label, ids, index=index, format_func=names.get, key=key)


def person_or_org_picker(label: str, *, key: str, kinds: tuple[str, ...] = ("Contact", "Organization"),
                         default: str | None = None) -> str | None:
    """Type part of a name, pick one match: works at a hundred thousand contacts."""
    from queries.lookup import name_of, search

    text = st.text_input(label, value="", key=f"{key}-q", placeholder="type part of a name or an id")
    matches = call(search, text, labels=kinds) if text.strip() else []
    if default and not text.strip():
        found = call(name_of, default)
        matches = [found] if found else []
    if not matches:
        if text.strip():
            st.caption(f'Nobody you may see matches "{md(text)}".')
        return None
    labels = {r["id"]: f"{r['name']} ({(r['kind'] or r['label']).replace('_', ' ')})" for r in matches}
    return st.selectbox("Matches", list(labels), format_func=labels.get, key=f"{key}-pick")


# --- whole-network work in the background (performance engineer) ---------------------------------
# A job runs once per store, data version and clearance in a thread of this process; every session
# of that clearance shares its result. The function must depend on the viewer's clearance only.

@st.cache_resource(show_spinner=False)
def _jobs() -> dict:
    return {"lock": threading.Lock(), "jobs": {}}


def in_background(fn, *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """Start ``fn(store, viewer, *args, **kwargs)`` in a thread if it is not running or done yet.

    Returns ``("done", result)``, ``("running", seconds so far)`` or ``("failed", exception)``.
    Keyed by the store, its data version and the viewer's clearance (never the user alone), so
    a write starts a new job and an answer never crosses clearances; and by the day, so a new
    day (or a moved clock) asks again.
    """
    s, v = store(), viewer()
    key = (s.location, s.data_version(), v.clearance.value, today(), f"{fn.__module__}:{fn.__qualname__}",
           _freeze(args), tuple(sorted((k, _freeze(x)) for k, x in kwargs.items())))
    jobs = _jobs()
    with jobs["lock"]:
        job = jobs["jobs"].get(key)
        if job is None:
            for old in [k for k in jobs["jobs"] if k[0] == key[0] and k[2:] == key[2:] and k[1] != key[1]]:
                jobs["jobs"].pop(old, None)  # an older data version of the same question
            job = {"started": time.monotonic(), "state": "running", "value": None}
            background = Viewer(f"{v.user} (background)", v.role, v.clearance)

            def work() -> None:
                try:
                    job["value"], job["state"] = fn(s, background, *args, **kwargs), "done"
                except Exception as exc:  # reported on the page that asked for it
                    job["value"], job["state"] = exc, "failed"

            jobs["jobs"][key] = job
            threading.Thread(target=work, name=f"civicgraph-{fn.__name__}", daemon=True).start()
    if job["state"] == "running":
        return "running", time.monotonic() - job["started"]
    return job["state"], job["value"]


# --- pickers that keep their choices, and plain-language tables (issue 18 part A) -----------------

def pick_many(label: str, *, key: str, kinds: tuple[str, ...] = ("Organization", "Contact"),
              help: str | None = None) -> list[str]:  # noqa: A002
    """ONE multiselect over every organization and person the viewer may see (type to search by name);
    what was chosen stays chosen while you type the next name. Returns the chosen ids.

    On a store larger than ``queries.outreach.CHOICE_LIMIT`` a search box adds its matches to the choices.
    """
    from queries.lookup import search
    from queries.outreach import CHOICE_LIMIT, choices

    every = [c for c in call(choices) if c["label"] in kinds]
    if len(every) >= CHOICE_LIMIT:
        text = st.text_input(f"Search {label.lower()}", key=f"{key}-q", placeholder="part of a name")
        every += [{**r, "kind": (r["kind"] or "").replace("_", " ")}
                  for r in (call(search, text, labels=kinds) if text.strip() else [])]
    kept = st.session_state.get(key) or []
    names = {c["id"]: f"{c['name']} ({c['kind'] or c['label'].lower()})" for c in every}
    options = list(dict.fromkeys([*kept, *names]))
    return st.multiselect(label, options, key=key, format_func=lambda i: names.get(i, i), help=help, select_all=False,
                          placeholder="type a name, pick it, then type the next one")


def plain_table(frame: pd.DataFrame, columns: dict[str, Any], *, key: str | None = None,
                height: int | None = None):
    """A dataframe showing only ``columns`` (name -> st.column_config), in that order: ids stay hidden,
    headers are words, widths are set, empty cells are blank (never "None")."""
    shown = frame.copy()
    for col in shown.columns:
        shown[col] = shown[col].map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
    kwargs: dict[str, Any] = {"hide_index": True, "width": "stretch", "column_order": list(columns),
                              "column_config": columns}
    if height:
        kwargs["height"] = height
    if key:
        kwargs["key"] = key
    return st.dataframe(shown, **kwargs)
