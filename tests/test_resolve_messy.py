"""The error generator (ingest/resolve/messy.py) and the weights learned from the data
(ingest/resolve/learn.py), on small seeded lists."""
import itertools

import pandas as pd

from ingest.resolve import resolve_files, resolve_records
from ingest.resolve.messy import RATES, keystroke, messy_lists


def _f1(df: pd.DataFrame, **options) -> tuple[float, float]:
    res = resolve_records(df.drop(columns="pid"), **options)
    found = {frozenset(p) for c in res.clusters for p in itertools.combinations(c.records, 2)}
    truth = {frozenset(p) for idx in df.groupby("pid").groups.values() for p in itertools.combinations(idx, 2)}
    tp = len(found & truth)
    return tp / max(len(found), 1), tp / max(len(truth), 1)


def test_the_generator_is_seeded_and_makes_each_error_at_its_rate():
    assert messy_lists(80, seed=4).equals(messy_lists(80, seed=4))
    assert not messy_lists(80, seed=4).equals(messy_lists(80, seed=5))
    none = messy_lists(80, seed=4, rates={k: 0.0 for k in RATES})
    assert (none["email"] != "").all() and (none["dob"] != "").all() and not none["address"].str.contains("\n").any()
    every = messy_lists(80, seed=4, rates={"email_missing": 1.0, "address_two_lines": 1.0})
    assert (every["email"] == "").all() and (every[every["address"] != ""]["address"].str.contains("\n")).all()


def test_keystroke_slips_are_one_keystroke():
    import random

    from rapidfuzz.distance import DamerauLevenshtein

    rng = random.Random(2)
    for word in ("Zaffirini", "Hinojosa", "5125550101"):
        for _ in range(20):
            slip = keystroke(rng, word, digits_only=word.isdigit())
            assert DamerauLevenshtein.distance(word, slip) <= 1


def test_the_generators_lists_written_as_csv_keep_their_rows(tmp_path):
    df = messy_lists(30, seed=9, rates={"address_two_lines": 0.5})
    one = df[df["source_file"] == df["source_file"].iloc[0]].sort_values("source_row")
    path = tmp_path / one["source_file"].iloc[0]
    one.drop(columns=["source_file", "source_list", "source_row"]).to_csv(path, index=False)
    res = resolve_files([path])
    assert res.records["source_row"].tolist() == one["source_row"].tolist()


def test_set_and_learned_weights_both_resolve_the_messy_lists():
    df = messy_lists(300, seed=3).reset_index(drop=True)
    for weights in ("set", "learned"):
        precision, recall = _f1(df, weights=weights)
        assert precision >= 0.98 and recall >= 0.95, (weights, precision, recall)


def test_learned_weights_keep_the_guard_rails():
    df = messy_lists(200, seed=3).drop(columns=["pid", "source_file", "source_row", "source_list"])
    jr_sr = pd.DataFrame([{"first_name": "Luis", "last_name": "Vega", "suffix": s, "email": "lv@x.org"}
                          for s in ("Jr.", "Sr.")])
    res = resolve_records(pd.concat([df, jr_sr], ignore_index=True).fillna(""), weights="learned")
    n = len(df)
    assert not any({n, n + 1} <= set(c.records) for c in res.clusters)
