"""The demo region: a seeded, deterministic, fictional council-of-governments region.

``generate_region("demo")`` gives about 2,000 contacts, a few hundred
organizations and ~30,000 interactions over ten years; ``"medium"`` gives 20,000
contacts, 4,000 organizations and 200,000 interactions; ``"benchmark"`` gives
100,000 contacts, 20,000 organizations and 1,000,000 interactions. Both come
out as the twelve tables of the canonical import format (ingest/formats.py),
every value a string, exactly as reading the CSV files would give them.

People are synthetic (random given and family names); places sound Texan but
the counties and cities are invented. The data ends on the day it is made (the
clock's ``today()``, or the ``today`` given): the region is drawn ending on a fixed
``ANCHOR`` and every date is then moved to end on that day, so the same seed and
the same end day always give the same region, and every planted case keeps its
distance from the end day.

The hand-written part (geography, the well-known bodies, and the planted cases
listed in ``PLANTED``) is the same at every size and for every seed; the bulk
(more people, organizations, interactions, stances, ties) is drawn with numpy
from the seed, without a Python loop per row, so the benchmark size stays fast.

>>> tables = generate_region("demo", seed=7)
>>> list(tables["contacts"].columns)[:3]
['id', 'confidentiality', 'source']
>>> PLANTED.deceased_official in set(tables["contacts"]["id"])
True
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from graph import clock
from ingest.demo.catalogue import SIZES, RegionSize
from ingest.demo.dates import ANCHOR, DEMO_START, DEMO_TODAY, shift_dates
from ingest.demo.planted import PLANTED, Planted
from ingest.demo.region import Region

__all__ = ["ANCHOR", "DEMO_START", "DEMO_TODAY", "PLANTED", "SIZES", "Planted", "RegionSize", "generate_region",
           "shift_dates", "write_region"]


def generate_region(size: str | RegionSize = "demo", seed: int = 7,
                    today: dt.date | None = None) -> dict[str, pd.DataFrame]:
    """The region's twelve tables, keyed by table name, every column a string ('' when missing).

    The data ends on ``today`` (default: the clock's today); use :meth:`Planted.on` with the same
    day for the ids of the planted cases that carry a date.
    """
    if isinstance(size, str) and size not in SIZES:
        raise ValueError(f'unknown size "{size}"; use one of: {", ".join(SIZES)}')
    spec = SIZES[size] if isinstance(size, str) else size
    end = today or clock.today()
    return shift_dates(Region(spec, seed).build(), (end - ANCHOR).days)


def write_region(folder: str | Path, size: str | RegionSize = "demo", seed: int = 7,
                 today: dt.date | None = None) -> dict[str, Path]:
    """Write one UTF-8 CSV per table (with a header row) into ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in generate_region(size, seed, today).items():
        path = folder / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8")
        paths[name] = path
    return paths
