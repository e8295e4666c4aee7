"""SQLite for Tortoise, with two changes: a transaction takes the write lock when it begins
(BEGIN IMMEDIATE instead of a deferred BEGIN), and deleted content is overwritten with zeros
(secure_delete, whatever the SQLite build's default), so an erased person's rows leave no readable
bytes in the database's pages.

With a deferred BEGIN, a transaction that reads and then writes fails at once with "database is
locked" when another process (the worker, the `portal` command) committed in between: SQLite
cannot move a reader's snapshot forward, and its busy timeout does not apply. An immediate
transaction waits for the lock (up to the busy timeout) instead. Used through `tortoise_config()`
for every sqlite:// URL.

A transaction also runs callbacks after it commits (`after_commit`), and drops them when it rolls
back: the event spine wakes its dispatcher only once the events are there to be read."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.exceptions import TransactionManagementError


class _ImmediateTransaction(SqliteTransactionWrapper):
    def __init__(self, connection) -> None:
        super().__init__(connection)
        self._after_commit: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` once this transaction has committed (never if it rolls back). Queries in
        a savepoint run on this outer transaction, so a rolled-back savepoint keeps its callbacks:
        harmless for wake-ups, which only make a reader look."""
        self._after_commit.append(callback)

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc

    async def commit(self) -> None:
        await super().commit()
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    async def rollback(self) -> None:
        self._after_commit = []
        await super().rollback()


class ImmediateSqliteClient(SqliteClient):
    def __init__(self, file_path: str, **kwargs) -> None:
        super().__init__(file_path, **kwargs)
        # Every connection, every process: secure_delete is a setting of the connection.
        self.pragmas.setdefault("secure_delete", "ON")

    def _in_transaction(self) -> SqliteTransactionContext:
        return SqliteTransactionContext(_ImmediateTransaction(self), self._lock)


client_class = ImmediateSqliteClient


def get_client_class(db_info: dict) -> type[SqliteClient]:
    return ImmediateSqliteClient
