"""Read the unitedstates/congress-legislators files into CivicGraph's import tables.

Many agencies keep their congressional delegation from github.com/unitedstates/
congress-legislators (public domain). ``read_congress(path)`` reads a folder
holding any of these files, or one of them:

``legislators-current.yaml``
    One entry per member: ``id`` (bioguide, thomas, lis, govtrack, ...), ``name``
    (first, middle, last, suffix, nickname, official_full), ``bio`` (birthday) and
    ``terms`` (type rep/sen, start, end, state, district, party, phone, address).
    Each becomes a contact ``bioguide:<id>`` with every id in ``identifiers`` (so
    that the Open States record of the same person, which lists the bioguide id,
    is the same contact: ingest/identities.py), and each term a holds_office row
    in the House or the Senate (``<contact>#terms[i]``), in the congressional
    district (``ocd-division/country:us/state:tn/cd:9``) or the state. Status
    follows the terms: left_office when the last one has ended.
``committees-current.yaml``
    Committees (type house / senate / joint, thomas_id, name, phone, address, url,
    jurisdiction) with their ``subcommittees``: organizations
    ``ocd-jurisdiction/country:us/legislature/committee:<thomas_id>`` (a
    subcommittee's id adds its own thomas_id: ``committee:SSCM26``) under the
    chamber (Congress for joint ones) and their committee.
``committee-membership-current.yaml``
    Committee code -> members (name, party majority/minority, rank, title
    "Chairman", "Ranking Member", "Ex Officio", bioguide): member_of rows, role
    from the title (chair, ranking member, ex officio, member), title "majority,
    rank 4". A member is named by ``bioguide:<id>``: a person of this folder, or
    one already stored with that identifier; anyone else is rejected with a
    problem by the import.

Every error (a record that cannot be mapped) is a Problem and counted in
``rejected``, as for Open States.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.clock import today
from graph.errors import InputError
from ingest.civic_ids import (
    CONGRESS, STATE_NAMES, address as _address, as_list as _as_list, as_text as _text, iso_or_empty as _iso_or_empty,
    member_role as _member_role, state_name as _state_name,
)
from ingest.openstates import _LOADER, OpenStatesResult
from ingest.openstates import _Reader  # the table builder: country, states, chambers, districts, problems

FILES = ("legislators-current.yaml", "committees-current.yaml", "committee-membership-current.yaml")
_ID_SCHEMES = ("bioguide", "thomas", "lis", "govtrack", "votesmart", "opensecrets", "fec", "icpsr", "wikidata")
_CHAMBER = {"rep": "lower", "sen": "upper", "house": "lower", "senate": "upper", "joint": "legislature"}


def looks_like_congress(path: Path) -> bool:
    path = Path(path)
    if path.is_file():
        return path.name in FILES
    return path.is_dir() and any((path / name).is_file() for name in FILES)


def read_congress(path: Path) -> OpenStatesResult:
    """Read a folder of congress-legislators files (or one of them) into canonical tables."""
    path = Path(path)
    files = [path] if path.is_file() else [path / n for n in FILES if (path / n).is_file()]
    if not files or any(f.name not in FILES for f in files):
        raise InputError(f"{path}: give a folder holding {', '.join(FILES)} (from unitedstates/congress-legislators)")
    reader = _Reader(origin="congress-legislators")
    data = {f.name: _load(reader, f) for f in files}
    for i, person in enumerate(_as_list(data.get(FILES[0]))):
        _add_legislator(reader, FILES[0], i, person)
    for i, committee in enumerate(_as_list(data.get(FILES[1]))):
        _add_committee(reader, FILES[1], i, committee)
    memberships = data.get(FILES[2])
    for code, members in (memberships.items() if isinstance(memberships, dict) else []):
        for i, member in enumerate(_as_list(members)):
            _add_membership(reader, FILES[2], str(code), i, member)
    return OpenStatesResult(reader.frames(), reader.problems, dict(reader.rejected))


def _load(reader: _Reader, file: Path) -> Any:
    try:
        return yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        table = {"legislators-current.yaml": "contacts", "committees-current.yaml": "organizations"}.get(
            file.name, "affiliations")
        reader.problem(file.name, "", f"cannot be read as YAML ({exc}); nothing was read from it",
                       "download the file again from unitedstates/congress-legislators", table=table)
        return None


def _add_legislator(reader: _Reader, rel: str, i: int, person: Any) -> None:
    ids = person.get("id") if isinstance(person, dict) else None
    bioguide = _text(ids.get("bioguide")) if isinstance(ids, dict) else ""
    name = person.get("name") if isinstance(person, dict) and isinstance(person.get("name"), dict) else {}
    full = _text(name.get("official_full")) or " ".join(_text(name.get(k)) for k in ("first", "last")).strip()
    if not bioguide or not full:
        reader.problem(rel, f"[{i}]", "a legislator needs id.bioguide and a name; the person was not imported",
                       "add the missing id or name", bioguide or full, table="contacts")
        return
    cid = f"bioguide:{bioguide}"
    offices = []
    for t, term in enumerate(_as_list(person.get("terms"))):
        office = _office(reader, rel, i, t, term)
        if office:
            offices.append((term, office))
            org, label, title, where = office
            reader.add("affiliations", f"{rel}[{i}].terms[{t}]", id=f"{cid}#terms[{t}]", contact_id=cid,
                       organization_id=org, kind="holds_office", role=label, title=title,
                       district=_text(term.get("district")), start_date=_iso_or_empty(term.get("start")),
                       end_date=_iso_or_empty(term.get("end")))
    latest_term, latest = max(offices, key=lambda o: _iso_or_empty(o[0].get("end")) or "9999", default=(None, None))
    ended = bool(offices) and all(_iso_or_empty(t.get("end")) and _iso_or_empty(t.get("end")) < today().isoformat()
                                  for t, _ in offices)
    reader.add("contacts", f"{rel}[{i}]", id=cid, name=full, given_name=name.get("first"),
               middle_name=name.get("middle"), family_name=name.get("last"), suffix=name.get("suffix"),
               nickname=name.get("nickname"), kind="elected_official",
               title=(("Former " if ended else "") + latest[2]) if latest else "",
               party=_text(latest_term.get("party")) if latest_term else "",
               phone=_text(latest_term.get("phone")) if latest_term else "",
               address=_address(latest_term.get("address")) if latest_term else "",
               birth_date=_iso_or_empty((person.get("bio") or {}).get("birthday")),
               jurisdiction_id=latest[3] if latest else "",
               status="left_office" if ended else "active",
               status_date=_iso_or_empty(latest_term.get("end")) if ended else "",
               identifiers=";".join(_identifiers(ids)))


def _office(reader: _Reader, rel: str, i: int, t: int, term: Any) -> tuple[str, str, str, str] | None:
    kind = _CHAMBER.get(_text(term.get("type"))) if isinstance(term, dict) else None
    code = _text(term.get("state")).lower() if isinstance(term, dict) else ""
    if kind not in ("lower", "upper") or code not in STATE_NAMES:
        reader.problem(rel, f"[{i}].terms[{t}]", "a term needs type rep or sen and a state code; "
                       "the term was not imported", "correct type and state", term, table="affiliations")
        return None
    state = _state_name(code)
    if kind == "upper":
        return reader.chamber(None, kind, rel), "Senator", f"U.S. Senator from {state}", reader.state(code, rel)
    district = _text(term.get("district"))
    if district in ("", "0", "-1"):  # at large (0) or unknown (-1): the state
        return reader.chamber(None, kind, rel), "Representative", f"U.S. Representative, {state} at large", \
            reader.state(code, rel)
    return (reader.chamber(None, kind, rel), "Representative", f"U.S. Representative, {state} District {district}",
            reader.congressional_district(code, district, rel))


def _identifiers(ids: dict) -> list[str]:
    out = []
    for scheme in _ID_SCHEMES:
        values = ids.get(scheme)
        for value in values if isinstance(values, list) else [values]:
            if value not in (None, ""):
                out.append(f"{scheme}:{_text(value).replace(';', ',')}")
    return out


def committee_id(code: str) -> str:
    return f"{CONGRESS}/committee:{code}"


def _add_committee(reader: _Reader, rel: str, i: int, committee: Any) -> None:
    kind = _CHAMBER.get(_text(committee.get("type"))) if isinstance(committee, dict) else None
    code = _text(committee.get("thomas_id")) if isinstance(committee, dict) else ""
    if kind not in ("lower", "upper", "legislature") or not code or not committee.get("name"):
        reader.problem(rel, f"[{i}]", "a committee needs type (house, senate, joint), thomas_id and name; it and "
                       "its subcommittees were not imported", "add the missing field", code, table="organizations")
        return
    where = reader.country(rel)
    chamber = reader.chamber(None, kind, rel)
    short = {"lower": "U.S. House", "upper": "U.S. Senate", "legislature": "Joint congressional"}[kind]
    reader.add("organizations", f"{rel}[{i}]", id=committee_id(code), name=_text(committee["name"]),
               type="committee", sector="public", parent_id=chamber, jurisdiction_id=where,
               description=f"{short} committee. {_text(committee.get('jurisdiction'))}".strip(),
               phone=committee.get("phone"), address=_address(committee.get("address")),
               website=committee.get("url"), aliases=code)
    for s, sub in enumerate(_as_list(committee.get("subcommittees"))):
        sub_code = _text(sub.get("thomas_id")) if isinstance(sub, dict) else ""
        if not sub_code or not sub.get("name"):
            reader.problem(rel, f"[{i}].subcommittees[{s}]", "a subcommittee needs thomas_id and name; it was not "
                           "imported", "add the missing field", sub, table="organizations")
            continue
        reader.add("organizations", f"{rel}[{i}].subcommittees[{s}]", id=committee_id(code + sub_code),
                   name=_text(sub["name"]), type="committee", sector="public", parent_id=committee_id(code),
                   jurisdiction_id=where, description=f"{short} subcommittee of the {_text(committee['name'])}",
                   phone=sub.get("phone"), address=_address(sub.get("address")), aliases=code + sub_code)


def _add_membership(reader: _Reader, rel: str, code: str, i: int, member: Any) -> None:
    bioguide = _text(member.get("bioguide")) if isinstance(member, dict) else ""
    org = committee_id(code)
    if not bioguide:
        reader.problem(rel, f"{code}[{i}]", "a member needs a bioguide id; the membership was not imported",
                       "add the member's bioguide id", member, table="affiliations")
        return
    if org not in reader.rows["organizations"] and reader.rows["organizations"]:
        reader.problem(rel, f"{code}[{i}]", f"no committee in committees-current.yaml has the code {code}; "
                       "the membership was not imported", "use the matching committees-current.yaml", code,
                       table="affiliations")
        return
    rank = _text(member.get("rank"))
    party = _text(member.get("party"))
    reader.add("affiliations", f"{rel}:{code}[{i}]", id=f"{org}#bioguide:{bioguide}", contact_id=f"bioguide:{bioguide}",
               organization_id=org, kind="member_of", role=_member_role(member.get("title")),
               title=", ".join(p for p in (party, f"rank {rank}" if rank else "") if p))
