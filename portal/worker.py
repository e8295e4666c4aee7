"""Background work: the event dispatcher and the periodic digest mail.

`portal worker` runs this in production; in dev and tests the web process runs it in its lifespan."""
from __future__ import annotations

import asyncio
import logging

from portal import events
from portal.notify import service as notify

log = logging.getLogger("portal.worker")

DIGEST_EVERY_SECONDS = 600.0


async def _digests(stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            await notify.send_due_digests()
        except Exception:  # noqa: BLE001 - a failed round is retried at the next one
            log.exception("digest round failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=DIGEST_EVERY_SECONDS)
        except TimeoutError:
            pass


async def run(stop: asyncio.Event) -> None:
    """Dispatch events to every consumer and mail due digests until `stop` is set."""
    await asyncio.gather(events.run_dispatcher(stop), _digests(stop))
