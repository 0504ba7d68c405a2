"""`civicgraph resolve`: which rows of which contact lists are the same person.

Reads the lists, makes one library call (ingest.resolve.resolve_files) and
prints the people. It never opens the store. JSON shape: docs/entity-resolution.md.
The lead registers it in cli/main.py (``cli.add_command(resolve)``).
"""
from __future__ import annotations

import click

from graph.errors import CivicGraphError


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        column, sep, field = value.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise click.BadParameter(f'"{value}" should be Column=field, e.g. --map "Surname=family_name"',
                                     param_hint="--map")
        mapping[column.strip()] = field.strip()
    return mapping


@click.command("resolve", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help='say which field a column holds (e.g. "Surname=family_name", "Notes=ignore"); repeatable')
@click.option("--auto-threshold", type=click.FloatRange(0, 1), default=0.95, show_default=True,
              help="merge without asking at or above this probability")
@click.option("--review-threshold", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="send to the review queue at or above this probability (below: different people)")
@click.option("--invitations", is_flag=True, help="print one row per person with every list they are on")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def resolve(paths, maps, auto_threshold, review_threshold, invitations, fmt) -> None:
    """Find the same person across contact lists (CSV or Excel) and show who is who.

    Each cluster is one person: the file and row of every record, the score and
    the evidence. Pairs that need a person's judgement are listed for review.

    \b
    Example:
      civicgraph resolve council.csv mpo_board.xlsx transit.csv
      civicgraph resolve board.csv --map "Surname=family_name" --format json
      civicgraph resolve *.csv --invitations --format csv > invitations.csv
    """
    from cli.output import render, to_json
    from ingest.resolve import one_row_per_person, resolve_files

    try:
        res = resolve_files(paths, _mapping(maps), auto_threshold=auto_threshold, review_threshold=review_threshold)
    except CivicGraphError as exc:
        raise click.ClickException(str(exc)) from None
    if invitations:
        rows = one_row_per_person(res.clusters, res.records, res.review).to_dict("records")
        click.echo(to_json(rows) if fmt == "json" else render(rows, fmt))
        return
    if fmt == "json":
        click.echo(to_json(res.as_dict()))
        return
    data = res.as_dict()
    rows = [{"person": c["id"], "records": "; ".join(f'{r["file"]}:{r["row"]}' for r in c["records"]),
             "names": "; ".join(dict.fromkeys(c["names"])), "score": c["score"], "evidence": "; ".join(c["evidence"])}
            for c in data["clusters"]]
    click.echo(render(rows, fmt))
    if data["review"] and fmt == "table":
        click.echo(f"\n{len(data['review'])} pair(s) to review:")
        review = [{"records": " / ".join(f'{r["file"]}:{r["row"]}' for r in q["records"]), "score": q["score"],
                   "evidence": "; ".join(q["evidence"])} for q in data["review"]]
        click.echo(render(review, "table"))
