#!/usr/bin/env python3
"""Search at scale, on each backend, through the real app: query latency, rebuild time, how soon a
new idea is found, and whether searches stall the rest of the site.

    .venv/bin/python bench/search.py                          # both backends, 20,000 members = 100,000 ideas
    .venv/bin/python bench/search.py --backend whoosh --members 2000
    .venv/bin/python bench/search.py --help

Per backend (whoosh on a SQLite file, postgres on the database `--pg-db`, default bench_a, DROPped
and created), reusing bench/run.py's helpers:
 1. seed with the project's CLI (`portal migrate`, `portal seed --demo`, `portal seed --scale N`:
    N members with profiles and 5·N ideas whose titles and bodies come from the bench's Zipf
    vocabulary), with PORTAL_SEARCH naming the backend;
 2. time `portal reindex` (every profile, idea and comment);
 3. serve the app (`uvicorn portal.asgi:app`, PORTAL_DISPATCHER=worker) and run `portal worker`;
    on Whoosh, wait until the worker has indexed the seed's events (no new index generation for 3 s);
 4. the query mix: `--queries` searches of one or two words drawn from the vocabulary by
    frequency (as the texts were written), one at a time: p50/p95/p99 of `/search?q=…`;
 5. the most common words, one and two words (`--common` words, each query `--repeat` times): p99;
 6. a new idea posted through the API (a bench member's token) with a word nobody used: seconds
    until `/search` finds it (the worker indexes it);
 7. 4 connections of wrk searching two common words without pause, and meanwhile `/healthz` and
    `/` one at a time: their p50/p99 (and, for comparison, the same without the searches).

Writes bench/results/search-<backend>-<UTC stamp>.json/.md and search-<backend>-latest.md; prints
the table. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import run  # noqa: E402  (bench/run.py: servers, fetch, seeding, environment)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def summary(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms, default=0), 1)}


def vocabulary() -> tuple[list[str], list[float]]:
    """The seed's words and Zipf weights (portal/seed.py writes the texts with exactly these)."""
    from portal.seed import vocabulary as words_of_demo

    words = words_of_demo()
    return words, [1 / rank ** 1.1 for rank in range(1, len(words) + 1)]


def timed_get(server: run.Server, path: str) -> float:
    status, _, seconds = run.fetch(server.url(path), timeout=60)
    if status != 200:
        run.log(f"HTTP {status} for {path}")
    return seconds


def search_path(q: str) -> str:
    return "/search?q=" + urllib.parse.quote_plus(q)


def query_mix(server: run.Server, count: int, rng: random.Random) -> dict:
    words, weights = vocabulary()
    queries = [" ".join(rng.choices(words, weights, k=rng.choice((1, 2)))) for _ in range(count)]
    for q in queries[:10]:  # warm the caches (index files, searchers) first
        timed_get(server, search_path(q))
    return summary([timed_get(server, search_path(q)) for q in queries])


def searchable(words: list[str]) -> list[str]:
    """The words a search looks for: the most common words of the vocabulary are stop words
    ("und", "the"), which every search drops."""
    from portal.search.documents import query_words

    return [word for word in words if query_words(word)]


def common_words(server: run.Server, common: int, repeat: int) -> dict:
    top = searchable(vocabulary()[0])[:common]
    one = [w for w in top for _ in range(repeat)]
    two = [f"{a} {b}" for a, b in zip(top, top[1:] + top[:1]) for _ in range(repeat)]
    return {"one_word": {"words": top, **summary([timed_get(server, search_path(q)) for q in one])},
            "two_words": summary([timed_get(server, search_path(q)) for q in two])}


def new_idea_found(server: run.Server, token: str, timeout: float = 60.0) -> float | None:
    """Seconds from the API's answer to the first /search that lists the new idea."""
    word = f"zqx{random.randrange(10**8)}"
    title = f"Bench idea {word}"  # the page echoes the query; only a hit shows the title
    body = json.dumps({"title": title, "body": "Posted by bench/search.py."}).encode()
    import urllib.request

    request = urllib.request.Request(server.url("/api/v1/ideas"), data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status not in (200, 201):
            run.log(f"posting the idea answered {response.status}")
            return None
    posted = time.perf_counter()
    while time.perf_counter() - posted < timeout:
        status, page, _ = run.fetch(server.url(search_path(word)))
        if status == 200 and title.encode() in page:
            return round(time.perf_counter() - posted, 2)
        time.sleep(0.05)
    return None


def stall(server: run.Server, searchers: int, seconds: float, common: list[str]) -> dict:
    """/healthz and / one at a time, alone and while `searchers` connections of wrk (a C client,
    so the load does not compete with the probes for this interpreter) search common words
    without pause."""
    def probe_all(until: float) -> dict:
        health, page = [], []
        while time.monotonic() < until:
            health.append(timed_get(server, "/healthz"))
            page.append(timed_get(server, "/"))
            time.sleep(0.01)
        return {"healthz": summary(health), "front_page": summary(page)}

    quiet = probe_all(time.monotonic() + seconds / 2)
    load: dict = {}
    path = search_path(f"{common[0]} {common[1]}")

    def search_load() -> None:
        load.update(run.wrk(server.url(path), searchers, seconds + 2, 1, 30))

    thread = threading.Thread(target=search_load, daemon=True)
    thread.start()
    time.sleep(1.0)
    busy = probe_all(time.monotonic() + seconds)
    thread.join()
    return {"quiet": quiet, "while_searching": busy, "search_path": path,
            "searches_meanwhile": load}


def index_settled(path: Path, quiet: float = 3.0, timeout: float = 600.0) -> float:
    """Seconds until the worker has caught up with the seed's events: the seeding commands leave
    them for the worker (each a Whoosh commit, and each commit makes the next search open the
    index anew), so the searches are measured once no new index generation came for `quiet` s."""
    started = last_change = time.monotonic()
    newest = None
    while time.monotonic() - started < timeout:
        current = max(path.glob("_MAIN_*.toc"), default=None, key=lambda toc: toc.stat().st_mtime)
        if current != newest:
            newest, last_change = current, time.monotonic()
        elif time.monotonic() - last_change >= quiet:
            break
        time.sleep(0.2)
    waited = round(last_change - started, 1)
    run.log(f"the worker caught up with the seed's events after {waited} s")
    return waited


def bench_backend(backend: str, args) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"vox-search-{backend}-"))
    if backend == "postgres":
        database_url = f"{args.pg_server.rstrip('/')}/{args.pg_db}"
        subprocess.run([str(run.PYTHON), str(BENCH / "dbutil.py"), "recreate-pg", args.pg_server, args.pg_db],
                       check=True)
    else:
        database_url = f"sqlite://{data_dir / 'vox.sqlite3'}"
    # PYTHONPATH: the `portal` command must import this checkout's code, not the installed one's.
    env = {**run.base_env(data_dir, database_url), "PORTAL_SEARCH": backend, "PYTHONPATH": str(run.ROOT)}
    run.log(f"{backend}: data dir {data_dir}, database {database_url}")
    result: dict = {"backend": backend, "members": args.members, "ideas": 5 * args.members}
    servers: list[run.Server] = []
    worker = None
    try:
        result["seed"] = run.seed(env, args.members)
        result["reindex_s"] = run.run_cli([str(run.BIN / "portal"), "reindex"], env)
        info, token, _ = run.idea_setup(env, database_url, argparse.Namespace(similar=None), data_dir)
        server = run.Server("vox", run.uvicorn_argv("portal.asgi:app", args.port), env, args.port,
                            data_dir / "server.log")
        servers.append(server)
        server.start()
        worker_log = open(data_dir / "worker.log", "wb")
        worker = subprocess.Popen([str(run.BIN / "portal"), "worker"], cwd=run.ROOT, env=env,
                                  stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True)
        if backend == "whoosh":
            result["worker_catch_up_s"] = index_settled(data_dir / "search")
        rng = random.Random(args.members)
        run.log(f"{backend}: query mix ({args.queries} queries)")
        result["query_mix"] = query_mix(server, args.queries, rng)
        run.log(f"{backend}: most common words")
        result["common"] = common_words(server, args.common, args.repeat)
        run.log(f"{backend}: a new idea until it is found")
        result["new_idea_found_s"] = [new_idea_found(server, token) for _ in range(3)]
        run.log(f"{backend}: /healthz and / while 4 searches run")
        result["stall"] = stall(server, 4, args.stall_seconds, searchable(vocabulary()[0])[:args.common])
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        for server in servers:
            server.stop()
        if backend == "postgres" and not args.keep:
            subprocess.run([str(run.PYTHON), str(BENCH / "dbutil.py"), "drop-pg", args.pg_server, args.pg_db])
    return result


def markdown(results: list[dict], started: str) -> str:
    lines = [f"Search bench, {started} UTC, commit {run.commit_id()}, "
             f"load average before {results[0].get('loadavg', '?')}", "",
             "| backend | ideas | reindex s | mix p50 | mix p95 | mix p99 | common 1 word p99 | common 2 words p99 "
             "| new idea found s | /healthz p99 quiet / 4 searching | / p99 quiet / 4 searching |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        mix, stall_ = r["query_mix"], r["stall"]
        lines.append(
            f"| {r['backend']} | {r['ideas']:,} | {r['reindex_s']} | {mix['p50_ms']} | {mix['p95_ms']} | "
            f"{mix['p99_ms']} | {r['common']['one_word']['p99_ms']} | {r['common']['two_words']['p99_ms']} | "
            f"{', '.join(str(s) for s in r['new_idea_found_s'])} | "
            f"{stall_['quiet']['healthz']['p99_ms']} / {stall_['while_searching']['healthz']['p99_ms']} | "
            f"{stall_['quiet']['front_page']['p99_ms']} / {stall_['while_searching']['front_page']['p99_ms']} |")
    lines.append("")
    lines.append("Times in ms through HTTP (uvicorn, one process) unless marked s; `seed --scale` includes "
                 "one rebuild of the index.")
    return "\n".join(lines) + "\n"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("whoosh", "postgres", "both"), default="both")
    parser.add_argument("--members", type=int, default=20_000, help="bench members; 5 ideas each")
    parser.add_argument("--queries", type=int, default=400, help="searches in the query mix")
    parser.add_argument("--common", type=int, default=5, help="how many of the most common words")
    parser.add_argument("--repeat", type=int, default=20, help="times each common-word query runs")
    parser.add_argument("--stall-seconds", type=float, default=20.0,
                        help="how long 4 clients search while /healthz and / are probed")
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--pg-db", default="bench_a")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    backends = ("whoosh", "postgres") if args.backend == "both" else (args.backend,)
    results = []
    for backend in backends:
        result = bench_backend(backend, args)
        result["loadavg"] = loadavg
        results.append(result)
        run.RESULTS.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        (run.RESULTS / f"search-{backend}-{stamp}.json").write_text(json.dumps(result, indent=2))
        (run.RESULTS / f"search-{backend}-latest.md").write_text(markdown([result], started))
        print(json.dumps(result, indent=2), flush=True)
    table = markdown(results, started)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
