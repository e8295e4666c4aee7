#!/usr/bin/env python3
"""The forums at scale: 200,000 posts in 20,000 threads, their pages under load against the floor.

    .venv/bin/python bench/forums.py                       # SQLite (and the Whoosh index)
    .venv/bin/python bench/forums.py --db postgres         # PostgreSQL database bench_a (DROPped, created)
    .venv/bin/python bench/forums.py --threads 2000 --posts 20000 --members 500   # small and quick

What it does (see bench/README.md, "Forums"), reusing bench/run.py's servers, wrk and report:
 1. seeds a fresh database with the project's CLI (`portal migrate`, `portal seed --demo`,
    `portal seed --scale N`: N bench members, who write the forum), then in process the forum
    itself in bulk (bench/forums_seed.py: categories, threads, posts, tags, likes, accepted answers,
    every kept count as the services keep it), the threads into the search index through the
    backend's bulk write, and the planner's statistics;
 2. serves the app (`uvicorn portal.asgi:app`, PORTAL_DISPATCHER=worker) once per page-cache
    setting (default: off, so every request renders, and the app's default of 3 s);
 3. loads with wrk, anonymous, at each connection count (default 8): `/forums`, a category's first
    page and a deep page (`?page=N`), a thread of 50 posts and more (`/threads/{id}`, its first
    page of 50), and `/forums/similar?title=…` (htmx) when the app has it (skipped while it answers 404);
 4. serves bench/floor_app.py (bare Starlette + Jinja2, no database) with a template of each
    page's byte size and loads it the same way: ratios are ours / that floor;
 5. times `portal.search.similar(None, title, types=("thread",))` in process over many titles
    (p50/p99 ms): the lookup a "similar threads" box makes while a title is typed;
 6. writes bench/results/forums-<db>-latest.md and a stamped JSON; prints the table. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import run  # noqa: E402  (bench/run.py: servers, wrk, seeding, environment)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


async def _in_process(env: dict, work):
    """Run `work()` with Tortoise and the site's settings as the app has them (every feature installed)."""
    from tortoise import Tortoise

    import portal.app  # noqa: F401 - installs every feature (models, search document types)
    from portal import core, features, search
    from portal import settings as settings_module
    from portal.db import tortoise_config

    settings = settings_module.configure(settings_module.load_settings(env))
    features.install(core.installed(settings.features))
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        return await work()
    finally:
        search.close()
        await Tortoise.close_connections()


def _similar_titles(titles: list[str], count: int, rng: random.Random) -> list[str]:
    """What people type as a new title: half are existing titles with a word or two changed (a
    question asked again), half new titles from the same words."""
    from portal.seed import vocabulary

    words = vocabulary()
    weights = [1 / rank ** 1.1 for rank in range(1, len(words) + 1)]
    typed = []
    for n in range(count):
        if n % 2 and titles:
            parts = rng.choice(titles).rstrip("?").split()
            for _ in range(rng.choice((1, 2))):
                parts[rng.randrange(len(parts))] = rng.choices(words, weights)[0]
            typed.append(" ".join(parts))
        else:
            typed.append(" ".join(rng.choices(words, weights, k=rng.randint(3, 7))).capitalize())
    return typed


async def _seed_and_pick(args) -> dict:
    import forums_seed
    from forums.models import Category, Thread
    from portal.db import refresh_statistics

    made = await forums_seed.seed_forums(threads=args.threads, posts=args.posts)
    made["timings"]["index_threads_s"] = await forums_seed.index_threads(made["first_thread"], made["last_thread"])
    clock = time.perf_counter()
    await refresh_statistics(thorough=True)
    made["timings"]["analyze_s"] = round(time.perf_counter() - clock, 1)
    forums_seed.say(f"search index: threads {made['first_thread']}–{made['last_thread']} in "
                    f"{made['timings']['index_threads_s']} s; ANALYZE {made['timings']['analyze_s']} s")
    help_ = await Category.get(slug=forums_seed.CATEGORIES[0][0])
    # A thread of 50 posts and more with an accepted answer: its first page shows 50 posts.
    thread = (await Thread.filter(category_id=help_.pk, post_count__gte=60, accepted_post_id__not_isnull=True,
                                  hidden_at=None).order_by("post_count", "id").first()
              or await Thread.filter(category_id=help_.pk).order_by("-post_count").first())
    titles = [str(t) for t in await Thread.filter(id__gte=made["first_thread"]).order_by("-id").limit(5000)
              .values_list("title", flat=True)]
    counts: dict[str, int] = {}
    for title in titles[:2000]:
        for word in re.findall(r"[^\W\d_]{5,}", title.lower()):
            counts[word] = counts.get(word, 0) + 1
    common = sorted(counts, key=lambda w: (-counts[w], w))[:2]
    return {**made, "category": help_.slug, "category_threads": help_.thread_count,
            "deep_page": max(2, help_.thread_count // 30 // 2), "thread_id": thread.pk,
            "thread_posts": thread.post_count, "similar_title": " ".join(common), "titles": titles}


async def _time_similar(titles: list[str]) -> dict:
    from portal import search

    for title in titles[:10]:  # the first lookups open the index (Whoosh: start the search process)
        await search.similar(None, title, types=("thread",))
    seconds, found = [], 0
    for title in titles:
        started = time.perf_counter()
        hits = await search.similar(None, title, types=("thread",))
        seconds.append(time.perf_counter() - started)
        found += bool(hits)
    ms = [s * 1000 for s in seconds]
    return {"lookups": len(ms), "with_hits": found, "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2), "p99_ms": round(percentile(ms, 99), 2),
            "max_ms": round(max(ms), 2), "mean_ms": round(statistics.mean(ms), 2)}


def forum_paths(info: dict) -> list[tuple[str, str, dict]]:
    return [
        ("forums", "/forums", {}),
        ("category", f"/forums/{info['category']}", {}),
        (f"category page {info['deep_page']}", f"/forums/{info['category']}?page={info['deep_page']}", {}),
        (f"thread ({info['thread_posts']} posts)", f"/threads/{info['thread_id']}", {}),
        ("similar threads", "/forums/similar?title=" + urllib.parse.quote_plus(info["similar_title"]),
         {"headers": {"HX-Request": "true"}}),
    ]


def load_ours(env: dict, data_dir: Path, paths, args, page_cache: str, rows: list, skipped: list) -> dict:
    server = run.Server("vox", run.uvicorn_argv("portal.asgi:app", args.port),
                        {**env, "PORTAL_PAGE_CACHE_SECONDS": page_cache}, args.port,
                        data_dir / f"server-vox-cache{page_cache}.log")
    probes = {}
    server.start()
    try:
        for name, path, spec in paths:
            status, body, seconds = run.fetch(server.url(path), headers=spec.get("headers"))
            probes[path] = {"status": status, "bytes": len(body), "first_ms": round(seconds * 1000, 1)}
            run.log(f"probe {path}: HTTP {status}, {len(body):,} bytes, {seconds * 1000:.1f} ms (first request)")
            if status != 200:
                if not any(s["path"] == path for s in skipped):
                    skipped.append({"target": "vox", "name": name, "path": path, "status": status})
                continue
            for c in args.connection_counts:
                row = run.measure(server, "vox", name, path, c, args, spec)
                row["page_cache"] = page_cache
                rows.append(row)
    finally:
        server.stop()
    log = run.read_server_log(server.log_path)
    if log["tracebacks"]:
        run.log(f"server tracebacks: {log['tracebacks']}; first:\n{log['first_traceback'][:3000]}")
    return probes


def load_floors(env: dict, data_dir: Path, sizes: dict[str, int], args, rows: list, skipped: list) -> None:
    """The floor page (bare Starlette + Jinja2, no database) at the byte size of each of our pages."""
    for name, size in sizes.items():
        folder = data_dir / f"floor-{size}"
        floor = run.Server("floor", run.uvicorn_argv("floor_app:app", args.port, "--app-dir", str(BENCH)),
                           {**env, "BENCH_PAGE_BYTES": str(size), "BENCH_TEMPLATE_DIR": str(folder)},
                           args.port, data_dir / f"server-floor-{size}.log")
        floor.start()
        try:
            for c in args.connection_counts:
                row = run.measure(floor, "floor", f"floor for {name}", "/", c, args)
                row.update(floor_of=name, floor_bytes=size)
                rows.append(row)
        finally:
            floor.stop()


def add_ratios(rows: list[dict]) -> None:
    floors = {(r["floor_of"], r["connections"]): r for r in rows if r["target"] == "floor"}
    for row in rows:
        floor = floors.get((row["name"], row["connections"]))
        if row["target"] == "vox" and floor and floor["rps"]:
            row["rps_ratio"] = round(row["rps"] / floor["rps"], 3)
            row["p99_ratio"] = round(row["p99_ms"] / floor["p99_ms"], 2) if floor["p99_ms"] else None


def markdown(result: dict) -> str:
    meta, seed = result["meta"], result["seed"]
    counts = seed["counts"]
    lines = [
        f"## Forums bench — {meta['db']} ({meta['search']} search), {meta['started']}",
        "",
        f"commit {meta['commit']} · {meta['cpus']} CPUs · wrk 1 thread, {meta['duration_s']} s per row after "
        f"{meta['warmup_s']} s warm-up · one uvicorn process · load average before/after "
        f"{meta['loadavg_before']} / {meta['loadavg_after']}",
        "",
        f"Data: {counts['threads']:,} bench threads with {counts['posts']:,} posts ({counts['likes']:,} likes, "
        f"{counts['tags']:,} tags, {counts['accepted']:,} accepted answers) by {meta['members']:,} bench members, "
        f"besides the demo forum. Category `{meta['category']}`: {meta['category_threads']:,} threads; thread "
        f"{meta['thread_id']}: {meta['thread_posts']} posts (its first page of 50 is shown).",
        "",
        "Seeding: " + ", ".join(f"{k.removesuffix('_s')} {v} s" for k, v in seed["timings"].items()),
        "",
        "req/s ÷ floor: ours / bench/floor_app.py's page (bare Starlette + Jinja2, no database) of the same "
        "byte size, at the same connections. Page cache 0: every request renders (a member's cost); 3: the "
        "app's default for visitors.",
        "",
        "| path | page cache s | conns | req/s | p50 ms | p99 ms | req/s ÷ floor | floor req/s | server CPU "
        "| pg CPU | other CPU | bytes |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    floors = {(r["floor_of"], r["connections"]): r for r in result["rows"] if r["target"] == "floor"}
    for r in result["rows"]:
        if r["target"] != "vox":
            continue
        floor = floors.get((r["name"], r["connections"]))
        disturbed = " ⚠" if r["other_cpu_pct"] > run.DISTURBED else ""
        lines.append(
            f"| `{r['path']}` | {r['page_cache']} | {r['connections']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} "
            f"| {r['p99_ms']:.2f} | {run.ratio(r, 'rps_ratio', 2)} | {format(floor['rps'], ',.0f') if floor else '–'} "
            f"| {r['server_cpu_pct']:.0f}% | {r['db_cpu_pct']:.0f}% | {r['other_cpu_pct']:.0f}%{disturbed} "
            f"| {r['bytes_per_response']:,} |")
    for s in result["skipped"]:
        lines.append(f"| `{s['path']}` | – | – | skipped: HTTP {s['status']} | | | | | | | | |")
    sim = result["similar"]
    lines += ["", f"In process, `portal.search.similar(None, title, types=(\"thread\",))` over {sim['lookups']} "
              f"typed titles ({sim['with_hits']} found something): p50 {sim['p50_ms']} ms, p95 {sim['p95_ms']} ms, "
              f"p99 {sim['p99_ms']} ms, max {sim['max_ms']} ms.", ""]
    return "\n".join(lines)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432")
    p.add_argument("--pg-db", default="bench_a", help="PostgreSQL database to DROP and create (default bench_a)")
    p.add_argument("--members", type=int, default=2000, help="bench members who write (portal seed --scale N)")
    p.add_argument("--threads", type=int, default=20_000)
    p.add_argument("--posts", type=int, default=200_000, help="posts in all, the opening posts included")
    p.add_argument("--titles", type=int, default=400, help="typed titles for the in-process similar lookup")
    p.add_argument("--connections", default="8", help="comma-separated wrk connection counts (default 8)")
    p.add_argument("--page-cache", default="0,3", help="PORTAL_PAGE_CACHE_SECONDS values to run (default 0,3)")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads-wrk", dest="wrk_threads", type=int, default=1)
    p.add_argument("--timeout", type=int, default=30)
    p.add_argument("--quiet-wait", type=int, default=30)
    p.add_argument("--retries", type=int, default=1)
    p.add_argument("--port", type=int, default=8796)
    p.add_argument("--no-floor", action="store_true")
    p.add_argument("--keep", action="store_true", help="keep the data dir and the PostgreSQL database")
    args = p.parse_args(argv)
    args.connection_counts = [int(c) for c in args.connections.split(",") if c.strip()]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    started = dt.datetime.now(dt.timezone.utc)
    loadavg_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    data_dir = Path(tempfile.mkdtemp(prefix=f"vox-forums-{args.db}-"))
    if args.db == "postgres":
        database_url = f"{args.pg_server.rstrip('/')}/{args.pg_db}"
        subprocess.run([str(run.PYTHON), str(BENCH / "dbutil.py"), "recreate-pg", args.pg_server, args.pg_db],
                       check=True)
    else:
        database_url = f"sqlite://{data_dir / 'vox.sqlite3'}"
    env = run.base_env(data_dir, database_url)
    run.log(f"data dir {data_dir}, database {database_url}")
    rows: list[dict] = []
    skipped: list[dict] = []
    try:
        timings = run.seed(env, args.members)
        os.environ.update({k: v for k, v in env.items() if k.startswith("PORTAL_") or k == "DATABASE_URL"})
        info = asyncio.run(_in_process(env, lambda: _seed_and_pick(args)))
        info["timings"] = {**timings, **info["timings"]}
        titles = info.pop("titles")
        paths = forum_paths(info)
        # run.measure's wrk threads come from args.threads: ours names the forum's threads
        measure_args = argparse.Namespace(**{**vars(args), "threads": args.wrk_threads})
        probes = {}
        for cache in [c.strip() for c in args.page_cache.split(",") if c.strip()]:
            probes[cache] = load_ours(env, data_dir, paths, measure_args, cache, rows, skipped)
        if not args.no_floor:
            first = next(iter(probes.values()))
            sizes = {name: first[path]["bytes"] for name, path, _ in paths if first[path]["status"] == 200}
            load_floors(env, data_dir, sizes, measure_args, rows, skipped)
        add_ratios(rows)
        run.log("similar threads in process")
        typed = _similar_titles(titles, args.titles, random.Random(args.threads))
        similar = asyncio.run(_in_process(env, lambda: _time_similar(typed)))
        run.log(f"similar: {similar}")
        search_backend = "postgres" if args.db == "postgres" else "whoosh"
        result = {
            "meta": {"started": started.strftime("%Y-%m-%d %H:%M UTC"), "db": args.db, "search": search_backend,
                     "commit": run.commit_id(), "cpus": os.cpu_count(), "members": args.members,
                     "duration_s": args.duration, "warmup_s": args.warmup, "loadavg_before": loadavg_before,
                     "loadavg_after": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
                     **{k: info[k] for k in ("category", "category_threads", "deep_page", "thread_id",
                                             "thread_posts", "similar_title")},
                     "probes": probes},
            "seed": {"counts": info["counts"], "timings": info["timings"]},
            "rows": rows, "skipped": skipped, "similar": similar, "typed_titles": typed[:20],
        }
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
            if args.db == "postgres":
                subprocess.run([str(run.PYTHON), str(BENCH / "dbutil.py"), "drop-pg", args.pg_server, args.pg_db])
        else:
            run.log(f"kept: PORTAL_DATA_DIR={data_dir} DATABASE_URL={database_url}")
    run.RESULTS.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = markdown(result)
    (run.RESULTS / f"forums-{args.db}-{stamp}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    (run.RESULTS / f"forums-{args.db}-latest.md").write_text(text)
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
