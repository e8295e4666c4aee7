"""Small database chores for bench/run.py, run with the project's Python (it has asyncpg).

    python bench/dbutil.py recreate-pg postgres://postgres@127.0.0.1:5432 vox_bench
    python bench/dbutil.py drop-pg     postgres://postgres@127.0.0.1:5432 vox_bench
    python bench/dbutil.py pick-handle DATABASE_URL      # prints a seeded bench handle (the middle one)
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
import sys

NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
PICK = ("SELECT handle FROM member WHERE handle LIKE 'bench\\_%' ESCAPE '\\' AND status = 'active' "
        "ORDER BY id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM member WHERE handle LIKE 'bench\\_%' ESCAPE '\\')")


def _pg(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


async def _recreate(server: str, name: str, create: bool) -> None:
    import asyncpg

    if not NAME_RE.match(name):
        sys.exit(f"unsafe database name {name!r}")
    conn = await asyncpg.connect(_pg(server.rstrip("/") + "/postgres"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _pick_pg(url: str) -> str | None:
    import asyncpg

    conn = await asyncpg.connect(_pg(url))
    try:
        return await conn.fetchval(PICK)
    finally:
        await conn.close()


def pick_handle(url: str) -> str | None:
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            row = conn.execute(PICK).fetchone()
            return row[0] if row else None
    return asyncio.run(_pick_pg(url))


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] in ("recreate-pg", "drop-pg"):
        asyncio.run(_recreate(argv[1], argv[2], create=argv[0] == "recreate-pg"))
    elif len(argv) == 2 and argv[0] == "pick-handle":
        print(pick_handle(argv[1]) or "")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
