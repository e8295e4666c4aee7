"""Small database chores for bench/run.py, run with the project's Python (it has asyncpg).

    python bench/dbutil.py recreate-pg postgres://postgres@127.0.0.1:5432 vox_bench
    python bench/dbutil.py drop-pg     postgres://postgres@127.0.0.1:5432 vox_bench
    python bench/dbutil.py pick-handle DATABASE_URL      # prints a seeded bench handle (the middle one)
    python bench/dbutil.py pick-ideas DATABASE_URL       # JSON: a popular idea, a voter's email, title words
"""
from __future__ import annotations

import asyncio
import json
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


# The most-voted idea of the bench data (ties: the newest), the first bench member (who gets an API
# token for the vote endpoint) and a sample of bench idea titles (their two most common words of
# five letters or more are the similar-ideas lookup: common words, so the lookup has many candidates).
POPULAR = "SELECT id FROM idea WHERE status <> 'merged' AND hidden_at IS NULL ORDER BY vote_count DESC, id DESC LIMIT 1"
EMAIL = ("SELECT email FROM member WHERE handle LIKE 'bench\\_%' ESCAPE '\\' AND status = 'active' "
         "ORDER BY id LIMIT 1")
TITLES = "SELECT title FROM idea ORDER BY id DESC LIMIT 2000"


def _ideas_info(idea_id, email, titles) -> dict:
    counts: dict[str, int] = {}
    for title in titles:
        for word in re.findall(r"[^\W\d_]{5,}", title.lower()):
            counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))[:2]
    return {"idea_id": idea_id, "email": email, "similar_title": " ".join(words)}


async def _pick_ideas_pg(url: str) -> dict:
    import asyncpg

    conn = await asyncpg.connect(_pg(url))
    try:
        return _ideas_info(await conn.fetchval(POPULAR), await conn.fetchval(EMAIL),
                           [r[0] for r in await conn.fetch(TITLES)])
    finally:
        await conn.close()


def pick_ideas(url: str) -> dict:
    if url.startswith("sqlite://"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as conn:
            one = lambda sql: (conn.execute(sql).fetchone() or (None,))[0]  # noqa: E731
            return _ideas_info(one(POPULAR), one(EMAIL), [r[0] for r in conn.execute(TITLES)])
    return asyncio.run(_pick_ideas_pg(url))


def main(argv: list[str]) -> None:
    if len(argv) == 3 and argv[0] in ("recreate-pg", "drop-pg"):
        asyncio.run(_recreate(argv[1], argv[2], create=argv[0] == "recreate-pg"))
    elif len(argv) == 2 and argv[0] == "pick-handle":
        print(pick_handle(argv[1]) or "")
    elif len(argv) == 2 and argv[0] == "pick-ideas":
        print(json.dumps(pick_ideas(argv[1])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
