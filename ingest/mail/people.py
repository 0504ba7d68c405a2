"""Who is behind each address: a stored contact, or a new one from mail.

In order: an address a stored contact already has (its ``email``, several allowed,
separated by ';') is that contact; addresses with the same display name are one
person ("maria.lopez@ and mlopez@ share the display name Maria Lopez"), joined to
the contact one of them already names; the rest are matched by name through entity
resolution (ingest/resolve/) against the stored contacts: a sure match joins the
contact, a likely one makes a new contact and a review candidate for a person to
decide. Everyone else becomes a new contact marked "from mail, unreviewed";
addresses at our own domains (``CIVICGRAPH_OUR_DOMAINS``) make our staff.
"""
from __future__ import annotations

import functools
import hashlib
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from graph import settings
from graph.reads import read
from graph.store import Store
from graph.viewer import Viewer
from ingest import normalize as nz
from ingest.resolve import MERGE, REVIEW, resolve_records
from ingest.resolve.columns import FIELDS
from ingest.resolve.queue import FROM_MAIL  # the note the review queue lists them by


def our_domains() -> set[str]:
    """The agency's mail domains, from ``CIVICGRAPH_OUR_DOMAINS`` (comma or space separated)."""
    return {d.strip().lower().lstrip("@") for d in settings.get("our_domains").replace(",", " ").split() if d.strip()}


def is_ours(address: str, domains: set[str]) -> bool:
    """True for an address at one of our domains or their subdomains.

    >>> is_ours("ana@cog.example.gov", {"cog.example.gov"}), is_ours("bo@mail.cog.example.gov", {"cog.example.gov"})
    (True, True)
    >>> is_ours("eve@notcog.example.gov", {"cog.example.gov"})
    False
    """
    domain = address.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in domains)


@dataclass
class People:
    """The outcome: each address's contact, the contact rows to write, the evidence."""

    contact_of: dict[str, str] = field(default_factory=dict)  # address (or "name:<key>") -> contact id
    rows: list[dict] = field(default_factory=list)  # contacts to create, or to give a new address
    evidence: list[str] = field(default_factory=list)  # why addresses were joined
    review: list[tuple[str, str, float, list[str]]] = field(default_factory=list)  # (stored, new, score, why)
    created: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=65_536)
def person_key(address: str, name: str) -> str:
    """The key of a participant: the address, or the name when the source gives no address (Outlook calendars)."""
    return nz.normalize_email(address) or address or f"name:{nz.name_key(name)}"


def match_people(store: Store, viewer: Viewer, seen: dict[str, Counter], *, source: str,
                 confidentiality: str) -> People:
    """``seen``: participant key -> how often each display name came with it."""
    out = People()
    domains = our_domains()
    stored = read(
        store, viewer,
        "MATCH (c:Contact) WHERE c.confidentiality IN $visible RETURN c.id AS id, c.name AS name, c.email AS email, "
        "c.kind AS kind, c.status AS status, c.confidentiality AS confidentiality, c.notes AS notes, "
        "c.source AS source")
    by_id = {r["id"]: r for r in stored}
    by_email: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for r in stored:
        for e in str(r["email"] or "").replace(",", ";").split(";"):
            if nz.normalize_email(e):
                by_email.setdefault(nz.normalize_email(e), r["id"])
        by_name.setdefault(nz.name_key(r["name"]), []).append(r["id"])
    name_of = {k: (names.most_common(1)[0][0] if names else "") for k, names in seen.items()}
    unmatched = []
    for key in seen:
        if key in by_email:
            out.contact_of[key] = by_email[key]
        elif key.startswith("name:") and len(by_name.get(key[5:], [])) == 1:
            out.contact_of[key] = by_name[key[5:]][0]  # a calendar export names people without addresses
        else:
            unmatched.append(key)
    # addresses sharing a display name are one person (a name of two words or more: "Admin" proves nothing)
    groups: dict[str, list[str]] = {}
    for key in unmatched:
        nk = nz.name_key(name_of[key]) if not key.startswith("name:") else key[5:]
        groups.setdefault(nk if len(nk.split()) >= 2 else key, []).append(key)
    joined_stored: dict[str, list[str]] = {}
    known_by_name: dict[str, list[str]] = {}  # the display names of the addresses already matched
    left = set(unmatched)
    for k in seen:
        if k not in left:
            known_by_name.setdefault(nz.name_key(name_of[k]), []).append(k)
    for nk, keys in list(groups.items()):
        known = known_by_name.get(nk, []) if len(nk.split()) >= 2 else []
        owners = {out.contact_of[k] for k in known}
        if len(owners) == 1:  # another address with this display name is a stored contact's
            owner = owners.pop()
            for k in keys:
                out.contact_of[k] = owner
            joined_stored.setdefault(owner, []).extend(k for k in keys if not k.startswith("name:"))
            out.evidence.append(f"{_list(keys)} and {_list(known)} share the display name {name_of[known[0]]}: "
                                f"one person, {by_id[owner]['name']} ({owner})")
            del groups[nk]
        elif len(keys) > 1:
            out.evidence.append(f"{_list(keys)} share the display name {name_of[keys[0]]}: one person")
    sure, likely = _resolve(stored, groups, name_of) if groups and stored else ({}, {})
    for nk, keys in groups.items():
        if nk in sure:
            owner, why = sure[nk]
            for k in keys:
                out.contact_of[k] = owner
            joined_stored.setdefault(owner, []).extend(k for k in keys if not k.startswith("name:"))
            out.evidence.append(f"{_list(keys)} is {by_id[owner]['name']} ({owner}): {'; '.join(why[:3])}")
            continue
        addresses = [k for k in keys if not k.startswith("name:")]
        cid = "c-mail-" + hashlib.sha1(sorted(keys)[0].encode()).hexdigest()[:10]
        name = max((name_of[k] for k in keys), key=len) or (addresses[0] if addresses else nk)
        ours = any(is_ours(a, domains) for a in addresses)
        out.rows.append({"id": cid, "name": name, "kind": "our_staff" if ours else "other", "status": "active",
                         "email": "; ".join(addresses), "notes": FROM_MAIL, "source": source,
                         "confidentiality": confidentiality})
        out.created.append(cid)
        for k in keys:
            out.contact_of[k] = cid
        if nk in likely:
            owner, score, why = likely[nk]
            out.review.append((owner, cid, score, why))
    for owner, new in joined_stored.items():  # the stored contact keeps its other values, gains the addresses
        r = by_id[owner]
        have = [e.strip() for e in str(r["email"] or "").split(";") if e.strip()]
        more = [a for a in dict.fromkeys(new) if a not in {nz.normalize_email(h) for h in have}]
        if more:
            out.rows.append({"id": owner, "name": r["name"], "kind": r["kind"], "status": r["status"],
                             "email": "; ".join(have + more),
                             "notes": r["notes"] or "", "source": r["source"] or "",
                             "confidentiality": r["confidentiality"]})
    return out


def _list(keys: list[str]) -> str:
    shown = [k[5:] if k.startswith("name:") else k for k in keys[:3]]
    return " and ".join(shown) + (f" (+{len(keys) - 3})" if len(keys) > 3 else "")


def _resolve(stored: list[dict], groups: dict[str, list[str]], name_of: dict[str, str]):
    """Entity resolution of the unknown people against the stored contacts, by name and address."""
    cols = list(FIELDS) + ["source_file", "source_row", "source_list", "store_id"]
    recs = []
    for r in stored:
        recs.append({**{f: "" for f in FIELDS}, "name": r["name"] or "", "email": r["email"] or "",
                     "source_file": "store", "source_row": 0, "source_list": "store", "store_id": r["id"]})
    new = list(groups)
    for i, nk in enumerate(new):
        keys = groups[nk]
        recs.append({**{f: "" for f in FIELDS}, "name": max((name_of[k] for k in keys), key=len),
                     "email": "; ".join(k for k in keys if not k.startswith("name:")),
                     "source_file": "mail", "source_row": i + 1, "source_list": "mail", "store_id": ""})
    frame = pd.DataFrame(recs, columns=cols).fillna("")
    res = resolve_records(frame)
    n_stored = len(stored)
    sure: dict[str, tuple[str, list[str]]] = {}
    likely: dict[str, tuple[str, float, list[str]]] = {}
    for q in res.pairs:
        a, b = sorted((q.a, q.b))
        if a >= n_stored or b < n_stored:  # one stored, one from mail
            continue
        nk, owner = new[b - n_stored], stored[a]["id"]
        if q.decision == MERGE and nk not in sure:
            sure[nk] = (owner, q.evidence)
        elif q.decision == REVIEW and (nk not in likely or q.score > likely[nk][1]):
            likely[nk] = (owner, q.score, q.evidence)
    for nk in sure:
        likely.pop(nk, None)
    return sure, likely
