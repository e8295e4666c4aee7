"""The event spine: a transactional outbox with named consumers that keep cursors.

A service calls `emit()` inside the transaction of its change, so an event exists exactly when the
change was committed. Consumers (search, notify, mail, and later loyalty, feed, webhooks) are
registered by name with the kinds they handle; the dispatcher hands them events in id order and
moves each consumer's cursor forward after the event is handled. Handlers must be idempotent:
replaying an event (after a crash, or with `portal replay`) must change nothing.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict
from tortoise import fields
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connections
from tortoise.models import Model
from tortoise.transactions import in_transaction

log = logging.getLogger("portal.events")

MAX_ATTEMPTS = 5
# Taken on PostgreSQL for the rest of the emitting transaction, so events commit in id order and
# a consumer can never pass over an event that is still being written.
EMIT_LOCK_KEY = 72_011


class Event(Model):
    id = fields.BigIntField(primary_key=True)
    kind = fields.CharField(max_length=64, db_index=True)
    actor_id = fields.IntField(null=True, db_index=True)
    subject_type = fields.CharField(max_length=32, default="")
    subject_id = fields.IntField(null=True)
    data: fields.JSONField[dict] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "event"


class ConsumerCursor(Model):
    name = fields.CharField(max_length=64, primary_key=True)
    last_event_id = fields.BigIntField(default=0)
    failures = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "consumer_cursor"


Handler = Callable[[Event], Awaitable[None]]


class Payload(BaseModel):
    """The facts an event carries: a feature declares one subclass per event kind, so a consumer
    reads the payload and never another feature's tables."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class EventKind:
    """One declared kind of event: its name (`noun.past_tense_verb`), its payload schema and one
    sentence for the generated catalogue."""

    name: str
    payload: type[Payload]
    description: str


@dataclass(frozen=True)
class Subscription:
    """A consumer's interest: `handle` sees the events of `kinds` through the consumer `consumer`."""

    consumer: str
    kinds: frozenset[str]
    handle: Handler


@dataclass
class Consumer:
    """A named reader of the event stream with one cursor. Several packages may hand it their own
    handler for their own kinds (the `notify` consumer tells about accounts and ideas alike)."""

    name: str
    handlers: dict[str, list[Handler]] = field(default_factory=dict)  # kind -> handlers

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.handlers)

    async def handle(self, event: Event) -> None:
        for handler in self.handlers.get(event.kind, ()):
            await handler(event)


_consumers: dict[str, Consumer] = {}
_wakeup: asyncio.Event | None = None


_kinds: dict[str, EventKind] = {}


def install(kinds: Iterable[EventKind], subscriptions: Iterable[Subscription]) -> None:
    """Replace the declared kinds and the consumers with the installed features'."""
    _kinds.clear()
    _kinds.update((kind.name, kind) for kind in kinds)
    _consumers.clear()
    for subscription in subscriptions:
        consumer = _consumers.setdefault(subscription.consumer, Consumer(subscription.consumer))
        for kind in subscription.kinds:
            handlers = consumer.handlers.setdefault(kind, [])
            if subscription.handle not in handlers:
                handlers.append(subscription.handle)


def consumers() -> dict[str, Consumer]:
    return dict(_consumers)


def _in_transaction() -> bool:
    return isinstance(get_connections().get("default"), TransactionalDBClient)


async def emit(kind: str, *, actor=None, subject=None, subject_type: str | None = None,
               subject_id: int | None = None, data: Payload | dict | None = None) -> Event:
    """Record that something happened. Call it inside the transaction of the change it describes."""
    if not _in_transaction():
        raise RuntimeError(f"emit({kind!r}) outside a transaction: wrap the change in in_transaction()")
    connection = get_connections().get("default")
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query("SELECT pg_advisory_xact_lock($1)", [EMIT_LOCK_KEY])
    if isinstance(data, Payload):
        data = data.model_dump(mode="json")
    if subject is not None:
        subject_type = subject_type or subject._meta.db_table
        subject_id = subject.pk
    event = await Event.create(
        kind=kind,
        actor_id=getattr(actor, "pk", actor),
        subject_type=subject_type or "",
        subject_id=subject_id,
        data=data or {},
    )
    if _wakeup is not None:
        _wakeup.set()
    return event


async def _handle_one(consumer: Consumer) -> bool:
    """Handle the consumer's next event in one transaction; False when it is up to date."""
    async with in_transaction() as connection:
        query = ConsumerCursor.filter(name=consumer.name)
        if connection.capabilities.dialect == "postgres":
            # Two workers never run the same consumer at once: the second skips it for now.
            query = query.select_for_update(skip_locked=True)
        cursor = await query.first()
        if cursor is None:
            return False
        event = await (Event.filter(id__gt=cursor.last_event_id, kind__in=list(consumer.kinds))
                       .order_by("id").first())
        if event is None:
            return False
        try:
            async with in_transaction():
                await consumer.handle(event)
        except Exception as exc:  # noqa: BLE001 - a consumer's failure must not stop the others
            cursor.failures += 1
            cursor.last_error = f"event {event.id} ({event.kind}): {exc!r}"[:2000]
            log.exception("consumer %s failed on event %s", consumer.name, event.id)
            if cursor.failures < MAX_ATTEMPTS:
                await cursor.save(update_fields=["failures", "last_error", "updated_at"])
                return False
            log.error("consumer %s skips event %s after %s attempts", consumer.name, event.id,
                      cursor.failures)
        cursor.last_event_id = event.id
        cursor.failures = 0
        await cursor.save(update_fields=["last_event_id", "failures", "last_error", "updated_at"])
        return True


async def _ensure_cursors(names: Iterable[str]) -> None:
    for name in names:
        await ConsumerCursor.get_or_create(name=name)


async def drain(names: Iterable[str] | None = None, limit: int | None = None) -> int:
    """Run consumers until they are up to date (or `limit` events each); returns events handled.

    Tests call this to see the after-commit effects of what they just did."""
    selected = [_consumers[n] for n in (names or _consumers)]
    await _ensure_cursors(c.name for c in selected)
    handled = 0
    # A consumer may emit events for another (notify queues mail): go round until all are quiet.
    while True:
        round_handled = 0
        for consumer in selected:
            count = 0
            while limit is None or count < limit:
                if not await _handle_one(consumer):
                    break
                count += 1
            round_handled += count
        handled += round_handled
        if round_handled == 0 or limit is not None:
            return handled


async def replay(name: str) -> int:
    """Rewind one consumer to the first event and run it again (derived state is rebuilt)."""
    await _ensure_cursors([name])
    await ConsumerCursor.filter(name=name).update(last_event_id=0, failures=0, last_error="")
    return await drain([name])


async def run_dispatcher(stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
    """Drain all consumers whenever something was emitted here, and at least every poll_seconds."""
    global _wakeup
    _wakeup = asyncio.Event()
    try:
        while not stop.is_set():
            try:
                await drain()
            except Exception:  # noqa: BLE001 - keep the dispatcher alive; the cursor keeps our place
                log.exception("dispatcher round failed")
            try:
                await asyncio.wait_for(_wakeup.wait(), timeout=poll_seconds)
                # Let the emitting transaction commit before we look.
                await asyncio.sleep(0.05)
            except TimeoutError:
                pass
            _wakeup.clear()
    finally:
        _wakeup = None
