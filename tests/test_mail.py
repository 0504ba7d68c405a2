"""Mail and calendars: a generated mailbox and calendar load exactly, and a re-import changes nothing.

The mailbox is built here with the standard library's e-mail API: our staff member
Ana writes to Maria Lopez (stored, under another of her addresses), copies Bo and
blind-copies the chief; Maria replies from her second address; a mailing list, an
auto-reply, a no-reply notification and a bulk message are skipped; one message has
no date; one is the first again (same Message-ID, from the sent folder); one has no
subject. The calendar has a weekly series with an exception date and a moved
occurrence, a cancelled meeting and an all-day meeting.
"""
from __future__ import annotations

import datetime as dt
import email.message
import mailbox
from pathlib import Path

import pytest

from graph.model import Confidentiality, Role
from graph.viewer import Viewer
from ingest.mail.load import import_mail, import_paths
from ingest.pipeline import import_path
from queries.members import history
from tests.conftest import ADMIN, EDITOR

DATA = Path(__file__).parent / "data" / "mail"
OURS = "cog.example.gov"


def _msg(mid: str | None, date: str | None, frm: str, to: str, subject: str | None, **headers) -> bytes:
    m = email.message.EmailMessage()
    if mid:
        m["Message-ID"] = mid
    if date:
        m["Date"] = date
    m["From"] = frm
    m["To"] = to
    if subject is not None:
        m["Subject"] = subject
    for name, value in headers.items():
        m[name.replace("_", "-")] = value
    m.set_content("Hello,\n\nthe corridor numbers are attached.\n\n> earlier message\n")
    return m.as_bytes()


def _mailbox(path: Path) -> Path:
    box = mailbox.mbox(path)
    ana, maria2 = f"Ana Ruiz <ana@{OURS}>", "Maria Lopez <mlopez@city.example.gov>"
    box.add(_msg("<m1@cog>", "Mon, 02 Mar 2026 14:30:00 -0600", ana, "Maria Lopez <maria.lopez@city.example.gov>",
                 "Bus corridor funding", Cc="Bo Chen <bo@county.example.gov>", Bcc=f"Chief <chief@{OURS}>"))
    box.add(_msg("<m2@city>", "Tue, 03 Mar 2026 09:05:00 -0600", maria2, ana, "Re: Bus corridor funding",
                 In_Reply_To="<m1@cog>"))
    box.add(_msg("<m3@list>", "Tue, 03 Mar 2026 10:00:00 -0600", "Transit News <news@transit.example.org>", ana,
                 "Weekly transit digest", List_Id="<digest.transit.example.org>"))
    box.add(_msg("<m4@city>", "Tue, 03 Mar 2026 10:01:00 -0600", "Bo Chen <bo@county.example.gov>", ana,
                 "Automatic reply: Bus corridor funding", Auto_Submitted="auto-replied"))
    box.add(_msg("<m5@sys>", "Tue, 03 Mar 2026 10:02:00 -0600", "noreply@portal.example.com", ana,
                 "Your permit was filed"))
    box.add(_msg("<m6@bulk>", "Tue, 03 Mar 2026 10:03:00 -0600", "Events <events@chamber.example.org>", ana,
                 "Gala tickets", Precedence="bulk"))
    box.add(_msg("<m7@cog>", None, ana, "Bo Chen <bo@county.example.gov>", "Draft without a date"))
    box.add(_msg("<m1@cog>", "Mon, 02 Mar 2026 14:30:00 -0600", ana, "Maria Lopez <maria.lopez@city.example.gov>",
                 "Bus corridor funding"))  # the same message again, from the sent folder
    box.add(_msg("<m8@state>", "Wed, 04 Mar 2026 16:45:00 -0600", "Eve Adams <eve@state.example.gov>", ana, None))
    box.flush()
    box.close()
    return path


CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//CivicGraph tests//EN
BEGIN:VEVENT
UID:series-1@cog
DTSTAMP:20260201T000000Z
DTSTART;TZID=America/Chicago:20260303T100000
DTEND;TZID=America/Chicago:20260303T110000
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=America/Chicago:20260317T100000
SUMMARY:Corridor working group
ORGANIZER;CN=Ana Ruiz:mailto:ana@cog.example.gov
ATTENDEE;CN=Maria Lopez;ROLE=REQ-PARTICIPANT:mailto:maria.lopez@city.example.gov
ATTENDEE;CN=Eve Adams;ROLE=OPT-PARTICIPANT:mailto:eve@state.example.gov
END:VEVENT
BEGIN:VEVENT
UID:series-1@cog
DTSTAMP:20260201T000000Z
RECURRENCE-ID;TZID=America/Chicago:20260310T100000
DTSTART;TZID=America/Chicago:20260310T113000
DTEND;TZID=America/Chicago:20260310T123000
SUMMARY:Corridor working group (moved)
ORGANIZER;CN=Ana Ruiz:mailto:ana@cog.example.gov
ATTENDEE;CN=Maria Lopez:mailto:maria.lopez@city.example.gov
END:VEVENT
BEGIN:VEVENT
UID:cancelled-1@cog
DTSTAMP:20260201T000000Z
DTSTART:20260305T150000Z
STATUS:CANCELLED
SUMMARY:Budget call
ORGANIZER:mailto:ana@cog.example.gov
END:VEVENT
BEGIN:VEVENT
UID:allday-1@cog
DTSTAMP:20260201T000000Z
DTSTART;VALUE=DATE:20260401
SUMMARY:Regional summit
ORGANIZER;CN=Ana Ruiz:mailto:ana@cog.example.gov
ATTENDEE;CN=Bo Chen:mailto:bo@county.example.gov
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def mail(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_OUR_DOMAINS", OURS)
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "contacts.csv").write_text(
        "id,name,kind,email\n"
        "c-maria,Maria Lopez,agency_staff,maria.lopez@city.example.gov\n"
        "c-eve,Eve Adams,elected_official,eve@state.example.gov\n")
    (tmp_path / "tables" / "issues.csv").write_text("id,name,keywords\ni-transit,Transit,bus corridor;transit\n")
    (tmp_path / "calendar.ics").write_text(CALENDAR.replace("\n", "\r\n"))
    return {"tables": tmp_path / "tables", "mbox": _mailbox(tmp_path / "inbox.mbox"), "ics": tmp_path / "calendar.ics"}


def _interactions(store):
    return {r["subject"] or "": r for r in store.query(
        "MATCH (x:Interaction) RETURN x.id AS id, x.kind AS kind, x.date AS date, x.time AS time, "
        "x.subject AS subject, x.summary AS summary, x.confidentiality AS conf ORDER BY x.date, x.time")}


def test_a_generated_mailbox_and_calendar_load_exactly(store, mail, tmp_path):
    import_path(store, mail["tables"], ADMIN)
    report = import_mail(store, [mail["mbox"], mail["ics"]], ADMIN, reject_dir=tmp_path / "rejected")

    assert report.format == "mbox + icalendar"
    counts = {t.table: (t.created, t.updated, t.unchanged, t.rejected) for t in report.tables}
    # Ana, Bo and the chief are new; Maria gains her second address; Eve is found by her address
    assert counts == {"contacts": (3, 1, 0, 0), "interactions": (3 + 4, 0, 0, 1), "participants": (4 + 2 + 2 + 3 + 2 + 3 + 2, 0, 0, 0)}
    assert report.skipped == {"newsletter or mailing list (List-Id / List-Unsubscribe)": 1,
                              "auto-reply (out of office)": 1, "sent from a no-reply address": 1,
                              "bulk mail (Precedence: bulk / list / junk)": 1,
                              "the same message or meeting again in this import (same Message-ID / UID)": 1,
                              "cancelled meeting": 1}
    [problem] = report.problems
    assert (problem.file, problem.row, problem.message) == ("inbox.mbox", 7, "has no readable Date header")
    assert "mail.rejected.csv" in report.reject_files[0]
    assert any("mlopez@city.example.gov and maria.lopez@city.example.gov share the display name Maria Lopez"
               in n for n in report.notes)

    xs = _interactions(store)
    assert {s: (x["kind"], x["date"].isoformat(), x["time"]) for s, x in xs.items()} == {
        "Bus corridor funding": ("email", "2026-03-02", "14:30"),
        "Re: Bus corridor funding": ("email", "2026-03-03", "09:05"),
        "": ("email", "2026-03-04", "16:45"),  # no subject: kept without one
        "Corridor working group": ("meeting", "2026-03-24", "10:00"),  # the last of the series (below)
        "Corridor working group (moved)": ("meeting", "2026-03-10", "11:30"),
        "Regional summit": ("meeting", "2026-04-01", None),  # all day: no time
    }
    # the series: the 3rd, the 10th (moved to 11:30, above), not the 17th (an exception date), the 24th
    series = store.query("MATCH (x:Interaction) WHERE x.subject = 'Corridor working group' "
                         "RETURN x.date AS date, x.time AS time ORDER BY x.date")
    assert [(r["date"].isoformat(), r["time"]) for r in series] == [("2026-03-03", "10:00"), ("2026-03-24", "10:00")]
    assert all(x["summary"] is None and x["conf"] == "internal" for x in xs.values())  # no bodies by default

    contacts = {r["email"]: r for r in store.query(
        "MATCH (c:Contact) RETURN c.id AS id, c.name AS name, c.email AS email, c.kind AS kind, "
        "c.notes AS notes, c.confidentiality AS conf")}
    assert contacts[f"ana@{OURS}"]["kind"] == "our_staff" and contacts[f"ana@{OURS}"]["notes"] == "from mail, unreviewed"
    assert contacts["bo@county.example.gov"]["kind"] == "other"
    assert contacts[f"chief@{OURS}"]["conf"] == "confidential"  # known only from a blind copy
    assert contacts["maria.lopez@city.example.gov; mlopez@city.example.gov"]["id"] == "c-maria"

    roles = store.query("MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction {subject: 'Bus corridor funding'}) "
                        "RETURN c.name AS name, p.role AS role, p.confidentiality AS conf ORDER BY p.role")
    assert [(r["name"], r["role"], r["conf"]) for r in roles] == [
        ("Chief", "bcc", "confidential"), ("Bo Chen", "cc", "internal"), ("Maria Lopez", "recipient", "internal"),
        ("Ana Ruiz", "sender", "internal")]
    about = store.query("MATCH (x:Interaction)-[r:ABOUT]->(i:Issue) RETURN x.subject AS s, r.derived AS d, "
                        "r.method AS m ORDER BY s")
    assert [(r["s"], r["d"], r["m"]) for r in about] == [
        ("Bus corridor funding", True, 'subject keyword "bus corridor"'),
        ("Re: Bus corridor funding", True, 'subject keyword "bus corridor"')]


def test_a_reimport_changes_nothing_and_says_so(store, mail):
    import_path(store, mail["tables"], ADMIN)
    import_mail(store, [mail["mbox"], mail["ics"]], ADMIN)
    version = store.data_version()
    again = import_mail(store, [mail["mbox"], mail["ics"]], ADMIN)
    assert not again.changed
    assert again.totals() == {"created": 0, "updated": 0, "unchanged": 7 + 18, "rejected": 1}
    assert store.data_version() == version
    assert store.query("MATCH (x:Interaction) RETURN count(x) AS n")[0]["n"] == 7


def test_blind_copies_are_never_shown_below_confidential(store, mail):
    import_path(store, mail["tables"], ADMIN)
    import_mail(store, [mail["mbox"]], ADMIN)
    ana = store.query(f"MATCH (c:Contact {{email: 'ana@{OURS}'}}) RETURN c.id AS id")[0]["id"]
    chief = store.query(f"MATCH (c:Contact {{email: 'chief@{OURS}'}}) RETURN c.id AS id")[0]["id"]
    assert [e["text"] for e in history(store, ADMIN, chief)] == ["email at 14:30: Bus corridor funding (bcc)"]
    internal = Viewer("ed", Role.EDITOR, Confidentiality.INTERNAL)
    with pytest.raises(Exception):
        history(store, internal, chief)  # not even the person is shown
    texts = [e["text"] for e in history(store, internal, ana)]
    assert texts[0] == "email at 14:30: Bus corridor funding (sender)"
    mates = store.query("MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction {subject: 'Bus corridor funding'}) "
                        "WHERE p.confidentiality IN $visible AND c.confidentiality IN $visible RETURN c.name AS n",
                        {"visible": internal.visible})
    assert "Chief" not in {r["n"] for r in mates}


def test_snippets_are_kept_only_when_asked_and_then_confidential(store, mail):
    import_mail(store, [mail["mbox"]], ADMIN, keep_snippets=True)
    xs = _interactions(store)
    assert xs["Bus corridor funding"]["summary"] == "Hello, the corridor numbers are attached."
    assert {x["conf"] for x in xs.values()} == {"confidential"}
    with pytest.raises(Exception, match="above your clearance"):
        import_mail(store, [mail["mbox"]], EDITOR, keep_snippets=True)


def test_the_rfc_5545_examples_load(store):
    report = import_mail(store, sorted(DATA.glob("rfc5545-*.ics")), ADMIN)
    assert report.totals()["created"] == 2 + 3 + 3  # meetings, contacts, participations
    xs = _interactions(store)
    assert (xs["XYZ Project Review"]["date"], xs["XYZ Project Review"]["time"]) == (dt.date(1998, 3, 12), "08:30")
    assert (xs["Networld+Interop Conference"]["date"], xs["Networld+Interop Conference"]["time"]) == \
        (dt.date(1996, 9, 18), "14:30")
    roles = store.query("MATCH (c:Contact)-[p:PARTICIPATED_IN]->(x:Interaction {subject: 'XYZ Project Review'}) "
                        "RETURN c.email AS e, p.role AS r ORDER BY r")
    assert [(r["e"], r["r"]) for r in roles] == [("employee-a@example.com", "attendee"),
                                                 ("mrbig@example.com", "organizer")]


def test_times_follow_the_agency_time_zone_when_set(store, mail, monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_TIMEZONE", "America/New_York")
    import_mail(store, [mail["mbox"]], ADMIN)
    assert _interactions(store)["Bus corridor funding"]["time"] == "15:30"  # 14:30 in Chicago


def test_outlook_exports(store, tmp_path):
    (tmp_path / "calendar.csv").write_text(
        '"Subject","Start Date","Start Time","End Date","End Time","All day event","Meeting Organizer",'
        '"Required Attendees","Optional Attendees","Description","Private"\n'
        '"Transit board prep","3/13/2026","2:30:00 PM","3/13/2026","3:30:00 PM","False","Ana Ruiz",'
        '"Ana Ruiz;Bo Chen","","","False"\n'
        '"Check-in","3/4/2026","9:00:00 AM","3/4/2026","9:30:00 AM","False","Ana Ruiz","Bo Chen","","","True"\n')
    (tmp_path / "mailbox.csv").write_text(
        '"Subject","Body","From: (Name)","From: (Address)","To: (Name)","To: (Address)","CC: (Name)",'
        '"CC: (Address)","BCC: (Name)","BCC: (Address)"\n'
        '"Agenda","See attached","Ana Ruiz","ana@cog.example.gov","Bo Chen","bo@county.example.gov","","","",""\n')
    [report] = import_paths(store, [tmp_path / "calendar.csv", tmp_path / "mailbox.csv"], ADMIN)
    assert report.format == "outlook calendar csv + outlook mail csv"
    xs = _interactions(store)
    assert (xs["Transit board prep"]["date"], xs["Transit board prep"]["time"]) == (dt.date(2026, 3, 13), "14:30")
    # the 13th shows the file writes month/day, so 3/4 is March 4
    assert (xs["Check-in"]["date"], xs["Check-in"]["time"], xs["Check-in"]["conf"]) == \
        (dt.date(2026, 3, 4), "09:00", "confidential")
    [problem] = report.problems
    assert (problem.file, problem.row) == ("mailbox.csv", 2) and "leaves it out" in problem.message
    assert report.rejected == 1


def test_a_folder_of_eml_files_is_mail_and_shares_keys_with_the_mailbox(store, mail, tmp_path):
    folder = tmp_path / "saved"
    (folder / "2026").mkdir(parents=True)
    box = mailbox.mbox(mail["mbox"])
    for i, key in enumerate(box.iterkeys()):
        (folder / "2026" / f"{i}.eml").write_bytes(box.get_bytes(key))
    box.close()
    first = import_paths(store, [folder], ADMIN)[0]
    assert first.format == "eml folder" and first.totals()["rejected"] == 1
    assert sum(first.skipped.values()) == 5
    again = import_mail(store, [mail["mbox"]], ADMIN)  # the same messages from the mailbox: nothing new
    assert again.totals()["created"] == 0 and not again.changed


def test_a_display_name_alone_queues_the_new_contact_for_review(store, mail):
    from ingest.resolve.queue import pending_candidates

    import_path(store, mail["tables"], ADMIN)
    (mail["mbox"].parent / "more.mbox").write_bytes(b"")
    box = mailbox.mbox(mail["mbox"].parent / "more.mbox")
    box.add(_msg("<p1@gmail>", "Thu, 05 Mar 2026 08:00:00 -0600", "Eve Adams <eadams@gmail.com>",
                 f"ana@{OURS}", "Personal address"))
    box.flush()
    box.close()
    report = import_mail(store, [mail["mbox"].parent / "more.mbox"], ADMIN)
    assert any("wait in the review queue" in n for n in report.notes)
    [pair] = pending_candidates(store, ADMIN)
    assert {pair["a_name"], pair["b_name"]} == {"Eve Adams"} and "c-eve" in (pair["a_id"], pair["b_id"])
    assert "same given name Eve" in pair["evidence"]
    again = import_mail(store, [mail["mbox"].parent / "more.mbox"], ADMIN)
    assert not again.changed and len(pending_candidates(store, ADMIN)) == 1


def _network(path: Path, volumes: dict[str, int]) -> Path:
    """Our staff member i writes to Pat Lee ``volumes[i]`` times, on the same days for everyone."""
    box = mailbox.mbox(path)
    for staff, n in volumes.items():
        for k in range(n):
            day = dt.date(2026, 11, 1) - dt.timedelta(days=k)
            box.add(_msg(f"<{staff}-{k}@cog>", day.strftime("%a, %d %b %Y 10:00:00 -0600"),
                         f"{staff.title()} Staff <{staff}@{OURS}>", "Pat Lee <pat@city.example.gov>", f"Note {k}"))
    box.flush()
    box.close()
    return path


def test_on_mail_alone_the_top_correspondents_lead_who_knows_and_strength(store, tmp_path, monkeypatch):
    from queries.network import who_knows
    from queries.network_views import memory_risks, relationship_between, warm_paths_to

    monkeypatch.setenv("CIVICGRAPH_OUR_DOMAINS", OURS)
    import_mail(store, [_network(tmp_path / "net.mbox", {"amy": 6, "ben": 3, "cal": 1})], ADMIN)
    ids = {r["email"].split("@")[0]: r["id"] for r in store.query("MATCH (c:Contact) RETURN c.id AS id, c.email AS email")}
    ranked = who_knows(store, ADMIN, ids["pat"])
    assert [r["name"] for r in ranked] == ["Amy Staff", "Ben Staff", "Cal Staff"]
    assert all(r["kind"] == "our_staff" for r in ranked)
    strengths = [relationship_between(store, ADMIN, ids[s], ids["pat"])["strength"] for s in ("amy", "ben", "cal")]
    assert strengths[0] > strengths[1] > strengths[2] > 0
    paths = warm_paths_to(store, ADMIN, ids["pat"])
    assert [p["path"][0] for p in paths] == ["Amy Staff", "Ben Staff", "Cal Staff"]
    assert "6 e-mails" in paths[0]["because"][0]
    [risk] = memory_risks(store, ADMIN)  # only Amy holds the relationship with Pat; Ben and Cal could take over
    assert (risk["name"], risk["holder_names"], risk["risks"]) == ("Pat Lee", ["Amy Staff"], ["single_holder"])
    assert risk["could_take_over"] == [ids["ben"], ids["cal"]]


def test_on_mail_thirty_messages_rank_above_ten_in_who_knows_and_strength(store, tmp_path, monkeypatch):
    """who-knows and strength share one model (graph/analytics/strength.py): no saturation at the top."""
    from queries.network import who_knows
    from queries.network_views import relationship_between

    monkeypatch.setenv("CIVICGRAPH_OUR_DOMAINS", OURS)
    import_mail(store, [_network(tmp_path / "net.mbox", {"amy": 30, "ben": 10})], ADMIN)
    ids = {r["email"].split("@")[0]: r["id"] for r in store.query("MATCH (c:Contact) RETURN c.id AS id, c.email AS email")}
    ranked = who_knows(store, ADMIN, ids["pat"])
    assert [r["id"] for r in ranked] == [ids["amy"], ids["ben"]]
    assert 1.0 > ranked[0]["strength"] > ranked[1]["strength"]
    amy, ben = (relationship_between(store, ADMIN, ids[s], ids["pat"])["strength"] for s in ("amy", "ben"))
    assert amy > ben


def test_a_database_made_before_times_of_day_gains_the_column(tmp_path):
    import ladybug

    from graph.store import open_store
    from graph.store.embedded import DB_FILE

    (tmp_path / "db").mkdir()
    db = ladybug.Database(str(tmp_path / "db" / DB_FILE))
    ladybug.Connection(db).execute(
        "CREATE NODE TABLE Interaction(id STRING, confidentiality STRING, source STRING, kind STRING, date DATE, "
        "subject STRING, summary STRING, sentiment STRING, recorded_by STRING, PRIMARY KEY(id))")
    db.close()
    store = open_store(tmp_path / "db")
    try:
        assert "time" in {r["name"] for r in store.query("CALL table_info('Interaction') RETURN *")}
    finally:
        store.close()


def test_the_documented_examples_import_without_a_problem(store, tmp_path):
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "import-format.md").read_text(encoding="utf-8")
    section = doc.split("## Mail and calendars", 1)[1]
    mbox, ics, calendar_csv, mail_csv = re.findall(r"```\n(.*?)```", section, flags=re.S)
    (tmp_path / "inbox.mbox").write_text(mbox)
    (tmp_path / "one.eml").write_text(mbox.split("\n", 1)[1].replace("<m1@", "<m2@"))
    (tmp_path / "calendar.ics").write_text(ics)
    (tmp_path / "calendar.csv").write_text(calendar_csv)
    (tmp_path / "mailbox.csv").write_text(mail_csv)
    [report] = import_paths(store, sorted(tmp_path.glob("*.*")), ADMIN)
    assert report.problems == [] and report.rejected == 0 and report.skipped == {}
    assert {t.table: t.created for t in report.tables}["interactions"] == 1 + 1 + 3 + 1 + 1


def test_the_data_page_shows_a_mail_import_report(monkeypatch, texas_store, mail, tmp_path):
    from graph.store import open_store
    from pages.common import md
    from tests.test_app import _maker, texts

    other = open_store(tmp_path / "other")
    report = import_mail(other, [mail["mbox"]], ADMIN).as_dict()
    other.close()
    at = _maker(monkeypatch, texas_store)("pages/data.py")
    at.session_state["import-reports"] = [report]
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Created"], metrics["Skipped"], metrics["Rejected"]) == (str(5 + 3 + 8), "5", "1")  # 5 people, 3 messages, 8 participations
    assert f"Import report: {md('inbox.mbox')} (mbox)" in texts(at)  # as written: escaped for Markdown, shown plain
    assert any(list(d.value["reason"]) and "auto-reply (out of office)" in list(d.value["reason"]) for d in at.dataframe
               if "reason" in d.value)


def test_uploaded_files_are_split_into_tables_and_mail(tmp_path, mail):
    from ingest.mail.load import upload_paths

    folder = tmp_path / "upload"
    folder.mkdir()
    for p in (mail["tables"] / "contacts.csv", mail["mbox"], mail["ics"]):
        (folder / p.name).write_bytes(p.read_bytes())
    assert upload_paths(folder) == [folder / "tables", folder / "calendar.ics", folder / "inbox.mbox"]
    assert [p.name for p in (folder / "tables").iterdir()] == ["contacts.csv"]


def test_people_from_mail_wait_for_review_until_someone_checks_them(store, mail):
    from ingest.resolve.queue import mark_reviewed, unreviewed_from_mail

    import_path(store, mail["tables"], ADMIN)
    import_mail(store, [mail["mbox"]], ADMIN)
    waiting = unreviewed_from_mail(store, ADMIN)
    assert [r["name"] for r in waiting] == ["Ana Ruiz", "Bo Chen", "Chief"]
    assert [r["name"] for r in unreviewed_from_mail(store, EDITOR)] == ["Ana Ruiz", "Bo Chen"]  # not the Bcc-only one
    assert mark_reviewed(store, ADMIN, [waiting[0]["id"]]) == 1
    assert [r["name"] for r in unreviewed_from_mail(store, ADMIN)] == ["Bo Chen", "Chief"]
    assert not import_mail(store, [mail["mbox"]], ADMIN).changed  # a re-import does not mark her again


def test_the_cli_imports_tables_and_mail_in_one_command(mail, tmp_path):
    import json

    from click.testing import CliRunner

    from cli.main import cli
    from tests.test_cli import run

    db = tmp_path / "db"
    out = run("import", str(mail["tables"]), str(mail["mbox"]), str(mail["ics"]), "--rejects",
              str(tmp_path / "rej"), "--format", "json", store=db)
    assert out.exit_code == 0, out.output
    tables, mails = json.loads(out.output)
    assert tables["format"] == "csv folder" and "skipped" not in tables  # the canonical report's shape is kept
    assert mails["format"] == "mbox + icalendar" and sum(mails["skipped"].values()) == 6
    assert mails["totals"] == {"created": 3 + 7 + 18, "updated": 1, "unchanged": 0, "rejected": 1}
    again = run("import", str(mail["mbox"]), str(mail["ics"]), "--rejects", str(tmp_path / "rej"), store=db)
    assert "skipped: 1 cancelled meeting" in again.output
    total = next(line.split() for line in again.output.splitlines() if line.startswith("total"))
    assert total == ["total", "0", "0", "25", "1"]  # created, updated, unchanged, rejected
    bad = CliRunner().invoke(cli, ["--store", str(db), "--clearance", "internal", "import", str(mail["mbox"]),
                                   "--keep-snippets", "--rejects", str(tmp_path / "rej")])
    assert bad.exit_code != 0 and "above your clearance" in bad.output
