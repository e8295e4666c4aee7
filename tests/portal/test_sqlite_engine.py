"""SQLite transactions take the write lock when they begin, so a transaction that reads and then
writes waits for another process instead of failing with "database is locked"."""
import sqlite3

import pytest
from tortoise.context import TortoiseContext
from tortoise.transactions import in_transaction

from portal.accounts.models import Member
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
