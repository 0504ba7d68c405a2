"""Speed and memory of entity resolution at 100 k contact records.

    python benchmarks/bench_resolve.py [--records 100000] [--weights set|learned] [--workers 2]

Synthetic contact lists (ingest/resolve/messy.py: administrative-list errors,
nicknames, typos, transposed digits, missing values, moved addresses) resolved
against themselves. Goal: 100 k records in 30 s or less on 2 cores.
Prints the wall time and the CPU time (user + sys of this process and of the
process it forks to compare pairs: on a busy machine wall time measures the
queue for the CPU), the load average, records per second and the peak memory
of the process (ru_maxrss, which includes the 100 k-row input frame itself).
"""
from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--workers", type=int, default=2, help="processes comparing pairs (1 or 2)")
    args = parser.parse_args()
    people = int(args.records / 2.1)  # the generator writes about 2.2 records per person
    df = messy_lists(people, seed=11).head(args.records).drop(columns="pid")
    def used() -> float:
        own, forked = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + forked.ru_utime + forked.ru_stime

    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), used()
    res = resolve_records(df, weights=args.weights, workers=args.workers)
    seconds, cpu = time.perf_counter() - start, used() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records            {len(df):>12,}")
    print(f"candidate pairs    {res.stats['candidate_pairs']:>12,}")
    print(f"people             {res.stats['people']:>12,}")
    print(f"review queue       {len(res.review):>12,}")
    verdict = ("met" if seconds <= 30 else "NOT met") if len(df) >= 100_000 else "applies at 100 000 records"
    print(f"seconds (wall)     {seconds:>12.1f}   goal: 100 000 records in <= 30 s ({verdict})")
    print(f"CPU seconds        {cpu:>12.1f}   user + sys, with the forked process")
    print(f"load average       {load:>12.2f}   {os.getloadavg()[0]:.2f} at the end (2 cores)")
    print(f"records / second   {len(df) / seconds:>12,.0f}")
    print(f"peak RSS MiB       {rss:>12.0f}")
    name = "resolve 100 k records" if len(df) == 100_000 else f"resolve {len(df):,} records (smoke)"
    record(name, round(seconds, 1), 30, "s", note=f"CPU {cpu:.1f} s")


if __name__ == "__main__":
    main()
