"""Turn mapped records into the normalised columns that blocking and scoring compare.

Done once per record (not per pair), so that the per-pair work is vectorised.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingest import normalize as nz
from graph.forking import can_fork
from ingest.resolve.forking import in_two

FORMS = 6  # at most this many equivalent given names are kept per record


@dataclass
class Prepared:
    """Column arrays, one entry per record, all normalised strings ('' when missing)."""
    n: int
    given: np.ndarray
    middle: np.ndarray
    family: np.ndarray
    suffix: np.ndarray
    nickname: np.ndarray
    full: np.ndarray  # "given middle family" folded, for token comparisons
    forms: np.ndarray  # (n, FORMS) ids of equivalent given names, -1 padded
    emails: list[tuple[str, ...]]
    phones: list[tuple[str, ...]]  # 10-digit (or 7-digit) numbers
    birth_date: np.ndarray
    identifier: np.ndarray
    street: np.ndarray
    city: np.ndarray
    state: np.ndarray
    postcode: np.ndarray
    organization: np.ndarray
    org_acronym: np.ndarray
    office: np.ndarray
    jurisdiction: np.ndarray
    status: np.ndarray
    start_date: np.ndarray
    end_date: np.ndarray
    form_names: list[str]  # id -> given-name form
    # every office a record says the person held: (office, start, end, still active), for the office rail
    offices: list[tuple[tuple[str, str, str, bool], ...]] = field(default_factory=list)
    # organizations besides ``organization`` (a stored contact's other affiliations), normalised
    other_orgs: list[frozenset[str]] = field(default_factory=list)
    # a row of a person list that names a body ("Friends of the Library", "Acme Paving LLC"): its name,
    # normalised as an organization's, else ''
    body: np.ndarray | None = None
    title: np.ndarray | None = None  # job title or role ("Executive Director"), normalised


def person_parts(row: dict) -> nz.PersonName:
    """A name from the separate columns when the list has them, else from the full name.

    Separate columns are written "Family, Given Middle" so that a two-word family
    name (Harris Davila) stays whole.
    """
    family, given = row.get("family_name", ""), f'{row.get("given_name", "")} {row.get("middle_name", "")}'.strip()
    text = f"{family}, {given}" if family and given else (family or given or row.get("name", ""))
    parsed = nz.parse_person_name(text)
    if (family or given) and row.get("name"):  # the full name may still carry a nickname or suffix
        full = nz.parse_person_name(row["name"])
        parsed = nz.PersonName(parsed.honorific or full.honorific, parsed.given, parsed.middle, parsed.family,
                               parsed.suffix or full.suffix, parsed.nickname or full.nickname)
    return _with_columns(parsed, row)


def _with_columns(p: nz.PersonName, row: dict) -> nz.PersonName:
    suffix = nz.GENERATIONAL.get(nz.normalize_text(row.get("suffix", "")), "") or p.suffix
    nickname = nz.normalize_text(row.get("nickname", "")) or p.nickname
    middle = p.middle or nz.normalize_text(row.get("middle_name", ""))
    return nz.PersonName(p.honorific, p.given, middle, p.family, suffix, nickname)


def _split(value: str) -> list[str]:
    return [v for v in (s.strip() for s in str(value).replace(",", ";").split(";")) if v]


ENDED = frozenset({"left office", "left", "left_office", "retired", "deceased", "inactive", "former", "resigned",
                   "ended"})


def _offices(row: dict, office: str, start: str, end: str, status: str) -> tuple[tuple[str, str, str, bool], ...]:
    """The record's offices: an ``offices`` column (a list of dicts, from the store) or its own office."""
    given = row.get("offices")
    active = status not in ENDED
    if isinstance(given, (list, tuple)) and given:
        return tuple((nz.normalize_text(o.get("office", "")), nz.normalize_date(o.get("start_date", "")),
                      nz.normalize_date(o.get("end_date", "")), active) for o in given if o.get("office"))
    return ((office, start, end, active),) if office else ()


_NAME_COLUMNS = ("name", "given_name", "middle_name", "family_name", "suffix", "nickname")


def _body(row: dict) -> str:
    """The normalised name of the body a row names instead of a person, else ''."""
    text = row.get("name") or " ".join(str(row.get(k, "")) for k in ("given_name", "middle_name", "family_name"))
    return nz.normalize_org_name(text) if nz.looks_like_organization(text) else ""


def _given_forms(p: nz.PersonName) -> list[str]:
    """The equivalent given names of a parsed name (nicknames, "Jose Maria" as one name), sorted."""
    found: set[str] = set()
    for g in filter(None, (p.given, p.nickname)):
        found |= nz.given_name_forms(g)
    if p.given and p.middle:  # "Jose Maria" as one given name (Chema)
        found |= nz.given_name_forms(f"{p.given} {p.middle.split()[0]}")
    return sorted(found)[:FORMS]


PARALLEL_NAMES = 20_000  # fewer distinct names than this are parsed in one process (a fork costs more)
_ROWS: list[dict] = []  # the names the forked process parses (inherited, never pickled)


def _parsed(part: slice) -> list[tuple[nz.PersonName, str]]:
    return [(person_parts(r), _body(r)) for r in _ROWS[part]]


def _parse_names(rows: list[dict], workers: int) -> tuple[list[nz.PersonName], list[str]]:
    """Each distinct name parsed (and checked for naming a body); the second half in a forked
    process when asked for and worth it: the same pure functions, so the same result."""
    global _ROWS
    if workers < 2 or len(rows) < PARALLEL_NAMES or not can_fork():
        done = [(person_parts(r), _body(r)) for r in rows]
    else:
        half = len(rows) // 2
        _ROWS = rows
        try:
            mine, theirs = in_two(_parsed, (slice(half, None),), lambda: _parsed(slice(0, half)))
            done = mine + theirs
        finally:
            _ROWS = []
    return [p for p, _ in done], [b for _, b in done]


def prepare(records: pd.DataFrame, workers: int = 1) -> Prepared:
    """The records' normalised columns; ``workers=2`` parses many distinct names in two processes."""
    n = len(records)
    raw = {k: records[k].to_numpy(dtype=object) for k in records.columns}
    # lists repeat names: parse each spelling once (the first record with it gives the row)
    name_cols = [k for k in _NAME_COLUMNS if k in raw]
    keys = list(zip(*(raw[k].astype(str) for k in name_cols))) if name_cols else [()] * n
    codes, distinct = pd.factorize(pd.Series(keys, dtype=object)) if n else (np.zeros(0, np.int64), [])
    first = np.full(len(distinct), n, dtype=np.int64)
    np.minimum.at(first, codes, np.arange(n))
    rows_of = [{k: raw[k][r] for k in name_cols} for r in first.tolist()]
    parsed, body_of = _parse_names(rows_of, workers)
    form_ids: dict[str, int] = {}
    name_forms = np.full((len(parsed), FORMS), -1, dtype=np.int32)
    for d, p in enumerate(parsed):
        for slot, f in enumerate(_given_forms(p)):
            name_forms[d, slot] = form_ids.setdefault(f, len(form_ids))
    forms = name_forms[codes] if n else np.full((0, FORMS), -1, dtype=np.int32)
    bodies = np.array(body_of + [""], dtype=object)[:-1][codes]

    def part(attr):
        return np.array([getattr(p, attr) for p in parsed] + [""], dtype=object)[:-1][codes]

    def text(key):
        return raw[key].astype(str).astype(object) if key in raw else np.full(n, "", dtype=object)

    def col(key, fn):  # lists repeat cities and agencies: normalise each distinct value once
        values = text(key)
        where, distinct = pd.factorize(pd.Series(values, dtype=object))
        return np.array([fn(v) for v in distinct] + [""], dtype=object)[:-1][where]

    def each(key, fn):  # a tuple per record, computed once per distinct cell
        seen: dict[str, tuple[str, ...]] = {}
        return [seen[v] if v in seen else seen.setdefault(v, fn(v)) for v in text(key).tolist()]

    emails = each("email", lambda v: tuple(dict.fromkeys(e for e in map(nz.normalize_email, _split(v)) if e)))
    phones = each("phone", lambda v: tuple(dict.fromkeys(d for d in (nz.phone_digits(nz.normalize_phone(x))
                                                                     for x in v.split(";")) if d)))
    org = col("organization", nz.normalize_org_name)
    has_office = np.array([bool(x) for x in raw["office"]], dtype=bool) if "office" in raw else np.zeros(n, bool)
    office_text = np.char.add(np.char.add(text("office").astype(str), " "), text("district").astype(str)) \
        .astype(object) if n else np.full(0, "", dtype=object)
    office = np.where(has_office, col_of(office_text, nz.normalize_text), "").astype(object)
    status, start, end = col("status", nz.normalize_text), col("start_date", nz.normalize_date), \
        col("end_date", nz.normalize_date)
    given_offices = raw.get("offices", np.full(n, None, dtype=object))
    given_orgs = raw.get("organizations")
    return Prepared(
        n=n,
        given=part("given"),
        middle=part("middle"),
        family=part("family"),
        suffix=part("suffix"),
        nickname=part("nickname"),
        full=np.array([" ".join(x for x in (p.given, p.middle, p.family) if x) for p in parsed] + [""],
                      dtype=object)[:-1][codes],
        forms=forms,
        emails=emails,
        phones=phones,
        birth_date=col("birth_date", nz.normalize_date),
        identifier=col("identifier", lambda v: "".join(ch for ch in nz.fold(v) if ch.isalnum())),
        street=col("address", nz.normalize_address),
        city=col("city", nz.normalize_text),
        state=col("state", nz.normalize_text),
        postcode=col("postcode", nz.normalize_postcode),
        organization=org,
        org_acronym=col_of(org, nz.org_acronym),
        office=office,
        jurisdiction=col("jurisdiction", nz.normalize_text),
        status=status,
        start_date=start,
        end_date=end,
        form_names=list(form_ids),
        offices=[_offices({"offices": g}, o, s, e, st) for g, o, s, e, st in zip(given_offices, office, start, end,
                                                                                status)],
        body=bodies,
        title=col("title", nz.normalize_text),
        other_orgs=[frozenset(nz.normalize_org_name(o) for o in g) if isinstance(g, (list, tuple)) else frozenset()
                    for g in given_orgs] if given_orgs is not None else [],
    )


def col_of(values: np.ndarray, fn) -> np.ndarray:
    """``fn`` of each value, computed once per distinct value."""
    where, distinct = pd.factorize(pd.Series(values, dtype=object))
    return np.array([fn(v) for v in distinct] + [""], dtype=object)[:-1][where]
