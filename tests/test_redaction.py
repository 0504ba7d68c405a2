"""Field-level redaction for public records: personal fields are left out of a public release and of
a public viewer's answers, with a log of what was removed and why."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import cli
from graph.redaction import DEFAULT_POLICY, policy
from ingest.export import export_tables
from ingest.pipeline import import_path
from tests.conftest import ADMIN, EDITOR, PUBLIC, SMALL_REGION

PERSONAL = ("555-0100", "12 Elm St", "1961-04-02", "ana.private@example.org", "asked about her divorce",
            "2026-12-31", "old friends, do not mention the lawsuit")


@pytest.fixture
def region(store, tmp_path):
    import_path(store, SMALL_REGION, ADMIN)
    folder = tmp_path / "personal"
    folder.mkdir()
    (folder / "contacts.csv").write_text(
        "id,name,kind,phone,address,birth_date,email,notes,leaving_date,do_not_contact,do_not_contact_channel\n"
        "c-ana,Ana Ruiz,our_staff,555-0100,12 Elm St,1961-04-02,ana.private@example.org,asked about her divorce,"
        "2026-12-31,true,phone\n", encoding="utf-8")
    (folder / "ties.csv").write_text("from_id,to_id,kind,strength,note\n"
                                     "c-ana,c-dee,knows,0.5,\"old friends, do not mention the lawsuit\"\n",
                                     encoding="utf-8")
    report = import_path(store, folder, ADMIN)
    assert report.rejected == 0, report.problems
    return store


def test_a_public_export_leaves_out_personal_fields_and_logs_each_one(region):
    log: list[dict] = []
    tables = export_tables(region, PUBLIC, log=log)
    text = "".join(frame.to_csv() for frame in tables.values())
    for value in PERSONAL:
        assert value not in text, f"{value} is in the public export"
    ana = tables["contacts"].set_index("id").loc["c-ana"]
    assert ana["name"] == "Ana Ruiz" and ana["kind"] == "our_staff", "the record itself is released"
    logged = {(e["table"], e["id"], e["column"]) for e in log}
    assert ("contacts", "c-ana", "phone") in logged and ("contacts", "c-ana", "birth_date") in logged
    assert ("contacts", "c-bob", "email") in logged, "an official's e-mail is redacted by default too"
    reason = next(e["reason"] for e in log if e["column"] == "birth_date")
    assert "exempt from public-records release" in reason
    full = "".join(frame.to_csv() for frame in export_tables(region, ADMIN).values())
    assert all(value in full for value in PERSONAL), "a cleared export keeps every field"


def test_the_policy_is_configurable(region, monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_REDACT_FIELDS", "contacts.birth_date")
    assert policy() == {("contacts", "birth_date"): DEFAULT_POLICY[("contacts", "birth_date")]}
    contacts = export_tables(region, PUBLIC)["contacts"].set_index("id")
    assert contacts.loc["c-ana", "birth_date"] == "" and contacts.loc["c-ana", "phone"] == "555-0100"
    monkeypatch.setenv("CIVICGRAPH_REDACT_FIELDS", "none")
    assert export_tables(region, PUBLIC)["contacts"].set_index("id").loc["c-ana", "birth_date"] == "1961-04-02"


def test_export_public_records_writes_the_redaction_log(region, tmp_path):
    db = region.folder
    region.close()
    out = tmp_path / "release"
    result = CliRunner().invoke(cli, ["--store", str(db), "export", "--public-records", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    files = {r["table"]: r for r in json.loads(result.output)}
    assert files["redaction-log"]["rows"] > 0
    log = pd.read_csv(out / "redaction-log.csv")
    assert list(log.columns) == ["table", "id", "column", "reason"]
    assert {"phone", "birth_date", "notes", "leaving_date", "do_not_contact"} <= set(log["column"])
    released = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv") if p.name != "redaction-log.csv")
    assert not any(value in released for value in PERSONAL)


def test_a_public_viewer_s_network_tables_leave_out_staff_leaving_dates(region):
    from queries.network_views import analytics_tables

    public = analytics_tables(region, PUBLIC)["contacts"].set_index("id")
    admin = analytics_tables(region, ADMIN)["contacts"].set_index("id")
    assert str(admin.loc["c-ana", "leaving_date"])[:10] == "2026-12-31"
    assert public.loc["c-ana", "leaving_date"] is None or pd.isna(public.loc["c-ana", "leaving_date"])


MARKER = "ZQX-backchannel-via-the-mayor"  # a tie's note: no trace of it may reach a public screen


@pytest.fixture
def tie_with_a_note(store, tmp_path):
    """The small region plus a public, flagged conflict between the power utility (Dee Park sits on
    its board) and the regulators (Eve Stone works there), whose note is staff deliberation."""
    import_path(store, SMALL_REGION, ADMIN)
    folder = tmp_path / "noted"
    folder.mkdir()
    (folder / "contacts.csv").write_text("id,name,kind\nc-eve,Eve Stone,agency_staff\n", encoding="utf-8")
    (folder / "affiliations.csv").write_text("contact_id,organization_id,kind,role,start_date\n"
                                             "c-eve,o-puc,works_at,analyst,2020-01-01\n", encoding="utf-8")
    (folder / "ties.csv").write_text("from_id,to_id,kind,note,sensitive,start_date\n"
                                     f"o-power,o-puc,conflict,{MARKER},true,2024-01-01\n", encoding="utf-8")
    report = import_path(store, folder, ADMIN)
    assert report.rejected == 0, report.problems
    return store


def test_a_public_viewer_s_history_leaves_out_a_tie_s_note(tie_with_a_note):
    import queries
    from queries.members import history

    public = history(tie_with_a_note, PUBLIC, "o-power")
    ties = [r for r in public if r["event"] == "tie" and r["kind"] == "conflict"]
    assert ties and ties[0]["other_id"] == "o-puc", "the tie itself is public"
    assert MARKER not in json.dumps(public, default=str)
    raw = queries.run(tie_with_a_note, "history", PUBLIC, subject="o-power", since="1900-01-01", until="2026-11-15")
    assert raw and MARKER not in json.dumps(raw, default=str), "the named query itself (civicgraph query history)"
    for cleared in (EDITOR, ADMIN):
        assert any(MARKER in r["text"] for r in history(tie_with_a_note, cleared, "o-power"))


def test_a_public_viewer_s_map_leaves_out_a_tie_s_note(tie_with_a_note):
    from queries.maps import map_html, organization_map

    G = organization_map(tie_with_a_note, PUBLIC, "o-power")
    assert G.has_edge("o-power", "o-puc") and not G.edges["o-power", "o-puc"].get("note")
    html, _ = map_html(tie_with_a_note, PUBLIC, "organization", "o-power")
    assert "Utility Regulators" in html and MARKER not in html
    for cleared in (EDITOR, ADMIN):
        html, _ = map_html(tie_with_a_note, cleared, "organization", "o-power")
        assert MARKER in html, "a cleared viewer's tooltip shows the note"


def test_a_public_viewer_s_list_check_leaves_out_a_tie_s_note(tie_with_a_note):
    from queries.sensitivity import sensitivity_check

    public = sensitivity_check(tie_with_a_note, PUBLIC, ["c-dee", "c-eve"])
    flags = {f["flag"] for r in public for f in r["flags"]}
    assert {"sensitive_tie", "conflict_pair"} <= flags, "the public conflict itself is still flagged"
    assert MARKER not in json.dumps(public)
    for cleared in (EDITOR, ADMIN):
        reasons = [f["reason"] for r in sensitivity_check(tie_with_a_note, cleared, ["c-dee", "c-eve"])
                   for f in r["flags"]]
        assert any(MARKER in reason for reason in reasons)
