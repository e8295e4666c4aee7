"""SQLite transactions take the write lock when they begin, so a transaction that reads and then
writes waits for another process instead of failing with "database is locked"."""
import sqlite3
from pathlib import Path

import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.transactions import in_transaction

from portal.accounts.models import Member
from portal import db
from portal.db import tortoise_config


async def test_a_transaction_holds_the_write_lock_from_its_first_read(tmp_path):
    path = tmp_path / "vox.sqlite3"
    ctx = TortoiseContext()
    async with ctx:
        await ctx.init(config=tortoise_config(f"sqlite://{path}"), _create_db=True)
        await ctx.generate_schemas(safe=False)
        async with in_transaction():
            assert not await Member.filter(id=1).exists()  # only a read so far
            other = sqlite3.connect(path, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("INSERT INTO consumer_cursor (name, last_event_id, failures, last_error, "
                                  "updated_at) VALUES ('other', 0, 0, '', '2026-01-01')")
            finally:
                other.close()
        # Once it ends, the other process writes.
        other = sqlite3.connect(path, timeout=0)
        other.execute("INSERT INTO consumer_cursor (name, last_event_id, failures, last_error, updated_at) "
                      "VALUES ('other', 0, 0, '', '2026-01-01')")
        other.commit()
        other.close()


async def test_every_connection_zeroes_deleted_content_and_erasure_empties_the_log(tmp_path):
    """secure_delete is our setting (some SQLite builds default to it, others do not), and the
    checkpoint after an erasure leaves the write-ahead log empty; inside a caller's transaction,
    where SQLite refuses a checkpoint, it steps aside instead of failing the erasure."""
    path = tmp_path / "vox.sqlite3"
    EXECUTOR_CACHE.clear()  # Tortoise caches INSERTs by connection name: keep PostgreSQL's apart
    ctx = TortoiseContext()
    async with ctx:
        await ctx.init(config=tortoise_config(f"sqlite://{path}"), _create_db=True)
        await ctx.generate_schemas(safe=False)
        connection = ctx.connections.get("default")
        assert connection.pragmas["secure_delete"] == "ON"
        _, rows = await connection.execute_query("PRAGMA secure_delete")
        assert rows[0][0] == 1
        await Member.create(email="gone@example.org", display_name="Gone", roles=["member"])
        assert Path(f"{path}-wal").stat().st_size > 0
        async with in_transaction():
            await db.drop_old_copies()
        await db.drop_old_copies()
        assert Path(f"{path}-wal").stat().st_size == 0
    EXECUTOR_CACHE.clear()
