#!/usr/bin/env python3
"""The event spine under load, in process, on this machine: events per second through the spine,
and concurrent votes.

    .venv/bin/python bench/spine.py                       # SQLite and PostgreSQL (database bench_e)
    .venv/bin/python bench/spine.py --db sqlite           # one database only
    .venv/bin/python bench/spine.py --events 2000 --votes 500

Each database is fresh: SQLite a file in a temporary PORTAL_DATA_DIR, PostgreSQL the database
`--pg-db` (default bench_e, DROPped and created) on `--pg-server`; the schema comes from
`portal migrate`. Then, calling the project's own code (the app is built once, so every consumer
is installed exactly as in production):

1. **spine, live**: `--writers` concurrent writers emit `--events` `password.changed` events,
   each in its own transaction (as a service does), while the dispatcher (`events.run_dispatcher`,
   as `portal worker` runs it) delivers them through two consumers: `notify` writes the security
   notification and queues its mail (a second event, `mail.queued`), `mail` writes the message to
   the dev spool (PORTAL_SMTP_URL unset). No search work: the kind is not indexed, so the figure
   is the spine's and not Whoosh's. Reported: emit/s (events committed per second of the emitting
   phase) and delivered/s (events per second from the first emit until the last mail is sent).
2. **spine, backlog**: the same number of events emitted with no dispatcher running, then one
   `events.drain()`: delivered/s of a consumer catching up.
3. **votes**: `--votes` members each cast one vote through `ideas.votes.set_vote` from
   `--clients` concurrent asyncio clients (the pool Tortoise opens by default): all on one popular
   idea, then spread over 100 ideas. Reported: votes/s, p50 and p99 latency of one vote.

Writes bench/results/spine-<UTC stamp>.md and spine-latest.md (and .json); asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
RESULTS = BENCH / "results"
sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"[spine {time.strftime('%H:%M:%S')}] {message}", flush=True)


async def _members(count: int, prefix: str) -> list:
    from tortoise.transactions import in_transaction

    from portal.accounts.models import Member
    from portal.clock import now

    moment = now()
    made = []
    for start in range(0, count, 1000):
        rows = [Member(email=f"{prefix}{i}@example.com", display_name=f"Spine {prefix} {i}",
                       handle=f"{prefix}_{i}", password_hash="x", roles=["member"], language="en",
                       email_verified_at=moment, status="active")
                for i in range(start, min(count, start + 1000))]
        async with in_transaction():
            await Member.bulk_create(rows)
        made += await Member.filter(handle__in=[m.handle for m in rows]).order_by("id")
    return made


async def _emit_all(members: list, writers: int) -> float:
    """Emit password.changed for each member, one transaction per event, from `writers` tasks."""
    from tortoise.transactions import in_transaction

    from portal import events

    queue: asyncio.Queue = asyncio.Queue()
    for member in members:
        queue.put_nowait(member)

    async def writer() -> None:
        while not queue.empty():
            member = queue.get_nowait()
            async with in_transaction():
                await events.emit("password.changed", actor=member, subject=member)

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    return time.perf_counter() - started


async def _welcomed(ids: list[int]) -> int:
    """How many of these members' security mails went out (the end of the chain)."""
    from portal.notify.models import OutboundMail

    return await OutboundMail.filter(kind="security", status="sent", member_id__in=ids).count()


async def _spine(count: int, writers: int) -> dict:
    from portal import events

    out: dict = {}
    members = await _members(count, "live")
    ids = [m.pk for m in members]
    stop = asyncio.Event()
    dispatcher = asyncio.create_task(events.run_dispatcher(stop))
    await asyncio.sleep(0.2)
    started = time.perf_counter()
    emit_seconds = await _emit_all(members, writers)
    while await _welcomed(ids) < count:
        await asyncio.sleep(0.02)
    total = time.perf_counter() - started
    stop.set()
    await dispatcher
    out["live"] = {"events": count, "writers": writers, "emit_s": emit_seconds,
                   "emit_per_s": count / emit_seconds, "delivered_s": total,
                   "delivered_per_s": count / total}
    log(f"live: emit {count / emit_seconds:,.0f}/s, delivered {count / total:,.0f}/s")

    members = await _members(count, "backlog")
    ids = [m.pk for m in members]
    emit_seconds = await _emit_all(members, writers)
    started = time.perf_counter()
    await events.drain()
    drain_seconds = time.perf_counter() - started
    welcomed = await _welcomed(ids)
    out["backlog"] = {"events": count, "emit_per_s": count / emit_seconds, "drain_s": drain_seconds,
                      "delivered_per_s": welcomed / drain_seconds, "delivered": welcomed}
    log(f"backlog: emit {count / emit_seconds:,.0f}/s, drain {welcomed / drain_seconds:,.0f}/s")
    return out


async def _votes(count: int, clients: int, spread: int) -> dict:
    from ideas import votes
    from ideas.models import Idea

    members = await _members(count, f"voter{spread}")
    author = members[0]
    ideas = [await Idea.create(title=f"Bench idea {spread}-{i}", body="bench", author_id=author.pk)
             for i in range(spread)]
    jobs: asyncio.Queue = asyncio.Queue()
    for i, member in enumerate(members):
        jobs.put_nowait((member, ideas[i % spread].pk))
    latencies: list[float] = []
    errors = 0

    async def client() -> None:
        nonlocal errors
        while not jobs.empty():
            member, idea_id = jobs.get_nowait()
            started = time.perf_counter()
            try:
                await votes.set_vote(member, idea_id, True)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                errors += 1
                log(f"vote failed: {exc!r}")
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    seconds = time.perf_counter() - started
    counted = sum([i.vote_count for i in await Idea.filter(id__in=[i.pk for i in ideas])])
    latencies.sort()
    result = {"votes": count, "clients": clients, "ideas": spread, "seconds": seconds,
              "per_s": count / seconds, "p50_ms": statistics.median(latencies) * 1000,
              "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000, "errors": errors,
              "counted": counted}
    log(f"votes on {spread} idea(s): {result['per_s']:,.0f}/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, counted {counted}")
    return result


async def _run(env: dict, args) -> dict:
    from tortoise import Tortoise

    from portal import settings as settings_module
    from portal.app import create_app
    from portal.db import tortoise_config

    settings = settings_module.configure(settings_module.load_settings(env))
    create_app(settings)  # installs every consumer, as the app and the worker do
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        result = await _spine(args.events, args.writers)
        result["votes_one_idea"] = await _votes(args.votes, args.clients, 1)
        result["votes_100_ideas"] = await _votes(args.votes, args.clients, 100)
    finally:
        await Tortoise.close_connections()
    return result


def _one(db: str, args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="vox-spine-"))
    if db == "sqlite":
        url = f"sqlite://{workdir / 'vox.sqlite3'}"
    else:
        subprocess.run([str(PYTHON), str(BENCH / "dbutil.py"), "recreate-pg", args.pg_server, args.pg_db],
                       check=True, cwd=ROOT)
        url = f"{args.pg_server.rstrip('/')}/{args.pg_db}"
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_DATA_DIR": str(workdir / "data"),
           "PORTAL_SECRET_KEY": "bench-secret-" + "x" * 40}
    subprocess.run([str(PYTHON), "-m", "portal.cli", "migrate"], env=env, check=True, cwd=ROOT)
    log(f"{db}: {url}")
    # One interpreter per database: the ORM and the app's registries start clean.
    code = ("import asyncio, json, sys; sys.path.insert(0, %r); import spine; "
            "import os; print('RESULT ' + json.dumps(asyncio.run(spine._run(dict(os.environ), spine._args(%r)))))"
            % (str(BENCH), sys.argv[1:]))
    proc = subprocess.run([str(PYTHON), "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    sys.stderr.write(proc.stderr[-4000:] if proc.returncode else "")
    print("\n".join(line for line in proc.stdout.splitlines() if not line.startswith("RESULT ")))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if not lines:
        sys.exit(f"{db} run failed")
    return json.loads(lines[-1].removeprefix("RESULT "))


def _args(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--votes", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--pg-db", default="bench_e")
    parser.add_argument("--label", default="", help="a word for the report (e.g. before/after)")
    return parser.parse_args(argv)


def _markdown(results: dict, args) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    lines = [f"# Event spine {args.label} — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit}",
             "", f"{args.events} events from {args.writers} writers; {args.votes} votes from "
             f"{args.clients} clients; load average {os.getloadavg()[0]:.2f}", "",
             "| db | live emit/s | live delivered/s | backlog emit/s | backlog drain/s | "
             "votes/s (1 idea) | p50 / p99 ms | votes/s (100 ideas) | p50 / p99 ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    for db, r in results.items():
        one, spread = r["votes_one_idea"], r["votes_100_ideas"]
        lines.append(
            f"| {db} | {r['live']['emit_per_s']:,.0f} | {r['live']['delivered_per_s']:,.0f} | "
            f"{r['backlog']['emit_per_s']:,.0f} | {r['backlog']['delivered_per_s']:,.0f} | "
            f"{one['per_s']:,.0f} | {one['p50_ms']:.1f} / {one['p99_ms']:.1f} | "
            f"{spread['per_s']:,.0f} | {spread['p50_ms']:.1f} / {spread['p99_ms']:.1f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    args = _args()
    results = {db: _one(db, args) for db in (["sqlite", "postgres"] if args.db == "both" else [args.db])}
    RESULTS.mkdir(exist_ok=True)
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    text = _markdown(results, args)
    for name in (f"spine-{stamp}", "spine-latest"):
        (RESULTS / f"{name}.md").write_text(text)
        (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2))
    print(text)


if __name__ == "__main__":
    main()
