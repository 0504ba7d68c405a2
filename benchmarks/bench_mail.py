"""Speed of reading and importing a mailbox: messages per second (goal: 5,000 on 2 cores).

    python benchmarks/bench_mail.py [--messages 20000] [--people 400]

Writes N generated messages to an mbox (our staff at cog.example.gov writing to and
hearing from ``--people`` outside correspondents, with Cc, some Bcc, replies, a
mailing list and auto-replies mixed in), then times (1) reading it into items and
(2) the whole import into a new embedded store, and (3) a re-import (nothing changes).
The import's rate is printed beside the goal; its CPU time too, since on a shared machine
the wall-clock time says as much about the other jobs as about the import.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from graph.model import Confidentiality, Role
from graph.store import open_store
from graph.viewer import Viewer
from ingest.mail import read_items
from ingest.mail.load import import_mail

try:
    from benchmarks.goals import record
except ImportError:  # run as a script: python benchmarks/bench_x.py
    from goals import record

OURS = "cog.example.gov"
GOAL = 5_000  # messages a second for the whole import, on 2 cores (issue 16)


def write_mbox(path: Path, n: int, people: int, seed: int = 7) -> None:
    """N messages in mbox format, written directly (the stdlib's mailbox.add is slower than what we time)."""
    rng = random.Random(seed)
    staff = [f"staff{i}" for i in range(max(5, people // 20))]
    outside = [(f"Person{i} Name{i % 97}", f"p{i}@org{i % 50}.example.org") for i in range(people)]
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            me = rng.choice(staff)
            other = outside[min(int(rng.paretovariate(1.2)) - 1, people - 1) if rng.random() < 0.7
                            else rng.randrange(people)]
            day = 1 + k * 300 // n
            stamp = time.strftime("%a, %d %b %Y %H:%M:%S -0600",
                                  time.gmtime(1_767_225_600 + day * 86_400 + rng.randrange(36_000)))
            frm, to = (f"{me.title()} <{me}@{OURS}>", f"{other[0]} <{other[1]}>")
            if rng.random() < 0.45:
                frm, to = to, frm
            cc = f"Cc: {rng.choice(staff)}@{OURS}\n" if rng.random() < 0.3 else ""
            bcc = f"Bcc: {rng.choice(staff)}@{OURS}\n" if rng.random() < 0.05 else ""
            extra = "List-Id: <news.example.org>\n" if rng.random() < 0.05 else (
                "Auto-Submitted: auto-replied\n" if rng.random() < 0.02 else "")
            subject = ("Re: " if rng.random() < 0.4 else "") + rng.choice(
                ["Bus corridor funding", "Housing plan", "Water rates", "Meeting next week", "Agenda"])
            fh.write(f"From {me}@{OURS} Thu Jan  1 00:00:00 2026\nMessage-ID: <{k}@bench>\nDate: {stamp}\n"
                     f"From: {frm}\nTo: {to}\n{cc}{bcc}{extra}Subject: {subject}\n\nHello,\nsee attached.\n\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=400)
    args = parser.parse_args()
    os.environ.setdefault("CIVICGRAPH_OUR_DOMAINS", OURS)
    with tempfile.TemporaryDirectory(prefix="bench-mail-") as tmp:
        mbox = Path(tmp) / "inbox.mbox"
        write_mbox(mbox, args.messages, args.people)
        start = time.perf_counter()
        read = sum(1 for _ in read_items(mbox))
        reading = time.perf_counter() - start
        store = open_store(Path(tmp) / "db")
        admin = Viewer("bench", Role.ADMIN, Confidentiality.CONFIDENTIAL)
        start, cpu = time.perf_counter(), time.process_time()
        report = import_mail(store, [mbox], admin)
        importing, importing_cpu = time.perf_counter() - start, time.process_time() - cpu
        start = time.perf_counter()
        again = import_mail(store, [mbox], admin)
        reimporting = time.perf_counter() - start
        store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"messages               {read:>12,}")
    print(f"skipped                {sum(report.skipped.values()):>12,}")
    print(f"interactions created   {next(t.created for t in report.tables if t.table == 'interactions'):>12,}")
    print(f"contacts created       {next((t.created for t in report.tables if t.table == 'contacts'), 0):>12,}")
    print(f"read: seconds          {reading:>12.2f}")
    print(f"read: messages/s       {read / reading:>12,.0f}")
    print(f"import: seconds        {importing:>12.2f}")
    print(f"import: messages/s     {read / importing:>12,.0f}  goal >= {GOAL:,} msg/s: measured {read / importing:,.0f}")
    print(f"import: CPU seconds    {importing_cpu:>12.2f}  ({read / importing_cpu:,.0f} msg per CPU second; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"re-import: seconds     {reimporting:>12.2f}  (changed: {again.changed})")
    print(f"re-import: messages/s  {read / reimporting:>12,.0f}")
    print(f"peak RSS MiB           {rss:>12.0f}")
    record("mail import rate", round(read / importing), GOAL, "msg/s", direction=">=",
           note=f"{read:,} messages, {read / importing_cpu:,.0f} msg per CPU second")


if __name__ == "__main__":
    main()
