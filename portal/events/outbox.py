"""Writing events: `emit()` inside the transaction of the change, and the wake-up after commit.

No lock is taken: concurrent transactions emit in parallel. On PostgreSQL each event records its
transaction's id, so a reader can tell which events may still be joined by others (see
dispatch.py); on SQLite the database serializes writers anyway (our engine begins write
transactions IMMEDIATE), so id order is commit order and the transaction id is 0.

A consumer is woken only for kinds it handles, and only once the transaction committed: on
PostgreSQL by NOTIFY (delivered at commit, to every process that LISTENs); on SQLite by our
engine's after-commit callbacks (portal/sqlite_engine.py), in this process."""
from __future__ import annotations

import asyncio

from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connections

from portal.events import kinds
from portal.events.kinds import Payload
from portal.events.models import Event

CHANNEL = "vox_events"

# The dispatchers running in this process wait on these; `wake()` sets them all.
_waiters: set[asyncio.Event] = set()


def wake() -> None:
    """Tell this process's dispatchers that handled events were committed."""
    for waiter in _waiters:
        waiter.set()


def _connection():
    return get_connections().get("default")


async def emit(kind: str, *, actor=None, subject=None, subject_type: str | None = None,
               subject_id: int | None = None, data: Payload | dict | None = None) -> Event:
    """Record that something happened. Call it inside the transaction of the change it describes.

    `kind` must be declared and `data` must fit its payload schema (a Payload of the kind's class,
    or a dict that validates); otherwise UndeclaredKind or InvalidPayload is raised."""
    connection = _connection()
    if not isinstance(connection, TransactionalDBClient):
        raise RuntimeError(f"emit({kind!r}) outside a transaction: wrap the change in in_transaction()")
    stored = kinds.validate(kind, data)
    if subject is not None:
        subject_type = subject_type or subject._meta.db_table
        subject_id = subject.pk
    tx = 0
    wanted = kinds.handled(kind)
    if connection.capabilities.dialect == "postgres":
        # The transaction id orders events for readers (dispatch.py); NOTIFY wakes every
        # dispatcher when, and only if, this transaction commits.
        if wanted:
            _, rows = await connection.execute_query(
                "SELECT pg_current_xact_id()::text::bigint, pg_notify($1, $2)", [CHANNEL, kind])
        else:
            _, rows = await connection.execute_query("SELECT pg_current_xact_id()::text::bigint")
        tx = rows[0][0]
    elif wanted:
        after_commit = getattr(connection, "after_commit", None)
        if after_commit is not None:
            after_commit(wake)
    return await Event.create(
        kind=kind, tx=tx, actor_id=getattr(actor, "pk", actor), subject_type=subject_type or "",
        subject_id=subject_id, data=stored)
