"""Time the benchmark-size demo region: rows per table, seconds, peak memory.

    python benchmarks/bench_demo_generate.py [--size benchmark] [--seed 7]

Peak memory is the process's maximum resident set size (ru_maxrss), which
includes the interpreter and the imported libraries; tracemalloc would slow
numpy down and miss memory it does not allocate through Python.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time

from ingest.demo import generate_region


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="benchmark", choices=["demo", "medium", "benchmark"])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    before = time.perf_counter()
    tables = generate_region(args.size, seed=args.seed)
    seconds = time.perf_counter() - before
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    peak_mb = peak_kib / 1024 if sys.platform != "darwin" else peak_kib / 2**20

    for name, frame in tables.items():
        print(f"{name:15} {len(frame):>10,} rows")
    print(f"{'total':15} {sum(len(f) for f in tables.values()):>10,} rows")
    print(f"size={args.size} seed={args.seed}: {seconds:.1f} s, peak RSS {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
