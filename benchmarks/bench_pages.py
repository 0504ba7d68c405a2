"""Every dashboard page at the benchmark scale (1 M interactions), timed in headless Chromium.

    civicgraph --store /tmp/cg-bench demo --size benchmark   # once: a few minutes
    .venv/bin/python benchmarks/bench_pages.py [--store /tmp/cg-bench]

For each page: the first visit after the server starts (cold: nothing cached in memory) and a
second visit (warm: the per-clearance caches are filled), from navigation until the page has
stopped running and its main content is on screen. Target: warm <= 2 s. For the cold visit the
time until the page is interactive (its title drawn, the script idle: Network insights shows its
progress message while it measures in the background) is reported too.

Network insights keeps its measures in the store folder (insights/): ``--fresh`` deletes them
first, so the cold visit measures the whole network again (the first visit after a data change).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from tests.browser import CHROMIUM_ARGS, Dashboard, chromium_path  # noqa: E402

PAGES = [  # (path, the page's title, text that shows the page's main content is there)
    ("", "Overview", "Needs action"),
    ("partners", "Find partners", "Partners ("),
    ("outreach", "Outreach planner", "Sensitivity check"),
    ("profile?id=c-harlan-whitfield", "Profile", "Interactions over time"),
    ("map", "Relationship map", "ties"),
    ("insights", "Network insights", "Influencers"),
    ("notices", "Notices", "Required"),
    ("data", "Data", "Upload"),
]
IDLE = "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"


def visit(page, url: str, title: str, ready: str) -> tuple[float, float]:
    """(seconds until interactive: title drawn and script idle, seconds until the main content is there)."""
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=600_000)
    page.wait_for_function(IDLE, timeout=600_000)
    interactive = time.perf_counter() - start
    page.get_by_text(ready).first.wait_for(timeout=900_000)
    page.wait_for_function(IDLE, timeout=600_000)
    return interactive, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/cg-bench")
    parser.add_argument("--fresh", action="store_true", help="delete the saved network insights first")
    args = parser.parse_args()
    if not Path(args.store).exists():
        print(f"{args.store} does not exist: civicgraph --store {args.store} demo --size benchmark")
        return 1
    from playwright.sync_api import sync_playwright

    if args.fresh:
        import shutil

        shutil.rmtree(Path(args.store) / "insights", ignore_errors=True)

    server = Dashboard(Path(args.store))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            print(f"{'page':34} {'cold interactive s':>18} {'cold s':>8} {'warm s':>8}")
            worst = 0.0
            for path, title, ready in PAGES:
                first, cold = visit(page, f"{server.url}/{path}", title, ready)
                _, warm = visit(page, f"{server.url}/{path}", title, ready)
                worst = max(worst, warm)
                print(f"{path or 'overview':34} {first:18.2f} {cold:8.2f} {warm:8.2f}", flush=True)
            browser.close()
        print(f"slowest warm page: {worst:.2f} s (target 2 s)")
        if server.server_errors():
            print("server errors:", *server.server_errors(), sep="\n")
            return 1
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
