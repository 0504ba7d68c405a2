"""Import a generated 1 GB contacts.csv: streamed in chunks, memory bounded.

    python benchmarks/bench_big_file.py [--size-mb 1024] [--chunk-rows 50000] [--work benchmarks/out/big]

Writes jurisdictions.csv (20 rows) and a contacts.csv of about ``--size-mb`` MB
(each contact points at a jurisdiction, so references are resolved and an
IN_JURISDICTION relationship is made per row; one row in 100,000 repeats an
earlier id and must be rejected), imports the folder into a new embedded store
and prints rows per second and the peak resident memory of the process
(ru_maxrss), which a whole-file read would push past the file's size.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
from pathlib import Path


def generate(folder: Path, size_mb: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jurisdictions.csv").write_text(
        "id,name,level\n" + "".join(f"j-{n},County {n},county\n" for n in range(20)))
    target = size_mb * 2**20
    rows = 0
    with (folder / "contacts.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("id,name,kind,email,phone,title,jurisdiction_id,birth_date,notes\n")
        written = 0
        block = []
        while written < target:
            n = rows
            key = n - 1 if n % 100_000 == 99_999 else n  # a repeated id now and then
            line = (f"c-{key:09d},Person {n} Müller-Ñúñez,resident,p{n}@example.org,+1 555 {n % 10_000:04d},"
                    f"Resident,j-{n % 20},19{50 + n % 50}-0{1 + n % 9}-1{n % 10},"
                    f"\"Met at the town hall, asked about transit; follow up {n}\"\n")
            block.append(line)
            written += len(line.encode("utf-8"))
            rows += 1
            if len(block) == 10_000:
                fh.write("".join(block))
                block = []
        fh.write("".join(block))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--chunk-rows", type=int, default=None, help="default: the reader's CHUNK_ROWS")
    parser.add_argument("--work", type=Path, default=Path("benchmarks/out/big"))
    args = parser.parse_args()

    from graph.access import local_viewer
    from graph.store import open_store
    from ingest.pipeline import import_path

    shutil.rmtree(args.work, ignore_errors=True)
    t0 = time.perf_counter()
    rows = generate(args.work / "input", args.size_mb)
    size = (args.work / "input" / "contacts.csv").stat().st_size
    gen_s = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t1 = time.perf_counter()
    with open_store(args.work / "db") as store:
        report = import_path(store, args.work / "input", local_viewer(), chunk_rows=args.chunk_rows,
                             reject_dir=args.work / "rejects")
        stored = store.query("MATCH (c:Contact) RETURN count(c) AS n")[0]["n"]
        links = store.query("MATCH (:Contact)-[r:IN_JURISDICTION]->() RETURN count(r) AS n")[0]["n"]
    seconds = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    contacts = next(t for t in report.tables if t.table == "contacts")
    print(json.dumps({
        "file_mb": round(size / 2**20, 1), "rows": rows, "generate_seconds": round(gen_s, 1),
        "import_seconds": round(seconds, 1), "rows_per_second": round(rows / seconds),
        "created": contacts.created, "rejected": contacts.rejected, "stored": stored,
        "in_jurisdiction_links": links, "peak_rss_mb": round(peak), "rss_before_import_mb": round(rss_before),
        "notes": report.notes,
    }, indent=2))


if __name__ == "__main__":
    main()
