"""What every page shares: the store, the viewer, cached query results, the look.

The store is one cached resource per process. Query results are cached on
plain arguments that include the viewer's clearance and the data version, so a
cached answer never crosses clearances and is dropped when the data changes.
"""
from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pandas as pd
import streamlit as st

import queries
from streamlit.errors import StreamlitSecretNotFoundError

from graph import access, settings
from graph.errors import CivicGraphError
from graph.store import Store, open_store
from graph.viewer import Viewer


@st.cache_resource(show_spinner="Opening the database…")
def _store(url: str) -> Store:
    return open_store(url)


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
    st.error(str(exc), icon="⚠️")


def esc(text: Any) -> str:
    """Escape user text for the few places we write HTML ourselves."""
    return html.escape("" if text is None else str(text))


def header(title: str, caption: str) -> None:
    st.title(title)
    st.caption(caption)
