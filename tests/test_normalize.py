"""Normalisers: examples a reader can check by hand, and properties hypothesis checks."""
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.normalize import (
    name_key, nickname_equivalent, normalize_address, normalize_date, normalize_email, normalize_name,
    normalize_org_name, normalize_phone, org_acronym, parse_person_name,
)

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéíóúñüçàèÁÉÍÓÚÑ"
names = st.text(alphabet=LETTERS + " .,'-\"()", max_size=40)
words = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=10), min_size=1, max_size=4)


def test_senator_with_nickname_and_suffix():
    assert normalize_name("Sen. Eduardo 'Eddie' Lucio Jr.") == "eduardo lucio jr"
    p = parse_person_name("Lucio, Eduardo A. (Eddie), Jr.")
    assert (p.given, p.middle, p.family, p.suffix, p.nickname) == ("eduardo", "a", "lucio", "jr", "eddie")


def test_suffix_after_comma_and_titles():
    assert parse_person_name("Eddie Lucio, III").suffix == "iii"
    assert parse_person_name("Harold V. Dutton, Jr.").family == "dutton"
    assert parse_person_name("Commissioner Rodney Ellis").honorific == "commissioner"
    assert normalize_name("State Senator Judith Zaffirini") == "judith zaffirini"
    assert normalize_name("John Major") == "john major"  # a family name that is also a title stays


def test_compound_and_accented_family_names():
    assert parse_person_name("Barbara Gervin-Hawkins").family == "gervin hawkins"
    assert parse_person_name("Juan de la Cruz").family == "de la cruz"
    assert normalize_name("Hon. José MENÉNDEZ") == "jose menendez"
    assert normalize_name("CÃ©sar Blanco") == "cesar blanco"  # UTF-8 read as cp1252


def test_nicknames_from_the_table():
    assert nickname_equivalent("Eddie", "Eduardo")
    assert nickname_equivalent("Bill", "William")
    assert nickname_equivalent("Bill", "Will")  # both William
    assert nickname_equivalent("Chuy", "Jesus")
    assert not nickname_equivalent("Bill", "Robert")


def test_email_phone_org_address_date():
    assert normalize_email("Jane Doe <Jane.Doe+Board@Austin.GOV>") == "jane.doe@austin.gov"
    assert normalize_email("mailto:J.Smith@GMail.com") == "jsmith@gmail.com"
    assert normalize_email("jane@") == ""
    assert normalize_phone("(512) 463-0530 ext. 12") == "+1-512-463-0530 x12"
    assert normalize_phone("1-512-463-0530") == normalize_phone("512.463.0530") == "+1-512-463-0530"
    assert normalize_org_name("City of Houston") == normalize_org_name("Houston City") == "city of houston"
    assert normalize_org_name("Acme Widgets, Inc.") == "acme widgets"
    assert normalize_org_name("Texas Dept. of Transportation") == "texas department of transportation"
    assert org_acronym("Capital Area Metropolitan Planning Organization") == "campo"
    assert normalize_address("914 W. Pike Boulevard, Suite 200") == "914 w pike blvd ste 200"
    assert normalize_date("03/07/1946") == normalize_date("19460307") == "1946-03-07"


@settings(max_examples=300, deadline=None)
@given(names)
def test_normalize_name_is_idempotent_and_ignores_case_and_accents(text):
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert normalize_name(text.upper()) == normalize_name(text.lower()) == once
    assert once == once.strip() and once.isascii()


@settings(max_examples=200, deadline=None)
@given(words)
def test_name_key_ignores_word_order(ws):
    text = " ".join(ws)
    assert name_key(text) == name_key(" ".join(reversed(ws))) or len(ws) > 1 and _title_or_suffix(ws)


def _title_or_suffix(ws):
    # A title is only a title in front ("Sen Smith"), a suffix only at the end: moving them changes the name.
    from ingest.normalize import GENERATIONAL, HONORIFICS, POSTNOMINALS
    folded = {normalize_name(w) for w in ws}
    return bool(folded & (HONORIFICS | POSTNOMINALS | set(GENERATIONAL))) or any(
        not normalize_name(w) for w in ws)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_other_normalisers_are_idempotent(text):
    for f in (normalize_email, normalize_phone, normalize_org_name, normalize_address):
        once = f(text)
        assert f(once) == once, f.__name__


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,8})?@[a-z]{2,8}\.(gov|org|com)", fullmatch=True))
def test_email_case_does_not_matter(email):
    assert normalize_email(email.upper()) == normalize_email(email) != ""


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[2-9][0-9]{2}[2-9][0-9]{6}", fullmatch=True))
def test_phone_forms_agree(digits):
    forms = [digits, f"({digits[:3]}) {digits[3:6]}-{digits[6:]}", f"1.{digits[:3]}.{digits[3:6]}.{digits[6:]}",
             f"+1 {digits[:3]} {digits[3:6]} {digits[6:]}"]
    assert len({normalize_phone(f) for f in forms}) == 1
