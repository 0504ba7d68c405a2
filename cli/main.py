"""The ``civicgraph`` command line: each command opens the store, makes one library
call and prints the answer. Errors become one clear line and a non-zero exit.

JSON output (``--format json``) is a public interface for scripts: see
docs/cli.md for every command's shape.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from cli import analytics_cmd, questions, resolve_cmd
from cli.common import CONTEXT, Context, errors_as_messages, format_option
from cli.output import render, to_json
from graph import settings
from graph.files import private_umask
from graph.model import Confidentiality
from graph.store import is_neo4j_url

@click.group(context_settings=CONTEXT)
@click.option("--store", "store_url", envvar="CIVICGRAPH_STORE", metavar="FOLDER|URI",
              help="the embedded database folder (default ./civicgraph-data) or a neo4j:// URI "
                   "[env CIVICGRAPH_STORE]")
@click.option("--clearance", type=click.Choice([c.value for c in Confidentiality]),
              help="see only what a viewer with this clearance would see")
@click.version_option(package_name="civicgraph")
@click.pass_context
def cli(ctx: click.Context, store_url: str | None, clearance: str | None) -> None:
    """CivicGraph: relationship intelligence for the public sector.

    \b
    Example:
      civicgraph demo                       # load the demo region
      civicgraph stats
      civicgraph query members_of --param organization=o-rtc-board --param as_of=2019-06-01
    """
    private_umask()  # everything this run writes (store, caches, backups, exports, rejects) is private
    ctx.obj = Context(store_url, clearance)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--rejects", type=click.Path(path_type=Path),
              help="folder for the rejected rows (default: rejected/ in the store folder)")
@click.option("--keep-snippets", is_flag=True,
              help="mail and calendars: keep the first lines of each message or meeting (stored as confidential)")
@format_option
@click.pass_obj
@errors_as_messages
def import_cmd(obj: Context, paths: tuple[Path, ...], rejects: Path | None, keep_snippets: bool, fmt: str) -> None:
    """Import a folder of CSV / JSON Lines files, an Excel workbook, Open States YAML,
    or mail and calendars (.mbox, .eml files or a folder of them, .ics, Outlook CSV exports).

    The format is detected. Rows with problems are rejected, reported with the
    file, row, column and the fix, and written to REJECTS/<table>.rejected.csv:
    correct them there and import that file again. Importing the same data twice
    changes nothing. Each message or meeting becomes one interaction; newsletters
    and automatic mail are skipped and counted; bodies are not stored unless
    --keep-snippets.

    \b
    Example:
      civicgraph import contacts-2026/
      civicgraph import board-lists.xlsx --format json
      civicgraph import inbox.mbox calendar.ics mail-folder/
    """
    from ingest.mail.load import import_paths
    from ingest.pipeline import reject_folder

    with obj.open(write=True) as store, _progress_bar(fmt) as progress:
        rejects = rejects or reject_folder(store)
        reports = import_paths(store, paths, obj.viewer, keep_snippets=keep_snippets, progress=progress,
                               reject_dir=rejects)
    if fmt == "json" and len(reports) > 1:
        click.echo(to_json([r.as_dict() for r in reports]))
    else:
        for report in reports:
            _print_report(report, fmt)
    for report in reports:
        if report.rejected and fmt != "json":
            if report.reject_files:
                click.echo(f"{report.rejected} rows were rejected; fix them in {', '.join(report.reject_files)} "
                           "and import that file again.", err=True)
            else:  # records a reader (Open States, congress-legislators) could not map: no reject file
                click.echo(f"{report.rejected} records were rejected; the errors above say where and how to fix "
                           "them in the source files.", err=True)


@cli.command()
@click.option("--size", type=click.Choice(["demo", "medium", "benchmark"]), default="demo", show_default=True,
              help="demo: ~2,000 contacts; medium: 20,000 contacts and 200,000 interactions; "
                   "benchmark: 100,000 contacts and 1,000,000 interactions")
@click.option("--seed", default=7, show_default=True, help="the generator's seed; the same seed, the same region")
@click.option("--sample", type=click.Choice(["region", "texas", "both"]), default="region", show_default=True,
              help="region: the generated demo region; texas: the real Texas legislature (Open States)")
@click.option("--replace", is_flag=True, help="delete the embedded database folder first")
@click.option("--today", "end", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="the day the region's data ends on (default: today, or CIVICGRAPH_TODAY)")
@format_option
@click.pass_obj
@errors_as_messages
def demo(obj: Context, size: str, seed: int, sample: str, replace: bool, end, fmt: str) -> None:
    """Load the demo region (generated, deterministic) and/or the Texas sample.

    The region's data ends on the day it is made (or on --today): its planted cases (the notice
    missing a member, the deceased board member, the staff member about to leave ...) keep their
    distance from that day. The same seed and the same day give the same region.

    \b
    Example:
      civicgraph demo --replace
      civicgraph demo --replace --today 2027-06-30
      civicgraph --store /tmp/medium demo --size medium
      civicgraph --store /tmp/bench demo --size benchmark
      civicgraph demo --sample texas
    """
    from ingest.samples import load_sample

    if replace:
        if is_neo4j_url(obj.url):
            raise click.ClickException("--replace only works on the embedded store; clear Neo4j yourself")
        shutil.rmtree(obj.url, ignore_errors=True)
    with obj.open(write=True) as store, _progress_bar(fmt) as progress:
        reports = load_sample(store, obj.viewer, sample=sample, size=size, seed=seed,
                              today=end.date() if end else None, progress=progress)
    if fmt == "json":
        click.echo(to_json([r.as_dict() for r in reports]))
    else:
        for report in reports:
            _print_report(report, fmt)


@cli.command()
@format_option
@click.pass_obj
@errors_as_messages
def stats(obj: Context, fmt: str) -> None:
    """Count the records you may see in the store, by kind.

    \b
    Example:
      civicgraph stats --format json
    """
    with obj.open() as store:
        counts = store.counts(obj.viewer.visible)
        data = {"store": store.location, "engine": store.engine, "data_version": store.data_version(),
                "nodes": counts.nodes, "relationships": counts.relationships}
    if fmt == "json":
        click.echo(to_json(data))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts.nodes.items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in counts.relationships.items()]
    if fmt == "table":
        click.echo(f"{data['store']} ({data['engine']})")
    click.echo(render(rows, fmt))


@cli.command()
@format_option
@click.pass_obj
@errors_as_messages
def doctor(obj: Context, fmt: str) -> None:
    """Check that this installation is private: the store folder readable by you only, a roles file set.

    Exits with status 1 when something needs fixing; each warning names the fix.

    \b
    Example:
      civicgraph doctor
    """
    from graph.doctor import privacy_findings

    folder = None if is_neo4j_url(obj.url) else obj.url
    findings = privacy_findings(folder, roles_file=settings.get("roles_file"))
    rows = [f.as_dict() for f in findings]
    if fmt == "json":
        click.echo(to_json({"ok": all(f.ok for f in findings), "findings": rows}))
    elif fmt == "csv":
        click.echo(render(rows, fmt, ["check", "ok", "message"]))
    else:  # whole lines: a table would cut the fix off
        for r in rows:
            click.echo(f'{"ok" if r["ok"] else "WARNING"} {r["check"]}: {r["message"]}')
    if not all(f.ok for f in findings):
        raise SystemExit(1)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f'"{pair}" should be key=value', param_hint="--param")
        key, value = pair.split("=", 1)
        params[key.strip()] = value
    return params


@cli.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="a query parameter; repeat for several")
@format_option
@click.pass_obj
@errors_as_messages
def query(obj: Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (see "civicgraph queries") and print its rows.

    \b
    Example:
      civicgraph query members_of --param organization=o-rtc-board --param as_of=2019-06-01
      civicgraph query partners_for_issue -p issue=i-transportation -p as_of=2026-11-15 --format json
    """
    import queries

    q = queries.get(name)
    with obj.open() as store:
        rows = queries.run(store, name, obj.viewer, **_parse_params(params))
    click.echo(render(rows, fmt, list(q.columns) or None))


@cli.command("queries")
@format_option
@errors_as_messages
def list_queries(fmt: str) -> None:
    """List the named queries with their parameters.

    \b
    Example:
      civicgraph queries --format json
    """
    import queries

    rows = [
        {"name": q.name, "title": q.title,
         "params": [f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.params]}
        for q in queries.catalogue().values()
    ]
    click.echo(render(rows, fmt))


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--excel", type=click.Path(path_type=Path), help="also write one workbook with a sheet per table")
@click.option("--public-records", is_flag=True,
              help="a release for people: only public records and links between them, personal fields "
                   "redacted (with redaction-log.csv saying what and why), formula-like cells neutralized")
@format_option
@click.pass_obj
@errors_as_messages
def export(obj: Context, folder: Path, excel: Path | None, public_records: bool, fmt: str) -> None:
    """Export everything you may see as the canonical CSV files (re-importable).

    \b
    Example:
      civicgraph export out/
      civicgraph export --public-records public-records/ --excel public-records.xlsx
    """
    from ingest.export import export_tables, public_records_viewer, write_excel, write_redaction_log, write_tables

    viewer = public_records_viewer(obj.viewer) if public_records else obj.viewer
    log: list[dict[str, str]] = []
    with obj.open() as store:
        tables = export_tables(store, viewer, log=log)
    paths = write_tables(tables, folder, for_people=public_records)
    if excel:
        write_excel(tables, excel)
    rows = [{"table": p.stem, "file": str(p), "rows": len(tables[p.stem])} for p in paths]
    if viewer.clearance is Confidentiality.PUBLIC:
        rows.append({"table": "redaction-log", "file": str(write_redaction_log(log, folder)), "rows": len(log)})
    click.echo(render(rows, fmt))


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@format_option
@click.pass_obj
@errors_as_messages
def backup(obj: Context, file: Path, fmt: str) -> None:
    """Write a consistent backup (a zip of every table) while the dashboard may run.

    \b
    Example:
      civicgraph backup backups/civicgraph-2026-11-23.zip
    """
    from ingest.backup import backup as make_backup

    with obj.open() as store:
        manifest = make_backup(store, obj.viewer, file)
    if fmt == "json":
        click.echo(to_json({"file": str(file), **manifest}))
    else:
        click.echo(f"wrote {file}: {sum(manifest['rows'].values())} rows")


@cli.command()
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="merge into a store that is not empty")
@format_option
@click.pass_obj
@errors_as_messages
def restore(obj: Context, file: Path, force: bool, fmt: str) -> None:
    """Restore a backup zip into an empty store.

    \b
    Example:
      civicgraph --store restored-data restore backups/civicgraph-2026-11-23.zip
    """
    from ingest.backup import restore as do_restore

    with obj.open(write=True) as store:
        report = do_restore(store, obj.viewer, file, force=force)
    _print_report(report, fmt)


@cli.command("neo4j-files")
@click.argument("folder", type=click.Path(path_type=Path))
@format_option
@click.pass_obj
@errors_as_messages
def neo4j_files(obj: Context, folder: Path, fmt: str) -> None:
    """Write the embedded store as neo4j-admin's import files, for a first load of an empty Neo4j.

    Import into the embedded store first (civicgraph import), then load these files with
    `neo4j-admin database import full` while the Neo4j database is stopped (docs/neo4j.md).

    \b
    Example:
      civicgraph import region/ && civicgraph neo4j-files neo4j-import/
    """
    from graph.errors import StoreError
    from graph.files import private_dir
    from graph.store.neo4j_offline import write_import_files

    viewer = obj.viewer
    viewer.require_admin("write the whole store for Neo4j's importer")
    if viewer.clearance is not Confidentiality.CONFIDENTIAL or is_neo4j_url(obj.url):
        raise StoreError("neo4j-files writes every record and the audit log of an embedded store: run it as an "
                         "admin cleared for confidential records, with --store the embedded store's folder")
    files = write_import_files(obj.url, private_dir(folder))  # confidential records: the owner's alone
    if fmt == "json":
        click.echo(to_json({"folder": str(folder), "rows": files.rows, "arguments": files.args}))
    else:
        click.echo(f"wrote {files.total:,} rows into {folder}; with the Neo4j database stopped:\n"
                   f"neo4j-admin database import full {' '.join(files.args)} neo4j")


@cli.command()
@click.option("--since", type=click.DateTime(), help="only entries at or after this date/time (UTC)")
@click.option("--limit", type=click.IntRange(1, 1_000_000_000), help="at most this many entries")
@click.option("--verify", is_flag=True, help="check the hash chain; exit status 1 if it was tampered with")
@format_option
@click.pass_obj
@errors_as_messages
def audit(obj: Context, since, limit: int | None, verify: bool, fmt: str) -> None:
    """Show the audit log (who changed what, when, before and after), or verify it.

    \b
    Example:
      civicgraph audit --since 2026-11-01 --format csv > audit.csv
      civicgraph audit --verify
    """
    from graph import audit as au

    with obj.open() as store:
        obj.viewer.require_admin("read the audit log")
        if verify:
            result = au.verify(store)
        else:
            rows = [e.as_dict() for e in au.read_log(store, obj.viewer, since=since, limit=limit)]
    if not verify:
        click.echo(render(rows, fmt, list(au.FIELDS)))
        return
    if fmt == "json":
        click.echo(to_json(result.as_dict()))
    else:
        status = "intact" if result.ok else "BROKEN"
        click.echo(f"audit log {status}: {result.entries} entries; head hash {result.head_hash}")
        for problem in result.problems:
            click.echo(f"problem: {problem}", err=True)
    if not result.ok:
        raise SystemExit(1)


@cli.command()
@format_option
@errors_as_messages
def whoami(fmt: str) -> None:
    """Show who you are to CivicGraph: user, role, clearance, and where that comes from.

    \b
    Example:
      CIVICGRAPH_ROLES_FILE=roles.toml civicgraph whoami
    """
    from graph.access import load_access, local_viewer

    config = load_access()
    v = local_viewer(config=config)
    source = str(config.source) if config.source else "no roles file: the local user is admin"
    click.echo(render([{"user": v.user, "role": v.role.value, "clearance": v.clearance.value,
                        "from": source}], fmt))


@cli.command()
@click.option("--port", default=8501, show_default=True)
@click.option("--demo", "load_demo", is_flag=True, help="load the demo region first if the store is empty")
@click.pass_obj
@errors_as_messages
def dashboard(obj: Context, port: int, load_demo: bool) -> None:
    """Start the dashboard and print its address: open it in your browser (it listens on this machine only).

    \b
    Example:
      civicgraph dashboard --demo
    """
    import os

    if load_demo:
        from ingest.samples import ensure_demo

        click.echo(ensure_demo(obj.url, obj.viewer), err=True)
    app = Path(__file__).resolve().parent.parent / "app.py"
    click.echo(f"CivicGraph's dashboard: open http://127.0.0.1:{port} in your browser (Ctrl+C stops it)", err=True)
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", "127.0.0.1",
           "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    sys.stdout.flush()
    sys.stderr.flush()
    # the server takes this process's place: a stop signal (a service manager, a test's terminate())
    # reaches it, where a child server outlived its stopped parent
    os.execve(sys.executable, cmd, {**os.environ, "CIVICGRAPH_STORE": obj.url})


# -- helpers ---------------------------------------------------------------

class _progress_bar:
    """A tqdm bar on stderr for long imports; silent for JSON output and non-terminals."""

    def __init__(self, fmt: str) -> None:
        self.enabled = fmt != "json" and sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from tqdm import tqdm

        def progress(stage: str, done: int, total: int) -> None:
            if self.bar is None:
                self.bar = tqdm(total=total, desc=stage, unit="rows", file=sys.stderr, leave=False)
            if self.bar.desc != stage or self.bar.total != total:
                self.bar.reset(total=total)
                self.bar.set_description(stage)
            self.bar.n = done
            self.bar.refresh()

        return progress

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def _print_report(report, fmt: str) -> None:
    if fmt == "json":
        click.echo(to_json(report.as_dict()))
        return
    click.echo(f"Imported {report.source} ({report.format}) in {report.seconds:.1f} s")
    rows = [{"table": t.table, "file": t.file, "created": t.created, "updated": t.updated,
             "unchanged": t.unchanged, "rejected": t.rejected} for t in report.tables]
    totals = report.totals()
    rows.append({"table": "total", "file": "", **totals})
    click.echo(render(rows, fmt))
    if not report.changed and not report.rejected:
        click.echo("Nothing changed: everything was already in the store.")
    for reason, count in (report.skipped or {}).items():
        click.echo(f"skipped: {count:,} {reason}")
    for note in report.notes:
        click.echo(f"note: {note}")
    for problem in report.problems:
        click.echo(f"{problem.severity}: {problem}", err=True)


def main() -> None:
    cli(prog_name="civicgraph")


for _command in (*questions.COMMANDS, *resolve_cmd.COMMANDS, *analytics_cmd.COMMANDS):
    cli.add_command(_command)
