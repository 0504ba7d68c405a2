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
