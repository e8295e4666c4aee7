#!/usr/bin/env python3
"""How long a member's export and erasure take on a big community, on this machine.

    .venv/bin/python bench/privacy.py                  # SQLite, 10,000 members (50,000 ideas, 1M votes)
    .venv/bin/python bench/privacy.py --db postgres    # a fresh PostgreSQL database `vox_bench`
    .venv/bin/python bench/privacy.py --members 2000   # smaller and quicker

Seeds a fresh database with the project's CLI (`portal migrate`, `portal seed --scale N`), then
calls the services in process: the export (JSON and ZIP) of the members with the most votes, and
their erasure, one at a time. Writes bench/results/privacy-latest-<db>.md; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
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
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def _cli(env: dict, *args: str) -> None:
    subprocess.run([str(PYTHON), "-m", "portal.cli", *args], env=env, check=True, cwd=ROOT)


async def _measure(env: dict, rounds: int, erasures: int) -> list[tuple[str, str]]:
    from tortoise import Tortoise

    import portal.app  # noqa: F401 - every package's personal data is declared
    from ideas.models import Vote
    from portal import settings as settings_module
    from portal.accounts.models import Member
    from portal.db import tortoise_config
    from portal.profiles import erasure, export

    settings = settings_module.configure(settings_module.load_settings(env))
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        counts: dict[int, int] = {}
        for member_id in await Vote.all().values_list("member_id", flat=True):
            counts[member_id] = counts.get(member_id, 0) + 1
        heaviest = sorted(counts, key=counts.get, reverse=True)[: erasures + 1]
        member = await Member.get(id=heaviest[0])
        timings: dict[str, list[float]] = {"build": [], "json": [], "zip": []}
        size = {}
        for _ in range(rounds):
            started = time.perf_counter()
            document = await export.build(member, member.pk)
            timings["build"].append(time.perf_counter() - started)
            started = time.perf_counter()
            size["json"] = len(export.as_json(document))
            timings["json"].append(time.perf_counter() - started)
            started = time.perf_counter()
            size["zip"] = len(export.as_zip(document))
            timings["zip"].append(time.perf_counter() - started)
        rows = sum(len(v) for v in document["sections"].values())
        erase_times = []
        for member_id in heaviest[1:]:
            target = await Member.get(id=member_id)
            started = time.perf_counter()
            await erasure.erase_self(target, password="bench-member-pass")
            erase_times.append(time.perf_counter() - started)
        members = await Member.all().count()
        votes = await Vote.all().count()
    finally:
        await Tortoise.close_connections()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms (max {max(values) * 1000:.0f})"

    return [
        ("community", f"{members:,} members, {votes:,} votes"),
        ("exported member", f"{counts[heaviest[0]]:,} votes, {rows:,} rows in {len(document['sections'])} sections"),
        ("export: collect every section", ms(timings["build"])),
        ("export: JSON", f"{ms(timings['json'])}, {size['json'] / 1024:,.0f} KiB"),
        ("export: ZIP of CSV", f"{ms(timings['zip'])}, {size['zip'] / 1024:,.0f} KiB"),
        (f"erasure ({len(erase_times)} members, ~{counts[heaviest[1]]:,} votes each)", ms(erase_times)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--erasures", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vox-privacy-bench-") as folder:
        env = {**os.environ, "PORTAL_DATA_DIR": folder, "PORTAL_LOG_LEVEL": "WARNING"}
        if args.db == "postgres":
            subprocess.run([str(PYTHON), str(BENCH / "dbutil.py"), "recreate-pg", PG_SERVER, "vox_bench"], check=True)
            env["DATABASE_URL"] = f"{PG_SERVER}/vox_bench"
        else:
            env["DATABASE_URL"] = f"sqlite://{folder}/vox.sqlite3"
        started = time.perf_counter()
        _cli(env, "migrate")
        _cli(env, "seed", "--scale", str(args.members))
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
        os.environ.update(env)
        rows = asyncio.run(_measure(env, args.rounds, args.erasures))
        if args.db == "postgres":
            subprocess.run([str(PYTHON), str(BENCH / "dbutil.py"), "drop-pg", PG_SERVER, "vox_bench"], check=True)
    table = ["| what | time |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)]
    text = f"Export and erasure, {args.db}, {time.strftime('%Y-%m-%d %H:%M')}\n\n" + "\n".join(table) + "\n"
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / f"privacy-latest-{args.db}.md").write_text(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
