"""Pure helpers that read one Open States record's fields (roles, other names, identifiers, party,
office phone and address, website) for ingest/openstates.py.
"""
from __future__ import annotations

from typing import Any

from ingest.civic_ids import as_list as _as_list, as_text as _text, iso_or_empty as _iso_or_empty

# other_identifiers kept on the contact (identifiers): the ones other sources name people by
IDENTIFIER_SCHEMES = ("openstates", "bioguide", "thomas", "lis", "govtrack", "votesmart", "opensecrets", "fec",
                      "icpsr", "wikidata")
_OFFICE_PREFERENCE = ("capitol", "primary", "district", "capitol-mail", "district-mail")
_OPEN_END = "9999-12-31"


def _role_order(role: dict) -> tuple[str, str]:
    """Sort key that puts the current (open-ended, else latest-ending) role last."""
    return _iso_or_empty(role.get("end_date")) or _OPEN_END, _iso_or_empty(role.get("start_date"))


def _other_names(record: dict) -> list[str]:
    """Distinct other names; a ';' inside a name would split it in a list column, so it becomes ','."""
    names = (_text(o.get("name")) if isinstance(o, dict) else _text(o) for o in _as_list(record.get("other_names")))
    return list(dict.fromkeys(n.replace(";", ",") for n in names if n))


def _identifiers(person: dict) -> list[str]:
    """The person's ids in other systems as scheme:id: their own Open States id first, then the
    identifying ``other_identifiers`` (bioguide, thomas, ...) that other sources match people on."""
    ids = [f"openstates:{_text(person.get('id'))}"]
    for other in _as_list(person.get("other_identifiers")):
        if isinstance(other, dict) and _text(other.get("scheme")) in IDENTIFIER_SCHEMES and other.get("identifier"):
            ids.append(f"{_text(other['scheme'])}:{_text(other['identifier']).replace(';', ',')}")
    return list(dict.fromkeys(ids))


def _current_party(parties: Any) -> str:
    entries = [p for p in _as_list(parties) if isinstance(p, dict) and p.get("name")]
    if not entries:
        return ""
    return _text(max(entries, key=lambda p: _iso_or_empty(p.get("end_date")) or _OPEN_END)["name"])


def _phone_and_address(person: dict) -> tuple[str, str]:
    """The capitol office's phone and address, else the next best office's."""
    offices = [o for o in _as_list(person.get("offices")) + _as_list(person.get("contact_details"))
               if isinstance(o, dict)]

    def rank(office: dict) -> int:
        # Newer files say classification: capitol; older ones note: "Capitol Office".
        kind = _text(office.get("classification") or office.get("note")).lower().replace(" office", "")
        kind = kind.replace(" ", "-")
        return _OFFICE_PREFERENCE.index(kind) if kind in _OFFICE_PREFERENCE else len(_OFFICE_PREFERENCE)

    offices.sort(key=rank)
    phone = next((_text(o["voice"]) for o in offices if o.get("voice")), "")
    address = next((_text(o["address"]) for o in offices if o.get("address")), "")
    # Open States writes line breaks in addresses as ';'.
    return phone, ", ".join(part.strip() for part in address.split(";") if part.strip())


def _website(links: Any) -> str:
    urls = [link for link in _as_list(links) if isinstance(link, dict) and link.get("url")]
    home = next((link for link in urls if link.get("note") == "homepage"), urls[0] if urls else {})
    return _text(home.get("url"))


def _table_of_file(rel: str) -> str:
    """The table a whole unreadable file would have filled."""
    return "organizations" if rel.split("/", 1)[0] == "committees" else "contacts"
