"""Contact lists with the errors administrative lists have, and the truth, for tests and benchmarks.

>>> lists = messy_lists(50, seed=1)
>>> sorted(lists.columns)[:4], lists["pid"].nunique() <= 60
(['address', 'city', 'dob', 'email'], True)
>>> messy_lists(50, seed=1).equals(lists)
True

Each person is written once or more (several lists); each copy goes wrong field by field
at the rates of ``RATES``: transposed digits and one-keystroke slips (neighbouring keys),
nicknames for given names, first and last names swapped, missing values, a moved address
and city, a mistyped or changed e-mail domain, addresses written over two lines. The rates
are ours, set to the order of magnitude record-linkage studies report for administrative
lists (typing errors a few percent per field, missing values up to a third for e-mail and
phone); every one can be changed. Namesakes (another person with the same name, born
decades apart; a Jr. and a Sr.) must stay apart. Seeded: the same seed gives the same lists.
"""
from __future__ import annotations

import random

import pandas as pd

# per field and error: the share of copies that get it (a copy may get several)
RATES: dict[str, float] = {
    "given_nickname": 0.10, "given_typo": 0.03, "given_initial": 0.03, "given_missing": 0.01,
    "family_typo": 0.03, "family_missing": 0.01, "names_swapped": 0.02,
    "dob_missing": 0.15, "dob_transposed": 0.02, "dob_keystroke": 0.02, "dob_day_month": 0.01,
    "email_missing": 0.25, "email_domain_typo": 0.03, "email_new_domain": 0.03, "email_upper": 0.05,
    "phone_missing": 0.30, "phone_keystroke": 0.02,
    "address_missing": 0.20, "address_two_lines": 0.10, "moved": 0.05, "city_missing": 0.10,
    "organization_missing": 0.20, "full_name_column": 0.15, "honorific": 0.10,
}

GIVEN = [("William", "Bill"), ("Robert", "Bob"), ("Elizabeth", "Liz"), ("Eduardo", "Eddie"), ("Margaret", "Peggy"),
         ("James", "Jim"), ("Katherine", "Kate"), ("Richard", "Rick"), ("Jennifer", "Jenny"), ("Francisco", "Paco"),
         ("Guadalupe", "Lupe"), ("Jesus", "Chuy"), ("Patricia", "Trish"), ("Thomas", "Tom"), ("Susan", "Sue"),
         ("Michael", "Mike"), ("Deborah", "Debbie"), ("Anthony", "Tony"), ("Alejandro", "Alex"), ("Daniel", "Dan"),
         ("Rebecca", "Becky"), ("Joseph", "Joe"), ("Christina", "Tina"), ("Ana", ""), ("Luis", ""), ("Carmen", ""),
         ("Kevin", ""), ("Aisha", ""), ("Priya", ""), ("Olga", ""), ("Darnell", ""), ("Yolanda", ""), ("Hector", ""),
         ("Tamika", ""), ("Wei", ""), ("Brent", ""), ("Maria", ""), ("Jose", ""), ("Linh", ""), ("Fatima", "")]
FAMILY = ("Garcia Martinez Smith Johnson Nguyen Hernandez Lopez Williams Brown Davis Rodriguez Wilson Anderson "
          "Taylor Moore Jackson White Harris Clark Lewis Robinson Walker Perez Hall Young Allen Sanchez Wright "
          "King Scott Green Baker Adams Nelson Hill Ramirez Campbell Mitchell Roberts Carter Phillips Evans Turner "
          "Torres Parker Collins Edwards Stewart Flores Morris Murphy Rivera Cook Rogers Morgan Peterson Cooper Reed "
          "Bailey Bell Gomez Kelly Howard Ward Cox Diaz Richardson Wood Watson Brooks Bennett Gray Reyes Cruz "
          "Hughes Price Myers Long Foster Sanders Ross Morales Powell Sullivan Russell Ortiz Jenkins Gutierrez Perry "
          "Zaffirini Hinojosa Lucio Menendez Blanco Campos Bumgarner Dutton Kolkhorst Huffman Bettencourt").split()
CITIES = [("Austin", "787"), ("Houston", "770"), ("San Antonio", "782"), ("El Paso", "799"), ("Laredo", "780"),
          ("Round Rock", "786"), ("Georgetown", "786"), ("McAllen", "785"), ("Temple", "765"), ("San Marcos", "786")]
STREETS = ["Congress Ave", "Lamar Blvd", "Guadalupe St", "Oak Dr", "Main St", "Pecan St", "Elm St", "Riverside Dr"]
ORGS = ["City of {c}", "{c} ISD", "{c} Chamber of Commerce", "{c} County", "Texas Department of Transportation",
        "{c} Economic Development Corp.", "{c} Water Utility", "Central Texas Regional Mobility Authority"]
DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "austintexas.gov", "txdot.gov", "isd.net"]
_TYPO_DOMAINS = {"gmail.com": "gmial.com", "yahoo.com": "yaho.com", "outlook.com": "outlok.com",
                 "austintexas.gov": "austintexas.gob", "txdot.gov": "txdot.gv", "isd.net": "isd.ne"}
LISTS = ["council", "mpo_board", "transit_board", "chamber", "volunteers"]
_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"]


def _neighbour(rng: random.Random, ch: str) -> str:
    """A key next to ``ch`` on a keyboard (digits: the next digit up or down)."""
    low = ch.lower()
    for row in _ROWS:
        k = row.find(low)
        if k >= 0:
            near = [row[x] for x in (k - 1, k + 1) if 0 <= x < len(row)]
            out = rng.choice(near)
            return out.upper() if ch.isupper() else out
    return ch


def keystroke(rng: random.Random, s: str, *, digits_only: bool = False) -> str:
    """One slip: a neighbouring key, a dropped or doubled letter, two letters transposed."""
    spots = [k for k, c in enumerate(s) if (c.isdigit() if digits_only else c.isalpha())]
    if len(spots) < 2:
        return s
    k = rng.choice(spots[1:] if not digits_only else spots)
    op = rng.choice(["near", "near", "transpose"] if digits_only else ["near", "drop", "double", "transpose"])
    if op == "near":
        return s[:k] + _neighbour(rng, s[k]) + s[k + 1:]
    if op == "drop":
        return s[:k] + s[k + 1:]
    if op == "double":
        return s[:k] + s[k] + s[k:]
    j = next((x for x in spots if x > k), None) or next((x for x in reversed(spots) if x < k), k)
    a, b = sorted((k, j))
    return s[:a] + s[b] + s[a + 1:b] + s[a] + s[b + 1:] if a != b else s


def _transpose_digits(rng: random.Random, dob: str) -> str:
    """Two neighbouring digits of the date swapped (1975 -> 1957, 03-16 -> 03-61 is not a date: retry)."""
    for _ in range(5):
        k = rng.choice([2, 5, 8])  # within the year's last two digits, the month, the day
        out = dob[:k] + dob[k + 1] + dob[k] + dob[k + 2:]
        if out != dob and _valid(out):
            return out
    return dob


def _valid(iso: str) -> bool:
    try:
        pd.Timestamp(iso)
        return True
    except ValueError:
        return False


_SYLLABLES = "ba be bo ca co da de di do fa fe ga go ha he ki ko la le li lo ma me mi mo na ne no pa pe ra re " \
             "ri ro sa se si so ta te ti to va ve vi wa ya za ch sh th ll rr ck nd nt st".split()


def name_pool(rng: random.Random, size: int) -> list[str]:
    """Invented names for the long tail: real lists hold many more names than any table."""
    return [("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))).capitalize() for _ in range(size)]


def zipf_choice(rng: random.Random, common: list, tail: list):
    """Half the people carry a common name, half one from the long tail (when there is one)."""
    return rng.choice(common) if not tail or rng.random() < 0.5 else tail[int(rng.paretovariate(1.2)) % len(tail)]


def _person(rng: random.Random, pid: int, tails: tuple[list, list] = ([], [])) -> dict:
    formal, nick = zipf_choice(rng, GIVEN, [(g, "") for g in tails[0]])
    family = zipf_choice(rng, FAMILY, tails[1]) + (f"-{rng.choice(FAMILY)}" if rng.random() < 0.04 else "")
    city, zip3 = rng.choice(CITIES)
    handle = f"{formal[0]}{family}".lower().replace("-", "") + (str(pid) if rng.random() < 0.5 else f".{pid}")
    return {"pid": pid, "formal": formal, "nick": nick, "family": family,
            "middle": rng.choice(["", "", "A", "J", "Marie", "Lee", "R"]), "suffix": "",
            "dob": f"{rng.randrange(1940, 2000)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "email": f"{handle}@{rng.choice(DOMAINS)}", "phone": f"512{rng.randrange(2000000, 9999999)}",
            "street": f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}", "unit": f"Suite {rng.randrange(1, 400)}",
            "city": city, "zip": f"{zip3}{rng.randrange(10, 99)}", "org": rng.choice(ORGS).format(c=city),
            "title": rng.choice(["Council Member", "Trustee", "Director", "Chair", "Volunteer", "Member"])}


def _namesake(rng: random.Random, person: dict, pid: int) -> dict:
    """Someone else with the same name: born decades apart (a parent), or the Sr. of a Jr."""
    other = _person(rng, pid)
    year = int(person["dob"][:4])
    other.update(formal=person["formal"], nick=person["nick"], family=person["family"],
                 dob=f"{year - 25 if year > 1965 else year + 25}{other['dob'][4:]}")
    if rng.random() < 0.3:
        person["suffix"], other["suffix"] = "Jr.", "Sr."
    return other


def _copy(rng: random.Random, p: dict, rates: dict[str, float]) -> dict:
    hit = lambda error: rng.random() < rates.get(error, 0.0)  # noqa: E731
    given, family = p["formal"], p["family"]
    if p["nick"] and hit("given_nickname"):
        given = p["nick"]
    if hit("given_typo"):
        given = keystroke(rng, given)
    if hit("given_initial"):
        given = given[0] + "."
    if hit("given_missing"):
        given = ""
    if hit("family_typo"):
        family = keystroke(rng, family)
    if hit("family_missing"):
        family = ""
    if hit("names_swapped"):
        given, family = family, given
    dob = p["dob"]
    if hit("dob_transposed"):
        dob = _transpose_digits(rng, dob)
    if hit("dob_keystroke"):
        slip = keystroke(rng, dob, digits_only=True)
        dob = slip if _valid(slip) else dob
    if hit("dob_day_month") and int(dob[8:10]) <= 12:
        dob = f"{dob[:5]}{dob[8:10]}-{dob[5:7]}"
    moved = hit("moved")
    city, zip_code = (rng.choice(CITIES)[0], f"78{rng.randrange(100, 999)}") if moved else (p["city"], p["zip"])
    street = f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}" if moved else p["street"]
    address = f"{street}\n{p['unit']}" if hit("address_two_lines") else street
    email = p["email"]
    local, domain = email.split("@")
    if hit("email_domain_typo"):
        email = f"{local}@{_TYPO_DOMAINS[domain]}"
    elif hit("email_new_domain"):
        email = f"{local}@{rng.choice([d for d in DOMAINS if d != domain])}"
    if hit("email_upper"):
        email = email.upper()
    phone = keystroke(rng, p["phone"], digits_only=True) if hit("phone_keystroke") else p["phone"]
    if rng.random() < 0.5:
        phone = f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"
    row = {"first_name": given, "middle": p["middle"] if rng.random() < 0.5 else "", "last_name": family,
           "suffix": p["suffix"], "name": "", "email": "" if hit("email_missing") else email,
           "phone": "" if hit("phone_missing") else phone, "dob": "" if hit("dob_missing") else dob,
           "address": "" if hit("address_missing") else address, "city": "" if hit("city_missing") else city,
           "state": "TX", "zip": zip_code, "organization": "" if hit("organization_missing") else p["org"],
           "title": p["title"], "pid": p["pid"]}
    if hit("full_name_column"):
        honorific = rng.choice(["Hon.", "Dr.", "Ms.", "Mr."]) if hit("honorific") else ""
        name = " ".join(x for x in (honorific, row["first_name"], row["middle"], row["last_name"]) if x)
        row["name"] = f"{name}, {row['suffix']}" if row["suffix"] else name
        row["first_name"] = row["last_name"] = row["middle"] = row["suffix"] = ""
    return row


def messy_lists(n_people: int = 2000, *, seed: int = 7, copies=(1, 1, 2, 2, 3, 4), namesakes: float = 0.04,
                rates: dict[str, float] | None = None) -> pd.DataFrame:
    """Records of ``n_people`` people (and their namesakes) on several lists; ``pid`` is the truth.

    Columns as lists carry them (first_name, last_name, name, email, phone, dob, address,
    city, state, zip, organization, title) plus source_list, source_file and source_row
    (each list's rows numbered as a spreadsheet shows them).
    """
    rng = random.Random(seed)
    rates = {**RATES, **(rates or {})}
    # beyond 5 000 people the tables above would make everyone a namesake: add a long tail of names
    tails = (name_pool(rng, n_people // 20), name_pool(rng, n_people // 2)) if n_people > 5000 else ([], [])
    people = [_person(rng, pid, tails) for pid in range(n_people)]
    people += [_namesake(rng, people[k], n_people + k) for k in range(int(n_people * namesakes))]
    rows = []
    for p in people:
        for _ in range(rng.choice(copies)):
            row = _copy(rng, p, rates)
            row["source_list"] = rng.choice(LISTS)
            rows.append(row)
    rng.shuffle(rows)
    frame = pd.DataFrame(rows)
    frame["source_file"] = frame["source_list"] + ".csv"
    frame["source_row"] = frame.groupby("source_file").cumcount() + 2
    return frame
