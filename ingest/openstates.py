"""Read Open States "people" data into CivicGraph's canonical import tables.

Open States (github.com/openstates/people) keeps one YAML file per person
(``legislature/``, ``executive/``, ``municipalities/``, ``retired/``) and per
committee (``committees/``), plus ``municipalities.yml`` naming the cities.
``read_openstates(folder)`` turns them into the twelve tables of
``ingest.formats`` (all strings, '' when empty, as if read from CSV), and lists
every fact it could not map as a ``Problem`` with its file and a fix.

Mapping
-------
Jurisdictions
    The country ``ocd-jurisdiction/country:us`` (level country) is every state's
    parent; Congress's roles and committees (``ocd-jurisdiction/country:us/
    government``, Open States' ``data/us``) hang there, a House seat ("TN-09") in
    its congressional district ``ocd-division/country:us/state:tn/cd:9``, a Senate
    seat ("Maryland") in its state. Any jurisdiction id is accepted with or
    without ``/government``.
    ``ocd-jurisdiction/country:us/state:tx/government`` becomes the state
    ``ocd-jurisdiction/country:us/state:tx`` (the ``/government`` suffix names
    the government, not the place); each city becomes
    ``.../place:austin`` (level city, parent the state), named from
    ``municipalities.yml`` (duplicate entries there are merged); each
    legislative district becomes its OCD division, e.g.
    ``ocd-division/country:us/state:tx/sldl:12`` "Texas House District 12"
    (level district, parent the state), so that every legislator sits in one.
Organizations
    ``ocd-jurisdiction/country:us/legislature`` (the United States Congress) with
    its ``/lower`` House and ``/upper`` Senate; ``<state>/legislature``
    (legislature), ``<state>/legislature/lower`` and
    ``/upper`` (chamber, parent the legislature), ``<state>/office:governor``
    etc. (state_agency) for executives, and each city government under its own
    OCD id ``.../place:austin/government`` (type city, "City of Austin").
    Committees keep their Open States id and name; the parent is the chamber
    (the legislature for joint ones, the parent committee for subcommittees),
    and the description says "Texas House committee" so that topic matching
    on name and description finds them. ``other_names`` become aliases.
Contacts
    id = the ``ocd-person`` id, kind elected_official. Phone and address come
    from ``offices`` (or the older ``contact_details``), preferring the
    capitol office; Open States' ';' line breaks in addresses become ', '.
    party = the party without an end date (else the one that ended last).
    title and jurisdiction_id follow the latest role (the open-ended one, else
    the one that ends last); people in ``retired/`` get "Former ..." titles,
    status left_office and status_date = their last role's end date, and so do
    people whose every role has ended (a member of Congress whose last term
    ended); a ``death_date`` makes them deceased with status_date = death_date.
    ``identifiers`` keeps ``openstates:<id>`` and the identifying
    ``other_identifiers`` (bioguide, thomas ...) as ``scheme:id``, for matching
    the same person in other sources (ingest/identities.py).
Affiliations
    Each role is a holds_office row (lower -> Representative, upper -> Senator,
    mayor -> Mayor, any other city role -> its name, governor -> Governor ...)
    with id ``<person id>#roles[i]``.
    Each committee member is a member_of row (role as given, in our words:
    "Chairman" -> chair, "Ranking Member" -> ranking member) with id
    ``<committee id>#<person id>`` (``@<start_date>`` added when given, for a
    second stint). Members are matched by
    ``person_id`` (or ``id``), else by exact name or other name; an unknown
    id, an unmatched or an ambiguous name is a Problem, never an invented
    contact. Open States keeps one file per person *record*, so the same
    human may appear twice (a senator who became mayor); merging them is the
    resolver's job, not this reader's.

Problems (errors: one record was not imported, and is counted in ``rejected``
for its table, so that the import report hides no loss; warnings: imported, but look):
an unreadable or invalid YAML file, a file that is neither a person nor a
committee, an unknown role type or jurisdiction, a member who cannot be
matched, a duplicate id, a partial date (left empty), a person with no roles.

Not imported: image, gender, biography, links of people, ids, other
identifiers that do not identify a person elsewhere (legacy_openstates ...),
sources, extras (except a committee's phone and address).

Every row's ``source`` is ``openstates:<path in the folder>`` (plus
``#roles[i]`` / ``#members[i]`` on affiliations); every row is public.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from graph.clock import today
from graph.errors import InputError
from ingest.civic_ids import (
    CONGRESS, COUNTRY, STATE_CODES as _STATE_CODES, STATE_NAMES, as_list as _as_list, address as _address,
    chamber_names as _chamber_names, GOVERNMENT as _GOVERNMENT, iso_date as _iso_date, iso_or_empty as _iso_or_empty,
    member_role as _member_role, place_id as _place_id, slug as _slug, state_name as _state_name, as_text as _text,
)
from ingest.formats import TABLE_BY_NAME, TABLES
from ingest.openstates_fields import (IDENTIFIER_SCHEMES, _current_party, _identifiers, _other_names,  # noqa: F401
                                      _phone_and_address, _role_order, _table_of_file, _website)
from ingest.problems import Problem

YAML_SUFFIXES = (".yml", ".yaml")
# libyaml parses the ~650 files of a state several times faster than pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Legislative role type -> (OCD division type, affiliation role, contact title).
_LEGISLATIVE = {
    "lower": ("sldl", "Representative", "State Representative"),
    "upper": ("sldu", "Senator", "State Senator"),
    "legislature": ("sldu", "Legislator", "State Legislator"),  # unicameral (Nebraska)
}
# Executive role type -> the office's name; the person's title is "<name> of <State>".
_EXECUTIVE = {
    "governor": "Governor",
    "lt_governor": "Lieutenant Governor",
    "attorney general": "Attorney General",
    "secretary of state": "Secretary of State",
    "chief election officer": "Chief Election Officer",
}
_UNREADABLE = object()  # load() could not parse the file (None is a valid, empty, YAML document)


@dataclass
class OpenStatesResult:
    tables: dict[str, pd.DataFrame]  # every table of ingest.formats.TABLES, all strings
    problems: list[Problem]
    rejected: dict[str, int] = field(default_factory=dict)  # table -> records not imported, one per error


# ---------------------------------------------------------------------------
# Detection


def looks_like_openstates(path: Path, sample: int = 5) -> bool:
    """True if ``path`` is an Open States person/committee file or a folder of them.

    Reads at most ``sample`` YAML files, so it is cheap on any folder.
    """
    path = Path(path)
    if path.is_file():
        return path.suffix.lower() in YAML_SUFFIXES and _is_openstates_record(_try_load(path))
    if not path.is_dir():
        return False
    return any(_is_openstates_record(_try_load(p)) for p in itertools.islice(_yaml_paths(path), sample))


def _try_load(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def _is_openstates_record(data: Any) -> bool:
    return isinstance(data, dict) and (
        {"roles", "name"} <= data.keys() or {"members", "classification"} <= data.keys()
    )


# ---------------------------------------------------------------------------
# Reading


def read_openstates(path: Path) -> OpenStatesResult:
    """Read an Open States folder (or one person/committee file) into canonical tables."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give the Open States folder of a state (data/tx)")
    root, files = (path.parent, [path]) if path.is_file() else (path, _yaml_files(path))
    if not files:
        raise InputError(f"{path} holds no .yml files; give the Open States folder of a state (data/tx)")
    reader = _Reader()
    people, committees = [], []
    for file in files:
        rel = file.relative_to(root).as_posix()
        data = reader.load(rel, file)
        if data is _UNREADABLE:
            continue
        if isinstance(data, list) and file.name.startswith("municipalities"):
            reader.add_municipalities(rel, data)
        elif isinstance(data, dict) and "roles" in data:
            people.append((rel, data))
        elif isinstance(data, dict) and "members" in data:
            committees.append((rel, data))
        else:
            reader.problem(rel, "", "is neither an Open States person (roles) nor a committee (members); "
                           "nothing was read from it", "remove the file from the folder or fix its fields",
                           table=_table_of_file(rel))
    for rel, data in people:
        reader.add_person(rel, data)
    for rel, data in committees:
        reader.add_committee(rel, data)
    reader.resolve_subcommittees()
    return OpenStatesResult(reader.frames(), reader.problems, dict(reader.rejected))


def _yaml_paths(folder: Path) -> Iterator[Path]:
    # A state's folder holds files one level down (legislature/x.yml) or at the top
    # (municipalities.yml); looking no deeper keeps detection cheap on any folder.
    for pattern in ("*", "*/*"):
        yield from (p for p in folder.glob(pattern) if p.suffix.lower() in YAML_SUFFIXES and p.is_file())


def _yaml_files(folder: Path) -> list[Path]:
    # Sorted, so that row order and "first seen in" sources are the same on every run.
    return sorted(_yaml_paths(folder))


class _Reader:
    """Collects rows per table (keyed by id, first one wins) and problems."""

    def __init__(self, origin: str = "openstates") -> None:
        self.origin = origin  # every row's source is "<origin>:<file>"
        self.rows: dict[str, dict[str, dict[str, str]]] = {t.name: {} for t in TABLES}
        self.problems: list[Problem] = []
        self.city_names: dict[str, str] = {}  # city jurisdiction id -> name
        self.people_by_id: dict[str, str] = {}  # person id -> file
        self.people_by_name: dict[str, set[str]] = defaultdict(set)  # name or other name -> ids
        self.subcommittee_parents: list[tuple[str, str, str]] = []  # (file, committee id, parent id)
        self.rejected: Counter[str] = Counter()  # table -> records not imported (one per error)

    # -- plumbing -----------------------------------------------------------

    def problem(self, file: str, field: str, message: str, fix: str, value: Any = "",
                severity: str = "error", table: str = "") -> None:
        """Record a problem; an error means one record of ``table`` was not imported, and is counted."""
        assert severity != "error" or table, "an error must say which table lost a record"
        self.problems.append(Problem(file, None, field, _text(value), message, fix, severity))
        if severity == "error":
            self.rejected[table] += 1

    def load(self, rel: str, file: Path) -> Any:
        try:
            return yaml.load(file.read_text(encoding="utf-8"), Loader=_LOADER)
        except (OSError, UnicodeDecodeError) as exc:
            self.problem(rel, "", f"cannot be read ({exc})", "check the file's permissions and UTF-8 encoding",
                         table=_table_of_file(rel))
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f" at line {where.line + 1}" if where else ""
            self.problem(rel, "", f"is not valid YAML{line}: {getattr(exc, 'problem', exc)}",
                         "fix the YAML syntax (indentation, quotes, colons) and re-import", table=_table_of_file(rel))
        return _UNREADABLE

    def add(self, table: str, source: str, **values: Any) -> str:
        """Add a row unless its id is already there; returns the id."""
        rows = self.rows[table]
        if values["id"] not in rows:
            row = {name: "" for name in TABLE_BY_NAME[table].column_names}
            row.update({k: _text(v) for k, v in values.items()})
            row.update(confidentiality="public", source=f"{self.origin}:{source}")
            rows[values["id"]] = row
        return values["id"]

    def date(self, value: Any, rel: str, field: str) -> str:
        try:
            return _iso_date(value)
        except ValueError:
            self.problem(rel, field, "is not a full date (YYYY-MM-DD); it was left empty",
                         "write the full date, e.g. 2025-01-14", value, "warning")
            return ""

    def frames(self) -> dict[str, pd.DataFrame]:
        return {t.name: pd.DataFrame(list(self.rows[t.name].values()), columns=t.column_names, dtype=object)
                for t in TABLES}

    # -- jurisdictions and the bodies that govern them ------------------------

    def add_municipalities(self, rel: str, entries: list) -> None:
        for i, entry in enumerate(entries):
            match = _GOVERNMENT.fullmatch(str(entry.get("id", ""))) if isinstance(entry, dict) else None
            if not match or not match["place"] or not entry.get("name"):
                self.problem(rel, f"[{i}]", "is not a city with a name and an ocd-jurisdiction .../place:... id",
                             "give the entry a name and an id like ocd-jurisdiction/country:us/state:tx/"
                             "place:austin/government", entry, table="jurisdictions")
                continue
            known = self.city_names.setdefault(_place_id(match), str(entry["name"]))
            if known != str(entry["name"]):
                self.problem(rel, f"[{i}]", f"names the city {known} a second time, as {entry['name']}; "
                             f"the first name was kept", "keep one entry per city", entry["name"], "warning")
            self.city(match, rel)

    def country(self, rel: str) -> str:
        return self.add("jurisdictions", rel, id=COUNTRY, name="United States", level="country",
                        ocd_id=f"{COUNTRY}/government")

    def state(self, code: str, rel: str) -> str:
        name = _state_name(code)
        return self.add("jurisdictions", rel, id=f"{COUNTRY}/state:{code}", name=name,
                        level="state", ocd_id=f"{COUNTRY}/state:{code}/government", parent_id=self.country(rel))

    def city(self, match: re.Match, rel: str) -> str:
        jid = _place_id(match)
        name = self.city_names.get(jid) or match["place"].replace("_", " ").title()
        self.add("jurisdictions", rel, id=jid, name=name, level="city", ocd_id=f"{jid}/government",
                 parent_id=self.state(match["state"], rel))
        self.add("organizations", rel, id=f"{jid}/government", name=f"City of {name}", type="city", sector="public",
                 description=f"City government of {name}, {_state_name(match['state'])}",
                 jurisdiction_id=jid)
        return jid

    def district(self, code: str, chamber: str, district: str, rel: str) -> str:
        # The OCD division id is the district's real, stable public id.
        division = f"ocd-division/country:us/state:{code}/{_LEGISLATIVE[chamber][0]}:{_slug(district)}"
        return self.add("jurisdictions", rel, id=division, name=f"{_chamber_names(code, chamber)[1]} District "
                        f"{district}", level="district", ocd_id=division, parent_id=self.state(code, rel))

    def legislature(self, code: str | None, rel: str) -> str:
        if code is None:
            return self.add("organizations", rel, id=CONGRESS, name="United States Congress", type="legislature",
                            sector="public", jurisdiction_id=self.country(rel), aliases="Congress;U.S. Congress",
                            description="The Congress of the United States (House and Senate)")
        state_id = self.state(code, rel)
        return self.add("organizations", rel, id=f"{state_id}/legislature", name=f"{_state_name(code)} Legislature",
                        type="legislature", sector="public", jurisdiction_id=state_id,
                        description=f"The {_state_name(code)} state legislature")

    def chamber(self, code: str | None, chamber: str, rel: str) -> str:
        """The chamber's organization (code None: Congress); the legislature itself for 'legislature'."""
        legislature = self.legislature(code, rel)
        if chamber == "legislature":
            return legislature
        full, short = _chamber_names(code, chamber)
        where = self.country(rel) if code is None else self.state(code, rel)
        body = "United States Congress" if code is None else f"{_state_name(code)} Legislature"
        return self.add("organizations", rel, id=f"{legislature}/{chamber}", name=full, type="chamber",
                        sector="public", jurisdiction_id=where, parent_id=legislature,
                        aliases=short if short != full else "",
                        description=f"The {chamber} chamber of the {body}")

    def executive_office(self, code: str, office: str, rel: str) -> str:
        state_id = self.state(code, rel)
        state = _state_name(code)
        return self.add("organizations", rel, id=f"{state_id}/office:{_slug(office)}",
                        name=f"Office of the {office} of {state}", type="state_agency", sector="public",
                        description=f"{state} statewide elected office: {office}", jurisdiction_id=state_id)

    # -- people ---------------------------------------------------------------

    def add_person(self, rel: str, person: dict) -> None:
        pid, name = _text(person.get("id")), _text(person.get("name"))
        if not pid.startswith("ocd-person/") or not name:
            self.problem(rel, "id" if name else "name", "a person needs an ocd-person id and a name; "
                         "the person was not imported", "add the missing id or name", pid or name, table="contacts")
            return
        if pid in self.people_by_id:
            self.problem(rel, "id", f"this person id is also used by {self.people_by_id[pid]}; "
                         "the second file was not imported", "give each person file its own id", pid, table="contacts")
            return
        self.people_by_id[pid] = rel
        for other in [name, *_other_names(person)]:
            self.people_by_name[other].add(pid)
        roles = _as_list(person.get("roles"))
        if not roles:
            self.problem(rel, "roles", "lists no roles, so the person has no office, title or jurisdiction "
                         "(and no date of leaving office)", "add the person's roles with type, jurisdiction, "
                         "district and dates", severity="warning")
        offices = [(i, role, self.office(rel, i, role)) for i, role in enumerate(roles)]
        offices = [(i, role, office) for i, role, office in offices if office]
        for i, role, (org_id, label, title, _) in offices:
            self.add("affiliations", f"{rel}#roles[{i}]", id=f"{pid}#roles[{i}]", contact_id=pid,
                     organization_id=org_id, kind="holds_office", role=label, title=title,
                     district=_text(role.get("district")),
                     start_date=self.date(role.get("start_date"), rel, f"roles[{i}].start_date"),
                     end_date=self.date(role.get("end_date"), rel, f"roles[{i}].end_date"),
                     end_reason=_text(role.get("end_reason")))
        self.add("contacts", rel, id=pid, **self.contact_fields(rel, person, offices))

    def contact_fields(self, rel: str, person: dict, offices: list) -> dict[str, str]:
        ends = [_iso_or_empty(role.get("end_date")) for _, role, _ in offices]
        # Status follows the offices: a person in retired/, or whose every office has ended
        # (a member of Congress whose last term ended), has left office.
        ended = bool(offices) and all(end and end < today().isoformat() for end in ends)
        retired = rel.split("/", 1)[0] == "retired" or ended
        latest = max(offices, key=lambda o: _role_order(o[1]), default=None)
        title = (("Former " if retired else "") + latest[2][2]) if latest else ""
        death = self.date(person.get("death_date"), rel, "death_date")
        status, status_date = ("left_office", max(ends, default="")) if retired else ("active", "")
        if retired and offices and not status_date and not death:
            self.problem(rel, "roles", "no role has an end_date, so the date the person left office is "
                         "unknown; status_date was left empty", "add the last role's end_date", severity="warning")
        if death:
            status, status_date = "deceased", death
        phone, address = _phone_and_address(person)
        return dict(
            name=person["name"], given_name=person.get("given_name"), middle_name=person.get("middle_name"),
            family_name=person.get("family_name"), suffix=person.get("suffix"), title=title,
            kind="elected_official", email=person.get("email"), phone=phone, address=address,
            party=_current_party(person.get("party")),
            birth_date=self.date(person.get("birth_date"), rel, "birth_date"),
            jurisdiction_id=latest[2][3] if latest else "", status=status, status_date=status_date,
            other_names=";".join(n for n in _other_names(person) if n != person["name"]),
            identifiers=";".join(_identifiers(person)),
        )

    def office(self, rel: str, i: int, role: Any) -> tuple[str, str, str, str] | None:
        """(organization id, role, title, jurisdiction id) for one role, or None after a Problem."""
        kind = _text(role.get("type")) if isinstance(role, dict) else ""
        match = _GOVERNMENT.fullmatch(_text(role.get("jurisdiction"))) if isinstance(role, dict) else None
        if not match:
            self.problem(rel, f"roles[{i}].jurisdiction", "is not a US, state or city ocd-jurisdiction id; "
                         "the role was not imported", "use an id like ocd-jurisdiction/country:us/state:tx/"
                         "government", role.get("jurisdiction") if isinstance(role, dict) else role,
                         table="affiliations")
            return None
        code, is_city = match["state"], bool(match["place"])
        if code is None:
            return self.federal_office(rel, i, kind, _text(role.get("district")))
        if kind in _LEGISLATIVE and not is_city:
            district = _text(role.get("district"))
            _, label, title = _LEGISLATIVE[kind]
            if not district:
                self.problem(rel, f"roles[{i}].district", f"a {kind} role needs a district; it was placed "
                             "in the state", "add the district number", severity="warning")
                return self.chamber(code, kind, rel), label, title, self.state(code, rel)
            return (self.chamber(code, kind, rel), label, f"{title}, District {district}",
                    self.district(code, kind, district, rel))
        if kind in _EXECUTIVE and not is_city:
            office = _EXECUTIVE[kind]
            return (self.executive_office(code, office, rel), office, f"{office} of {_state_name(code)}",
                    self.state(code, rel))
        if is_city and kind and kind not in _LEGISLATIVE and kind not in _EXECUTIVE:
            # mayor, councilmember ...: an office of the city government
            city = self.city(match, rel)
            label = kind.replace("_", " ").title()
            return f"{city}/government", label, f"{label} of {self.rows['jurisdictions'][city]['name']}", city
        self.problem(rel, f"roles[{i}].type",
                     f"a {kind} role in {match[0]} is not supported" if kind else "a role needs a type",
                     "the role was not imported; use one of " + ", ".join([*_LEGISLATIVE, *_EXECUTIVE, "mayor"]),
                     kind, table="affiliations")
        return None

    def federal_office(self, rel: str, i: int, kind: str, district: str) -> tuple[str, str, str, str] | None:
        """A seat in Congress: lower with district "TN-09" (or "AK-AL"), upper with the state's name."""
        if kind == "lower":
            seat = re.fullmatch(r"(?P<code>[A-Za-z]{2})-(?P<n>\d+|AL)", district)
            if seat:
                code, n = seat["code"].lower(), seat["n"].lstrip("0")
                where = self.congressional_district(code, n, rel) if n and n != "AL" else self.state(code, rel)
                label = f"{_state_name(code)} District {n}" if n and n != "AL" else f"{_state_name(code)} at large"
                return self.chamber(None, kind, rel), "Representative", f"U.S. Representative, {label}", where
        elif kind == "upper":
            code = _STATE_CODES.get(district.lower()) or (district.lower() if district.lower() in STATE_NAMES else "")
            if code:
                return self.chamber(None, kind, rel), "Senator", f"U.S. Senator from {_state_name(code)}", \
                    self.state(code, rel)
        if kind in ("lower", "upper"):
            self.problem(rel, f"roles[{i}].district", f"a federal {kind} role needs a district like TN-09 (House) "
                         "or the state's name (Senate); the role was not imported", "correct the district",
                         district, table="affiliations")
        else:
            self.problem(rel, f"roles[{i}].type", f"a {kind or 'role without a type'} in the federal government "
                         "is not supported; the role was not imported", "use lower (House) or upper (Senate)",
                         kind, table="affiliations")
        return None

    def congressional_district(self, code: str, n: str, rel: str) -> str:
        division = f"ocd-division/country:us/state:{code}/cd:{n}"
        return self.add("jurisdictions", rel, id=division, name=f"{_state_name(code)} Congressional District {n}",
                        level="district", ocd_id=division, parent_id=self.state(code, rel))

    # -- committees -----------------------------------------------------------

    def add_committee(self, rel: str, committee: dict) -> None:
        cid, name = _text(committee.get("id")), _text(committee.get("name"))
        match = _GOVERNMENT.fullmatch(_text(committee.get("jurisdiction")))
        chamber = _text(committee.get("chamber"))
        members = _as_list(committee.get("members"))
        if not cid or not name or not match or match["place"] or chamber not in _LEGISLATIVE:
            self.problem(rel, "", "a committee needs an id, a name, a US or state jurisdiction and a chamber "
                         f"(upper, lower or legislature); the committee and its {len(members)} members were not "
                         "imported", "add the missing field", cid or name, table="organizations")
            return
        if cid in self.rows["organizations"]:
            self.problem(rel, "id", f"this committee id is also used by {self.rows['organizations'][cid]['source']}; "
                         "the second file was not imported", "give each committee file its own id", cid,
                         table="organizations")
            return
        code = match["state"]
        sub = committee.get("classification") == "subcommittee" or bool(committee.get("parent"))
        if committee.get("parent"):
            self.subcommittee_parents.append((rel, cid, _text(committee["parent"])))
        extras = committee.get("extras") if isinstance(committee.get("extras"), dict) else {}
        self.add("organizations", rel, id=cid, name=name, type="committee", sector="public",
                 description=f"{_chamber_names(code, chamber)[1]} {'subcommittee' if sub else 'committee'}",
                 phone=extras.get("phone"), address=_address(extras.get("address")),
                 website=_website(committee.get("links")),
                 jurisdiction_id=self.country(rel) if code is None else self.state(code, rel),
                 parent_id=self.chamber(code, chamber, rel), aliases=";".join(_other_names(committee)))
        for i, member in enumerate(members):
            self.add_membership(rel, cid, i, member)

    def add_membership(self, rel: str, cid: str, i: int, member: Any) -> None:
        pid = self.match_member(rel, i, member)
        if not pid:
            return
        start = self.date(member.get("start_date"), rel, f"members[{i}].start_date")
        link_id = f"{cid}#{pid}" + (f"@{start}" if start else "")
        if link_id in self.rows["affiliations"]:
            self.problem(rel, f"members[{i}]", "lists the same person a second time; only the first was imported",
                         "remove the duplicate or give each stint its start_date", member.get("name"),
                         table="affiliations")
            return
        self.add("affiliations", f"{rel}#members[{i}]", id=link_id, contact_id=pid, organization_id=cid,
                 kind="member_of", role=_member_role(member.get("role")), start_date=start,
                 end_date=self.date(member.get("end_date"), rel, f"members[{i}].end_date"))

    def match_member(self, rel: str, i: int, member: Any) -> str | None:
        """The member's person id: by id when given, else by exact name or other name."""
        fix = "add the person's ocd-person id to the committee member entry"
        if not isinstance(member, dict) or not member.get("name"):
            self.problem(rel, f"members[{i}]", "a member needs a name; it was not imported", fix, member,
                         table="affiliations")
            return None
        pid = _text(member.get("person_id") or member.get("id"))
        if pid:
            if pid in self.people_by_id:
                return pid
            self.problem(rel, f"members[{i}]", f"{member['name']} has the id {pid}, which no person file has; "
                         "the membership was not imported", "correct the id or add the person's file", pid,
                         table="affiliations")
            return None
        found = self.people_by_name.get(_text(member["name"]), set())
        if len(found) == 1:
            return next(iter(found))
        self.problem(rel, f"members[{i}]",
                     (f"{member['name']} matches {len(found)} people ({', '.join(sorted(found))})" if found
                      else f"no person is named {member['name']}") + "; the membership was not imported",
                     fix, member["name"], table="affiliations")
        return None

    def resolve_subcommittees(self) -> None:
        """Point subcommittees at their parent committee, once every committee is known."""
        orgs = self.rows["organizations"]
        for rel, cid, parent in self.subcommittee_parents:
            if orgs.get(parent, {}).get("type") == "committee":
                orgs[cid]["parent_id"] = parent
            else:
                self.problem(rel, "parent", f"no committee has the id {parent}; the subcommittee was placed "
                             "under its chamber", "correct the parent committee id", parent, "warning")
