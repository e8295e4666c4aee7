"""PostgreSQL: a dedicated connection that LISTENs for committed events, so a dispatcher wakes
when any process commits an event of a kind some consumer handles (emit sends NOTIFY with the
kind; PostgreSQL delivers it at commit, and never for a rollback)."""
from __future__ import annotations

import asyncio
import logging

from tortoise.connection import get_connections

from portal.events import kinds
from portal.events.outbox import CHANNEL

log = logging.getLogger("portal.events")


async def ensure(listener, waiter: asyncio.Event):
    """The listening connection, (re)opened when needed; None on SQLite or when PostgreSQL cannot
    be reached (the dispatcher's poll covers that, and the next round tries again)."""
    default = get_connections().get("default")
    if default.capabilities.dialect != "postgres":
        return None
    from tortoise.backends.asyncpg.client import AsyncpgDBClient

    if not isinstance(default, AsyncpgDBClient):  # a transaction's client: we never listen in one
        return None
    client = default
    if listener is not None and not listener.is_closed():
        return listener
    import asyncpg

    def woken(_connection, _pid, _channel, kind: str) -> None:
        if kinds.handled(kind):
            waiter.set()

    try:
        listener = await asyncpg.connect(host=client.host, port=client.port, user=client.user,
                                         password=client.password, database=client.database)
        await listener.add_listener(CHANNEL, woken)
    except (OSError, asyncpg.PostgresError):
        log.exception("cannot LISTEN for events; polling instead")
        return None
    # Something may have committed before we listened: look once.
    waiter.set()
    return listener


async def close(listener) -> None:
    if listener is not None and not listener.is_closed():
        await listener.close()
