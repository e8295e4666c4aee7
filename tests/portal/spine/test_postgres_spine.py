"""The spine under concurrency, on PostgreSQL (SQLite serializes writers, so there is nothing to
show there): no global lock, nothing passed over, two dispatchers never share an event."""
import asyncio

import pytest
from tortoise.transactions import in_transaction

from portal import events
from portal.events import ConsumerCursor, Event, Subscription
from tests.portal.spine.test_events import TEST_KINDS, Happened


@pytest.fixture
def counter(db):
    seen: dict[int, int] = {}

    async def handle(event: Event) -> None:
        await asyncio.sleep(0)  # let the other dispatcher run in between
        seen[event.payload.i] = seen.get(event.payload.i, 0) + 1

    kinds, subscriptions = events.installed()
    events.install([*kinds, *TEST_KINDS], [*subscriptions, Subscription("test_counter", frozenset({"test.happened"}), handle)])
    yield seen
    events.install(kinds, subscriptions)


async def _emit_in_open_transaction(i: int, emitted: asyncio.Event, release: asyncio.Event) -> Event:
    async with in_transaction():
        event = await events.emit("test.happened", data=Happened(i=i))
        emitted.set()
        await release.wait()
    return event


async def test_concurrent_transactions_emit_in_parallel(counter):
    emitted, release = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(_emit_in_open_transaction(1, emitted, release))
    await emitted.wait()
    # The first transaction is still open: the second emits and commits without waiting for it.
    async with asyncio.timeout(5):
        async with in_transaction():
            await events.emit("test.happened", data=Happened(i=2))
    release.set()
    await first


async def test_an_event_with_a_lower_id_that_commits_last_is_delivered_exactly_once(counter):
    emitted, release = asyncio.Event(), asyncio.Event()
    slow = asyncio.create_task(_emit_in_open_transaction(1, emitted, release))
    await emitted.wait()
    async with in_transaction():
        fast = await events.emit("test.happened", data=Happened(i=2))
    await events.drain(["test_counter"], wait_seconds=0.5)
    assert counter == {}  # the later event waits behind the transaction still open
    release.set()
    low = await slow
    assert low.id < fast.id
    await events.drain(["test_counter"])
    await events.drain(["test_counter"])
    assert counter == {1: 1, 2: 1}


async def test_two_dispatchers_never_handle_the_same_event(counter):
    async def writer(start: int) -> None:
        for i in range(start, start + 60):
            async with in_transaction():
                await events.emit("test.happened", data=Happened(i=i))

    stop = asyncio.Event()
    dispatchers = [asyncio.create_task(events.run_dispatcher(stop, poll_seconds=0.2)) for _ in range(2)]
    await asyncio.gather(writer(0), writer(1000), writer(2000))
    last = await Event.filter(kind="test.happened").order_by("-id").first()
    async with asyncio.timeout(30):
        while True:
            cursor = await ConsumerCursor.get_or_none(name="test_counter")
            if cursor is not None and cursor.last_event_id == last.id:
                break
            await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*dispatchers)
    assert len(counter) == 180 and set(counter.values()) == {1}


WORKER = """
import asyncio, os, pathlib, sys
from tortoise import Tortoise
from portal import core, events, features, settings
from portal.db import tortoise_config
from portal.events import Subscription
from tests.portal.spine.test_events import TEST_KINDS

out, stop_file = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
settings.configure(settings.load_settings({"DATABASE_URL": sys.argv[3], "PORTAL_DATA_DIR": sys.argv[4],
                                           "PORTAL_SECRET_KEY": "x" * 48}))

async def count(event):
    with out.open("a") as fh:
        fh.write(f"{event.payload.i}\\n")

async def main():
    features.install(core.installed(None))
    kinds, subscriptions = events.installed()
    events.install([*kinds, *TEST_KINDS],
                   [*subscriptions, Subscription("test_counter", frozenset({"test.happened"}), count)])
    await Tortoise.init(config=tortoise_config(sys.argv[3]))
    stop = asyncio.Event()

    async def watch():
        while not stop_file.exists():
            await asyncio.sleep(0.1)
        stop.set()

    out.with_suffix(".ready").touch()
    await asyncio.gather(events.run_dispatcher(stop, poll_seconds=0.5), watch())
    await Tortoise.close_connections()

asyncio.run(main())
"""


async def test_two_worker_processes_never_handle_the_same_event(db, settings, tmp_path):
    """Two real processes dispatch the same database (as two `portal worker` would); each event
    reaches the counting consumer exactly once."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    stop_file = tmp_path / "stop"
    outputs = [tmp_path / f"worker{n}.txt" for n in (1, 2)]
    logs = [out.with_suffix(".log") for out in outputs]
    workers = []
    for n, out in enumerate(outputs):
        with logs[n].open("w") as log:
            workers.append(subprocess.Popen([sys.executable, "-c", WORKER, str(out), str(stop_file),
                                             settings.database_url, str(tmp_path / f"data{n}")],
                                            cwd=root, stdout=log, stderr=subprocess.STDOUT))
    try:
        async with asyncio.timeout(60):
            while not all(out.with_suffix(".ready").exists() for out in outputs):
                assert all(w.poll() is None for w in workers), [log.read_text()[-2000:] for log in logs]
                await asyncio.sleep(0.1)
        kinds, subscriptions = events.installed()
        events.install([*kinds, *TEST_KINDS], subscriptions)
        for i in range(120):
            async with in_transaction():
                await events.emit("test.happened", data=Happened(i=i))
        async with asyncio.timeout(60):
            while sum(len(out.read_text().split()) for out in outputs if out.exists()) < 120:
                await asyncio.sleep(0.1)
        await asyncio.sleep(1)  # a second handling of any event would show up by now
    finally:
        stop_file.touch()
        for worker in workers:
            worker.wait(timeout=30)
    handled = [int(i) for out in outputs if out.exists() for i in out.read_text().split()]
    assert sorted(handled) == list(range(120))
