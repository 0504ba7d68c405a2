"""Network analytics commands: each opens the store, makes one library call
(queries/network_views.py) for the viewer and prints rows with their evidence (``because``).
What each measure means: docs/analytics.md. JSON shapes: docs/cli.md."""
from __future__ import annotations

import sys

import click

from cli.common import Context, as_of_option, day, emit, errors_as_messages, format_option, named
from cli.output import render, to_json

issue_option = click.option("--issue", help="the issue: its name (transportation) or id; its sub-issues count too")


def _pivots(pivots: int | None) -> dict:
    """``--pivots``: absent keeps the library's default, 0 asks for the exact measure."""
    return {} if pivots is None else {"betweenness_k": pivots or None}


@click.command()
@click.argument("a")
@click.argument("b")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def strength(obj: Context, a, b, as_of, fmt) -> None:
    """How strong the relationship between two people (A and B, contact ids) is, and what it is made of.

    \b
    Example:
      civicgraph strength c-maggie-sorensen c-ray-castellanos
    """
    from queries.network_views import relationship_between

    with obj.open() as store:
        row = relationship_between(store, obj.viewer, a, b, as_of=day(as_of))
    if fmt == "json":
        click.echo(to_json(row))
        return
    emit([row], fmt, ["a_name", "b_name", "strength", "n_interactions", "last_date", "because"])


@click.command()
@issue_option
@click.option("--top", default=25, type=click.IntRange(1, 1_000_000), show_default=True, help="how many people")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def influencers(obj: Context, issue, top, as_of, fmt) -> None:
    """The most influential people: PageRank over strong ties, or with --issue the best connected of those engaged.

    \b
    Example:
      civicgraph influencers --top 10
      civicgraph influencers --issue transportation --format json
    """
    from queries.network_views import influencers as ranked

    with obj.open() as store:
        issue = named(store, obj.viewer, "issue", issue)
        rows = ranked(store, obj.viewer, issue=issue, as_of=day(as_of), top=top)
    emit(rows, fmt, ["rank", "id", "name", "kind", "score", "because"])


@click.command()
@click.option("--between", nargs=2, metavar="PLACE PLACE",
              help="who connects the people of two jurisdictions (and what is inside them), without our staff")
@click.option("--kind", help="with --between: only people of this kind in the two places (e.g. elected_official)")
@click.option("--top", default=25, type=click.IntRange(1, 1_000_000), show_default=True, help="how many people")
@click.option("--pivots", type=click.IntRange(1, 1_000_000), default=None,
              help="start points for the estimated brokerage (default: as the dashboard, "
                   "graph/analytics/refresh.py BROKER_PIVOTS; 0: exact, slow on big networks)")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def brokers(obj: Context, between, kind, top, pivots, as_of, fmt) -> None:
    """Brokers: people on the strongest paths between others, and the places their strong ties reach.

    \b
    Example:
      civicgraph brokers --top 10
      civicgraph brokers --between "Llano Verde County" "Post Oak County" --kind elected_official
    """
    from queries.network_views import bridges_between_places, broker_report

    with obj.open() as store:
        if between:
            between = [named(store, obj.viewer, "jurisdiction", place) for place in between]
            rows = bridges_between_places(store, obj.viewer, *between, kind=kind, as_of=day(as_of), top=top)
            columns = ["id", "name", "kind", "bridging", "separates", "because"]
        else:
            rows = broker_report(store, obj.viewer, as_of=day(as_of), top=top, **_pivots(pivots))
            columns = ["id", "name", "kind", "brokerage", "constraint", "because"]
    emit(rows, fmt, columns)


@click.command()
@issue_option
@click.option("--min-size", default=3, show_default=True, help="leave out smaller clusters")
@click.option("--seed", default=7, show_default=True, help="the same data and seed give the same coalitions")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def coalitions(obj: Context, issue, min_size, seed, as_of, fmt) -> None:
    """Coalitions: clusters of closely tied people, their leading members and, with --issue, where they lean.

    \b
    Example:
      civicgraph coalitions
      civicgraph coalitions --issue transportation --format csv > coalitions.csv
    """
    from queries.network_views import coalition_report

    with obj.open() as store:
        issue = named(store, obj.viewer, "issue", issue)
        rows = coalition_report(store, obj.viewer, issue=issue, as_of=day(as_of), seed=seed, min_size=min_size)
    columns = ["coalition", "size", "members"] + (["support", "oppose", "unknown", "lean"] if issue else []) + ["because"]
    emit(rows, fmt, columns)


@click.command("warm-paths")
@click.option("--to", "target", required=True, help="the person to reach: their name or contact id")
@click.option("--from", "source", help="one staff member's contact id (default: any of our staff)")
@issue_option
@click.option("--supporters-only", is_flag=True, help="with --issue: only our staff and supporters in between")
@click.option("--avoid", multiple=True, metavar="ID", help="never go through this person; repeat for several")
@click.option("-k", "k", default=3, show_default=True, help="how many paths")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def warm_paths(obj: Context, target, source, issue, supporters_only, avoid, k, as_of, fmt) -> None:
    """Warm introductions: the strongest chains of people from our staff to someone (no hop limit).

    \b
    Example:
      civicgraph warm-paths --to c-frank-delgado
      civicgraph warm-paths --to c-carla-reyes --from c-june-park --issue transportation --supporters-only -k 5
    """
    from queries.network_views import warm_paths_to

    with obj.open() as store:
        issue, target = named(store, obj.viewer, "issue", issue), named(store, obj.viewer, "contact", target)
        rows = warm_paths_to(store, obj.viewer, target, source=source, issue=issue, supporters_only=supporters_only,
                             avoid=avoid, k=k, as_of=day(as_of))
    flat = rows if fmt == "json" else [{**r, "path": " > ".join(r["path"])} for r in rows]
    emit(flat, fmt, ["path", "strength", "hops", "because"])


@click.command("memory-risk")
@click.option("--dormant-months", default=12.0, show_default=True, help="no interaction with our staff for this long")
@click.option("--leaving-within", "leaving_within", default=180, show_default=True,
              help="days: a holder leaving within this many days puts the relationship at risk")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def memory_risk(obj: Context, dormant_months, leaving_within, as_of, fmt) -> None:
    """Key relationships we could lose: one holder, holders leaving, nobody holding it, dormant; riskiest first.

    \b
    Example:
      civicgraph memory-risk
      civicgraph memory-risk --dormant-months 6 --format json
    """
    from queries.network_views import memory_risks

    with obj.open() as store:
        rows = memory_risks(store, obj.viewer, as_of=day(as_of), dormant_months=dormant_months,
                            leaving_within_days=leaving_within)
    emit(rows, fmt, ["contact", "name", "risks", "holder_names", "because"])


@click.command("infer-stances")
@click.option("--issue", required=True, help="the issue: its name (transportation) or id; its sub-issues count too")
@click.option("--min-confidence", default=0.3, show_default=True, help="leave out weaker guesses (0..1)")
@click.option("--top", default=100, type=click.IntRange(1, 1_000_000), show_default=True, help="how many people")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def infer_stances(obj: Context, issue, min_confidence, top, as_of, fmt) -> None:
    """Where people with no stated stance probably stand, from their ties. Guesses: never quote them.

    \b
    Example:
      civicgraph infer-stances --issue transportation --min-confidence 0.6
    """
    from queries.network_views import inferred_stances

    with obj.open() as store:
        issue = named(store, obj.viewer, "issue", issue)
        rows = inferred_stances(store, obj.viewer, issue, as_of=day(as_of), min_confidence=min_confidence, top=top)
    emit(rows, fmt, ["id", "name", "stance", "confidence", "inferred", "because"])


@click.group()
def analytics() -> None:
    """Network analytics over the whole graph (strength, influence, brokers, coalitions).

    \b
    Example:
      civicgraph analytics refresh
    """


@analytics.command("refresh")
@click.option("--pivots", type=click.IntRange(1, 1_000_000), default=None,
              help="start points for the estimated brokerage (default: as the dashboard, "
                   "graph/analytics/refresh.py BROKER_PIVOTS; 0: exact, slow on big networks)")
@click.option("--seed", default=7, show_default=True)
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def refresh(obj: Context, pivots, seed, as_of, fmt) -> None:
    """Recompute every network measure now, with progress on stderr, and report timings.

    \b
    Example:
      civicgraph analytics refresh
      civicgraph --clearance public analytics refresh --format json
    """
    from queries.network_views import refresh_summary

    def progress(step: str, done: float) -> None:
        click.echo(f"{done:4.0%} {step}", err=True)
        sys.stderr.flush()

    with obj.open() as store:
        summary = refresh_summary(store, obj.viewer, as_of=day(as_of), seed=seed, progress=progress,
                                  **_pivots(pivots))
    if fmt == "json":
        click.echo(to_json(summary))
        return
    rows = [{"measure": k, "value": v} for k, v in summary.items() if k not in ("timings", "approximate")]
    rows += [{"measure": f"seconds: {k}", "value": v} for k, v in summary["timings"].items()]
    rows += [{"measure": f"approximate: {k}", "value": v} for k, v in summary["approximate"].items()]
    click.echo(render(rows, fmt, ["measure", "value"]))


COMMANDS = [strength, influencers, brokers, coalitions, warm_paths, memory_risk, infer_stances, analytics]
