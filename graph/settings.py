"""Settings, each declared once with its name, default and help.

Values come from the environment (``CIVICGRAPH_*``); the CLI's options and the
docs are generated from this table, and a test fails if one is undocumented.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    secret: bool = False

    @property
    def env(self) -> str:
        return f"CIVICGRAPH_{self.name.upper()}"

    def get(self) -> str:
        return os.environ.get(self.env, self.default)


SETTINGS = (
    Setting("store", str(Path("civicgraph-data")),
            "where the graph lives: a folder for the embedded database, or a neo4j:// / bolt:// URI"),
    Setting("neo4j_uri", "", "Neo4j URI; when set, it is used instead of the embedded store"),
    Setting("neo4j_user", "neo4j", "Neo4j user name"),
    Setting("neo4j_password", "", "Neo4j password", secret=True),
    Setting("neo4j_database", "", "Neo4j database name (empty: the server's default)"),
    Setting("roles_file", "", "a TOML/YAML file mapping user names to roles and clearances (single-machine mode)"),
    Setting("memory_mb", "0", "the embedded database's page cache in MB, at least 256 (0: the engine's default, "
            "80% of the machine's memory); a cap too small for what an import writes makes it fail"),
    Setting("today", "", "the day questions are asked on, as YYYY-MM-DD (empty: the machine's date); pins the "
            "clock for the CLI, the dashboard and the tests"),
    Setting("redact_fields", "", "fields a public-clearance viewer and a public-records export never see, as "
            "table.column, comma-separated (empty: the default policy in docs/security.md; none: redact nothing)"),
    Setting("our_domains", "", "the agency's own mail domains, separated by commas (e.g. cog.example.gov); people "
            "at these addresses are our staff when mail and calendars are imported"),
    Setting("timezone", "", "the time zone (IANA name, e.g. America/Chicago) in which imported mail and meetings "
            "get their date and time of day (empty: as written in each message or calendar)"),
    Setting("session_max_age_hours", "12", "longest a dashboard login stays valid, whatever the identity cookie says"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return BY_NAME[name].get()
