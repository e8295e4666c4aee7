"""The event spine: written with the change, handed to consumers in order, idempotent on replay."""
import pytest
from tortoise.transactions import in_transaction

from portal import events
from portal.events import ConsumerCursor, Event


def subscribe(name: str, kinds: list[str], handle) -> None:
    """Add a test consumer next to the installed ones."""
    consumer = events._consumers.setdefault(name, events.Consumer(name))
    for kind in kinds:
        consumer.handlers.setdefault(kind, []).append(handle)


@pytest.fixture
def recorder():
    """A test consumer that records what it saw (and can be told to fail)."""
    seen: list[int] = []
    state = {"fail": 0}

    async def handle(event: Event) -> None:
        if state["fail"]:
            state["fail"] -= 1
            raise RuntimeError("boom")
        seen.append(event.id)

    subscribe("test_recorder", ["test.happened"], handle)
    yield seen, state
    events._consumers.pop("test_recorder", None)


async def _emit(n: int = 1) -> list[Event]:
    made = []
    async with in_transaction():
        for i in range(n):
            made.append(await events.emit("test.happened", subject_type="thing", subject_id=i, data={"i": i}))
    return made


async def test_emit_outside_a_transaction_is_refused(db):
    with pytest.raises(RuntimeError, match="outside a transaction"):
        await events.emit("test.happened")


async def test_an_event_of_a_rolled_back_change_does_not_exist(db):
    with pytest.raises(ZeroDivisionError):
        async with in_transaction():
            await events.emit("test.happened")
            1 / 0
    assert await Event.filter(kind="test.happened").count() == 0


async def test_consumer_gets_events_in_order_once(db, recorder):
    seen, _ = recorder
    made = await _emit(3)
    await events.drain(["test_recorder"])
    await events.drain(["test_recorder"])
    assert seen == [e.id for e in made]
    cursor = await ConsumerCursor.get(name="test_recorder")
    assert cursor.last_event_id == made[-1].id


async def test_failure_keeps_the_cursor_so_the_event_is_retried(db, recorder):
    seen, state = recorder
    made = await _emit(2)
    state["fail"] = 1
    await events.drain(["test_recorder"])
    assert seen == []
    cursor = await ConsumerCursor.get(name="test_recorder")
    assert cursor.failures == 1 and "boom" in cursor.last_error
    await events.drain(["test_recorder"])
    assert seen == [e.id for e in made]


async def test_a_poison_event_is_skipped_after_max_attempts(db, recorder):
    seen, state = recorder
    made = await _emit(2)
    state["fail"] = events.MAX_ATTEMPTS
    for _ in range(events.MAX_ATTEMPTS):
        await events.drain(["test_recorder"])
    assert seen == [made[1].id]


async def test_replay_runs_every_event_again(db, recorder):
    seen, _ = recorder
    made = await _emit(2)
    await events.drain(["test_recorder"])
    assert await events.replay("test_recorder") == 2
    assert seen == [e.id for e in made] * 2


async def test_a_second_package_can_hand_the_same_consumer_its_own_kinds(db, recorder):
    seen, _ = recorder
    other_seen = []

    async def other(event):
        other_seen.append(event.kind)

    subscribe("test_recorder", ["other.happened"], other)
    async with in_transaction():
        await events.emit("other.happened")
    made = await _emit(1)
    await events.drain(["test_recorder"])
    assert other_seen == ["other.happened"] and seen == [made[0].id]
