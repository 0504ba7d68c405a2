"""The samples that ship with CivicGraph: the generated demo region and the real
Texas legislature from Open States (CC0, in ``openstates-tx/``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph import clock
from graph.store import Store, open_store
from graph.viewer import Viewer
from ingest.pipeline import ImportReport, Progress, import_path, import_source
from ingest.readers import Format, from_frames

TEXAS = Path(__file__).resolve().parent / "openstates-tx"
ISSUES = Path(__file__).resolve().parent / "issues.csv"  # the standard issue list, with keywords


def load_sample(store: Store, viewer: Viewer, *, sample: str = "region", size: str = "demo", seed: int = 7,
                today: dt.date | None = None, progress: Progress | None = None) -> list[ImportReport]:
    """Import the demo region ("region"), the Texas data ("texas") or both. The region's data ends on
    ``today`` (default: the clock's today)."""
    from ingest.demo import generate_region

    reports = []
    if sample in ("region", "both"):
        end = today or clock.today()
        tables = generate_region(size, seed=seed, today=end)
        source = from_frames(tables, Format.TABLES, origin=f"demo-{size}")
        reports.append(import_source(store, source, viewer, progress=progress,
                                     name=f"demo region ({size}, seed {seed}, ending {end.isoformat()})"))
    if sample in ("texas", "both"):
        reports.append(import_path(store, TEXAS, viewer, progress=progress))
        reports.append(import_path(store, ISSUES, viewer, progress=progress))
        reports[-1].notes.append(_derive_focus_note(store, viewer))
    return reports


def _derive_focus_note(store: Store, viewer: Viewer) -> str:
    """Committees from Open States have no stated focus: derive it from their names (pending review)."""
    from ingest.focus import derive_focus

    report = derive_focus(store, viewer)
    return (f"derived {len(report.created)} focus links from body names (pending review: "
            '"civicgraph focus list --review pending")')


def ensure_demo(url: str, viewer: Viewer) -> str:
    """Load the demo region (ending today) into the store at ``url`` if it has no contacts yet.

    Returns what happened, in a sentence for the person who asked: loaded, or already there (and
    then, when the demo's data ended long ago, how to make a fresh one that ends today).
    """
    with open_store(url) as store:
        if not store.counts().nodes.get("Contact", 0):
            load_sample(store, viewer, sample="both")
            return f"loaded the demo region, ending {clock.today().isoformat()}, and the Texas sample into {url}"
        rows = store.query(_DEMO_ENDS, {"source": "demo"})
    ends = rows[0]["day"] if rows else None
    if ends is None:
        return f"{url} already holds data; the demo region was not loaded"
    age = (clock.today() - ends).days
    if age <= STALE_DEMO_DAYS:
        return f"{url} already holds the demo region (its data ends {ends.isoformat()})"
    return (f"{url} holds a demo region whose data ends {ends.isoformat()}, {age} days ago: its alerts are "
            f"out of date. For one that ends today run: civicgraph --store {url} demo --replace --sample both")


STALE_DEMO_DAYS = 14
_DEMO_ENDS = "MATCH (x:Interaction) WHERE x.source = $source RETURN max(x.date) AS day"
