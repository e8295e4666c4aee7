"""Handing events to consumers: claim a consumer, run its handlers outside any transaction of
ours, move its cursor, retry with backoff, give up into a dead letter, and wake after commit.

Claiming: a consumer is run by one worker at a time. The worker takes the lease on the
consumer's cursor row with one atomic UPDATE (committed at once), renews it with every step of
the cursor, and every step checks that it still holds it. No transaction is open while a handler
runs, so no SQLite write lock is held during an SMTP send or a search-index commit; a handler
writes in its own short transactions and must be idempotent (see each consumer's docstring).

Ordering: events are read in (tx, id) order. On PostgreSQL only events whose transaction id is
below the oldest transaction still running (`pg_snapshot_xmin`) are read: a transaction that got
a lower event id and commits last is still ahead of the cursor when it commits, so nothing is
passed over and no writer waits for another. On SQLite tx is 0 and id order is commit order.

Failure: the attempt is counted in its own statement (the handler's work is rolled back, the
count is not). The consumer waits RETRY_BASE_SECONDS·2^(n-1) before the next attempt at the same
event (order is kept); after MAX_ATTEMPTS the event becomes a DeadLetter and the consumer goes on."""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from tortoise.connection import get_connections
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from portal.events import kinds, outbox
from portal.events.kinds import Consumer
from portal.events.models import ConsumerCursor, DeadLetter, Event

log = logging.getLogger("portal.events")

MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 1.0  # the first retry waits this long, each next one twice as long
LEASE_SECONDS = 120.0  # longer than any handler may take (SMTP times out after 30 s)
POLL_SECONDS = 5.0  # a safety net: wake-ups come from commits (and NOTIFY on PostgreSQL)
# SQLite has no NOTIFY: events written by another process (the web's, when `portal worker` runs
# apart) are seen only by polling, so poll often enough that a new idea is found within seconds.
# A round with nothing new is a few indexed reads.
POLL_SECONDS_WITHOUT_NOTIFY = 1.0
BATCH = 100
BLOCKED_RETRY_SECONDS = 0.05  # events wait behind an older open transaction: look again soon

# Set when a read found events still behind an open transaction (PostgreSQL). That transaction
# may commit without a NOTIFY of ours (another database, or a kind nobody handles), so the
# dispatcher looks again shortly instead of at the next poll.
_blocked = False


def _now() -> datetime:
    return datetime.now(UTC)


def new_owner() -> str:
    """A name for one dispatcher (or one drain) that holds leases."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def _ensure_cursors(names: Iterable[str]) -> None:
    for name in names:
        try:
            await ConsumerCursor.get_or_create(name=name)
        except IntegrityError:
            pass  # another worker created it at the same moment


async def _claim(name: str, owner: str) -> bool:
    """Take (or renew) the consumer's lease unless another worker holds a live one."""
    now = _now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=owner)
    return await ConsumerCursor.filter(Q(name=name) & free).update(
        lease_owner=owner, lease_until=now + timedelta(seconds=LEASE_SECONDS)) == 1


async def _release(name: str, owner: str) -> None:
    await ConsumerCursor.filter(name=name, lease_owner=owner).update(lease_owner="", lease_until=None)


async def _xmin() -> int | None:
    """PostgreSQL: the oldest transaction id that may still commit; None on SQLite."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect != "postgres":
        return None
    _, rows = await connection.execute_query(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    return rows[0][0]


async def _pending(consumer: Consumer, cursor: ConsumerCursor, limit: int) -> list[Event]:
    after = Q(tx__gt=cursor.last_tx) | Q(tx=cursor.last_tx, id__gt=cursor.last_event_id)
    query = Event.filter(after, kind__in=sorted(consumer.kinds))
    global _blocked
    xmin = await _xmin()
    if xmin is None:
        return await query.order_by("tx", "id").limit(limit)
    found = await query.filter(tx__lt=xmin).order_by("tx", "id").limit(limit)
    if not found and await query.filter(tx__gte=xmin).exists():
        _blocked = True
    return found


async def _advance(cursor: ConsumerCursor, event: Event, owner: str) -> bool:
    """Move the cursor past `event`, renewing the lease; False when the lease was lost."""
    moved = await ConsumerCursor.filter(name=cursor.name, lease_owner=owner).update(
        last_tx=event.tx, last_event_id=event.id, failures=0, last_error="", retry_at=None,
        lease_until=_now() + timedelta(seconds=LEASE_SECONDS), updated_at=_now())
    cursor.last_tx, cursor.last_event_id, cursor.failures = event.tx, event.id, 0
    return moved == 1


async def _give_up(consumer: Consumer, cursor: ConsumerCursor, event: Event, owner: str,
                   error: str) -> bool:
    """Dead-letter the event for this consumer and move on; False when the lease was lost."""
    async with in_transaction():
        letter, created = await DeadLetter.get_or_create(
            consumer=consumer.name, event_id=event.id,
            defaults={"kind": event.kind, "attempts": MAX_ATTEMPTS, "error": error})
        if not created:
            letter.attempts += MAX_ATTEMPTS
            letter.error = error
            await letter.save(update_fields=["attempts", "error", "updated_at"])
        if not await _advance(cursor, event, owner):
            raise _LeaseLost()
    log.error("consumer %s gave up on event %s (%s) after %s attempts: %s", consumer.name, event.id,
              event.kind, MAX_ATTEMPTS, error)
    try:
        await consumer.given_up(event, error)
    except Exception:  # noqa: BLE001 - the dead letter stands; its page shows the error
        log.exception("consumer %s: dead-letter hook failed for event %s", consumer.name, event.id)
    return True


class _LeaseLost(Exception):
    pass


async def _failed(consumer: Consumer, cursor: ConsumerCursor, event: Event, owner: str,
                  error: str) -> bool:
    """Count the failed attempt (outside the handler's work); True when the event was given up."""
    attempts = cursor.failures + 1
    if attempts >= MAX_ATTEMPTS:
        return await _give_up(consumer, cursor, event, owner, error)
    wait = RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    await ConsumerCursor.filter(name=cursor.name, lease_owner=owner).update(
        failures=attempts, last_error=f"event {event.id} ({event.kind}): {error}"[:2000],
        retry_at=_now() + timedelta(seconds=wait), updated_at=_now())
    return False


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


async def _run_consumer(consumer: Consumer, owner: str, limit: int | None) -> int:
    """Handle the consumer's pending events while holding its lease; returns how many it finished
    (handled or given up). Stops at a failure: the event is retried after its backoff."""
    if not await _claim(consumer.name, owner):
        return 0  # another worker runs it now
    done = 0
    try:
        while limit is None or done < limit:
            cursor = await ConsumerCursor.get(name=consumer.name)
            if cursor.retry_at is not None and cursor.retry_at > _now():
                return done
            batch = await _pending(consumer, cursor, BATCH if limit is None else min(BATCH, limit - done))
            if not batch:
                return done
            for event in batch:
                try:
                    await consumer.handle(event)
                except Exception as exc:  # noqa: BLE001 - one consumer's failure stops no other
                    log.exception("consumer %s failed on event %s (%s)", consumer.name, event.id, event.kind)
                    if not await _failed(consumer, cursor, event, owner, describe(exc)):
                        return done
                else:
                    if not await _advance(cursor, event, owner):
                        return done  # the lease ran out: another worker took over
                done += 1
    except _LeaseLost:
        return done
    finally:
        await _release(consumer.name, owner)
    return done


async def drain(names: Iterable[str] | None = None, limit: int | None = None, *,
                owner: str | None = None, wait_seconds: float = 30.0) -> int:
    """Run consumers until they are up to date (or `limit` events each); returns events finished.

    Committed events held back by an older transaction still open (PostgreSQL) are waited for,
    up to `wait_seconds`. Tests and commands call this to see the after-commit effects of what
    they just did."""
    global _blocked
    installed = kinds.consumers()
    selected = [installed[n] for n in (names or installed)]
    owner = owner or new_owner()
    await _ensure_cursors(c.name for c in selected)
    finished = 0
    deadline = asyncio.get_running_loop().time() + wait_seconds
    # A consumer may emit events for another (notify queues mail): go round until all are quiet.
    while True:
        _blocked = False
        round_finished = 0
        for consumer in selected:
            round_finished += await _run_consumer(consumer, owner, limit)
        finished += round_finished
        if limit is not None:
            return finished
        if round_finished == 0:
            if not _blocked or asyncio.get_running_loop().time() >= deadline:
                return finished
            await asyncio.sleep(BLOCKED_RETRY_SECONDS)


async def replay(name: str) -> int:
    """Rewind one consumer to the first event and run it again (derived state is rebuilt).
    Refused while a worker holds the consumer."""
    owner = new_owner()
    await _ensure_cursors([name])
    if not await _claim(name, owner):
        raise RuntimeError(f"consumer {name!r} is running in a worker now; try again later")
    await ConsumerCursor.filter(name=name).update(last_tx=0, last_event_id=0, failures=0,
                                                  last_error="", retry_at=None)
    return await drain([name], owner=owner)


async def _next_retry(names: Iterable[str]) -> float | None:
    cursor = await (ConsumerCursor.filter(name__in=list(names), retry_at__isnull=False)
                    .order_by("retry_at").first())
    if cursor is None or cursor.retry_at is None:
        return None
    return max(0.0, (cursor.retry_at - _now()).total_seconds())


async def run_dispatcher(stop: asyncio.Event, poll_seconds: float | None = None) -> None:
    """Drain all consumers, then sleep until a handled kind is committed (in this process, or on
    PostgreSQL in any), a retry is due, or `poll_seconds` passed (default: POLL_SECONDS on
    PostgreSQL, POLL_SECONDS_WITHOUT_NOTIFY on SQLite); until `stop` is set."""
    from portal.events import listen

    if poll_seconds is None:
        postgres = get_connections().get("default").capabilities.dialect == "postgres"
        poll_seconds = POLL_SECONDS if postgres else POLL_SECONDS_WITHOUT_NOTIFY

    waiter = asyncio.Event()
    outbox._waiters.add(waiter)
    owner = new_owner()
    listener = None
    try:
        while not stop.is_set():
            listener = await listen.ensure(listener, waiter)
            waiter.clear()
            try:
                await drain(owner=owner, wait_seconds=0)
                timeout = BLOCKED_RETRY_SECONDS if _blocked else poll_seconds
                due = await _next_retry(kinds.consumers())
                if due is not None:
                    timeout = min(timeout, due + 0.01)
            except Exception:  # noqa: BLE001 - keep the dispatcher alive; the cursors keep our place
                log.exception("dispatcher round failed")
                timeout = poll_seconds
            stopping = asyncio.ensure_future(stop.wait())
            woken = asyncio.ensure_future(waiter.wait())
            await asyncio.wait({stopping, woken}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            woken.cancel()
    finally:
        outbox._waiters.discard(waiter)
        await listen.close(listener)
