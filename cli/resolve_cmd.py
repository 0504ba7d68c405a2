"""Entity-resolution commands: resolve, merge, unmerge, merges, duplicates, invitations.

Each opens the store only if it needs it, makes one library call (ingest/resolve)
and prints the answer. JSON shapes: docs/cli.md and docs/entity-resolution.md.
cli/main.py adds ``COMMANDS`` to the group.
"""
from __future__ import annotations

import datetime as dt

import click

from cli.common import errors_as_messages, format_option
from cli.output import render, to_json

def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        column, sep, field = value.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise click.BadParameter(f'"{value}" should be Column=field, e.g. --map "Surname=family_name"',
                                     param_hint="--map")
        mapping[column.strip()] = field.strip()
    return mapping


map_option = click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
                          help='say which field a column holds (e.g. "Surname=family_name", "Notes=ignore"); '
                               "repeatable")


def _problems(res) -> None:
    for note in res.notes:
        click.echo(f"note: {note}", err=True)
    for problem in res.problems:
        click.echo(f"{problem.severity}: {problem}", err=True)


def _where(record: dict) -> str:
    return f'store:{record["store_id"]}' if "store_id" in record else f'{record["file"]}:{record["row"]}'


@click.command("resolve")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@map_option
@click.option("--auto-threshold", type=click.FloatRange(0, 1), default=0.95, show_default=True,
              help="merge without asking at or above this probability")
@click.option("--review-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="send to the review queue at or above this probability (below: different people)")
@click.option("--against-store", is_flag=True, help="resolve the lists against the stored contacts too")
@click.option("--load", is_flag=True, help="with --against-store: import the people (new contacts, or updates "
                                           "of the stored ones they match), keeping each record's file:row")
@click.option("--invitations", is_flag=True, help="print one row per person with every list they are on")
@format_option
@click.pass_obj
@errors_as_messages
def resolve(obj, paths, maps, auto_threshold, review_threshold, against_store, load, invitations, fmt) -> None:
    """Find the same person across contact lists (CSV or Excel) and show who is who.

    Each cluster is one person: the file and row of every record (and the stored
    contact's id with --against-store), the score and the evidence. Pairs that need
    a person's judgement are listed for review. Nothing is written unless --load.

    \b
    Example:
      civicgraph resolve council.csv mpo_board.xlsx transit.csv
      civicgraph resolve board.csv --map "Surname=family_name" --format json
      civicgraph resolve *.csv --invitations --format csv > invitations.csv
      civicgraph resolve board.csv --against-store
      civicgraph resolve board.csv --against-store --load
    """
    from ingest.resolve import one_row_per_person, resolve_files
    from ingest.resolve.store import list_clusters, load_resolution, resolve_against_store, store_ids

    if load and not against_store:
        raise click.UsageError("--load needs --against-store: people are loaded as matched to the stored contacts")
    options = {"auto_threshold": auto_threshold, "review_threshold": review_threshold}
    loaded = None
    if against_store:
        with obj.open(write=load) as store:
            res = resolve_against_store(store, obj.viewer, paths, _mapping(maps), **options)
            if load:
                loaded = load_resolution(store, obj.viewer, res)
    else:
        res = resolve_files(paths, _mapping(maps), **options)
    _problems(res)
    if invitations:
        rows = one_row_per_person(res.clusters, res.records, res.review).to_dict("records")
        click.echo(to_json(rows) if fmt == "json" else render(rows, fmt))
        return
    data = res.as_dict()
    if against_store:  # the lists' people, not every stored contact
        shown = {c.id for c in list_clusters(res)}
        data["clusters"] = [dict(c, store_ids=store_ids(res, next(x.records for x in res.clusters if x.id == c["id"])))
                            for c in data["clusters"] if c["id"] in shown]
        data["review"] = [q for q in data["review"] if any("file" in r for r in q["records"])]
        data["pairs"] = [q for q in data["pairs"] if any("file" in r for r in q["records"])]
        if loaded is not None:
            data["loaded"] = loaded
    if fmt == "json":
        click.echo(to_json(data))
        return
    rows = [{"person": c["id"], "records": "; ".join(_where(r) for r in c["records"]),
             "names": "; ".join(dict.fromkeys(c["names"])), "score": c["score"], "evidence": "; ".join(c["evidence"])}
            for c in data["clusters"]]
    click.echo(render(rows, fmt))
    if data["review"] and fmt == "table":
        click.echo(f"\n{len(data['review'])} pair(s) to review:")
        review = [{"records": " / ".join(_where(r) for r in q["records"]), "score": q["score"],
                   "evidence": "; ".join(q["evidence"])} for q in data["review"]]
        click.echo(render(review, "table"))
    if loaded is not None and fmt == "table":
        click.echo(f"\nloaded: {len(loaded['created'])} new contact(s), {len(loaded['updated'])} updated; "
                   f"{len(loaded['needs_review'])} person(s) wait for review and were not loaded")


@click.command("merge")
@click.argument("keep_id")
@click.argument("duplicate_id")
@click.option("--reason", default="", help="why: kept with the merge record and in the audit log")
@format_option
@click.pass_obj
@errors_as_messages
def merge(obj, keep_id, duplicate_id, reason, fmt) -> None:
    """Merge the stored contact DUPLICATE_ID into KEEP_ID (editors and admins).

    Every relationship of the duplicate moves to the kept contact, empty properties
    are filled, names and sources are kept; the whole merge is recorded and audited
    and can be undone with "civicgraph unmerge MERGE_ID".

    \b
    Example:
      civicgraph merge c-kirk-watson ocd-person/603db6b7-89e7-488f-ac09-0da68b3dbce4 --reason "same mayor"
    """
    from ingest.resolve.merge import merge_contacts

    with obj.open(write=True) as store:
        summary = merge_contacts(store, obj.viewer, keep_id, duplicate_id, reason=reason)
    click.echo(to_json(summary) if fmt == "json" else render([summary], fmt))


@click.command("unmerge")
@click.argument("merge_id")
@format_option
@click.pass_obj
@errors_as_messages
def unmerge(obj, merge_id, fmt) -> None:
    """Undo the merge MERGE_ID: the duplicate and its relationships come back (editors and admins).

    \b
    Example:
      civicgraph merges
      civicgraph unmerge merge-20261123-1a2b3c4d
    """
    from ingest.resolve.merge import unmerge as undo

    with obj.open(write=True) as store:
        summary = undo(store, obj.viewer, merge_id)
    click.echo(to_json(summary) if fmt == "json" else render([summary], fmt))


@click.command("merges")
@format_option
@click.pass_obj
@errors_as_messages
def merges(obj, fmt) -> None:
    """List the merges, newest first (undone ones with undone_at).

    \b
    Example:
      civicgraph merges --format json
    """
    from ingest.resolve.merge import merges as list_merges

    with obj.open() as store:
        rows = list_merges(store, obj.viewer)
    click.echo(render(rows, fmt, ["id", "at", "user", "keep_id", "duplicate_id", "reason", "undone_at", "undone_by"]))


@click.group("duplicates")
def duplicates() -> None:
    """Find, list and decide likely duplicates among the stored contacts.

    \b
    Example:
      civicgraph duplicates scan
      civicgraph duplicates list
      civicgraph duplicates decide rc-0de089d56975 merge
    """


@duplicates.command("scan")
@click.option("--auto-merge", is_flag=True, help="merge pairs at or above --auto-threshold at once (guard rails "
                                                  "apply; each merge can be undone); queue the rest")
@click.option("--auto-threshold", type=click.FloatRange(0, 1), default=0.95, show_default=True)
@click.option("--review-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@format_option
@click.pass_obj
@errors_as_messages
def scan(obj, auto_merge, auto_threshold, review_threshold, fmt) -> None:
    """Resolve the stored contacts against themselves and queue likely duplicates for review.

    \b
    Example:
      civicgraph duplicates scan
      civicgraph duplicates scan --auto-merge --format json
    """
    from ingest.resolve.queue import scan_duplicates

    with obj.open(write=True) as store:
        summary = scan_duplicates(store, obj.viewer, auto_merge=auto_merge, auto_threshold=auto_threshold,
                                  review_threshold=review_threshold)
    click.echo(to_json(summary) if fmt == "json" else render([summary], fmt))


@duplicates.command("list")
@click.option("--status", type=click.Choice(["pending", "merged", "distinct", "all"]), default="pending",
              show_default=True)
@format_option
@click.pass_obj
@errors_as_messages
def list_candidates(obj, status, fmt) -> None:
    """List candidate pairs (pending ones, most likely first) with their evidence.

    \b
    Example:
      civicgraph duplicates list
      civicgraph duplicates list --status all --format json
    """
    from ingest.resolve.queue import candidates, pending_candidates

    with obj.open() as store:
        rows = pending_candidates(store, obj.viewer) if status == "pending" else \
            candidates(store, obj.viewer, status=None if status == "all" else status)
    if fmt == "json":
        click.echo(to_json(rows))
        return
    click.echo(render([dict(r, evidence="; ".join(r["evidence"])) for r in rows], fmt))


@duplicates.command("decide")
@click.argument("candidate_id")
@click.argument("decision", type=click.Choice(["merge", "distinct"]))
@click.option("--reason", default="", help="why: kept in the audit log (and the merge record)")
@format_option
@click.pass_obj
@errors_as_messages
def decide(obj, candidate_id, decision, reason, fmt) -> None:
    """Decide a candidate pair: merge (the second into the first) or distinct (two people).

    \b
    Example:
      civicgraph duplicates decide rc-0de089d56975 merge
      civicgraph duplicates decide rc-447ef8ee367b distinct --reason "two David Cooks"
    """
    from ingest.resolve.queue import decide as decide_pair

    with obj.open(write=True) as store:
        result = decide_pair(store, obj.viewer, candidate_id, decision, reason=reason)
    click.echo(to_json(result) if fmt == "json" else render([result], fmt))


@click.command("invitations")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@map_option
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="who holds each office on this date "
                                                                  "(default today)")
@format_option
@click.pass_obj
@errors_as_messages
def invitations(obj, paths, maps, as_of, fmt) -> None:
    """One invitation per person from the lists, resolved against the store.

    A row naming an office ("Mayor, City of Pecan Springs") invites its current
    holder; a person who died or left office is replaced by the successor in the
    same seat, or flagged when nobody is known. Every list and membership that
    qualified the person is kept.

    \b
    Example:
      civicgraph invitations council.csv mpo_board.xlsx --format csv > gala.csv
    """
    from ingest.resolve.invitations import invitation_list

    when = as_of.date() if isinstance(as_of, dt.datetime) else None
    with obj.open() as store:
        rows = invitation_list(store, obj.viewer, paths, mapping=_mapping(maps), as_of=when)
    click.echo(render(rows, fmt))


COMMANDS = (resolve, merge, unmerge, merges, duplicates, invitations)
