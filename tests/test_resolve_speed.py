"""What made the resolver faster must not change what it finds: the postcode blocking key,
birth dates compared as digits, and comparing in two processes (ingest/resolve/blocking.py,
comparators.py, scoring.py). Small hand-checkable records; the speed itself is measured by
benchmarks/bench_resolve.py."""
import json

import numpy as np
import pandas as pd
import pytest

from ingest.resolve import resolve_records, scoring
from ingest.resolve.blocking import blocking_keys
from ingest.resolve.comparators import BirthDate, Frequencies, PairView
from ingest.resolve.messy import messy_lists
from ingest.resolve.prepare import prepare


def _zip_keys(rows: list[dict]) -> list[set[str]]:
    keys = blocking_keys(prepare(pd.DataFrame(rows).fillna("")))
    keys = keys[keys["key"].str.startswith("zip:")]
    return [set(keys.loc[keys["record"] == r, "key"]) for r in range(len(rows))]


def test_the_postcode_key_holds_both_initials_in_either_order():
    wz, zw, wq, wj, other = _zip_keys([
        {"given_name": "Wilhelmina", "family_name": "Zbornak", "postcode": "78701"},
        {"given_name": "Zbornak", "family_name": "Wilhelmina", "postcode": "78701"},  # typed in each other's columns
        {"given_name": "Wanda", "family_name": "Quintero", "postcode": "78701"},
        {"given_name": "Wilma", "middle_name": "", "family_name": "J", "postcode": "78701"},  # family name one letter
        {"given_name": "Wilhelmina", "family_name": "Zbornak", "postcode": "78702"},
    ])
    assert wz == zw == {"zip:78701|wz"}
    assert not wz & wq  # same postcode and given initial, family initials Z and Q: strangers
    assert wz & wj and wq & wj  # a one-letter family name may be anything: paired with both
    assert not wz & other


@pytest.mark.parametrize("a, b, level", [
    ("1975-03-14", "1975-03-14", 1),  # same
    ("1975-03-14", "1957-03-14", 2),  # two digits of the year swapped
    ("1975-03-14", "1975-03-19", 2),  # one digit
    ("1975-03-04", "1975-04-03", 2),  # day and month swapped
    ("1975-03-14", "1975-08-19", 3),  # two slips, same year: weighs against, does not block
    ("1975-03-14", "1976-03-24", 3),  # two slips, the year one keystroke off
    ("1975-03-14", "1950-03-14", 4),  # 1975 / 1950: father and son
    ("1975-03-14", "1975-11-28", 4),  # three slips
    ("1975-03-14", "", 0),  # nothing to compare
])
def test_birth_date_levels_on_digits(a, b, level):
    p = prepare(pd.DataFrame({"name": ["Ana Ruiz", "Ana Ruiz"], "birth_date": [a, b]}))
    view = PairView(p, np.array([0]), np.array([1]), Frequencies(p))
    assert BirthDate().levels(view).tolist() == [level]


def test_two_processes_give_the_same_resolution_as_one(monkeypatch):
    monkeypatch.setattr(scoring, "PARALLEL_PAIRS", 0)  # fork even for this small list
    monkeypatch.setattr(scoring, "can_fork", lambda: True)  # even where the test runner has threads
    df = messy_lists(150, seed=3).drop(columns="pid")
    one = resolve_records(df, workers=1)
    two = resolve_records(df, workers=2)
    assert one.stats["candidate_pairs"] > 100 and one.review
    assert json.dumps(one.as_dict(), sort_keys=True) == json.dumps(two.as_dict(), sort_keys=True)


def test_names_parsed_in_two_processes_are_the_same(monkeypatch):
    import importlib

    # the module, not the function of the same name that ingest.resolve exports
    module = importlib.import_module("ingest.resolve.prepare")
    monkeypatch.setattr(module, "PARALLEL_NAMES", 0)  # fork even for these few names
    monkeypatch.setattr(module, "can_fork", lambda: True)  # even where the test runner has threads
    df = pd.DataFrame({"name": ["Sen. Eduardo 'Eddie' Lucio Jr.", "Lucio, Eddie", "Friends of the Library",
                                "Ana María Ruiz-Davila", "R. Gonzales", "Acme Paving, LLC"]})
    one, two = prepare(df), prepare(df, workers=2)
    for field in ("given", "middle", "family", "suffix", "nickname", "full", "forms", "body"):
        assert np.array_equal(getattr(one, field), getattr(two, field)), field
    assert one.form_names == two.form_names and one.body.tolist()[2] != ""


def test_a_process_with_other_threads_is_never_forked():
    """The dashboard runs pages on threads: a fork there would copy locks other threads hold."""
    import importlib
    import threading

    module = importlib.import_module("ingest.resolve.prepare")
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not module.can_fork()
    finally:
        release.set()
        other.join()
