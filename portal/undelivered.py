"""Dead letters for admins: the events a consumer gave up on, retried or discarded by hand."""
from __future__ import annotations

import logging

from portal.accounts.permissions import require
from portal.errors import N_, Conflict, NotFound
from portal.events import kinds
from portal.events.dispatch import describe
from portal.events.models import DeadLetter, Event
from portal.pagination import Page, paginate

log = logging.getLogger("portal.events")


async def dead_letters(admin, page: int = 1, per_page: int = 20) -> Page:
    """The dead letters, newest first. Admins only (`admin.settings`); emits nothing."""
    require(admin, "admin.settings")
    return await paginate(DeadLetter.all().order_by("-id"), page, per_page)


async def get(admin, letter_id: int) -> DeadLetter:
    """One dead letter, or NotFound. Admins only."""
    require(admin, "admin.settings")
    letter = await DeadLetter.get_or_none(id=letter_id)
    if letter is None:
        raise NotFound()
    return letter


async def retry(admin, letter_id: int) -> bool:
    """Run the letter's consumer on its event once more, now. Success removes the letter and
    returns True; a failure counts the attempt, keeps the new error and returns False.
    Admins only; emits nothing itself (the consumer may, as it does for any event)."""
    letter = await get(admin, letter_id)
    consumer = kinds.consumers().get(letter.consumer)
    event = await Event.get_or_none(id=letter.event_id)
    if consumer is None or event is None or event.kind not in consumer.kinds:
        raise Conflict(N_("This consumer or its event is no longer installed: discard the entry."))
    try:
        await consumer.handle(event)
    except Exception as exc:  # noqa: BLE001 - shown to the admin, kept on the letter
        log.exception("retry of dead letter %s (%s, event %s) failed", letter.pk, letter.consumer, event.id)
        letter.attempts += 1
        letter.error = describe(exc)
        await letter.save(update_fields=["attempts", "error", "updated_at"])
        return False
    await letter.delete()
    log.warning("dead letter %s (%s, event %s) retried by member %s: handled", letter.pk,
                letter.consumer, event.id, admin.pk)
    return True


async def discard(admin, letter_id: int) -> None:
    """Forget a dead letter: its event stays unhandled by that consumer. Admins only; who did it
    is logged (nothing else records a discard)."""
    letter = await get(admin, letter_id)
    await letter.delete()
    log.warning("dead letter %s (%s, event %s %s, %s attempts: %s) discarded by member %s",
                letter.pk, letter.consumer, letter.event_id, letter.kind, letter.attempts,
                letter.error[:200], admin.pk)
