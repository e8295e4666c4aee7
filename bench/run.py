#!/usr/bin/env python3
"""Load benchmark: Vox's pages against the framework floor, in one run, on this machine.

    .venv/bin/python bench/run.py                    # SQLite, 10,000 members, 50,000 ideas, 1M votes (~8 min)
    .venv/bin/python bench/run.py --db postgres      # a fresh PostgreSQL database `vox_bench`
    .venv/bin/python bench/run.py --help

What it does (see bench/README.md):
 1. seeds a fresh database with the project's CLI (`portal migrate`, `portal seed --demo`,
    `portal seed --scale N`) in a temporary PORTAL_DATA_DIR;
 2. starts the real app (`uvicorn portal.asgi:app`, PORTAL_DISPATCHER=worker) and waits for /healthz;
 3. loads `/`, `/u/{handle}`, `/search?q=…`, the idea board (`/ideas?sort=trending|top|newest`),
    the most-voted idea, the similar-ideas lookup and the vote API (PUT/DELETE with a bearer
    token) with wrk at each connection count;
 4. starts bench/floor_app.py with the same uvicorn command (a bare Starlette + Jinja2 page the size
    of our `/`, a plaintext route and a page after 3 indexed Tortoise queries) and loads it the same way;
 5. writes JSON and a Markdown table to bench/results/ and prints the table.

Only figures are written; nothing is asserted. Everything listens on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
RESULTS = BENCH / "results"
CLK_TCK = os.sysconf("SC_CLK_TCK")
HOST = "127.0.0.1"
DISTURBED = 25.0  # % of a core used by other work during a row: above this the row is measured again


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- the servers ---------------------------------------------------------------------------------


def uvicorn_argv(app: str, port: int, *extra: str) -> list[str]:
    """The one uvicorn command both apps are served with."""
    return [str(BIN / "uvicorn"), app, *extra, "--host", HOST, "--port", str(port),
            "--log-level", "warning", "--no-access-log"]


class Server:
    def __init__(self, name: str, argv: list[str], env: dict, port: int, log_path: Path):
        self.name, self.argv, self.env, self.port, self.log_path = name, argv, env, port, log_path
        self.proc: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def start(self, timeout: float = 60.0) -> None:
        if port_busy(self.port):
            sys.exit(f"port {self.port} is already in use; pass --port")
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._log.close()
                sys.exit(f"{self.name} exited with {self.proc.returncode}:\n{tail(self.log_path)}")
            status, _, _ = fetch(self.url("/healthz"), timeout=2)
            if status == 200:
                log(f"{self.name} is up on port {self.port} (pid {self.proc.pid})")
                return
            time.sleep(0.2)
        self.stop()
        sys.exit(f"{self.name} did not answer /healthz within {timeout:.0f} s:\n{tail(self.log_path)}")

    def cpu_seconds(self) -> float:
        """The server's CPU seconds, with its children's (uvicorn --workers, search processes)."""
        return tree_cpu(self.proc.pid) if self.proc else 0.0

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self._log.close()
        self.proc = None


def read_server_log(path: Path) -> dict:
    """Statuses from the request log lines, and the first traceback, of a server's output."""
    statuses: dict[str, int] = {}
    other_lines, tracebacks, first = 0, 0, []
    with open(path, errors="replace") as fh:
        for line in fh:
            if line.startswith('{"request_id"'):
                try:
                    code = str(json.loads(line).get("status"))
                except json.JSONDecodeError:
                    code = "?"
                statuses[code] = statuses.get(code, 0) + 1
                continue
            other_lines += 1
            if line.startswith("Traceback"):
                tracebacks += 1
            if tracebacks == 1 and len(first) < 60:
                first.append(line.rstrip())
    return {"statuses": statuses, "other_lines": other_lines, "tracebacks": tracebacks,
            "first_traceback": "\n".join(first)}


def port_busy(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) == 0


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def fetch(url: str, timeout: float = 30, method: str = "GET",
          headers: dict | None = None) -> tuple[int, bytes, float]:
    """(status, body, seconds); status 0 when nothing answered."""
    started = time.perf_counter()
    try:
        request = urllib.request.Request(url, method=method, headers=headers or {})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.perf_counter() - started
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b"", time.perf_counter() - started


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of a process and every living descendant."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, grown = {pid}, True
    while grown:
        below = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= below
        grown = bool(below)
    return sum(process_cpu(member) for member in tree)


def machine_cpu() -> float:
    """Busy CPU seconds of the whole machine, all cores (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / CLK_TCK


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def postgres_cpu() -> float:
    """CPU seconds of every running postgres process (the server's backends on this machine)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


# -- wrk -----------------------------------------------------------------------------------------


def wrk(url: str, connections: int, seconds: float, threads: int, timeout: float,
        spec: dict | None = None) -> dict:
    """One wrk run; `spec` (a path of ours, see paths_of) may add request headers, or a Lua
    script (with report.lua appended) and its environment, e.g. for the vote endpoint."""
    spec = spec or {}
    headers = [a for k, v in spec.get("headers", {}).items() for a in ("-H", f"{k}: {v}")]
    argv = ["wrk", f"-t{max(1, min(threads, connections))}", f"-c{connections}", f"-d{seconds:g}s",
            f"--timeout={timeout:g}s", *headers, "-s", str(spec.get("script") or BENCH / "report.lua"), url]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + timeout + 60,
                          env={**os.environ, **spec.get("env", {})})
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise RuntimeError(f"wrk gave no report ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def wait_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait (up to `limit` seconds) until the rest of the machine uses under `threshold` of a core
    over one second; returns the seconds waited. Our own server is idle between rows."""
    started = time.monotonic()
    while True:
        before = machine_cpu()
        time.sleep(1)
        if machine_cpu() - before < threshold or time.monotonic() - started >= limit:
            return round(time.monotonic() - started - 1, 1)


def measure(server: Server, target: str, name: str, path: str, connections: int, args,
            spec: dict | None = None) -> dict:
    """One row; measured again (up to --retries times) when other work disturbed it."""
    best = None
    for attempt in range(1 + args.retries):
        waited = wait_quiet(args.quiet_wait) if args.quiet_wait > 0 else 0.0
        row = measure_once(server, target, name, path, connections, args, spec)
        row.update(attempt=attempt + 1, waited_for_quiet_s=waited)
        if best is None or row["other_cpu_pct"] < best["other_cpu_pct"]:
            best = row
        if row["other_cpu_pct"] <= DISTURBED:
            break
        log(f"other work used {row['other_cpu_pct']}% CPU during that row"
            + ("; measuring it again" if attempt < args.retries else "; keeping the least disturbed"))
    return best


def measure_once(server: Server, target: str, name: str, path: str, connections: int, args,
                 spec: dict | None = None) -> dict:
    url = server.url(path)
    if args.warmup > 0:
        wrk(url, connections, args.warmup, args.threads, args.timeout, spec)
    cpu0, db0, wrk0, all0 = server.cpu_seconds(), postgres_cpu(), children_cpu(), machine_cpu()
    t0 = time.monotonic()
    report = wrk(url, connections, args.duration, args.threads, args.timeout, spec)
    wall = time.monotonic() - t0
    cpu1, db1, wrk1, all1 = server.cpu_seconds(), postgres_cpu(), children_cpu(), machine_cpu()
    other = (all1 - all0) - (cpu1 - cpu0) - (db1 - db0) - (wrk1 - wrk0)
    seconds = report["duration_us"] / 1e6
    errors = sum(report[k] for k in ("err_connect", "err_read", "err_write", "err_timeout"))
    row = {
        "target": target, "name": name, "path": (spec or {}).get("label", path), "connections": connections,
        "requests": report["requests"],
        "rps": round(report["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": report["p50_us"] / 1000, "p90_ms": report["p90_us"] / 1000,
        "p99_ms": report["p99_us"] / 1000, "max_ms": report["max_us"] / 1000,
        "mean_ms": round(report["mean_us"] / 1000, 3),
        "bytes_per_response": round(report["bytes"] / report["requests"]) if report["requests"] else 0,
        "non_2xx_3xx": report["err_status"], "socket_errors": errors,
        "server_cpu_pct": round(100 * (cpu1 - cpu0) / wall, 1),
        "db_cpu_pct": round(100 * (db1 - db0) / wall, 1),
        "wrk_cpu_pct": round(100 * (wrk1 - wrk0) / wall, 1),
        "other_cpu_pct": round(100 * max(0.0, other) / wall, 1),
    }
    log(f"{target:5} {row['path']:40} c={connections:<3} {row['rps']:>9.1f} req/s  p50 {row['p50_ms']:.2f} ms"
        f"  p99 {row['p99_ms']:.2f} ms  cpu {row['server_cpu_pct']}%"
        + f"  pg {row['db_cpu_pct']}%  wrk {row['wrk_cpu_pct']}%  other {row['other_cpu_pct']}%"
        + (f"  NON-2xx {row['non_2xx_3xx']}" if row["non_2xx_3xx"] else "")
        + (f"  socket errors {errors}" if errors else ""))
    return row


# -- seeding -------------------------------------------------------------------------------------


def run_cli(argv: list[str], env: dict) -> float:
    started = time.monotonic()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    seconds = time.monotonic() - started
    for line in done.stdout.splitlines():
        if line.startswith("seed --scale: "):  # portal/seed.py's timings of each step
            log(line)
    log(f"{' '.join(Path(a).name if i == 0 else a for i, a in enumerate(argv))}: "
        f"{done.stdout.strip().splitlines()[-1] if done.stdout.strip() else 'ok'} ({seconds:.1f} s)")
    return round(seconds, 2)


def seed(env: dict, members: int) -> dict:
    portal = str(BIN / "portal")
    timings = {"migrate_s": run_cli([portal, "migrate"], env),
               "seed_demo_s": run_cli([portal, "seed", "--demo"], env)}
    if members > 0:
        timings["seed_scale_s"] = run_cli([portal, "seed", "--scale", str(members)], env)
    return timings


def base_env(data_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PORTAL_") and k not in ("DATABASE_URL", "PORT")}
    # The API's per-caller budget (600 a minute) would turn a load run into 429s: lift it here.
    env.update(PORTAL_DATA_DIR=str(data_dir), DATABASE_URL=database_url, PORTAL_DISPATCHER="worker",
               PORTAL_LOG_LEVEL="WARNING", PORTAL_API_RATE="1000000000",
               # The `portal` script would import the checkout the .venv was installed from (its
               # editable install), not this one: seed with the code under test.
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p))
    return env


def idea_setup(env: dict, database_url: str, args, data_dir: Path) -> tuple[dict, str, float]:
    """The idea to look at and vote on (the most voted), the similar-ideas title, and an API
    token (read + write) of the first bench member for the vote endpoint."""
    info = json.loads(subprocess.run([str(PYTHON), str(BENCH / "dbutil.py"), "pick-ideas", database_url],
                                     capture_output=True, text=True, check=True).stdout)
    if args.similar:
        info["similar_title"] = args.similar
    started = time.monotonic()
    done = subprocess.run([str(BIN / "portal"), "tokens", "create", info["email"], "--scope", "read",
                           "--scope", "write"], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip():
        sys.exit(f"portal tokens create failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    seconds = round(time.monotonic() - started, 2)
    log(f"ideas: popular idea {info['idea_id']}, similar title {info['similar_title']!r}, "
        f"API token for {info['email']} ({seconds:.1f} s)")
    return info, done.stdout.strip().splitlines()[-1].strip(), seconds


def idea_paths(info: dict, token: str, data_dir: Path) -> list[tuple[str, str, dict]]:
    """The idea board's paths: each sort of the board, a popular idea, the similar-ideas lookup
    (as htmx asks for it while a title is typed), the board and that idea through the API, and the
    vote API (PUT/DELETE alternately)."""
    idea = info["idea_id"]
    vote_path = f"/api/v1/ideas/{idea}/vote"
    script = data_dir / "vote.lua"
    script.write_text((BENCH / "vote.lua").read_text() + "\n" + (BENCH / "report.lua").read_text())
    return [
        *[(f"board {sort}", f"/ideas?sort={sort}", {}) for sort in ("trending", "top", "newest")],
        ("idea", f"/ideas/{idea}", {}),
        ("similar ideas", "/ideas/similar?title=" + urllib.parse.quote_plus(info["similar_title"]),
         {"headers": {"HX-Request": "true"}}),
        ("board API", "/api/v1/ideas?sort=top&limit=20", {}),
        ("idea API", f"/api/v1/ideas/{idea}", {}),
        ("vote API", vote_path, {
            "label": f"PUT/DELETE {vote_path}", "script": script, "method": "PUT",
            "probe_headers": {"Authorization": f"Bearer {token}"},
            "env": {"BENCH_TOKEN": token, "BENCH_VOTE_PATH": vote_path}}),
    ]


# Our pages that have a same-work floor in bench/floor_pages.py: our row's name -> the floor's kind.
SAME_WORK = {"front page": "front", "profile": "profile", "board trending": "board", "board top": "board",
             "board newest": "board", "idea": "idea"}


def load_paths(server, target: str, paths: list[tuple[str, str]], connections: list[int], args,
               skipped: list, note=lambda path: "") -> list[dict]:
    """Probe each path of a floor server once, then load those that answer 200 at each connection
    count; the others are listed as skipped."""
    rows = []
    for name, path in paths:
        status, body, _ = fetch(server.url(path))
        log(f"probe {target} {path}: HTTP {status}, {len(body):,} bytes{note(path)}")
        if status != 200:
            skipped.append({"target": target, "name": name, "path": path, "status": status})
            continue
        for c in connections:
            rows.append(measure(server, target, name, path, c, args))
    return rows


def same_work_floors(env: dict, data_dir: Path, args, paths, probes: dict, connections: list[int],
                     servers: list, skipped: list) -> list[dict]:
    """Load bench/floor_pages.py on the same paths as our pages that have one: the same rows read
    through the raw driver, rendered by bare Starlette + Jinja2 to the same byte size."""
    ours = [(name, path) for name, path, _ in paths if name in SAME_WORK and probes[path]["status"] == 200]
    sizes = {SAME_WORK[name]: probes[path]["bytes"] for name, path in ours}
    floor = Server("same-work floor", uvicorn_argv("floor_pages:app", args.port, "--app-dir", str(BENCH)),
                   {**env, "BENCH_SIZES": json.dumps(sizes)}, args.port, data_dir / "server-floor-pages.log")
    servers.append(floor)
    floor.start()
    rows = load_paths(floor, "same-work floor", ours, connections, args, skipped,
                      note=lambda path: f" (ours {probes[path]['bytes']:,})")
    floor.stop()
    return rows


# -- reporting -----------------------------------------------------------------------------------


def add_ratios(rows: list[dict]) -> None:
    """Ratios to the floor page (bare Starlette + Jinja2, same size) at the same connection count,
    and of each of our pages to its same-work floor (same path, same connections)."""
    same = {(r["name"], r["connections"]): r for r in rows if r["target"] == "same-work floor"}
    for row in rows:
        twin = same.get((row["name"], row["connections"]))
        if row["target"] == "vox" and twin and twin["rps"]:
            row["same_work_ratio"] = round(row["rps"] / twin["rps"], 3)
    floors = {r["connections"]: r for r in rows if r["target"] == "floor" and r["name"] == "floor page"}
    for row in rows:
        floor = floors.get(row["connections"])
        if not floor:
            continue
        row["rps_ratio"] = round(row["rps"] / floor["rps"], 3) if floor["rps"] else None
        row["p50_ratio"] = round(row["p50_ms"] / floor["p50_ms"], 2) if floor["p50_ms"] else None
        row["p99_ratio"] = round(row["p99_ms"] / floor["p99_ms"], 2) if floor["p99_ms"] else None


def ratio(row: dict, key: str, digits: int) -> str:
    value = row.get(key)
    return "–" if value is None else f"{value:.{digits}f}"


def markdown(result: dict) -> str:
    meta = result["meta"]
    lines = [
        f"## Vox load benchmark — {meta['db']}, {meta['members']:,} bench members",
        "",
        f"{meta['started']} · {meta['cpus']} CPUs · commit {meta['commit']} · wrk {meta['wrk_threads']} "
        f"thread(s), {meta['duration_s']:g} s per row after {meta['warmup_s']:g} s warm-up · "
        f"{meta.get('workers', 1)} uvicorn worker process(es) (`{meta['uvicorn']}`) · page cache "
        f"{meta.get('page_cache', 'default')} s · load average before/after "
        f"{meta['loadavg_before']} / {meta['loadavg_after']}",
        "",
        "Ratios are to the floor page (bare Starlette + Jinja2, a template of the same size as our `/`, "
        f"{meta['page_bytes']:,} bytes) at the same number of connections: req/s ratio = ours / floor, "
        "latency ratio = ours / floor (higher is slower). Server CPU: the uvicorn process with its worker and search processes, all threads "
        "(100% = one core); pg CPU: all postgres processes; other CPU: the rest of the machine except wrk "
        "(anything above a few % means something else was running); bytes/resp include the headers.",
        "",
        "req/s ÷ same work: ours / the same-work floor of that page (bench/floor_pages.py: the same "
        "rows through the raw driver, bare Starlette + Jinja2, the same byte size); the target is ≥ 0.3.",
        "",
        "| target | path | conns | req/s | p50 ms | p99 ms | req/s ÷ same work | req/s ÷ floor | p50 ÷ floor "
        "| p99 ÷ floor | server CPU | pg CPU | other CPU | bytes/resp | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in result["rows"]:
        errors = r["non_2xx_3xx"] + r["socket_errors"]
        disturbed = " ⚠" if r["other_cpu_pct"] > DISTURBED else ""
        if not r["requests"]:  # nothing answered within the row: wrk has no latencies to give
            lines.append(f"| {r['target']} | `{r['path']}` | {r['connections']} | 0 (no answer within "
                         f"{meta['duration_s']:g} s) | – | – | – | 0 | – | – | {r['server_cpu_pct']:.0f}% "
                         f"| {r['db_cpu_pct']:.0f}% | {r['other_cpu_pct']:.0f}%{disturbed} | – | {errors or ''} |")
            continue
        lines.append(
            f"| {r['target']} | `{r['path']}` | {r['connections']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} "
            f"| {r['p99_ms']:.2f} | {ratio(r, 'same_work_ratio', 2)} | {ratio(r, 'rps_ratio', 3)} | {ratio(r, 'p50_ratio', 2)} "
            f"| {ratio(r, 'p99_ratio', 2)} | {r['server_cpu_pct']:.0f}% | {r['db_cpu_pct']:.0f}% | {r['other_cpu_pct']:.0f}%{disturbed} "
            f"| {r['bytes_per_response']:,} | {errors or ''} |")
    for s in result["skipped"]:
        lines.append(f"| {s['target']} | `{s['path']}` | – | skipped: HTTP {s['status']} | | | | | | | | | | | |")
    lines += ["", "Notes:", ""] + [f"- {n}" for n in result["notes"]]
    timings = result["seed"]
    lines += ["", "Seeding: " + ", ".join(f"{k.removesuffix('_s')} {v:.1f} s" for k, v in timings.items()), ""]
    return "\n".join(lines)


def commit_id() -> str:
    """The checked-out commit (git rev-parse; works in a worktree too)."""
    done = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def versions() -> dict:
    code = ("import importlib.metadata as m, json, sys; ps = ['starlette', 'tortoise-orm', 'uvicorn', "
            "'uvloop', 'httptools', 'jinja2', 'aiosqlite', 'asyncpg', 'whoosh-reloaded']\n"
            "out = {'python': sys.version.split()[0]}\n"
            "for p in ps:\n try: out[p] = m.version(p)\n except Exception: out[p] = None\n"
            "print(json.dumps(out))")
    done = subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {}


# -- main ----------------------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--members", type=int, default=10_000, help="bench members to seed (default 10000)")
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432",
                   help="PostgreSQL server for --db postgres (trusting local connections)")
    p.add_argument("--pg-db", default="vox_bench", help="database to DROP and create (default vox_bench)")
    p.add_argument("--connections", default="32,8", help="comma-separated wrk connection counts")
    p.add_argument("--duration", type=int, default=10, help="seconds per measurement (default 10)")
    p.add_argument("--warmup", type=int, default=2, help="seconds of unmeasured load before each row")
    p.add_argument("--threads", type=int, default=1,
                   help="wrk threads (default 1: leaves the second core to the server and the database)")
    p.add_argument("--timeout", type=int, default=30, help="wrk request timeout in seconds (default 30)")
    p.add_argument("--quiet-wait", type=int, default=30,
                   help="before each row, wait up to this many seconds for other work on the machine to stop")
    p.add_argument("--retries", type=int, default=1,
                   help=f"measure a row again when other work used over {DISTURBED:g}%% of a core (default 1)")
    p.add_argument("--handle", default="", help="profile for /u/{handle} (default: the middle bench member)")
    p.add_argument("--query", action="append", default=None,
                   help="search words, repeatable (default: akku, 'battery range', Routenplanung)")
    p.add_argument("--port", type=int, default=18731, help="port of the server under test (127.0.0.1)")
    p.add_argument("--page-bytes", type=int, default=0,
                   help="floor template size (default: the size of our / page; 10000 if / fails)")
    p.add_argument("--page-cache", type=float, default=None, metavar="SECONDS",
                   help="PORTAL_PAGE_CACHE_SECONDS of our app (default: the app's default; 0: off, so "
                        "every request renders its page)")
    p.add_argument("--workers", type=int, default=1,
                   help="uvicorn worker processes of our app (the Procfile's WEB_CONCURRENCY; default 1)")
    p.add_argument("--no-floor", action="store_true", help="skip the floor app")
    p.add_argument("--no-ideas", action="store_true", help="skip the idea-board paths")
    p.add_argument("--similar", default="",
                   help="title for /ideas/similar (default: the two most common long words of bench idea titles)")
    p.add_argument("--allow-errors", action="store_true", help="also load paths that do not answer 200")
    p.add_argument("--keep", action="store_true", help="keep the data dir (and the PostgreSQL database)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk (after apt-get update if needed)")
    if not (BIN / "uvicorn").exists():
        sys.exit(f"{BIN / 'uvicorn'} not found: run `make install` first")
    connections = [int(c) for c in args.connections.split(",") if c.strip()]
    queries = args.query or ["akku", "battery range", "Routenplanung"]
    started = dt.datetime.now(dt.timezone.utc)
    loadavg_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    if float(loadavg_before.split()[0]) > 0.5:
        log(f"warning: the machine is busy (load average {loadavg_before}); figures will be lower")

    data_dir = Path(tempfile.mkdtemp(prefix=f"vox-bench-{args.db}-"))
    if args.db == "postgres":
        database_url = f"{args.pg_server.rstrip('/')}/{args.pg_db}"
        subprocess.run([str(PYTHON), str(BENCH / "dbutil.py"), "recreate-pg", args.pg_server, args.pg_db],
                       check=True)
        log(f"fresh PostgreSQL database {database_url}")
    else:
        database_url = f"sqlite://{data_dir / 'vox.sqlite3'}"
    env = base_env(data_dir, database_url)
    if args.page_cache is not None:
        env["PORTAL_PAGE_CACHE_SECONDS"] = f"{args.page_cache:g}"
    log(f"data dir {data_dir}")

    servers: list[Server] = []
    try:
        timings = seed(env, args.members)
        handle = args.handle or subprocess.run(
            [str(PYTHON), str(BENCH / "dbutil.py"), "pick-handle", database_url],
            capture_output=True, text=True, check=True).stdout.strip() or "miriam_radelt"
        paths = [("front page", "/", {}), ("profile", f"/u/{handle}", {})]
        paths += [(f"search {q!r}", "/search?q=" + urllib.parse.quote_plus(q), {}) for q in queries]
        ideas_info, token_s = {}, None
        if not args.no_ideas:
            ideas_info, token, token_s = idea_setup(env, database_url, args, data_dir)
            timings["token_s"] = token_s
            paths += idea_paths(ideas_info, token, data_dir)

        rows: list[dict] = []
        skipped: list[dict] = []
        notes: list[str] = []

        extra = ("--workers", str(args.workers)) if args.workers > 1 else ()
        ours = Server("vox", uvicorn_argv("portal.asgi:app", args.port, *extra), env, args.port,
                      data_dir / "server-vox.log")
        servers.append(ours)
        ours.start()
        probes = {}
        for name, path, spec in paths:
            status, body, seconds = fetch(ours.url(path), method=spec.get("method", "GET"),
                                          headers=spec.get("probe_headers", spec.get("headers")))
            probes[path] = {"status": status, "bytes": len(body), "first_ms": round(seconds * 1000, 1)}
            log(f"probe {spec.get('label', path)}: HTTP {status}, {len(body):,} bytes, "
                f"{seconds * 1000:.1f} ms (first request)")
        page_bytes = args.page_bytes
        if not page_bytes:
            if probes["/"]["status"] == 200:
                page_bytes = probes["/"]["bytes"]
            else:
                page_bytes = 10_000
                notes.append(f"`/` answered HTTP {probes['/']['status']}: the floor template was sized to "
                             f"the fallback of {page_bytes:,} bytes, not to our front page.")
        for name, path, spec in paths:
            if probes[path]["status"] != 200 and not args.allow_errors:
                skipped.append({"target": "vox", "name": name, "path": spec.get("label", path),
                                "status": probes[path]["status"]})
                log(f"skip {path}: HTTP {probes[path]['status']}")
                continue
            for c in connections:
                rows.append(measure(ours, "vox", name, path, c, args, spec))
        ours.stop()
        server_log = read_server_log(ours.log_path)
        logged = sum(server_log["statuses"].values())
        notes.append(
            "Request logging stays on, as in production (`PORTAL_LOG_REQUESTS` defaults to on, and "
            "portal/asgi.py configures logging at INFO), so every request writes one JSON "
            f"line (to a file here: {logged:,} lines this run). The floor app logs nothing.")
        bad = {k: v for k, v in server_log["statuses"].items() if not k.startswith(("2", "3"))}
        if bad or server_log["tracebacks"]:
            notes.append(f"The server logged answers {bad} and {server_log['tracebacks']} tracebacks; "
                         "the first one is in the JSON file (`server_log.first_traceback`).")
            log(f"server errors: {bad}, {server_log['tracebacks']} tracebacks; first:\n"
                f"{server_log['first_traceback'][:3000]}")

        if not args.no_floor:
            floor_env = {**env, "BENCH_PAGE_BYTES": str(page_bytes),
                         "BENCH_TEMPLATE_DIR": str(data_dir / "floor-templates")}
            floor = Server("floor", uvicorn_argv("floor_app:app", args.port, "--app-dir", str(BENCH)),
                           floor_env, args.port, data_dir / "server-floor.log")
            servers.append(floor)
            floor.start()
            floor_paths = [("floor page", "/"), ("floor plaintext", "/plain"),
                           ("floor page + 3 queries", f"/db?handle={urllib.parse.quote(handle)}")]
            rows += load_paths(floor, "floor", floor_paths, connections, args, skipped)
            floor.stop()
            rows += same_work_floors(env, data_dir, args, paths, probes, connections, servers, skipped)
        add_ratios(rows)
        notes += [
            f"`/u/{handle}` is a seeded bench member; search words: {', '.join(repr(q) for q in queries)} "
            f"(the bench bios draw 25 words from 31, so `akku` matches about half of all profiles).",
            "Anonymous requests only (no session cookie): each answer also sets the CSRF cookie. "
            "Except the vote endpoint: PUT and DELETE alternately (every second request really "
            "changes the vote) with a bearer token of one bench member, on one idea.",
            "wrk (one thread), the server and PostgreSQL share the same cores. Before each row the "
            f"run waits up to {args.quiet_wait} s for the machine to be quiet, and measures a row again "
            f"(up to {args.retries}×) when other work took over {DISTURBED:g}% of a core; rows still "
            "above that are marked ⚠ (their figures are low).",
        ]
        result = {
            "meta": {
                "started": started.strftime("%Y-%m-%d %H:%M UTC"), "db": args.db, "database_url": database_url,
                "members": args.members, "cpus": os.cpu_count(), "commit": commit_id(), "workers": args.workers,
                "page_cache": env.get("PORTAL_PAGE_CACHE_SECONDS", "default (3)"),
                "duration_s": args.duration, "warmup_s": args.warmup, "wrk_threads": args.threads,
                "connections": connections, "handle": handle, "queries": queries, "page_bytes": page_bytes,
                "ideas": ideas_info,
                "uvicorn": " ".join(["uvicorn", "APP"] + uvicorn_argv("APP", args.port)[2:]),
                "loadavg_before": loadavg_before,
                "loadavg_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
                "versions": versions(), "probes": probes,
            },
            "seed": timings, "rows": rows, "skipped": skipped, "notes": notes, "server_log": server_log,
        }
    finally:
        for server in servers:
            server.stop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
            if args.db == "postgres":
                subprocess.run([str(PYTHON), str(BENCH / "dbutil.py"), "drop-pg", args.pg_server, args.pg_db])
        else:
            log(f"kept: PORTAL_DATA_DIR={data_dir} DATABASE_URL={database_url}")

    RESULTS.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = markdown(result)
    for name in (f"{stamp}-{args.db}", f"latest-{args.db}"):
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / f"{name}.md").write_text(text)
    print()
    print(text)
    log(f"wrote {RESULTS / (stamp + '-' + args.db)}.json and .md "
        f"({(dt.datetime.now(dt.timezone.utc) - started).total_seconds():.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
