"""Drive the real dashboard in Debian's headless Chromium with Playwright.

Never downloads a browser: it uses /usr/bin/chromium (apt), the flags keep it
off the network, and any console error or failed request fails the test.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
OPEN_WAIT = 15_000  # ms a select box's list (a tab) has to open before choose() (open_tab) tries again
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dashboard:
    """``streamlit run app.py`` on loopback, against a given store folder."""

    def __init__(self, store: Path, env: dict[str, str] | None = None) -> None:
        self.store = store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ARTIFACTS / f"streamlit-{self.port}.log"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        full_env = {**os.environ, "CIVICGRAPH_STORE": str(store), **(env or {})}
        full_env.pop("CIVICGRAPH_NEO4J_URI", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=full_env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not answer in time")

    def server_errors(self) -> list[str]:
        """Tracebacks the server logged: a page that failed on the server side."""
        text = self.log.read_text(errors="replace")
        return [line for line in text.splitlines() if line.startswith("Traceback")]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


DEPRECATION = ("deprecat", "Please replace `", "will be removed after")


def deprecations(log: Path) -> list[str]:
    """Lines of a server log that warn of a deprecated Streamlit call."""
    text = log.read_text(errors="replace")
    return [line for line in text.splitlines() if any(word.lower() in line.lower() for word in DEPRECATION)]


def in_view(page, locator) -> bool:
    """True when the element's box lies within the browser window as it is scrolled now."""
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["x"] >= 0 and box["y"] + min(box["height"], 40) <= size["height"] \
        and box["x"] + min(box["width"], 40) <= size["width"]


def grid(page, index: int = 0) -> dict[str, list[str]]:
    """What a person sees of the ``index``-th table on the page: ``{heading: [cells]}``.

    st.dataframe draws on a canvas; its accessible table holds only the rows and columns drawn
    in view, so a column scrolled off to the right (or hidden) is not in the answer.
    """
    frame = page.locator('[data-testid="stDataFrame"]').nth(index)
    frame.locator('[role="columnheader"]').first.wait_for(state="attached")
    heads = {}
    for h in frame.locator('[role="columnheader"]').all():
        heads[h.get_attribute("aria-colindex")] = h.inner_text().strip()
    out: dict[str, list[str]] = {name: [] for name in heads.values()}
    for cell in frame.locator('[role="gridcell"]').all():
        name = heads.get(cell.get_attribute("aria-colindex"))
        if name is not None:
            out[name].append(cell.inner_text().strip())
    return out


# --- picking from Streamlit's select boxes (1.67: react-aria ComboBox) -------------------------------------
# A select box or multiselect is an <input role="combobox" aria-label=LABEL>; typing opens a
# <div role="listbox"> (the box's aria-controls; a click alone does not always open it, and the list's
# accessible name is not just LABEL) whose options are <div role="option"> named by their whole shown
# text ("Llano Verde County (county)", not "Llano Verde County"); the list is virtualised (only the
# options in view are in the DOM) until typing filters it. A chosen select box shows the option
# as the input's value; a multiselect shows it as a tag (``[data-tag]``, its text as the title).
# Pressing Enter right after typing is a race on a loaded machine: the list may not be filtered yet
# (Enter takes the focused option, or none). So: click, type, wait for the list and the exact option
# in it, click it, and check the box shows it.

def idle(page, timeout: float = 60_000) -> None:
    """Streamlit has finished running the page's script (its own marker on the app, and no status widget).

    On a timeout the page is kept as a screenshot in ARTIFACTS (idle-timeout-N.png) and the error says
    what the app showed: a page still busy after a minute is the failure to look at, not the wait."""
    try:
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(state="attached",
                                                                                           timeout=timeout)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    except Exception as exc:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"idle-timeout-{len(list(ARTIFACTS.glob('idle-timeout-*.png')))}.png"
        page.screenshot(path=str(shot), full_page=True)
        state = page.evaluate("() => document.querySelector('[data-testid=\"stApp\"]')"
                              "?.getAttribute('data-test-script-state') ?? 'no app'")
        status = page.get_by_test_id("stStatusWidget").all_inner_texts()
        raise AssertionError(f"the app was still busy after {timeout / 1000:g} s (script {state}, status "
                             f"{status or 'none'}) at {page.url}; screenshot {shot}") from exc


def open_tab(page, name: str, *, timeout: float = 60_000) -> None:
    """Open the tab ``name`` as a person does: when the page is idle, click it, check it is the one
    shown, and wait for the page to finish. Once (fresh-clone CI, 2026-12-05) the Stakeholder map's
    chart did not appear within 60 s of clicking its tab right after Opponents, a tab that reruns
    the page (``on_change="rerun"``), with that rerun perhaps still running; a tab not shown after
    the click is clicked again."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=name, exact=True)
    deadline = time.monotonic() + timeout / 1000
    while True:
        idle(page, timeout)
        tab.click(timeout=timeout)
        try:
            expect(tab).to_have_attribute("aria-selected", "true", timeout=OPEN_WAIT)
            break
        except AssertionError:
            if time.monotonic() + OPEN_WAIT / 1000 > deadline:
                raise
    idle(page, timeout)


def choose(page, label: str, option: str, *, typed: str | None = None, timeout: float = 60_000) -> None:
    """Pick ``option`` (its whole shown text) from the select box or multiselect labelled ``label``
    (its whole label), as a person does: click the box, type ``typed`` (default: the option), wait
    until the list shows exactly that option, click it, and wait until the box shows it chosen."""
    from playwright.sync_api import expect

    box = page.get_by_role("combobox", name=label, exact=True)
    multi = page.get_by_test_id("stMultiSelect").filter(has=box)
    deadline = time.monotonic() + timeout / 1000
    try:  # the list it opened (the list's accessible name is not just the label: found by aria-controls)
        while True:
            idle(page, timeout)
            box.click(timeout=timeout)
            box.fill(typed or option)  # typing opens the list (a click alone does not always) and filters it
            try:
                expect(box).to_have_attribute("aria-expanded", "true", timeout=OPEN_WAIT)
                break
            except AssertionError:
                # seen once in a fresh-clone CI run (2026-12-05, the insights page with its refresh
                # fragment): the text typed in the box, its list closed, the app idle, for 3 minutes.
                # A person clicks and types again; so do we, until the timeout
                if time.monotonic() + OPEN_WAIT / 1000 > deadline:
                    raise
                box.fill("")
        listbox = page.locator(f'[role="listbox"][id="{box.get_attribute("aria-controls")}"]')
        listbox.wait_for(timeout=timeout)
    except Exception as exc:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"choose-{label[:20]}-not-open.png"), full_page=True)
        state = page.locator('[data-testid="stApp"]').get_attribute("data-test-script-state")
        raise AssertionError(f"the list of {label!r} did not open: box {box.evaluate('e => e.outerHTML')}, "
                             f"{page.get_by_role('listbox').count()} listbox(es) shown, app {state}") from exc
    expect(box).to_have_value(typed or option, timeout=timeout)
    item = listbox.get_by_role("option", name=option, exact=True)
    try:
        item.wait_for(timeout=timeout)
    except Exception as exc:
        shown = [o.inner_text() for o in listbox.get_by_role("option").all()][:10]
        raise AssertionError(f"{option!r} is not among the options of {label!r} after typing "
                             f"{typed or option!r}: {shown}") from exc
    item.click(timeout=timeout)
    if multi.count():
        # the tag (by CSS: while the list is open, react-aria hides the rest from the accessibility tree)
        multi.locator("[data-tag]").filter(has=page.get_by_title(option, exact=True)).wait_for(timeout=timeout)
        box.press("Escape")  # a multiselect's list stays open for the next name
    else:
        expect(box).to_have_value(option, timeout=timeout)
    idle(page, timeout)
