"""Open Civic Data ids, state names and the plain-text helpers shared by the readers of public
officials' data (ingest/openstates.py, ingest/congress.py).

>>> place = GOVERNMENT.fullmatch("ocd-jurisdiction/country:us/state:ca/place:oakland")
>>> place_id(place), place_id(GOVERNMENT.fullmatch("ocd-jurisdiction/country:us/state:ca/government"))
('ocd-jurisdiction/country:us/state:ca/place:oakland', 'ocd-jurisdiction/country:us/state:ca')
>>> GOVERNMENT.fullmatch("ocd-jurisdiction/country:us/government")["state"] is None  # Congress
True
>>> member_role("Ranking Member"), member_role("Chairman"), member_role(None)
('ranking member', 'chair', 'member')
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A government's ocd-jurisdiction id: the country (Congress), a state, or a city in a state.
# Open States writes ".../government"; the form without it names the same government.
GOVERNMENT = re.compile(
    r"ocd-jurisdiction/country:us(?:/(?:state|district|territory):(?P<state>[a-z]{2})"
    r"(?:/place:(?P<place>[^/]+))?)?(?:/government)?"
)
COUNTRY = "ocd-jurisdiction/country:us"
CONGRESS = f"{COUNTRY}/legislature"

STATE_NAMES = {
    "al": "Alabama", "ak": "Alaska", "az": "Arizona", "ar": "Arkansas", "ca": "California",
    "co": "Colorado", "ct": "Connecticut", "de": "Delaware", "dc": "District of Columbia",
    "fl": "Florida", "ga": "Georgia", "hi": "Hawaii", "id": "Idaho", "il": "Illinois",
    "in": "Indiana", "ia": "Iowa", "ks": "Kansas", "ky": "Kentucky", "la": "Louisiana",
    "me": "Maine", "md": "Maryland", "ma": "Massachusetts", "mi": "Michigan", "mn": "Minnesota",
    "ms": "Mississippi", "mo": "Missouri", "mt": "Montana", "ne": "Nebraska", "nv": "Nevada",
    "nh": "New Hampshire", "nj": "New Jersey", "nm": "New Mexico", "ny": "New York",
    "nc": "North Carolina", "nd": "North Dakota", "oh": "Ohio", "ok": "Oklahoma", "or": "Oregon",
    "pa": "Pennsylvania", "pr": "Puerto Rico", "ri": "Rhode Island", "sc": "South Carolina",
    "sd": "South Dakota", "tn": "Tennessee", "tx": "Texas", "ut": "Utah", "vt": "Vermont",
    "va": "Virginia", "wa": "Washington", "wv": "West Virginia", "wi": "Wisconsin", "wy": "Wyoming",
}
# (full name, short name) of the lower chamber where it is not "House of Representatives".
LOWER_CHAMBER = {
    "ca": ("State Assembly", "Assembly"), "nv": ("Assembly", "Assembly"),
    "ny": ("State Assembly", "Assembly"), "wi": ("State Assembly", "Assembly"),
    "nj": ("General Assembly", "Assembly"), "md": ("House of Delegates", "House"),
    "va": ("House of Delegates", "House"), "wv": ("House of Delegates", "House"),
}
STATE_CODES = {name.lower(): code for code, name in STATE_NAMES.items()}
CONGRESS_CHAMBERS = {
    "lower": ("United States House of Representatives", "U.S. House"),
    "upper": ("United States Senate", "U.S. Senate"),
    "legislature": ("United States Congress", "Joint congressional"),
}
# A committee member's role as Open States gives it -> ours (chair, vice chair, ranking member, member ...).
MEMBER_ROLES = {"chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "cochairman": "co-chair",
                 "co-chairman": "co-chair", "cochair": "co-chair", "vice chairman": "vice chair",
                 "vice chairwoman": "vice chair", "vice-chair": "vice chair", "": "member"}


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return iso_date(value)
    return str(value).strip()


def iso_date(value: Any) -> str:
    """'' for nothing, YYYY-MM-DD for a date (YAML gives date objects for unquoted dates)."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and DATE.fullmatch(value.strip()):
        dt.date.fromisoformat(value.strip())  # rejects 2025-02-30
        return value.strip()
    raise ValueError(f"not a date: {value!r}")


def iso_or_empty(value: Any) -> str:
    try:
        return iso_date(value)
    except ValueError:
        return ""


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def member_role(role: Any) -> str:
    """Open States' member role in our words: "Chairman" -> "chair", "Ranking Member" -> "ranking member"."""
    words = " ".join(as_text(role).lower().split())
    return MEMBER_ROLES.get(words, words)


def address(value: Any) -> str:
    """Open States writes line breaks in addresses as ';'."""
    return ", ".join(part.strip() for part in as_text(value).split(";") if part.strip())


def chamber_names(code: str | None, chamber: str) -> tuple[str, str]:
    """(full, short) name: ("Texas House of Representatives", "Texas House"); code None is Congress."""
    if code is None:
        return CONGRESS_CHAMBERS[chamber]
    state = state_name(code)
    if chamber == "legislature":
        return f"{state} Legislature", f"{state} Legislature"
    if chamber == "upper":
        return f"{state} Senate", f"{state} Senate"
    full, short = LOWER_CHAMBER.get(code, ("House of Representatives", "House"))
    return f"{state} {full}", f"{state} {short}"


def state_name(code: str) -> str:
    return STATE_NAMES.get(code, code.upper())


def place_id(match: re.Match) -> str:
    """The place's jurisdiction id (no "/government") of a state or city match."""
    place = f"/place:{match['place']}" if match["place"] else ""
    return f"{COUNTRY}/state:{match['state']}{place}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
