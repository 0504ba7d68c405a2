"""Data: upload lists with a validation report, review duplicates, log an interaction, export and back up."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from graph.errors import CivicGraphError
from graph.model import InteractionKind, Sentiment
from ingest.interactions import log_interaction
from ingest.problems import problems_frame
from pages.common import call, downloads, header, issue_picker, md, pick_many, show_error, store, table, today, viewer
from queries.outreach import choices

header("Data", "Bring lists in, find the same person twice, log what happened, take everything out.")
who = viewer()
upload, dupes, log, out = st.tabs(["Upload", "Duplicates", "Log an interaction", "Export & backup"])

with upload:
    st.caption("Lists as CSV or Excel, one file per table (contacts.csv, organizations.csv…), Open States YAML, or "
               "mail and calendars (.mbox, .eml, .ics, Outlook CSV exports: one interaction per message or meeting). "
               "Bad rows are never lost: each is listed with its row, column and fix, and can be downloaded, "
               "corrected and uploaded again.")
    with st.expander("Start from a template: what each list needs"):
        from ingest.templates import NAMES, table_help, template_csv

        pick = st.selectbox("List", NAMES, index=NAMES.index("contacts"), key="template-table")
        st.download_button(f"⬇ {pick}.csv template", template_csv(pick).encode("utf-8-sig"), f"{pick}.csv",
                           "text/csv", key="template-dl")
        st.markdown(table_help(pick))  # our own documentation (docs/import-format.md), not user data
    files = st.file_uploader("Files", accept_multiple_files=True, key="upload",
                             type=["csv", "xlsx", "xlsm", "yml", "yaml", "jsonl", "json", "mbox", "eml", "ics"])
    snippets = st.checkbox("Keep the first lines of each message (stored as confidential)", key="snippets",
                           disabled=not who.can_see("confidential"))
    if files and st.button("Import", type="primary", disabled=not who.can_write):
        from ingest.mail.load import import_paths, upload_paths

        with tempfile.TemporaryDirectory(prefix="civicgraph-upload-") as tmp:
            folder = Path(tmp) / "upload"
            folder.mkdir()
            for f in files:
                (folder / Path(f.name).name).write_bytes(f.getvalue())
            try:
                with st.spinner(f"Importing {len(files)} file(s)…"):
                    reports = import_paths(store(), upload_paths(folder), who, keep_snippets=snippets,
                                           reject_dir=Path(tmp) / "rejected")
                st.session_state["import-reports"] = [r.as_dict() for r in reports]
                st.session_state["import-rejects"] = {Path(p).name: Path(p).read_bytes()
                                                      for r in reports for p in r.reject_files}
            except CivicGraphError as exc:
                show_error(exc)
    if not who.can_write:
        st.caption(f"Only editors can import; you are a {who.role.value}.")
    for n, report in enumerate(st.session_state.get("import-reports", [])):
        st.subheader(f"Import report: {md(Path(report['source']).name)} ({md(report['format'])})")
        totals = report["totals"]
        cols = st.columns(5 if "skipped" in report else 4)
        for col, k in zip(cols, ("created", "updated", "unchanged", "rejected")):
            col.metric(k.capitalize(), f"{totals[k]:,}")
        if "skipped" in report:
            cols[4].metric("Skipped", f"{sum(report['skipped'].values()):,}")
            if report["skipped"]:
                table(pd.DataFrame({"reason": list(report["skipped"]), "messages": list(report["skipped"].values())}),
                      key=f"report-skipped-{n}")
        table(pd.DataFrame(report["tables"]), key=f"report-tables-{n}")
        for note in report["notes"]:
            st.caption(note)
        if report["problems"]:
            st.warning(f"{len(report['problems'])} problem(s): fix them and upload the rejected rows again.")
            problems = problems_frame(report["problems"])
            problems = problems[[c for c in ("row", "column", "value", "message", "fix", "file", "severity")
                                 if c in problems]]
            table(problems, key=f"report-problems-{n}", labels={"message": "Problem", "fix": "How to fix it"},
                  widths={"row": 45, "column": 100, "value": 120, "message": 260, "fix": 280})
            downloads(problems, "import-problems", key=f"dl-problems-{n}")
    for name, data in st.session_state.get("import-rejects", {}).items():
        st.download_button(f"⬇ {name}", data, name, "text/csv", key=f"rej-{name}")

with dupes:
    st.caption("Upload the contact lists to merge (CSV or Excel, any columns): the same person across lists "
               "becomes one row; uncertain pairs wait here for a person to decide.")
    lists = st.file_uploader("Contact lists", accept_multiple_files=True, type=["csv", "xlsx"], key="lists")
    if lists:
        from ingest.resolve import one_row_per_person, resolve_files

        with tempfile.TemporaryDirectory(prefix="civicgraph-lists-") as tmp:
            paths = []
            for f in lists:
                path = Path(tmp) / Path(f.name).name
                path.write_bytes(f.getvalue())
                paths.append(path)
            try:
                with st.spinner("Finding duplicates…"):
                    res = resolve_files(paths)
            except CivicGraphError as exc:
                show_error(exc)
                res = None
        if res is not None:
            s = res.stats
            st.caption(f"{s['records']} rows → {s['people']} people · {s['merge_pairs']} merged automatically · "
                       f"{s['review_pairs']} to review")
            decisions = st.session_state.setdefault("review", {})
            for n, pair in enumerate(res.review[:50]):
                a, b = res.records.iloc[pair.a], res.records.iloc[pair.b]
                with st.container(border=True):
                    st.markdown(f"**{pair.score:.0%}** same person?")
                    left, right = st.columns(2)
                    left.write({k: v for k, v in a.items() if v not in ("", None)})
                    right.write({k: v for k, v in b.items() if v not in ("", None)})
                    st.caption(md("; ".join(pair.evidence)))
                    decisions[n] = st.radio("Decision", ["undecided", "same person", "different people"],
                                            key=f"pair-{n}", horizontal=True)
            merged = [p for n, p in enumerate(res.review[:50]) if decisions.get(n) == "same person"]
            people = one_row_per_person(res.clusters, res.records,
                                        [p for n, p in enumerate(res.review[:50]) if decisions.get(n) == "undecided"])
            if merged:
                st.caption(f"{len(merged)} pair(s) you marked as the same person are merged in the download.")
            table(people, key="people")
            downloads(people, "one-row-per-person", key="dl-people")

with log:
    if not who.can_write:
        st.caption(f"Only editors can log interactions; you are a {who.role.value}.")
    people = pick_many("People (type a name, pick it, type the next)", key="log-people", kinds=("Contact",))
    staff_names = {c["id"]: c["name"] for c in call(choices) if c["label"] == "Contact" and c["kind"] == "our staff"}
    staff = st.multiselect("Our staff present", list(staff_names), format_func=staff_names.get, key="log-staff",
                           select_all=False)
    organizations = pick_many("Organizations (optional)", key="log-orgs", kinds=("Organization",))
    def log_it() -> None:
        """Runs on "Log it", before the page: the write, then the confirmation (and empty fields) for the rerun."""
        ss = st.session_state
        guests = [p for p in ss.get("log-people") or [] if p not in (ss.get("log-staff") or [])]
        staff = list(ss.get("log-staff") or [])
        try:
            log_interaction(store(), who, kind=ss["log-kind"], date=ss["log-date"], subject=ss["log-subject"],
                            summary=ss["log-summary"], sentiment=ss["log-sentiment"] or None,
                            participants=[(p, "attendee") for p in guests + staff],
                            organizations=ss.get("log-orgs") or [],
                            issues=[ss["log-issue"]] if ss.get("log-issue") else [], confidentiality=ss["log-level"])
        except CivicGraphError as exc:
            ss["log-failed"], ss["logged"] = exc, None
            return
        ss["logged"] = {"kind": ss["log-kind"], "subject": ss["log-subject"].strip(),
                        "date": ss["log-date"].isoformat(), "people": guests, "staff": staff}
        ss["log-failed"], ss["log-subject"], ss["log-summary"] = None, "", ""

    with st.form("log"):
        c1, c2, c3 = st.columns(3)
        c1.date_input("Date", today(), key="log-date")
        c2.selectbox("Kind", [k.value for k in InteractionKind], key="log-kind")
        c3.selectbox("Sentiment", ["", *(s.value for s in Sentiment)], format_func=lambda v: v or "not recorded",
                     key="log-sentiment")
        st.text_input("Subject", key="log-subject")
        issue_picker("Issue", key="log-issue")
        st.text_area("Summary", key="log-summary")
        st.selectbox("Confidentiality", who.visible, key="log-level")
        st.form_submit_button("Log it", type="primary", disabled=not who.can_write, on_click=log_it)
    if st.session_state.get("log-failed"):
        show_error(st.session_state["log-failed"])
    done = st.session_state.get("logged")
    if done:
        names = {c["id"]: c["name"] for c in call(choices)}
        said = ", ".join(names.get(p, p) for p in done["people"]) or "nobody outside our staff"
        ours = f"; our staff: {', '.join(names.get(s, s) for s in done['staff'])}" if done["staff"] else ""
        st.success(md(f"Logged {done['kind']} '{done['subject']}' on {done['date']} with {said}{ours}."))
        for p in done["people"][:5]:
            st.page_link("pages/profile.py", label=f"Open {md(names.get(p, p))}'s profile", icon=":material/person:",
                         query_params={"id": p})

with out:
    from ingest.export import export_tables

    st.caption("Everything you may see, as the canonical tables (re-importable).")
    if st.button("Prepare the export"):
        try:
            with st.spinner("Exporting…"):
                tables = export_tables(store(), who)
            st.session_state["export"] = tables
        except CivicGraphError as exc:
            show_error(exc)
    tables = st.session_state.get("export")
    if tables:
        choice = st.selectbox("Table", list(tables))
        st.caption(f"{len(tables[choice]):,} rows")
        downloads(tables[choice], choice, key="dl-export")
    if who.role.value == "admin":
        if st.button("Make a backup"):
            from ingest.backup import backup

            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"civicgraph-{today().isoformat()}.zip"
                try:
                    backup(store(), who, path)
                    st.download_button("⬇ Backup (zip)", path.read_bytes(), path.name, "application/zip")
                except CivicGraphError as exc:
                    show_error(exc)
