"""SQLite for Tortoise, with two changes: a transaction takes the write lock when it begins
(BEGIN IMMEDIATE instead of a deferred BEGIN), and deleted content is overwritten with zeros
(secure_delete, whatever the SQLite build's default), so an erased person's rows leave no readable
bytes in the database's pages.

With a deferred BEGIN, a transaction that reads and then writes fails at once with "database is
locked" when another process (the worker, the `portal` command) committed in between: SQLite
cannot move a reader's snapshot forward, and its busy timeout does not apply. An immediate
transaction waits for the lock (up to the busy timeout) instead. Used through `tortoise_config()`
for every sqlite:// URL."""
from __future__ import annotations

import sqlite3

from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.exceptions import TransactionManagementError


class _ImmediateTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc


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
