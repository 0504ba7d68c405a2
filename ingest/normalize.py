"""Pure normalisers for people, organisations, e-mails, phones, addresses and dates.

Every function here takes a string and returns a string (or a small frozen
value), never touches a file or the store, and is idempotent:
``f(f(x)) == f(x)``. tests/test_normalize.py checks that with hypothesis.

>>> normalize_name("Sen. Eduardo 'Eddie' Lucio Jr.")
'eduardo lucio jr'
>>> parse_person_name("Lucio, Eduardo A. (Eddie), Jr.").nickname
'eddie'
>>> normalize_phone("(512) 463-0530 ext. 12")
'+1-512-463-0530 x12'
>>> normalize_org_name("Houston City")
'city of houston'
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

from unidecode import unidecode

# -- text folding -------------------------------------------------------------

_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 ("CÃ©sar" -> "César"), a common spreadsheet accident."""
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def fold(text: object) -> str:
    """Lower-case ASCII with accents removed: the form every comparison starts from."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return unidecode(repair_mojibake(str(text))).lower().strip()


def _words(text: str) -> list[str]:
    """Folded words; periods and apostrophes vanish inside words (A.J. -> aj, O'Brien -> obrien)."""
    text = re.sub(r"[.'`\u2019]", "", fold(text))
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text)


# -- people -------------------------------------------------------------------

HONORIFICS = frozenset("""
mr mrs ms miss mx dr doctor prof professor rev reverend fr father pastor hon honorable honourable
sen senator rep representative del delegate gov governor lt ltgov lieutenant mayor
councilmember councilman councilwoman councillor councilor alderman alderwoman alder commissioner comm
judge justice atty attorney sheriff constable chief chair chairman chairwoman chairperson
sir dame madam president speaker secretary treasurer clerk trustee supervisor director
capt captain col colonel gen general maj sgt officer dep deputy vice
""".split())
# Words that only make a title together with the next word (State Senator, County Judge).
_TITLE_PREFIXES = frozenset("state county city district us federal associate assistant".split())
GENERATIONAL = {"jr": "jr", "junior": "jr", "sr": "sr", "senior": "sr", "ii": "ii", "2nd": "ii",
                "iii": "iii", "3rd": "iii", "iv": "iv", "4th": "iv"}
# Degrees and post-nominals say nothing about who someone is, so they are dropped.
POSTNOMINALS = frozenset("phd md esq jd cpa pe aicp dds rn mba mpa llm dvm ret usn usa usaf usmc faicp".split())
_PARTICLES = frozenset("de del della la las los van von der den da di du le st ter ten dos das y".split())
_NICKNAME_QUOTED = re.compile(r"""(?:^|(?<=\s))(?:"([^"]+)"|\u201c([^\u201d]+)\u201d|'([^']+)'|\u2018([^\u2019]+)\u2019|\(([^)]+)\))(?=\s|,|$)""")


@dataclass(frozen=True)
class PersonName:
    """A person's name in parts, each folded to lower-case ASCII; missing parts are ''."""
    honorific: str = ""
    given: str = ""
    middle: str = ""
    family: str = ""
    suffix: str = ""  # generational only: jr, sr, ii, iii, iv
    nickname: str = ""

    @property
    def normalized(self) -> str:
        return " ".join(p for p in (self.given, self.middle, self.family, self.suffix) if p)


def _name_words(text: str) -> list[str]:
    """Words of a name; a hyphen joining a title or suffix to a name is a space ("Smith-Jr")."""
    out = []
    for w in _words(text):
        parts = w.split("-")
        if len(parts) > 1 and (parts[0] in HONORIFICS or parts[-1] in GENERATIONAL or parts[-1] in POSTNOMINALS):
            out += [x for x in parts if x]
        else:
            out.append(w)
    return out


def _strip_suffixes(words: list[str]) -> tuple[list[str], str]:
    suffix = ""
    while len(words) > 1 and (words[-1] in GENERATIONAL or words[-1] in POSTNOMINALS):
        word = words.pop()
        suffix = GENERATIONAL.get(word, suffix) if not suffix else suffix
    return words, suffix


def parse_person_name(text: object) -> PersonName:
    """Split a written name into honorific, given, middle, family, suffix and nickname.

    Understands "Given Middle Family", "Family, Given Middle", quoted or
    bracketed nicknames, leading titles and trailing suffixes.

    >>> p = parse_person_name("Sen. Eduardo A. 'Eddie' Lucio, Jr.")
    >>> (p.honorific, p.given, p.middle, p.family, p.suffix, p.nickname)
    ('sen', 'eduardo', 'a', 'lucio', 'jr', 'eddie')
    >>> parse_person_name("Martinez, M.").given
    'm'
    """
    raw = repair_mojibake("" if text is None else str(text))
    nicknames = [next(g for g in m.groups() if g) for m in _NICKNAME_QUOTED.finditer(raw)]
    raw = _NICKNAME_QUOTED.sub(" ", raw)
    nickname = " ".join(_words(nicknames[0])) if nicknames else ""
    parts = [p for p in (s.strip() for s in raw.split(",")) if _name_words(p)]
    suffix = ""
    # "Eddie Lucio, III" and "Smith, John, Jr.": trailing comma parts made only of suffixes.
    while len(parts) > 1 and all(w in GENERATIONAL or w in POSTNOMINALS for w in _name_words(parts[-1])):
        found = [GENERATIONAL[w] for w in _name_words(parts.pop()) if w in GENERATIONAL]
        suffix = suffix or (found[0] if found else "")
    if len(parts) > 1:  # "Family, Given Middle"
        family_words, s1 = _strip_suffixes(_name_words(parts[0]))
        given_words, s2 = _strip_suffixes([w for p in parts[1:] for w in _name_words(p)])
        words, suffix = given_words + family_words, suffix or s1 or s2
        family_at = len(given_words)
    else:
        words, s = _strip_suffixes(_name_words(parts[0]) if parts else [])
        suffix, family_at = suffix or s, None
    honorific = []
    while len(words) > 1 and (words[0] in HONORIFICS or (words[0] in _TITLE_PREFIXES and words[1] in HONORIFICS)):
        honorific.append(words.pop(0))
        family_at = None if family_at is None else max(family_at - 1, 1)
    if not words:
        return PersonName(" ".join(honorific), suffix=suffix, nickname=nickname)
    if len(words) == 1:
        return PersonName(" ".join(honorific), "", "", words[0].replace("-", " "), suffix, nickname)
    if family_at is None or family_at >= len(words):
        family_at = len(words) - 1
        while family_at > 1 and words[family_at - 1] in _PARTICLES:
            family_at -= 1
    given, middle, family = words[0], words[1:family_at], words[family_at:]
    join = lambda ws: " ".join(ws).replace("-", " ")  # noqa: E731 - Gervin-Hawkins == Gervin Hawkins
    return PersonName(" ".join(honorific), join([given]), join(middle), join(family), suffix, nickname)


def normalize_name(text: object) -> str:
    """The name as lower-case ASCII "given middle family suffix", without titles or nicknames.

    >>> normalize_name("Lucio, Eduardo A. (Eddie), Jr.")
    'eduardo a lucio jr'
    >>> normalize_name("Hon. José MENÉNDEZ")
    'jose menendez'
    """
    return parse_person_name(text).normalized


def name_key(text: object) -> str:
    """An order-independent key: the name's words sorted ("Lucio, Eduardo" == "Eduardo Lucio").

    >>> name_key("Lucio, Eddie") == name_key("Eddie Lucio")
    True
    """
    return " ".join(sorted(normalize_name(text).split()))


@functools.cache
def nickname_table() -> dict[str, frozenset[str]]:
    """nickname -> the formal names it can stand for, from ingest/nicknames.csv."""
    table: dict[str, set[str]] = {}
    with resources.files("ingest").joinpath("nicknames.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            formal = fold(row["formal"])
            for nick in row["nicknames"].split(";"):
                if nick.strip():
                    table.setdefault(fold(nick), set()).add(formal)
    return {k: frozenset(v) for k, v in table.items()}


def given_name_forms(given: str) -> frozenset[str]:
    """The name and every formal name it may be short for: two given names are the same
    person's if their forms meet (Bill and Will both give William).

    >>> sorted(given_name_forms("Eddie"))
    ['eddie', 'edmund', 'eduardo', 'edward', 'edwin']
    """
    g = " ".join(_words(given)).replace("-", " ")
    if not g:
        return frozenset()
    table = nickname_table()
    return frozenset({g} | table.get(g, frozenset()))


def nickname_equivalent(a: str, b: str) -> bool:
    """True when one given name is a known nickname of the other (Eddie / Eduardo)."""
    return bool(given_name_forms(a) & given_name_forms(b))


# -- e-mail and phone -----------------------------------------------------------

_EMAIL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$")
# Shared mailboxes say nothing about which person is behind them.
ROLE_MAILBOXES = frozenset("""info admin office contact clerk council board mail hello help
support webmaster press media communications publicaffairs citysecretary secretary noreply
no-reply postmaster feedback general inquiries questions records mayor mayoroffice mayorsoffice citymanager
cityclerk countyjudge commissioners cs""".split())


def normalize_email(text: object) -> str:
    """Lower-case address without display name, mailto: or +tag; '' if it is not an address.

    >>> normalize_email("Jane Doe <Jane.Doe+Board@Austin.GOV>")
    'jane.doe@austin.gov'
    """
    s = fold(text)
    m = re.search(r"<([^>]*)>", s)
    s = (m.group(1) if m else s).strip().removeprefix("mailto:").strip()
    if not _EMAIL.match(s):
        return ""
    local, domain = s.rsplit("@", 1)
    local = local.split("+", 1)[0] if not local.startswith("+") else local
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}" if local else ""


def is_role_mailbox(email: str) -> bool:
    return email.split("@", 1)[0] in ROLE_MAILBOXES


_EXTENSION = re.compile(r"(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$")


def normalize_phone(text: object) -> str:
    """US numbers as +1-AAA-EEE-NNNN (extension kept as ' x123'); others as +digits.

    >>> normalize_phone("1.512.463.0530 x 7")
    '+1-512-463-0530 x7'
    >>> normalize_phone("+44 20 7946 0958")
    '+442079460958'
    """
    s = fold(text)
    ext = ""
    m = _EXTENSION.search(s)
    if m:
        ext, s = m.group(1), s[: m.start()]
    international = s.lstrip().startswith("+")
    digits = re.sub(r"\D", "", s)
    if international and not digits.startswith("1"):
        number = f"+{digits}" if len(digits) >= 7 else ""
    else:
        if len(digits) == 11 and digits[0] == "1":
            digits = digits[1:]
        if len(digits) == 10:
            number = f"+1-{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        elif len(digits) == 7:  # local number without area code: keep it comparable
            number = f"{digits[:3]}-{digits[3:]}"
        else:
            number = ""
    return f"{number} x{ext}" if number and ext else number


def phone_digits(phone: str) -> str:
    """The dialable digits of a normalised phone, without country code or extension."""
    number = phone.split(" x", 1)[0]
    return re.sub(r"\D", "", number.removeprefix("+1-"))


# -- organisations and places ---------------------------------------------------

_ORG_WORDS = {
    "&": "and", "dept": "department", "assn": "association", "assoc": "association", "natl": "national",
    "intl": "international", "govt": "government", "univ": "university", "cmte": "committee",
    "comm": "commission", "dist": "district", "auth": "authority", "ctr": "center", "centre": "center",
    "svcs": "services", "svc": "service", "mgmt": "management", "metro": "metropolitan", "co": "company",
    "cty": "county", "twp": "township", "isd": "independent school district",
}
_LEGAL_FORMS = frozenset("inc incorporated llc llp lp ltd limited corp corporation company pllc pc plc".split())
_PLACE_KINDS = ("city", "county", "town", "village", "township", "borough", "parish")


def normalize_org_name(text: object) -> str:
    """Lower-case name without legal form, with abbreviations spelled out, and places
    written one way ("Houston City", "City of Houston" -> "city of houston").

    >>> normalize_org_name("The Acme Co., Inc.")
    'acme'
    >>> normalize_org_name("County of Harris") == normalize_org_name("Harris County")
    True
    """
    s = re.sub(r"[.'`\u2019]", "", fold(text)).replace("&", " and ")
    words = [_ORG_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+", s)]
    words = " ".join(words).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    if len(words) > 2 and words[0] in _PLACE_KINDS and words[1] == "of":
        kind, words = words[0], words[2:]
        if len(words) > 1 and words[-1] == kind:  # "City of Kansas City"
            words = words[:-1]
        return f"{kind} of {' '.join(words)}"
    if len(words) > 1 and words[-1] in _PLACE_KINDS:
        return f"{words[-1]} of {' '.join(words[:-1])}"
    return " ".join(words)


# words no person's name holds: a list row that carries one names a body, not a person
_BODY_WORDS = frozenset("""committee committees commission association associations foundation coalition alliance
society institute university college department authority chamber caucus partnership organization organisation
council board cmte assn dept ministry federation cooperative coop""".split())
_WEAK_BODY_WORDS = frozenset("""group club league library museum hospital bank church school district agency
services network fund trust center centre union company partners enterprises industries holdings consulting
neighbors neighbours residents friends""".split())
_BODY_ADJECTIVES = frozenset("public community regional national first united american local memorial independent "
                             "municipal metropolitan".split())


def looks_like_organization(text: object) -> bool:
    """True when a name written in a person list names an organization, a committee or a company.

    >>> [looks_like_organization(t) for t in ("Friends of the Pecan Springs Library", "Transportation Committee",
    ...  "Acme Paving, LLC", "Council Member Ana Ruiz", "Sarah Church", "Sarah Jane Church",
    ...  "Austin Public Library", "Ana Ruiz")]
    [True, True, True, False, False, False, True, False]
    """
    words = re.findall(r"[a-z0-9&]+", re.sub(r"[.'`\u2019]", "", fold(text)))
    if len(words) < 2:
        return False
    if "friends" in words and words[words.index("friends") + 1:][:1] == ["of"]:
        return True
    if words[-1] in _LEGAL_FORMS or "&" in words:
        return True
    for k, w in enumerate(words):  # "Council Member Ana Ruiz", "Board Member": a title, not a body
        if w in _BODY_WORDS and words[k + 1:k + 2] not in (["member"], ["members"], ["president"], ["chair"]):
            return True
    if not any(w in _WEAK_BODY_WORDS for w in words):
        return False  # "Sarah Church", "Sarah Jane Church": a surname, unless the rest says a body
    return "of" in words or words[0] == "the" or bool(_BODY_ADJECTIVES & set(words)) or \
        sum(w in _WEAK_BODY_WORDS for w in words) > 1


def org_acronym(text: object) -> str:
    """Initials of the significant words: "Capital Area Metropolitan Planning Organization" -> "campo"."""
    words = [w for w in normalize_org_name(text).split() if w not in ("of", "and", "the", "for")]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


_ADDRESS_WORDS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd", "road": "rd",
    "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "parkway": "pkwy", "highway": "hwy",
    "circle": "cir", "circuit": "cct", "crescent": "cres", "terrace": "tce", "close": "cl",
    "square": "sq", "trail": "trl", "expressway": "expy", "freeway": "fwy", "suite": "ste",
    "apartment": "apt", "room": "rm", "floor": "fl", "building": "bldg", "north": "n", "south": "s",
    "east": "e", "west": "w", "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
    "mount": "mt", "fort": "ft", "unit": "ste", "#": "ste",
}


def normalize_address(text: object) -> str:
    """Lower-case street address with USPS-style abbreviations ("Suite 200" -> "ste 200").

    >>> normalize_address("P.O. Box 12910, Austin, TX")
    'po box 12910 austin tx'
    """
    s = re.sub(r"[.'`\u2019]", "", fold(text))
    s = re.sub(r"\bpost office box\b|\bp o box\b", "po box", s)
    s = s.replace("#", " # ")
    words = [_ADDRESS_WORDS.get(w, w) for w in re.findall(r"[a-z0-9]+|#", s)]
    return " ".join(words)


def normalize_postcode(text: object) -> str:
    """ZIP / postcode without ZIP+4 or spaces ("78711-2910" -> "78711")."""
    s = re.sub(r"\s", "", fold(text))
    m = re.fullmatch(r"(\d{5})-?\d{4}", s)
    return m.group(1) if m else re.sub(r"[^a-z0-9]", "", s)


def normalize_text(text: object) -> str:
    """Folded words separated by single spaces: for cities, titles, offices, jurisdictions."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"[.'`\u2019]", "", fold(text))))


def normalize_date(text: object) -> str:
    """ISO date (YYYY-MM-DD) from ISO, US m/d/yyyy, yyyymmdd or a date value; '' if unreadable.

    >>> normalize_date("3/7/1946"), normalize_date("19460307"), normalize_date("1946-03-07 00:00:00")
    ('1946-03-07', '1946-03-07', '1946-03-07')
    """
    if isinstance(text, (dt.date, dt.datetime)):
        return text.strftime("%Y-%m-%d")
    s = fold(text)
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"), (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy"),
                           (r"(\d{4})(\d{2})(\d{2})", "ymd"), (r"(\d{4})/(\d{1,2})/(\d{1,2})", "ymd")):
        m = re.fullmatch(pattern + r"(?:[ t].*)?", s)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups())))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"]).isoformat()
            except ValueError:
                return ""
    return ""
