"""The Whoosh search child of a real web process ends with it: on a normal stop, and within seconds
when the web process is killed without a chance to stop it (no orphan keeps the index open)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.portal.deploy.sites import Site


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _gone(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def _alive(pid: int) -> bool:
    try:  # a zombie is gone for our purpose: it holds no files and no memory
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        return state != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def site(tmp_path):
    # A file database on both legs: this is about processes, not the database.
    running = Site(tmp_path, "sqlite://" + str(tmp_path / "vox.sqlite3"), PORTAL_SEARCH="whoosh")
    running.run("setup", "migrate")
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "killed"])
def test_the_search_child_ends_with_its_web_process(site, stop):
    url = site.start_web("web")
    assert httpx.get(url + "/search", params={"q": "akku"}, timeout=30).status_code == 200
    web = site.procs[-1][1]
    searchers = _children(web.pid)
    assert searchers, "a search started no child process"
    os.kill(web.pid, stop)
    web.wait(timeout=20)
    assert _gone(searchers, 5.0), f"left behind: {searchers}\n{site.logs()}"
