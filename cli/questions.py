"""Friendly commands for the relationship questions: each opens the store, makes one
library call (queries/<topic>.py) and prints the rows. JSON shapes: docs/cli.md."""
from __future__ import annotations

import click

from cli.common import Context, as_of_option, date_type, day, emit, errors_as_messages, format_option, named
from cli.output import render, to_json

@click.command()
@click.option("--issue", required=True, help="the issue: its name (transportation) or id; its sub-issues count too")
@click.option("--sector", help="only organizations (or people at organizations) of this sector")
@click.option("--org-type", help="only organizations (or people at organizations) of this type")
@click.option("--jurisdiction", help="only those in this jurisdiction (name or id) or inside it")
@click.option("--limit", default=50, type=click.IntRange(1, 1_000_000), show_default=True)
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def partners(obj: Context, issue, sector, org_type, jurisdiction, limit, as_of, fmt) -> None:
    """People and organizations likely to work with us on an issue, ranked, with the evidence.

    \b
    Example:
      civicgraph partners --issue transportation --jurisdiction "Pecan Springs"
      civicgraph partners --issue "workforce development" --sector private
      civicgraph partners --issue i-emergency --org-type county --format json
    """
    from queries.partners import find_partners

    with obj.open() as store:
        issue, jurisdiction = named(store, obj.viewer, "issue", issue), named(store, obj.viewer, "jurisdiction",
                                                                              jurisdiction)
        rows = find_partners(store, obj.viewer, issue, sector=sector, org_type=org_type, jurisdiction=jurisdiction,
                             as_of=day(as_of), limit=limit)
    emit(rows, fmt, ["id", "name", "kind", "score", "because"])


def _stance_command(name: str, which: str):
    verb = "supports" if which == "advocates" else "opposes"
    help_text = (f"Who {verb} an issue: latest dated stance, its source, the history and contradictions.\n\n"
                 f"\b\nExample:\n  civicgraph {name} --issue transportation\n"
                 f"  civicgraph {name} --issue i-transportation --high-profile --format json")

    @click.command(name, help=help_text)
    @click.option("--issue", required=True, help="the issue: its name (transportation) or id; its sub-issues count too")
    @click.option("--high-profile", is_flag=True, help="rank by office and reach")
    @as_of_option
    @format_option
    @click.pass_obj
    @errors_as_messages
    def command(obj: Context, issue, high_profile, as_of, fmt) -> None:
        from queries import stances

        with obj.open() as store:
            issue = named(store, obj.viewer, "issue", issue)
            rows = getattr(stances, which)(store, obj.viewer, issue, as_of=day(as_of), high_profile=high_profile)
        emit(rows, fmt, ["id", "name", "stance", "as_of", "source_kind", "because"])

    return command


advocates = _stance_command("advocates", "advocates")
opponents = _stance_command("opponents", "opponents")


@click.command()
@click.option("--issue", required=True, help="the issue: its name (transportation) or id; its sub-issues count too")
@click.option("--jurisdiction", required=True, help="the jurisdiction: its name (Texas) or id; its sub-jurisdictions count too")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def experts(obj: Context, issue, jurisdiction, as_of, fmt) -> None:
    """Elected officials of a jurisdiction with expertise in an issue (stated, or through a body focused on it).

    \b
    Example:
      civicgraph experts --issue transportation --jurisdiction "Bluebonnet County"
    """
    from queries.experts import officials_with_expertise

    with obj.open() as store:
        issue, jurisdiction = named(store, obj.viewer, "issue", issue), named(store, obj.viewer, "jurisdiction",
                                                                              jurisdiction)
        answer = officials_with_expertise(store, obj.viewer, issue, jurisdiction, as_of=day(as_of))
    if fmt == "json":
        click.echo(to_json(answer))
        return
    emit(answer["experts"], fmt, ["id", "name", "title", "because"])
    if fmt == "table":
        click.echo(f"{len(answer['experts'])} of {answer['officials_in_scope']} elected officials in scope")
        if answer.get("hint"):
            click.echo(f"hint: {answer['hint']}")


@click.command()
@click.option("--issue", required=True, help="the issue: its name (transportation) or id; its sub-issues count too")
@click.option("--since", type=date_type, help="articles on or after this date (default a year before --as-of)")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def reporters(obj: Context, issue, since, as_of, fmt) -> None:
    """Reporters whose beat covers an issue or who wrote about it lately, with their outlets.

    \b
    Example:
      civicgraph reporters --issue transportation --since 2026-01-01
    """
    from queries.reporters import reporters_on_issue

    with obj.open() as store:
        issue = named(store, obj.viewer, "issue", issue)
        rows = reporters_on_issue(store, obj.viewer, issue, since=day(since), as_of=day(as_of))
    emit(rows, fmt, ["id", "name", "outlets", "because"])


@click.command()
@click.argument("organization")
@as_of_option
@click.option("--until", type=date_type,
              help="the last day of a period starting on --as-of: everyone affiliated at any time in it")
@click.option("--relation", "relations", multiple=True, type=click.Choice(["works_at", "member_of", "holds_office"]),
              help="only these relations (repeat the option; default all three)")
@click.option("--role", help="only roles containing this text (chair, lobbyist ...)")
@format_option
@click.pass_obj
@errors_as_messages
def members(obj: Context, organization, as_of, until, relations, role, fmt) -> None:
    """Everyone affiliated with a body (ORGANIZATION: its name or id) on a date or in a period: who works
    there, who sits on it, who holds office in it, with their roles.

    \b
    Example:
      civicgraph members "Transportation Policy Board" --as-of 2019-06-01
      civicgraph members o-acme --as-of 2024-01-01 --until 2024-12-31 --relation works_at --role lobbyist
    """
    from queries.members import EVERY_ROLE, members_of

    wanted = tuple(r.upper() for r in relations) or EVERY_ROLE
    with obj.open() as store:
        organization = named(store, obj.viewer, "organization", organization)
        rows = members_of(store, obj.viewer, organization, as_of=day(as_of), until=day(until),
                          relations=wanted, role=role)
    emit(rows, fmt, ["contact_id", "name", "relation", "role", "start_date", "because"])


@click.command()
@click.argument("subject")
@click.option("--since", type=date_type, help="the first date (default: the beginning)")
@click.option("--until", type=date_type, help="the last date (default today)")
@format_option
@click.pass_obj
@errors_as_messages
def history(obj: Context, subject, since, until, fmt) -> None:
    """The dated timeline of a person or organization (SUBJECT id): interactions, roles, stances, ties.

    \b
    Example:
      civicgraph history c-wade-tillman --since 2026-01-01
    """
    from queries.members import history as timeline

    with obj.open() as store:
        rows = timeline(store, obj.viewer, subject, since=day(since), until=day(until))
    emit(rows, fmt, ["date", "event", "text", "other_id"])


@click.command()
@click.argument("contacts", nargs=-1, required=True)
@click.option("--issue", help="the issue the contact is about")
@click.option("--position", type=click.Choice(["support", "oppose", "neutral", "mixed"]),
              help="our position on the issue (default: our organization's latest stance)")
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def check(obj: Context, contacts, issue, position, as_of, fmt) -> None:
    """Every reason to stop and think before contacting these people (CONTACTS ids).

    \b
    Example:
      civicgraph check c-lena-marsh c-victor-osei c-carla-reyes --issue i-transportation
    """
    from queries.sensitivity import sensitivity_check

    ids = [i for c in contacts for i in c.split(",") if i.strip()]
    with obj.open() as store:
        issue = named(store, obj.viewer, "issue", issue)
        rows = sensitivity_check(store, obj.viewer, ids, issue=issue, position=position, as_of=day(as_of))
    if fmt == "json":
        click.echo(to_json(rows))
        return
    flat = [{"id": r["id"], "name": r["name"], "ok": r["ok"],
             "reasons": [f"{f['flag']}: {f['reason']}" for f in r["flags"]] or ["nothing found"]} for r in rows]
    emit(flat, fmt, ["id", "name", "ok", "reasons"])


@click.command()
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def alerts(obj: Context, as_of, fmt) -> None:
    """What needs action now (the Overview's list): people gone but still listed, relationships held
    only by someone leaving, notices due or sent wrongly, key relationships gone quiet.

    \b
    Example:
      civicgraph alerts
      civicgraph alerts --as-of 2026-06-30 --format json
    """
    from queries.alerts import alerts as needing_action

    with obj.open() as store:
        rows = needing_action(store, obj.viewer, as_of=day(as_of))
    emit(rows, fmt, ["alert", "id", "name", "reason"])


@click.command()
@click.option("--since", type=date_type, help="the first deadline (default 90 days ago, as on the Overview)")
@click.option("--until", type=date_type, help="the last deadline (default 30 days from today)")
@format_option
@click.pass_obj
@errors_as_messages
def notices(obj: Context, since, until, fmt) -> None:
    """The notices due in a period, each with its compliance status.

    \b
    Example:
      civicgraph notices --since 2026-01-01 --until 2026-11-15
    """
    from queries.notices import notices_status

    with obj.open() as store:
        rows = notices_status(store, obj.viewer, since=day(since), until=day(until))
    emit(rows, fmt, ["notice_id", "deadline", "sent_date", "status", "required", "late", "missing", "because"])


@click.command()
@click.argument("notice_id")
@format_option
@click.pass_obj
@errors_as_messages
def notice(obj: Context, notice_id, fmt) -> None:
    """Proof of delivery for one notice: who had to get it, who got it, late and missing by name.

    \b
    Example:
      civicgraph notice n-cog-board-2026-09-17 --format json
    """
    from queries.notices import notice_compliance

    with obj.open() as store:
        answer = notice_compliance(store, obj.viewer, notice_id)
    if fmt == "json":
        click.echo(to_json(answer))
        return
    rows = [{"status": status, "id": e["id"], "name": e["name"], "why": e.get("why") or [],
             "detail": e.get("reason") or ""}
            for status in ("missing", "late", "on_time", "not_required", "not_in_audience") for e in answer[status]]
    if fmt == "table":
        click.echo(f"{answer['title']} ({answer['body_name']}): deadline {answer['deadline']}, "
                   f"sent {answer['sent_date'] or 'never'}; {'compliant' if answer['compliant'] else 'NOT compliant'}")
    emit(rows, fmt, ["status", "id", "name", "why", "detail"])


@click.command("who-knows")
@click.argument("target")
@click.option("--limit", default=50, type=click.IntRange(1, 1_000_000), show_default=True)
@as_of_option
@format_option
@click.pass_obj
@errors_as_messages
def who_knows_cmd(obj: Context, target, limit, as_of, fmt) -> None:
    """Our staff and contacts with a tie to a person (TARGET: their name or id): direct or through one or two others.

    \b
    Example:
      civicgraph who-knows "Frank Delgado"
    """
    from queries.network import who_knows

    with obj.open() as store:
        target = named(store, obj.viewer, "contact", target)
        rows = who_knows(store, obj.viewer, target, as_of=day(as_of), limit=limit)
    emit(rows, fmt, ["id", "name", "kind", "hops", "strength", "recent", "because"])


@click.group()
def focus() -> None:
    """What bodies focus on: derive links from body names, list them, review them.

    \b
    Example:
      civicgraph focus derive
      civicgraph focus list --review pending
      civicgraph focus review --accept "FOCUSES_ON:derived:o-x>i-transportation"
    """


@focus.command("derive")
@format_option
@click.pass_obj
@errors_as_messages
def focus_derive(obj: Context, fmt) -> None:
    """Derive FOCUSES_ON links from bodies' names and descriptions (pending review).

    Reviewed links (accepted or rejected) and stated links are never changed.

    \b
    Example:
      civicgraph focus derive --format json
    """
    from ingest.focus import derive_focus

    with obj.open(write=True) as store:
        report = derive_focus(store, obj.viewer)
    if fmt == "json":
        click.echo(to_json(report.as_dict()))
        return
    click.echo(render(report.created + report.updated, fmt) if report.created or report.updated else "no new links")
    click.echo(f"{len(report.created)} created, {len(report.updated)} updated, {len(report.removed)} removed, "
               f"{report.kept_reviewed} reviewed links kept", err=True)


@focus.command("list")
@click.option("--review", type=click.Choice(["pending", "accepted", "rejected", "stated"]),
              help="only links with this review status")
@format_option
@click.pass_obj
@errors_as_messages
def focus_list(obj: Context, review, fmt) -> None:
    """List the focus links with their review status.

    \b
    Example:
      civicgraph focus list --review pending
    """
    import queries

    with obj.open() as store:
        rows = queries.run(store, "focus_links", obj.viewer, review=review)
    click.echo(render(rows, fmt, list(queries.get("focus_links").columns)))


@focus.command("review")
@click.option("--accept", multiple=True, metavar="LINK_ID", help="accept this derived link; repeat for several")
@click.option("--reject", multiple=True, metavar="LINK_ID", help="reject this derived link; repeat for several")
@format_option
@click.pass_obj
@errors_as_messages
def focus_review(obj: Context, accept, reject, fmt) -> None:
    """Accept or reject derived focus links (a rejected link is ignored by every question).

    Without --accept / --reject, lists the links pending review.

    \b
    Example:
      civicgraph focus review --accept "FOCUSES_ON:derived:o-x>i-transportation" --reject "FOCUSES_ON:derived:o-y>i-water"
    """
    import queries
    from ingest.focus import review_focus

    if not accept and not reject:
        with obj.open() as store:
            rows = queries.run(store, "focus_links", obj.viewer, review="pending")
        click.echo(render(rows, fmt, list(queries.get("focus_links").columns)))
        return
    with obj.open(write=True) as store:
        rows = review_focus(store, obj.viewer, accept=list(accept), reject=list(reject))
    click.echo(render(rows, fmt))


COMMANDS = (partners, advocates, opponents, experts, reporters, members, history, check, alerts, notices,
            notice, who_knows_cmd, focus)
