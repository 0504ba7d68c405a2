"""splink (unsupervised Fellegi-Sunter on DuckDB) on the same records as our resolver.

Used by benchmarks/resolve_quality.py. splink gets the same normalised fields our
resolver compares (ingest/resolve/prepare.py: names parsed, e-mails, phones and dates
normalised), so the two engines differ only in how they match, and is trained the way
its documentation trains a deduplication model without labels: u by random sampling,
the prior from deterministic rules, m by EM in sessions blocked on different fields,
term-frequency adjustments on names and cities. Pairs at or above the threshold are
clustered by connected components.
"""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ingest.resolve.prepare import prepare

logging.getLogger("splink").setLevel(logging.ERROR)


def splink_frame(records: pd.DataFrame) -> pd.DataFrame:
    """Our normalised fields, one row per record, '' as null (what splink expects)."""
    p = prepare(records)
    frame = pd.DataFrame({
        "unique_id": np.arange(p.n),
        "first_name": p.given, "surname": p.family, "dob": p.birth_date,
        "email": [e[0] if e else "" for e in p.emails], "phone": [x[0] if x else "" for x in p.phones],
        "address": p.street, "city": p.city, "postcode": p.postcode, "identifier": p.identifier,
    })
    frame = frame.replace("", None)
    return frame[[c for c in frame.columns if c == "unique_id" or frame[c].notna().any()]]


def splink_clusters(records: pd.DataFrame, *, threshold: float = 0.95, seed: int = 1) -> list[list[int]]:
    """Clusters (lists of record positions) that splink finds in ``records``."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    frame = splink_frame(records)
    has = set(frame.columns)
    comparisons = [cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
                   cl.NameComparison("surname").configure(term_frequency_adjustments=True)]
    if "dob" in has:
        comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True))
    if "email" in has:
        comparisons.append(cl.EmailComparison("email"))
    if "phone" in has:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("phone", [1]))
    if "identifier" in has:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("identifier", [1, 2]))
    if "address" in has:
        comparisons.append(cl.JaroWinklerAtThresholds("address", [0.9]))
    if "city" in has:
        comparisons.append(cl.ExactMatch("city").configure(term_frequency_adjustments=True))
    if "postcode" in has:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("postcode", [1]))
    keys = [c for c in ("dob", "email", "phone", "identifier", "postcode") if c in has]
    rules = [block_on("surname"), block_on("first_name", "dob" if "dob" in has else "city")] + \
        [block_on(k) for k in keys]
    settings = SettingsCreator(link_type="dedupe_only", comparisons=comparisons,
                               blocking_rules_to_generate_predictions=rules)
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=logging.ERROR)
    deterministic = [block_on("first_name", "surname", k) for k in keys[:2]] or [block_on("first_name", "surname")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in (block_on("surname"), block_on("dob" if "dob" in has else "city"), block_on("first_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.1)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold).as_pandas_dataframe()
    return [sorted(group["unique_id"].astype(int).tolist()) for _, group in clustered.groupby("cluster_id")]
