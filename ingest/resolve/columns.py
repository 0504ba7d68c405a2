"""Map the columns of a contact list (CSV or Excel) onto the fields the resolver compares.

Headers are recognised by their usual spellings (``First Name``, ``fname``,
``Surname``, ``E-mail``, ``Agency`` ...); the user overrides any of them with
``{"Surname": "family_name"}`` or drops one with ``{"Notes": "ignore"}``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from graph.errors import InputError
from ingest.normalize import fold


class ColumnMappingError(InputError):
    """The columns of a contact list cannot be mapped onto the resolver's fields."""


# field -> the header spellings that mean it (compared after fold() and '_' for punctuation)
FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "fullname", "contact_name", "contact", "person", "member", "member_name",
             "official", "official_name", "display_name", "names"),
    "honorific": ("honorific", "prefix", "salutation", "courtesy_title", "name_prefix"),
    "given_name": ("first_name", "firstname", "first", "given_name", "givenname", "given", "fname", "forename"),
    "middle_name": ("middle_name", "middlename", "middle", "middle_initial", "mi", "mname"),
    "family_name": ("last_name", "lastname", "last", "surname", "family_name", "familyname", "lname", "family"),
    "suffix": ("suffix", "name_suffix", "generation"),
    "nickname": ("nickname", "nick", "preferred_name", "goes_by", "known_as"),
    "other_names": ("other_names", "aliases", "alias", "aka", "also_known_as"),
    "email": ("email", "e_mail", "email_address", "e_mail_address", "mail", "work_email", "personal_email",
              "email1", "email2", "primary_email", "secondary_email"),
    "phone": ("phone", "telephone", "tel", "phone_number", "mobile", "cell", "cell_phone", "work_phone",
              "office_phone", "voice", "phone1", "phone2", "business_phone", "home_phone"),
    "address": ("address", "street", "street_address", "address_1", "address1", "address_line_1", "address_2",
                "address2", "address_line_2", "mailing_address", "street_number", "addr"),
    "city": ("city", "town", "suburb", "municipality", "locality"),
    "state": ("state", "st", "province", "state_code"),
    "postcode": ("zip", "zip_code", "zipcode", "postcode", "postal_code", "post_code"),
    "organization": ("organization", "organisation", "org", "agency", "company", "employer", "affiliation",
                     "entity", "department", "body", "org_name", "organization_name"),
    "title": ("title", "job_title", "position", "position_title", "role"),
    "office": ("office", "office_held", "elected_office", "seat"),
    "district": ("district", "ward", "precinct"),
    "jurisdiction": ("jurisdiction", "county", "jurisdiction_id", "government"),
    "birth_date": ("dob", "birth_date", "birthdate", "date_of_birth", "birthday", "born"),
    "identifier": ("identifier", "id_number", "soc_sec_id", "ssn", "voter_id", "ocd_id", "person_id", "external_id"),
    "status": ("status", "active"),
    "start_date": ("start_date", "term_start", "since", "from"),
    "end_date": ("end_date", "term_end", "until", "left_office"),
    "list": ("list", "list_name", "membership", "group", "committee", "board"),
    "record_id": ("id", "record_id", "rec_id", "contact_id"),
}
# Fields that may come from several columns: their values are kept together.
MULTI = {"email": "; ", "phone": "; ", "other_names": "; ", "address": " "}
IGNORE = "ignore"
_SPELLINGS = {spelling: name for name, spellings in FIELDS.items() for spelling in spellings}


def header_key(header: str) -> str:
    """'E-mail Address ' -> 'e_mail_address'."""
    return re.sub(r"[^a-z0-9]+", "_", fold(header)).strip("_")


@dataclass
class ColumnMapping:
    file: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # field -> source columns, in file order
    unmapped: list[str] = field(default_factory=list)  # columns kept aside, not compared


def map_columns(headers: list[str], overrides: dict[str, str] | None = None, *, file: str = "input") -> ColumnMapping:
    """Decide which column feeds which field; raise ColumnMappingError naming the fix.

    >>> map_columns(["First Name", "Surname", "E-mail", "Agency"]).fields["family_name"]
    ['Surname']
    >>> map_columns(["Nom", "Courriel"], {"Nom": "name", "Courriel": "email"}).fields["email"]
    ['Courriel']
    """
    overrides = dict(overrides or {})
    by_key = {header_key(h): h for h in headers}
    problems = []
    resolved_overrides: dict[str, str] = {}
    for column, target in overrides.items():
        source = column if column in headers else by_key.get(header_key(column))
        if source is None:
            problems.append(f'--map names the column "{column}", which {file} does not have '
                            f'(its columns: {", ".join(headers)})')
            continue
        target = header_key(target)
        if target != IGNORE and target not in FIELDS:
            problems.append(f'--map "{column}={target}": "{target}" is not a field; use one of {", ".join(FIELDS)} '
                            f'or "ignore"')
            continue
        resolved_overrides[source] = target
    mapping = ColumnMapping(file)
    for header in headers:
        target = resolved_overrides.get(header) or _SPELLINGS.get(header_key(header))
        if target == IGNORE:
            continue
        if target is None:
            mapping.unmapped.append(header)
        elif target in mapping.fields and target not in MULTI:
            problems.append(f'both "{mapping.fields[target][0]}" and "{header}" look like {target}; '
                            f'say which to use with --map "{header}=ignore" or --map "{header}=<another field>"')
        else:
            mapping.fields.setdefault(target, []).append(header)
    if not ({"name", "family_name", "given_name"} & set(mapping.fields)):
        unmapped = ", ".join(f'"{h}"' for h in mapping.unmapped) or "none"
        problems.append(f"no column holds the person's name (unmapped columns: {unmapped}); "
                        f'name it with --map "<column>=name" (or =given_name / =family_name)')
    if problems:
        raise ColumnMappingError(f"{file}: " + "; ".join(problems))
    return mapping


def apply_mapping(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """A frame with one column per field (all strings, '' when absent), in FIELDS order."""
    out = pd.DataFrame(index=frame.index)
    for name in FIELDS:
        cols = mapping.fields.get(name, [])
        if not cols:
            out[name] = ""
            continue
        values = frame[cols].fillna("").astype(str).apply(lambda s: s.str.strip())
        if len(cols) == 1:
            out[name] = values[cols[0]]
        else:
            sep = MULTI[name]
            out[name] = values.apply(lambda r: sep.join(v for v in r if v), axis=1)
    return out
