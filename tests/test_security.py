"""Who may see and do what: roles files, OIDC claims, session age, CLI, pages, exports."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from cli.main import cli
from graph import access
from graph.errors import InputError, PermissionDenied
from graph.model import Confidentiality, Role
from graph.viewer import Viewer
from ingest.export import export_tables, write_tables
from ingest.interactions import log_interaction
from ingest.pipeline import import_path
from tests.conftest import ADMIN, EDITOR, PUBLIC, SMALL_REGION

APP = str(Path(__file__).resolve().parent.parent / "app.py")

ROLES = """
[default]
role = "viewer"
clearance = "public"

[users.ana]
role = "editor"
clearance = "internal"

[groups."cg-admins"]
role = "admin"
clearance = "confidential"

[groups."cg-staff"]
role = "viewer"
clearance = "internal"

[groups."cg-editors"]
role = "editor"
clearance = "public"
"""


@pytest.fixture
def roles_file(tmp_path, monkeypatch):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES)
    monkeypatch.setenv("CIVICGRAPH_ROLES_FILE", str(path))
    return path


# -- single machine ----------------------------------------------------------------

def test_without_a_roles_file_the_local_user_is_admin(monkeypatch):
    monkeypatch.delenv("CIVICGRAPH_ROLES_FILE", raising=False)
    v = access.local_viewer("pat")
    assert (v.user, v.role, v.clearance) == ("pat", Role.ADMIN, Confidentiality.CONFIDENTIAL)


def test_a_roles_file_names_users_and_everyone_else_is_a_public_viewer(roles_file):
    assert access.local_viewer("ana") == Viewer("ana", Role.EDITOR, Confidentiality.INTERNAL)
    assert access.local_viewer("stranger") == Viewer("stranger", Role.VIEWER, Confidentiality.PUBLIC)


def test_a_missing_or_broken_roles_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_ROLES_FILE", str(tmp_path / "nope.toml"))
    with pytest.raises(InputError, match="does not exist"):
        access.local_viewer("ana")
    bad = tmp_path / "bad.toml"
    bad.write_text('[users.ana]\nrole = "owner"\n')
    with pytest.raises(InputError, match="roles are viewer, editor, admin"):
        access.load_access(bad)


# -- agency deployment (OIDC claims) ---------------------------------------------------

def test_groups_map_to_the_highest_role_and_clearance(roles_file):
    cfg = access.load_access()
    v = access.oidc_viewer({"email": "bo@agency.gov", "groups": ["cg-staff", "cg-editors"]}, cfg)
    assert (v.user, v.role, v.clearance) == ("bo@agency.gov", Role.EDITOR, Confidentiality.INTERNAL)
    assert access.oidc_viewer({"email": "x@agency.gov", "groups": ["cg-admins"]}, cfg).role is Role.ADMIN
    nobody = access.oidc_viewer({"sub": "123", "groups": ["marketing"]}, cfg)
    assert (nobody.user, nobody.role, nobody.clearance) == ("123", Role.VIEWER, Confidentiality.PUBLIC)


def test_a_login_older_than_the_maximum_age_expires_even_if_the_cookie_lives_on():
    t = dt.datetime(2026, 11, 1, 9, tzinfo=dt.timezone.utc)
    claims = {"email": "a@b", "iat": t.timestamp()}
    assert not access.login_expired(claims, max_age_hours=12, now=t + dt.timedelta(hours=11))
    assert access.login_expired(claims, max_age_hours=12, now=t + dt.timedelta(days=29))
    # auth_time (when the user actually authenticated) wins over iat (a refreshed token)
    refreshed = {**claims, "auth_time": (t - dt.timedelta(days=2)).timestamp()}
    assert access.login_expired(refreshed, max_age_hours=12, now=t)
    # no time in the token: the time the app first saw the login, else expired
    assert not access.login_expired({"email": "a@b"}, max_age_hours=1, now=t, first_seen=t)
    assert access.login_expired({"email": "a@b"}, max_age_hours=1, now=t)


# -- writes by role ---------------------------------------------------------------------

def test_viewers_may_not_write_editors_may(small_store, store):
    with pytest.raises(PermissionDenied, match="viewer"):
        log_interaction(small_store, PUBLIC, kind="call", date="2026-01-05", subject="hello")
    import_path(store, SMALL_REGION, ADMIN)
    xid = log_interaction(store, EDITOR, kind="call", date="2026-01-05", subject="Transit budget",
                          participants=[("c-bob", "organizer")], issues=["i-transit"])
    assert store.query("MATCH (c:Contact)-[:PARTICIPATED_IN]->(x:Interaction {id: $x}) RETURN c.id AS c",
                       {"x": xid}) == [{"c": "c-bob"}]


def test_only_admins_back_up_and_read_the_audit_log(small_store, tmp_path):
    from ingest.backup import backup

    with pytest.raises(PermissionDenied, match="only admins"):
        backup(small_store, EDITOR, tmp_path / "b.zip")


def test_the_cli_uses_the_roles_file(tmp_path, roles_file, monkeypatch):
    monkeypatch.setenv("USER", "stranger")
    monkeypatch.setenv("LOGNAME", "stranger")
    runner = CliRunner()
    who = runner.invoke(cli, ["whoami", "--format", "json"])
    assert json.loads(who.output)[0]["role"] == "viewer"
    result = runner.invoke(cli, ["--store", str(tmp_path / "db"), "import", str(SMALL_REGION)])
    assert result.exit_code == 1 and "is a viewer and may not import data" in result.output


def test_the_cli_audit_command_shows_and_verifies_the_log(tmp_path, monkeypatch):
    monkeypatch.delenv("CIVICGRAPH_ROLES_FILE", raising=False)
    runner = CliRunner()
    db = str(tmp_path / "db")
    assert runner.invoke(cli, ["--store", db, "import", str(SMALL_REGION)]).exit_code == 0
    shown = runner.invoke(cli, ["--store", db, "audit", "--format", "json"])
    rows = json.loads(shown.output)
    assert len(rows) >= 24 and {r["action"] for r in rows} >= {"create"}
    csv_out = runner.invoke(cli, ["--store", db, "audit", "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("seq,id,at,user,action")
    ok = runner.invoke(cli, ["--store", db, "audit", "--verify", "--format", "json"])
    assert ok.exit_code == 0 and json.loads(ok.output)["ok"]
    future = runner.invoke(cli, ["--store", db, "audit", "--since", "2999-01-01", "--format", "json"])
    assert json.loads(future.output) == []


# -- public-records export ------------------------------------------------------------

@pytest.fixture
def mixed_store(store, tmp_path):
    """A public contact in a confidential jurisdiction, an internal contact, links between them."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "jurisdictions.csv").write_text(
        "id,name,level,confidentiality\nj-open,Open County,county,public\nj-secret,Task Force Area,region,confidential\n")
    (folder / "contacts.csv").write_text(
        "id,name,kind,jurisdiction_id,confidentiality,notes\n"
        "c-pub,Pat Public,elected_official,j-secret,public,=HYPERLINK(\"http://evil\")\n"
        "c-int,Ida Internal,resident,j-open,internal,\n")
    (folder / "interactions.csv").write_text(
        "id,kind,date,subject,recorded_by,confidentiality\n"
        "x-1,meeting,2026-01-02,Budget,c-int,public\nx-2,call,2026-01-03,Whistleblower,c-pub,confidential\n")
    (folder / "participants.csv").write_text(
        "interaction_id,contact_id,confidentiality\nx-1,c-pub,public\nx-1,c-int,public\nx-2,c-pub,confidential\n")
    (folder / "ties.csv").write_text("from_id,to_id,kind,confidentiality\nc-pub,c-int,knows,public\n")
    import_path(store, folder, ADMIN)
    return store


def test_a_public_records_export_holds_nothing_above_public(mixed_store, tmp_path):
    mixed_store_tables = export_tables(mixed_store, Viewer("clerk", Role.ADMIN, Confidentiality.PUBLIC))
    contacts = mixed_store_tables["contacts"]
    assert contacts["id"].tolist() == ["c-pub"]
    assert contacts.loc[0, "jurisdiction_id"] == ""  # the confidential jurisdiction's id is redacted
    assert mixed_store_tables["jurisdictions"]["id"].tolist() == ["j-open"]
    assert mixed_store_tables["interactions"]["id"].tolist() == ["x-1"]
    assert mixed_store_tables["interactions"].loc[0, "recorded_by"] == ""  # an internal staff id
    assert mixed_store_tables["participants"]["contact_id"].tolist() == ["c-pub"]  # not the link to c-int
    assert mixed_store_tables["ties"].empty  # the tie touches an internal contact


def test_the_public_records_command_writes_a_safe_release(mixed_store, tmp_path, monkeypatch):
    monkeypatch.delenv("CIVICGRAPH_ROLES_FILE", raising=False)
    monkeypatch.setenv("CIVICGRAPH_REDACT_FIELDS", "none")  # notes are redacted by default (test_redaction.py)
    out = tmp_path / "release"
    mixed_store.close()  # the CLI opens it read-only from another "process" view
    result = CliRunner().invoke(cli, ["--store", mixed_store.location, "export", "--public-records", str(out),
                                      "--excel", str(tmp_path / "release.xlsx")])
    assert result.exit_code == 0, result.output
    text = "".join(p.read_text() for p in out.glob("*.csv") if p.name != "redaction-log.csv")
    for secret in ("Ida Internal", "c-int", "j-secret", "Task Force", "Whistleblower", "x-2"):
        assert secret not in text
    notes = pd.read_csv(out / "contacts.csv", dtype=str, keep_default_na=False).loc[0, "notes"]
    assert notes.startswith("'=")  # a formula in a release is shown, never run
    sheet = pd.read_excel(tmp_path / "release.xlsx", sheet_name="contacts", dtype=str)
    assert sheet.loc[0, "notes"].startswith("'=")


def test_a_reimportable_export_keeps_values_exactly(mixed_store, tmp_path):
    paths = write_tables(export_tables(mixed_store, ADMIN), tmp_path / "out")
    contacts = pd.read_csv(next(p for p in paths if p.stem == "contacts"), dtype=str, keep_default_na=False)
    assert contacts.set_index("id").loc["c-pub", "notes"] == '=HYPERLINK("http://evil")'


# -- the dashboard ------------------------------------------------------------------------

def test_the_dashboard_shows_a_public_viewer_only_public_counts(mixed_store, roles_file, monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_STORE", mixed_store.location)
    monkeypatch.delenv("CIVICGRAPH_NEO4J_URI", raising=False)
    monkeypatch.setenv("USER", "stranger")
    monkeypatch.setenv("LOGNAME", "stranger")
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics.get("Contacts") == "1"


def test_the_dashboard_viewer_comes_from_the_roles_file(roles_file, monkeypatch):
    def script():
        import streamlit as st

        from pages.common import viewer

        v = viewer()
        st.write(f"{v.user}|{v.role.value}|{v.clearance.value}")

    monkeypatch.setenv("USER", "ana")
    monkeypatch.setenv("LOGNAME", "ana")
    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.markdown[0].value == "ana|editor|internal"


def test_with_oidc_configured_the_dashboard_asks_to_log_in(monkeypatch):
    def script():
        import streamlit as st

        from pages.common import viewer

        v = viewer()
        st.write(f"secret page for {v.user}")

    at = AppTest.from_function(script)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "c", "client_secret": "s",
                          "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not any("secret page" in m.value for m in at.markdown)
