"""The event spine: declared kinds, written with the change, handed to consumers in order outside
any transaction, retried with backoff, dead-lettered, woken after commit, idempotent on replay."""
import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

from portal import events
from portal.events import ConsumerCursor, DeadLetter, Event, EventKind, Payload, Subscription, catalogue
from portal.events import dispatch


class Happened(Payload):
    i: int
    label: str = ""


TEST_KINDS = [EventKind("test.happened", Happened, "A test thing happened."),
              EventKind("test.unwatched", Happened, "Nobody listens to this.")]


@pytest.fixture
def recorder(db):
    """A test consumer that records what it saw (and can be told to fail)."""
    seen: list[int] = []
    state = {"fail": 0, "in_transaction": []}

    async def handle(event: Event) -> None:
        state["in_transaction"].append(isinstance(get_connections().get("default"), TransactionalDBClient))
        if state["fail"]:
            state["fail"] -= 1
            raise RuntimeError("boom")
        seen.append(event.payload.i)

    kinds, subscriptions = events.installed()
    events.install([*kinds, *TEST_KINDS], [*subscriptions, Subscription("test_recorder", frozenset({"test.happened"}), handle)])
    yield seen, state
    events.install(kinds, subscriptions)


async def _emit(n: int = 1, kind: str = "test.happened") -> list[Event]:
    made = []
    async with in_transaction():
        for i in range(n):
            made.append(await events.emit(kind, subject_type="thing", subject_id=i, data=Happened(i=i)))
    return made


async def test_emit_outside_a_transaction_is_refused(recorder):
    with pytest.raises(RuntimeError, match="outside a transaction"):
        await events.emit("test.happened", data={"i": 1})


async def test_an_undeclared_kind_or_a_bad_payload_is_refused(recorder):
    async with in_transaction():
        with pytest.raises(events.UndeclaredKind):
            await events.emit("test.never_declared")
        with pytest.raises(events.InvalidPayload):
            await events.emit("test.happened", data={"i": "not a number"})
        with pytest.raises(events.InvalidPayload):
            await events.emit("test.happened", data={"i": 1, "extra": True})
        with pytest.raises(events.InvalidPayload):
            await events.emit("member.erased", data=Happened(i=1))  # a payload of another kind
    assert await Event.all().count() == 0


async def test_an_event_of_a_rolled_back_change_does_not_exist(recorder):
    with pytest.raises(ZeroDivisionError):
        async with in_transaction():
            await events.emit("test.happened", data={"i": 1})
            1 / 0
    assert await Event.filter(kind="test.happened").count() == 0


async def test_the_typed_payload_reaches_the_consumer_in_order_once_outside_any_transaction(recorder):
    seen, state = recorder
    await _emit(3)
    await events.drain(["test_recorder"])
    await events.drain(["test_recorder"])
    assert seen == [0, 1, 2]
    assert state["in_transaction"] == [False, False, False]
    cursor = await ConsumerCursor.get(name="test_recorder")
    assert cursor.last_event_id == (await Event.filter(kind="test.happened").order_by("-id").first()).id
    assert cursor.lease_owner == "" and cursor.lease_until is None


async def test_a_failure_is_retried_after_its_backoff_and_keeps_the_order(recorder, monkeypatch):
    seen, state = recorder
    monkeypatch.setattr(dispatch, "RETRY_BASE_SECONDS", 30.0)
    await _emit(2)
    state["fail"] = 1
    await events.drain(["test_recorder"])
    cursor = await ConsumerCursor.get(name="test_recorder")
    assert seen == [] and cursor.failures == 1 and "boom" in cursor.last_error
    assert 25 < (cursor.retry_at - datetime.now(UTC)).total_seconds() <= 30
    await events.drain(["test_recorder"])
    assert seen == []  # not before its time, and the next event waits behind it
    await ConsumerCursor.filter(name="test_recorder").update(retry_at=datetime.now(UTC))
    await events.drain(["test_recorder"])
    assert seen == [0, 1]


async def test_after_max_attempts_the_event_is_dead_lettered_and_the_consumer_goes_on(recorder):
    seen, state = recorder
    made = await _emit(2)
    state["fail"] = events.MAX_ATTEMPTS
    for _ in range(events.MAX_ATTEMPTS):
        await events.drain(["test_recorder"])
    assert seen == [1]
    letter = await DeadLetter.get(consumer="test_recorder")
    assert (letter.event_id, letter.kind, letter.attempts) == (made[0].id, "test.happened", events.MAX_ATTEMPTS)
    assert "boom" in letter.error
    cursor = await ConsumerCursor.get(name="test_recorder")
    assert cursor.failures == 0 and cursor.retry_at is None


async def test_replay_runs_every_event_again(recorder):
    seen, _ = recorder
    await _emit(2)
    await events.drain(["test_recorder"])
    assert await events.replay("test_recorder") == 2
    assert seen == [0, 1, 0, 1]


async def test_a_consumer_leased_by_another_worker_is_left_alone(recorder):
    seen, _ = recorder
    await _emit(1)
    await events.drain(["test_recorder"], limit=0)  # creates the cursor
    assert await dispatch._claim("test_recorder", "someone-else")
    assert await events.drain(["test_recorder"]) == 0 and seen == []
    await dispatch._release("test_recorder", "someone-else")
    await events.drain(["test_recorder"])
    assert seen == [0]


async def test_a_waiting_dispatcher_wakes_on_commit_not_on_rollback_nor_for_unhandled_kinds(recorder):
    seen, _ = recorder
    stop = asyncio.Event()
    task = asyncio.create_task(events.run_dispatcher(stop, poll_seconds=60))
    try:
        await asyncio.sleep(0.3)  # the dispatcher has drained once and waits
        with pytest.raises(ZeroDivisionError):
            async with in_transaction():
                await events.emit("test.happened", data={"i": 7})
                1 / 0
        async with in_transaction():
            await events.emit("test.unwatched", data={"i": 8})
        await asyncio.sleep(0.3)
        assert seen == []
        assert await _wakes_after(lambda: _emit(1))
        # Delivered by the dispatcher, woken long before its 60 s poll (on PostgreSQL an open
        # transaction elsewhere on the server may hold it back a moment).
        async with asyncio.timeout(10):
            while not seen:
                await asyncio.sleep(0.05)
        assert seen == [0]
    finally:
        stop.set()
        await task


async def test_an_event_another_process_wrote_is_delivered_within_seconds(recorder, monkeypatch):
    """The web process writes, `portal worker` delivers: no after-commit call reaches the worker.
    On PostgreSQL NOTIFY wakes it; on SQLite it polls every POLL_SECONDS_WITHOUT_NOTIFY (a new
    idea must be searchable within 5 s, and the worker's search index needs its share of those)."""
    from portal.events import outbox

    seen, _ = recorder
    stop = asyncio.Event()
    task = asyncio.create_task(events.run_dispatcher(stop))
    try:
        await asyncio.sleep(0.3)  # drained once, waiting
        monkeypatch.setattr(outbox, "wake", lambda: None)  # this process is not told
        await _emit(1)
        started = asyncio.get_running_loop().time()
        async with asyncio.timeout(5):
            while not seen:
                await asyncio.sleep(0.05)
        assert asyncio.get_running_loop().time() - started < 2.0
    finally:
        stop.set()
        await task


async def _wakes_after(action) -> bool:
    """Whether a dispatcher's waiter is set by `action` (and not before it)."""
    from portal.events import listen, outbox

    waiter = asyncio.Event()
    outbox._waiters.add(waiter)  # SQLite: after-commit callbacks in this process
    listener = await listen.ensure(None, waiter)  # PostgreSQL: NOTIFY, delivered at commit
    await asyncio.sleep(0.1)
    waiter.clear()
    try:
        await action()
        for _ in range(50):
            if waiter.is_set():
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        return waiter.is_set()
    finally:
        outbox._waiters.discard(waiter)
        await listen.close(listener)


async def test_emit_of_an_unhandled_kind_wakes_nothing_and_a_rollback_neither(recorder):
    assert not await _wakes_after(lambda: _emit(1, "test.unwatched"))

    async def rolled_back():
        with pytest.raises(ZeroDivisionError):
            async with in_transaction():
                await events.emit("test.happened", data={"i": 1})
                1 / 0

    assert not await _wakes_after(rolled_back)
    assert await _wakes_after(lambda: _emit(1))


def test_the_catalogue_lists_every_declared_kind_with_its_fields(settings):
    from portal.cli import site_catalogue

    text = site_catalogue()
    for kind in events.declared().values():
        assert f"`{kind.name}`" in text
        for field in kind.payload.model_fields:
            assert f"`{field}`" in text
    assert "`vote_count` | `int`" in text  # idea.voted: a field with its type


def test_the_readme_holds_the_current_catalogue(settings):
    """The docs are generated from the declarations: `portal events catalogue --readme README.md`."""
    from portal.cli import site_catalogue

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    assert catalogue.into_readme(readme, site_catalogue()) == readme, "run: portal events catalogue --readme README.md"
