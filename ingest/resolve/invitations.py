"""Invitation lists: one row per person to invite, whoever the lists named.

Lists are resolved against the stored contacts (ingest/resolve/store.py). A row
that names an office rather than a person ("Mayor, City of Pecan Springs")
invites the office's current holder. A stored person who died or left office is
replaced by the successor: whoever holds the same office (same organization,
role and district, HOLDS_OFFICE) with a later start and is in office now; when
nobody is known, the row stays and says so. Each row keeps every list and
membership that qualified the person, and the file:row of each record.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from graph.clock import today
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest import normalize as nz
from ingest.resolve import Cluster, display_name, one_row_per_person
from ingest.resolve.prepare import person_parts
from ingest.resolve.store import resolve_against_store, store_ids

DEPARTED = {"deceased": "died", "left_office": "left office", "retired": "retired"}
_FILLER = {"of", "the", "for", "and", "at", "district", "place", "precinct", "seat", "city", "county", "town"}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", nz.fold(text)).split())


def _seats(store: Store, viewer: Viewer) -> list[dict[str, Any]]:
    """Every office held in the store: organization, role, district, and the org's names."""
    rows = read(
        store, viewer,
        "MATCH (c:Contact)-[r:HOLDS_OFFICE]->(o:Organization) WHERE r.confidentiality IN $visible "
        "AND o.confidentiality IN $visible AND c.confidentiality IN $visible "
        "RETURN c.id AS contact_id, c.status AS status, o.id AS org_id, o.name AS org, o.aliases AS aliases, "
        "r.role AS role, r.title AS title, r.district AS district, r.start_date AS start_date, "
        "r.end_date AS end_date")
    return rows


def _office_of(text: str, seats: list[dict[str, Any]]) -> tuple[str, str, str] | None:
    """(org_id, role, district) when ``text`` names an office and nobody in it, else None.

    "Mayor, City of Pecan Springs" and "Pecan Springs Mayor" name an office;
    "Mayor Teresa Alvarado" names a person (words are left over).
    """
    words = set(_norm(text).split())
    if not words:
        return None
    best = None
    for seat in seats:
        role = set(_norm(seat["role"] or "").split())
        if not role or not role <= words:
            continue
        for name in [seat["org"], *(seat["aliases"] or "").split(";")]:
            org = set(_norm(name).split()) - _FILLER
            if not org or not org <= words:
                continue
            district = set(_norm(seat["district"] or "").split()) - _FILLER
            if district and not district <= words:
                continue
            rest = words - role - org - district - _FILLER
            if not rest:
                key = (seat["org_id"], seat["role"], seat["district"] or "")
                score = len(role) + len(org) + len(district)
                if best is None or score > best[0]:
                    best = (score, key)
    return best[1] if best else None


def _in_office(seat: dict[str, Any], as_of: dt.date) -> bool:
    return (seat["start_date"] is None or seat["start_date"] <= as_of) and \
        (seat["end_date"] is None or seat["end_date"] >= as_of) and seat["status"] in (None, "", "active")


def _holder(seats, org_id: str, role: str, district: str, as_of: dt.date, after: dt.date | None = None):
    """The current holder of a seat (the latest start; started after ``after`` if given)."""
    found = [s for s in seats if (s["org_id"], s["role"], s["district"] or "") == (org_id, role, district)
             and _in_office(s, as_of) and (after is None or (s["start_date"] and s["start_date"] > after))]
    return max(found, key=lambda s: s["start_date"] or dt.date.min) if found else None


def _seat_title(seat: dict[str, Any]) -> str:
    return seat["title"] or " ".join(x for x in (seat["role"], seat["district"], seat["org"]) if x)


def _contacts(store: Store, viewer: Viewer, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in read(
        store, viewer, "UNWIND $ids AS k MATCH (c:Contact {id: k}) WHERE c.confidentiality IN $visible "
        "RETURN c.id AS id, c.name AS name, c.email AS email, c.phone AS phone, c.title AS title, "
        "c.status AS status, c.status_date AS status_date, c.do_not_contact AS do_not_contact, "
        "c.do_not_contact_channel AS channel", ids=ids)}


def _explicit_ids(res, records: list[int], stored: set[str]) -> list[str]:
    """Stored contact ids the lists carry themselves (an "id" / "contact_id" / "person_id" column)."""
    found = []
    for r in records:
        for column in ("record_id", "identifier"):
            value = str(res.records.at[r, column] or "").strip() if column in res.records else ""
            if value in stored:
                found.append(value)
    return list(dict.fromkeys(found))


def _same_name(res, a: int, b: int) -> bool:
    """Two records name the person alike: the same family name and given name (or nickname)."""
    x, y = (person_parts(res.records.iloc[r].to_dict()) for r in (a, b))
    return bool(x.family) and x.family == y.family and x.suffix == y.suffix and bool(x.given) and bool(y.given) \
        and (x.given == y.given or nz.nickname_equivalent(x.given, y.given))


_APART = ("blocks merge", "keeps apart", "different identifiers", "different e-mails", "different birth")


def _kept_apart(pair) -> bool:
    """A guard rail or a personal detail says two people (an organization or city differing does not)."""
    return any(word in e for e in pair.evidence for word in _APART)


def _people(res) -> tuple[list[dict[str, Any]], dict[int, int]]:
    """The lists' records grouped into people: ``[{"ids", "records", "members"}]`` and record -> person.

    A cluster's records are one person. Clusters that name the same stored contact (the
    store's own id given in a list first, then the contact the resolver matched) are one
    person too, so that two stored records of one person never give two invitations; and
    so are records (listed or stored) in a pending pair that carry the same name and nothing
    that tells them apart ("Justin Rodriguez" on two committee lists): one invitation,
    flagged in ``needs_review``.
    """
    has_store = "store_id" in res.records
    stored = {str(x) for x in res.records["store_id"] if x} if has_store else set()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(b)] = find(a)

    cluster_of: dict[int, str] = {}
    clusters = []
    for c in res.clusters:
        listed = [r for r in c.records if not (has_store and res.records.at[r, "store_id"])]
        explicit = _explicit_ids(res, listed, stored)
        ids = list(dict.fromkeys(explicit + store_ids(res, c.records)))
        node = f"cluster:{c.id}"
        find(node)
        for i in ids:
            union(node, f"store:{i}")
        for r in c.records:
            cluster_of[r] = node
        clusters.append((node, c, listed, ids, explicit))
    joined: dict[str, list[str]] = {}
    for q in res.review:
        a, b = q.a, q.b
        if not _kept_apart(q) and _same_name(res, a, b):
            union(cluster_of[a], cluster_of[b])
            where = [_where(res, r) for r in (a, b)]
            joined.setdefault(cluster_of[a], []).append(
                f"one invitation for {where[0]} and {where[1]} (same name, nothing else to compare): "
                "check they are one person")
    groups: dict[str, dict[str, Any]] = {}
    for node, c, listed, ids, explicit in clusters:
        group = groups.setdefault(find(node), {"ids": [], "records": [], "members": [], "notes": []})
        # the ids a list gives go first: they say which stored record the list means
        group["ids"] = list(dict.fromkeys(explicit + group["ids"] + ids))
        group["records"] += listed
        group["members"] += c.records
        group["notes"] += joined.get(node, [])
    people = [g for g in groups.values() if g["records"]]
    owner = {r: k for k, g in enumerate(people) for r in g["members"]}
    return people, owner


def _where(res, record: int) -> str:
    """A record as the user finds it: the stored contact's id or file:row."""
    if "store_id" in res.records and res.records.at[record, "store_id"]:
        return str(res.records.at[record, "store_id"])
    return f'{res.records.at[record, "source_file"]}:{res.records.at[record, "source_row"]}'


def _label(res, group: dict[str, Any]) -> str:
    first = group["records"][0]
    return group["ids"][0] if group["ids"] else _where(res, first)


def _undecided(res, people: list[dict[str, Any]], owner: dict[int, int]) -> dict[int, list[str]]:
    """person -> the other rows (or stored contacts) a pending review pair says they may be."""
    out: dict[int, list[str]] = {}
    for q in res.review:
        a, b = owner.get(q.a), owner.get(q.b)
        if a == b or any("different given and family names" in e for e in q.evidence):
            continue  # two names that differ in full are two people: an office passed on, not a doubt
        for mine, theirs, record in ((a, b, q.b), (b, a, q.a)):
            if mine is None:
                continue
            other = _label(res, people[theirs]) if theirs is not None else \
                str(res.records.at[record, "store_id"] or "") if "store_id" in res.records else ""
            if other and other not in people[mine]["ids"] and other not in out.setdefault(mine, []):
                out[mine].append(other)
    return out


def invitation_list(store: Store, viewer: Viewer, paths: Iterable, *, mapping: dict[str, str] | None = None,
                    as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """One row per person to invite from the lists in ``paths``, resolved against the store.

    Row: ``person_id`` (the stored contact, '' if not stored), ``name``, ``email``, ``phone``,
    ``title``, ``lists``, ``memberships``, ``records`` (file:row), ``replaces`` (the departed
    person or the office a row named), ``flag`` (what a person must check: a successor
    nobody knows, do-not-contact), ``needs_review`` (the other rows, by person_id or file:row,
    or stored contacts this person may be: a pair nobody has decided yet).
    A list that carries the store's own contact ids (an "id" or "contact_id" column) is
    linked by them first.
    """
    as_of = as_of or today()
    res = resolve_against_store(store, viewer, paths, mapping)
    seats = _seats(store, viewer)
    people, owner = _people(res)
    maybe = _undecided(res, people, owner)
    groups = [Cluster(f"P{k + 1}", sorted(g["records"]), 1.0) for k, g in enumerate(people)]
    base = one_row_per_person(groups, res.records).to_dict("records")
    out: dict[str, dict[str, Any]] = {}
    pending: list[tuple[str, dict[str, Any], str, str]] = []  # (contact id, row, replaces, flag)
    for k, (group, cluster) in enumerate(zip(people, groups)):
        listed = cluster.records
        row = dict(base[k], needs_review="; ".join(group["notes"] + maybe.get(k, [])))
        ids = group["ids"]
        office = None if ids else _office_of(" ".join(display_name(res.records.iloc[r]) for r in listed[:1]), seats)
        if office:
            seat = _holder(seats, *office, as_of)
            office_seat = next(s for s in seats if (s["org_id"], s["role"], s["district"] or "") == office)
            named = f"the office {_seat_title(office_seat)}"
            if seat:
                pending.append((seat["contact_id"], dict(row, organization=seat["org"]), named, ""))
            else:
                out[f"office:{office}"] = _merge_row(out.get(f"office:{office}"), dict(
                    row, person_id="", replaces=named, flag="nobody holds this office now"))
            continue
        if not ids:
            body = all(nz.looks_like_organization(display_name(res.records.iloc[r])) for r in listed)
            out[f"list:{k}"] = dict(row, person_id="", replaces="",
                                    flag="an organization, not a person: invite its contact" if body else "")
            continue
        pending.append((ids[0], row, "", ""))
    contacts = _contacts(store, viewer, sorted({p[0] for p in pending}))
    for contact_id, row, replaces, flag in pending:
        person = contacts.get(contact_id)
        if person is None:  # not visible to this viewer: the row stays, unlinked
            out[f"list:{contact_id}"] = _merge_row(out.get(f"list:{contact_id}"), dict(row, person_id="", flag=flag))
            continue
        if person["status"] in DEPARTED:
            gone = f'{person["name"]} ({DEPARTED[person["status"]]}' + \
                (f' {person["status_date"]})' if person["status_date"] else ")")
            held = sorted((s for s in seats if s["contact_id"] == contact_id),
                          key=lambda s: s["end_date"] or dt.date.max, reverse=True)
            successor = next((h for s in held if (h := _holder(seats, s["org_id"], s["role"], s["district"] or "",
                                                               as_of, after=s["start_date"]))), None)
            if successor is None:
                seat = f" as {_seat_title(held[0])}" if held else ""
                out[contact_id] = _merge_row(out.get(contact_id), dict(
                    row, person_id=contact_id, name=person["name"], replaces=replaces,
                    flag=f"{gone}; no successor{seat} is known: find who replaced them"))
                continue
            replaces, contact_id = gone, successor["contact_id"]
            person = _contacts(store, viewer, [contact_id]).get(contact_id) or person
        if person.get("do_not_contact"):
            flag = f'asked not to be contacted ({person["channel"] or "all"})'
        out[contact_id] = _merge_row(out.get(contact_id), dict(
            row, person_id=contact_id, name=person["name"], email=person["email"] or row.get("email", ""),
            phone=person["phone"] or row.get("phone", ""), title=person["title"] or row.get("title", ""),
            replaces=replaces, flag=flag))
    columns = ("person_id", "name", "email", "phone", "title", "organization", "lists", "memberships", "records",
               "replaces", "flag", "needs_review")
    for r in out.values():  # a successor reached from a predecessor's row is not their own doubt
        r["needs_review"] = "; ".join(x for x in str(r.get("needs_review") or "").split("; ")
                                      if x and x != r.get("person_id"))
    return [{k: ("" if r.get(k) is None else r.get(k)) for k in columns}
            for r in sorted(out.values(), key=lambda r: (str(r["name"]), str(r["person_id"])))]


def _merge_row(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """One person reached from several rows (on a list and the successor of someone else)."""
    if old is None:
        return new
    joined = dict(old)
    for key in ("lists", "memberships", "records", "replaces", "flag", "needs_review"):
        parts = [p for v in (old.get(key), new.get(key)) for p in str(v or "").split("; ") if p]
        joined[key] = "; ".join(dict.fromkeys(parts))
    return joined
