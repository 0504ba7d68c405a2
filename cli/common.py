"""What every command module shares: the context object, the one conversion of the
library's errors into a message, and the common options. Command modules import from
here (never from cli/main.py), and cli/main.py adds their commands to the group, so no
module imports another in a circle (tests/test_layers.py checks).
"""
from __future__ import annotations

import datetime as dt
import functools

import click

from cli.output import FORMATS, render, to_json
from graph import settings
from graph.errors import CivicGraphError
from graph.model import Confidentiality
from graph.store import Store, open_store
from graph.viewer import Viewer

# Given to the group only: Click passes these settings down to every subcommand.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Context:
    def __init__(self, store_url: str | None, clearance: str | None) -> None:
        self.store_url = store_url
        self.clearance = clearance

    @property
    def url(self) -> str:
        return self.store_url or settings.get("neo4j_uri") or settings.get("store")

    def open(self, *, write: bool = False) -> Store:
        store = open_store(self.url, read_only=not write)
        if write:
            from ingest.engagement_history import ensure_history

            ensure_history(store)  # a database made before the engagement history text: upgraded once
        return store

    @property
    def viewer(self) -> Viewer:
        """The OS user, with the role and clearance the roles file gives (graph/access.py)."""
        from graph.access import local_viewer

        base = local_viewer()
        if self.clearance:
            wanted = Confidentiality(self.clearance)
            if wanted.rank < base.clearance.rank:
                return Viewer(base.user, base.role, wanted)
        return base


def errors_as_messages(func):
    """Turn the library's errors into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CivicGraphError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="table for people; csv or json for scripts")
date_type = click.DateTime(formats=["%Y-%m-%d"])
as_of_option = click.option("--as-of", type=date_type, help="the date the answer is for (default today)")


def day(value: dt.datetime | None) -> dt.date | None:
    """A ``--as-of`` style option's value as a date (None stays None: the library uses today)."""
    return value.date() if value else None


def emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    """JSON keeps the library's full rows; table and CSV show ``columns``, lists joined by '; '."""
    if fmt == "json":
        click.echo(to_json(rows))
        return
    click.echo(render(rows, fmt, columns))


def named(store, viewer, what: str, text: str | None) -> str | None:
    """The id for an ``--issue`` / ``--jurisdiction`` / organization a user typed as a name or an id
    (queries.lookup.resolve: ambiguous names list the choices)."""
    if text is None:
        return None
    from queries.lookup import resolve

    return resolve(store, viewer, what, text)
