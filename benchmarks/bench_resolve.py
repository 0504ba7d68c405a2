"""Speed and memory of entity resolution at 100 k contact records.

    python benchmarks/bench_resolve.py [--records 100000]

    python benchmarks/bench_resolve.py [--records 100000] [--weights set|learned]

Synthetic contact lists (ingest/resolve/messy.py: administrative-list errors,
nicknames, typos, transposed digits, missing values, moved addresses) resolved
against themselves. Goal: 100 k records in 30 s or less on 2 cores.
Prints records per second and the peak memory of the process (ru_maxrss,
which includes the 100 k-row input frame itself).
"""
from __future__ import annotations

import argparse
import resource
import time

from ingest.resolve import WEIGHTS, resolve_records
from ingest.resolve.messy import messy_lists

try:
    from benchmarks.goals import record
except ImportError:  # run as a script: python benchmarks/bench_x.py
    from goals import record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--weights", choices=WEIGHTS, default="set")
    args = parser.parse_args()
    people = int(args.records / 2.1)  # the generator writes about 2.2 records per person
    df = messy_lists(people, seed=11).head(args.records).drop(columns="pid")
    start, cpu = time.perf_counter(), time.process_time()
    res = resolve_records(df, weights=args.weights)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records            {len(df):>12,}")
    print(f"candidate pairs    {res.stats['candidate_pairs']:>12,}")
    print(f"people             {res.stats['people']:>12,}")
    print(f"review queue       {len(res.review):>12,}")
    print(f"seconds            {seconds:>12.1f}")
    print(f"CPU seconds        {cpu:>12.1f}")
    print(f"records / second   {len(df) / seconds:>12,.0f}")
    print(f"peak RSS MiB       {rss:>12.0f}")
    name = "resolve 100 k records" if len(df) == 100_000 else f"resolve {len(df):,} records (smoke)"
    record(name, round(seconds, 1), 30, "s", note=f"CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
