"""Browser journeys: the real app served by uvicorn on a free loopback port, driven in Debian's
headless Chromium through Playwright, with an axe-core check per page and screenshots saved under
test-artifacts/. Runs as its own pytest invocation (see the Makefile)."""
from __future__ import annotations

import email
import email.policy
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") and "/usr/lib/chromium/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

if not (CHROMIUM and Path(CHROMIUM).exists()):
    if os.environ.get("VOX_REQUIRE_BROWSER"):
        raise RuntimeError("VOX_REQUIRE_BROWSER is set but Debian's chromium is not installed")
    pytest.skip("browser tests need Debian's chromium (apt-get install -y chromium): not installed here",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def mails(self) -> list:
        folder = self.data_dir / "mail"
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in sorted(folder.glob("*.eml"))] if folder.exists() else []

    def wait_for_mail(self, to: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.mails()):
                if message["To"] == to:
                    return message
            time.sleep(0.1)
        raise AssertionError(f"no mail to {to} within {timeout} s")


@pytest.fixture
def live_server(tmp_path):
    """A fresh, migrated SQLite database and the app with its in-process dispatcher."""
    import uvicorn

    from portal.app import create_app
    from portal.settings import load_settings

    data_dir = tmp_path / "data"
    env = {**os.environ, "PORTAL_DATA_DIR": str(data_dir), "DATABASE_URL": f"sqlite://{data_dir}/vox.sqlite3"}
    subprocess.run([sys.executable, "-m", "portal.cli", "migrate"], env=env, check=True, capture_output=True,
                   timeout=120)
    server_info = LiveServer(data_dir)
    settings = load_settings(env).with_(log_requests=False, base_url=server_info.url)
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=server_info.port, log_level="warning",
                            lifespan="on", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the live server did not start"
        time.sleep(0.05)
    yield server_info
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def check_accessibility(page, name: str) -> None:
    """Run axe-core (WCAG 2 A and AA) on the page; no serious or critical violation may remain.
    Saves a screenshot of the page as a test artifact either way."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    # Loaded from our own /static (the vendor copy), so the page's CSP stays as strict as in production.
    page.add_script_tag(url="/static/vendor/axe.min.js")
    # evaluate() has no timeout of its own: a run that never settles fails here instead of hanging.
    result = page.evaluate("""() => Promise.race([
        axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']}),
        new Promise((_, fail) => setTimeout(() => fail(new Error('axe did not finish in 60 s')), 60000))])""")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    (ARTIFACTS / f"{name}.axe.json").write_text(json.dumps(result["violations"], indent=1))
    assert not bad, f"{name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)
