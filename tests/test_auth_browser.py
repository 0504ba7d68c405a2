"""OIDC login end to end, offline: a local OpenID provider (oidc-provider-mock), the real
dashboard with Streamlit's st.login, Debian's Chromium. Roles come from the groups claim;
a login older than session_max_age_hours is logged out although the cookie lives on.

The [auth] secrets are generated in the test's temporary folder, never committed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, CHROMIUM_ARGS, ROOT, chromium_path, free_port

pytestmark = pytest.mark.browser

ROLES = """
[groups."cg-editors"]
role = "editor"
clearance = "public"

[groups."cg-staff"]
role = "viewer"
clearance = "internal"
"""


def _dashboard(store: Path, tmp: Path, provider_port: int, max_age_hours: float):
    port = free_port()
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{os.urandom(16).hex()}"\n'
        'client_id = "civicgraph-test"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider_port}/.well-known/openid-configuration"\n')
    roles = tmp / "roles.toml"
    roles.write_text(ROLES)
    env = {**os.environ, "CIVICGRAPH_STORE": str(store), "CIVICGRAPH_ROLES_FILE": str(roles),
           "CIVICGRAPH_SESSION_MAX_AGE_HOURS": str(max_age_hours)}
    env.pop("CIVICGRAPH_NEO4J_URI", None)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"streamlit-auth-{port}.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", "--secrets.files", str(secrets)],
        cwd=tmp, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc, f"http://127.0.0.1:{port}", log
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


@pytest.fixture
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub="ana@agency.gov", claims={"email": "ana@agency.gov", "groups": ["cg-staff", "cg-editors"]})]
    with run_server_in_thread(port=free_port(), user_claims=users) as server:
        yield server.server_port


def _log_in(page, url: str, sub: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("input[name=sub]", timeout=30_000)
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()


@pytest.mark.skipif(chromium_path() is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_oidc_login_maps_groups_to_a_role_and_expires_after_the_maximum_age(provider, tmp_path):
    from playwright.sync_api import sync_playwright

    from graph.store import open_store
    from ingest.pipeline import import_path
    from tests.conftest import ADMIN, SMALL_REGION

    with open_store(tmp_path / "db") as store:  # closed again: the dashboard's process holds it
        import_path(store, SMALL_REGION, ADMIN)
    max_age_hours = 20 / 3600  # twenty seconds
    proc, url, log = _dashboard(tmp_path / "db", tmp_path, provider, max_age_hours)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(url)
            page.get_by_role("button", name="Log in").wait_for(timeout=30_000)
            assert page.get_by_text("Recent interactions").count() == 0  # nothing before signing in
            _log_in(page, url, "ana@agency.gov")
            page.get_by_text("Recent interactions").first.wait_for(timeout=30_000)  # the overview
            page.screenshot(path=str(ARTIFACTS / "auth-logged-in.png"))
            cookies = {c["name"] for c in page.context.cookies()}
            assert any(name.startswith("_streamlit_user") for name in cookies)
            time.sleep(22)
            page.reload()
            # the identity cookie still exists, but the login is older than the maximum age: the app
            # logs out, at the provider too (its end-session page), and asks for a new login
            page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
            page.get_by_role("button", name="End session").click()
            page.goto(url)
            page.get_by_role("button", name="Log in").wait_for(timeout=30_000)
            assert page.get_by_text("Recent interactions").count() == 0
            assert not any(c["name"].startswith("_streamlit_user") for c in page.context.cookies())
            page.screenshot(path=str(ARTIFACTS / "auth-expired.png"))
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    assert "Traceback" not in log.read_text(errors="replace")
