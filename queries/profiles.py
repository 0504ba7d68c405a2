"""What a profile shows first: the card (who they are, how to reach them), the warnings, who can introduce us.

Every function takes the viewer and reads through :func:`queries.common.read` (``$visible``,
``$withheld``) or the sensitivity check, so a profile never shows what the viewer may not see.
Values come back in plain words ready to show: no ids, no relationship types, no "None".

>>> plain("HOLDS_OFFICE"), plain("left_office"), plain(None)
('holds office', 'left office', '')
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from graph.errors import NotFound
from graph.store import Store
from graph.viewer import Viewer
from queries.common import iso, read, today
from queries.sensitivity import MARKERS, SEVERITY, sensitivity_check

RELATION_WORDS = {"WORKS_AT": "works at", "MEMBER_OF": "member of", "HOLDS_OFFICE": "holds office",
                  "KNOWS": "knows", "OWNS": "relationship held by"}
CHANNEL_KINDS = ("meeting", "call", "email", "letter", "event", "testimony", "text", "social", "mail")


def plain(value: Any) -> str:
    """A stored code in plain words: relationship types, statuses, kinds (``""`` for nothing)."""
    if value is None:
        return ""
    text = str(value)
    return RELATION_WORDS.get(text, text.replace("_", " "))


def contact_card(store: Store, viewer: Viewer, contact: str, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The contact card: ``{name, fields: [(label, value)...], interactions}`` with only the values on record.

    Fields: office / title, organizations (current roles), jurisdiction, e-mail, phone, preferred
    channel (do-not-contact first; else the kind of most of our interactions with them), status.
    A field the redaction policy withholds from the viewer says so instead of its value.
    """
    as_of = as_of or today()
    rows = read(store, viewer, """
        MATCH (c:Contact {id: $id}) WHERE c.confidentiality IN $visible
        OPTIONAL MATCH (j:Jurisdiction {id: c.jurisdiction_id}) WHERE j.confidentiality IN $visible
        RETURN c.name AS name, c.title AS title, c.kind AS kind, j.name AS jurisdiction,
               CASE WHEN 'contacts.email' IN $withheld THEN '(withheld)' ELSE c.email END AS email,
               CASE WHEN 'contacts.phone' IN $withheld THEN '(withheld)' ELSE c.phone END AS phone,
               coalesce(c.status, 'active') AS status, c.status_date AS status_date,
               CASE WHEN 'contacts.do_not_contact' IN $withheld THEN false ELSE c.do_not_contact END AS dnc,
               CASE WHEN 'contacts.do_not_contact_channel' IN $withheld THEN {{null_string}}
                    ELSE c.do_not_contact_channel END AS dnc_channel""", id=contact)
    if not rows:
        raise NotFound(f'"{contact}" is not a contact you may see - search the name on the Profiles page')
    c = rows[0]
    roles = read(store, viewer, """
        MATCH (c:Contact {id: $id})-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization)
        WHERE c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
          AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
        RETURN {{type:a}} AS relation, a.role AS role, a.title AS title, o.name AS organization
        ORDER BY organization, relation""", id=contact, as_of=as_of)
    kinds = read(store, viewer, """
        MATCH (c:Contact {id: $id})-[pi:PARTICIPATED_IN]->(x:Interaction)
        WHERE c.confidentiality IN $visible AND pi.confidentiality IN $visible AND x.confidentiality IN $visible
        RETURN x.kind AS kind, count(*) AS n ORDER BY n DESC, kind""", id=contact)
    total = sum(r["n"] for r in kinds)
    if c["dnc"]:
        channel = f"none: asked not to be contacted ({c['dnc_channel'] or 'all'} channels)" \
            if (c["dnc_channel"] or "all") == "all" else f"not by {c['dnc_channel']}: asked not to be contacted that way"
    elif kinds:
        channel = f"{plain(kinds[0]['kind'])} ({kinds[0]['n']} of our {total} interactions)"
    else:
        channel = "not known yet (no interactions on record)"
    status = plain(c["status"]) + (f" since {iso(c['status_date'])}" if c["status"] != "active" and c["status_date"]
                                   else "")
    places = [f"{plain(r['relation'])}: {', '.join(x for x in (r['title'] or r['role'], r['organization']) if x)}"
              for r in roles]
    fields = [("Office / title", c["title"]), ("Organizations", "; ".join(places)),
              ("Jurisdiction", c["jurisdiction"]), ("E-mail", c["email"]), ("Phone", c["phone"]),
              ("Preferred channel", channel), ("Kind", plain(c["kind"])), ("Status", status)]
    return {"name": c["name"], "fields": [(k, str(v)) for k, v in fields if v not in (None, "")],
            "interactions": total}


def organization_card(store: Store, viewer: Viewer, organization: str) -> dict[str, Any]:
    """``{name, fields: [(label, value)...], people}``: type, sector, jurisdiction, e-mail, phone,
    website and how many people we have on record there now."""
    rows = read(store, viewer, """
        MATCH (o:Organization {id: $id}) WHERE o.confidentiality IN $visible
        OPTIONAL MATCH (j:Jurisdiction {id: o.jurisdiction_id}) WHERE j.confidentiality IN $visible
        RETURN o.name AS name, o.type AS type, o.sector AS sector, j.name AS jurisdiction, o.email AS email,
               o.phone AS phone, o.website AS website""", id=organization)
    if not rows:
        raise NotFound(f'"{organization}" is not an organization you may see - search the name on the Profiles page')
    o = rows[0]
    people = read(store, viewer, """
        MATCH (c:Contact)-[a:WORKS_AT|MEMBER_OF|HOLDS_OFFICE]->(o:Organization {id: $id})
        WHERE c.confidentiality IN $visible AND a.confidentiality IN $visible AND o.confidentiality IN $visible
          AND (a.start_date IS NULL OR a.start_date <= $as_of) AND (a.end_date IS NULL OR a.end_date > $as_of)
        RETURN count(DISTINCT c.id) AS n""", id=organization, as_of=today())[0]["n"]
    fields = [("Type", plain(o["type"])), ("Sector", o["sector"]), ("Jurisdiction", o["jurisdiction"]),
              ("E-mail", o["email"]), ("Phone", o["phone"]), ("Website", o["website"]),
              ("People on record", f"{people} (members, office holders and staff)")]
    return {"name": o["name"], "fields": [(k, str(v)) for k, v in fields if v not in (None, "")], "people": people}


def person_warnings(store: Store, viewer: Viewer, contact: str, *,
                    as_of: dt.date | None = None) -> list[dict[str, str]]:
    """Every warning for the profile's banner, worst first: ``[{severity, marker, flag, warning}]``.

    The sensitivity check's words (one source for every screen), with no issue (status, do not
    contact, left office, organization conflicts, recent negative interactions), plus "opposes our
    position" on every issue our organization has taken a position on.
    """
    as_of = as_of or today()
    flags = [f for r in sensitivity_check(store, viewer, [contact], as_of=as_of) if r["name"] for f in r["flags"]]
    ours = read(store, viewer, """
        MATCH (o:Organization)-[t:TAKES_POSITION]->(i:Issue)
        WHERE o.type = 'our_organization' AND o.confidentiality IN $visible AND t.confidentiality IN $visible
          AND i.confidentiality IN $visible
        RETURN DISTINCT i.id AS id ORDER BY id""")
    for issue in ours:
        for r in sensitivity_check(store, viewer, [contact], issue=issue["id"], as_of=as_of):
            flags += [f for f in r["flags"] if f["flag"] == "opposes_our_position" and f not in flags]
    if any(f["flag"] == "left_office" for f in flags):  # it says which office, when and why: status says less
        flags = [f for f in flags if not (f["flag"] == "status" and f["reason"].startswith("left office"))]
    flags.sort(key=lambda f: ("stop", "high", "caution").index(f["severity"]))
    return [{"severity": f["severity"], "marker": MARKERS[f["severity"]], "flag": f["flag"],
             "warning": banner_line(f["flag"], f["reason"])} for f in flags]


# reasons that begin with the flag's own words ("opposes transportation ...", "negative call on ...",
# "a sensitivity exists ..."): the banner says them alone, not "negative: negative call"
SAYS_ITSELF = ("opposes_our_position", "negative", "hidden_sensitivity", "hidden_conflict_pair")


def banner_line(flag: str, reason: str) -> str:
    """One warning as a profile's banner says it: the flag's words once, then what it is about.

    >>> banner_line("do_not_contact", "asked not to be contacted (channel: all)")
    'do not contact: by any channel, at their request'
    >>> banner_line("negative", "negative call on 2026-10-20: Call about transit route cuts")
    'negative call on 2026-10-20: Call about transit route cuts'
    >>> banner_line("status", "deceased since 2026-08-09")
    'status: deceased since 2026-08-09'
    """
    if flag in SAYS_ITSELF:
        return reason
    if flag == "do_not_contact":
        channel = reason.rpartition("(channel: ")[2].rstrip(")") if "(channel: " in reason else "all"
        return f"do not contact: by {'any channel' if channel == 'all' else channel}, at their request"
    return f"{plain(flag)}: {reason}"


def organization_warnings(store: Store, viewer: Viewer, organization: str, *,
                          as_of: dt.date | None = None) -> list[dict[str, str]]:
    """The organization's flagged conflicts and litigation (sensitive ties), in the sensitivity check's
    words: ``[{severity, marker, flag, warning}]``; a flagged tie above the viewer's clearance is said
    to exist, with no detail."""
    as_of = as_of or today()
    rows = read(store, viewer, """
        MATCH (a:Organization {id: $id})-[t:TIED_TO]-(b:Organization)
        WHERE t.sensitive = true AND a.confidentiality IN $visible
          AND (t.end_date IS NULL OR t.end_date > $as_of)
        RETURN a.name AS name, t.kind AS kind, t.start_date AS since, b.name AS other,
               t.confidentiality IN $visible AND b.confidentiality IN $visible AS seen,
               CASE WHEN 'ties.note' IN $withheld THEN {{null_string}} ELSE t.note END AS note
        ORDER BY since, kind, other""", id=organization, as_of=as_of)
    out, hidden = [], 0
    for r in rows:
        if not r["seen"]:
            hidden += 1
            continue
        reason = (f"{r['name']} is in {plain(r['kind'])} with {r['other']}"
                  + (f" since {iso(r['since'])}" if r["since"] else "") + (f" ({r['note']})" if r["note"] else ""))
        out.append({"severity": SEVERITY["sensitive_tie"], "marker": MARKERS[SEVERITY["sensitive_tie"]],
                    "flag": "sensitive_tie", "warning": f"sensitive tie: {reason}"})
    if hidden:
        out.append({"severity": "high", "marker": MARKERS["high"], "flag": "hidden_sensitivity",
                    "warning": f"hidden sensitivity: {hidden} flagged tie(s) you are not cleared to see "
                               f"({viewer.clearance.value} clearance); ask someone cleared before contacting them"})
    return out


EVENT_WORDS = {"interaction": "interaction", "role_start": "role started", "role_end": "role ended",
               "stance": "stance", "tie": "relationship", "status": "status", "notice": "notice"}


def timeline(store: Store, viewer: Viewer, subject: str) -> list[dict[str, str]]:
    """The whole dated history of a person or an organization (queries.members.history), newest first,
    in words: ``[{date, time, what, text, kind}]`` (``time`` of day for mail and meetings when known)."""
    import re

    from queries.members import history

    from graph import model as m

    codes = {e.value: plain(e.value) for kind in (m.ContactStatus, m.InteractionKind, m.TieKind, m.ParticipantRole,
                                                  m.DeliveryStatus, m.Stance) for e in kind if "_" in e.value}
    codes |= RELATION_WORDS  # only our own codes are reworded: a subject the user typed stays as typed
    raw = re.compile(r"\b(" + "|".join(map(re.escape, codes)) + r")\b")
    out = [{"date": iso(r["date"]), "time": r.get("time") or "", "what": EVENT_WORDS.get(r["event"], plain(r["event"])),
            "kind": plain(r["kind"]),
            "text": raw.sub(lambda x: codes[x.group(1)], r["text"])}
           for r in history(store, viewer, subject)]
    return sorted(out, key=lambda r: (r["date"], r["time"]), reverse=True)
