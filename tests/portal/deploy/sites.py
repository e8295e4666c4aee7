"""Real processes of a site (web processes, workers, the `portal` command), each with its own data
dir, for the tests that need them; logs go beside the data dirs."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/15"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    """The processes of one site and where their logs go."""

    def __init__(self, tmp_path: Path, database_url: str, **env: str):
        self.tmp, self.database_url, self.extra_env = tmp_path, database_url, env
        self.procs: list[tuple[str, subprocess.Popen, Path]] = []
        self.web: list[str] = []

    def env(self, name: str) -> dict:
        return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
                "DATABASE_URL": self.database_url, "PORTAL_DATA_DIR": str(self.tmp / name),
                "PORTAL_RATELIMIT_URL": REDIS_URL, "PORTAL_DISPATCHER": "worker",
                "PORTAL_LOG_REQUESTS": "off", "PORTAL_BASE_URL": "http://127.0.0.1:8000", **self.extra_env}

    def run(self, name: str, *args: str) -> str:
        done = subprocess.run([str(BIN / "portal"), *args], cwd=ROOT, env=self.env(name),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def start(self, name: str, argv: list[str]) -> None:
        log = self.tmp / f"{name}.log"
        with log.open("wb") as out:  # the child keeps its own handle
            proc = subprocess.Popen(argv, cwd=ROOT, env=self.env(name), stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((name, proc, log))

    def start_web(self, name: str) -> str:
        port = _free_port()
        self.start(name, [str(BIN / "uvicorn"), "portal.asgi:app", "--host", "127.0.0.1",
                          "--port", str(port), "--log-level", "warning"])
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    self.web.append(url)
                    return url
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError(f"{name} did not start:\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(f"== {name}\n{log.read_text()[-3000:]}" for name, _, log in self.procs)

    def stop(self) -> None:
        for _, proc, _ in self.procs:
            proc.terminate()
        for _, proc, _ in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()

    def mails(self) -> list[str]:
        return [path.read_text() for path in sorted(self.tmp.glob("*/mail/*.eml"))]
