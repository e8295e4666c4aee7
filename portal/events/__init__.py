"""The event spine: a transactional outbox with declared kinds and named consumers that keep
cursors.

A service calls `emit()` inside the transaction of its change, so an event exists exactly when the
change was committed; its kind is declared with a payload schema (kinds.py) and its data must fit.
Consumers subscribe by name to the kinds they handle; the dispatcher (dispatch.py) hands them
events in order after commit, outside any transaction of its own, retries failures with backoff
and sets aside what keeps failing as a dead letter for admins. Handlers must be idempotent:
replaying an event (after a crash, or with `portal replay`) must change nothing.

    kinds.py      Payload, EventKind, Subscription, install(), validation
    models.py     Event, ConsumerCursor, DeadLetter
    outbox.py     emit() and the wake-up after commit
    dispatch.py   claim, handle, retry, dead letter, drain, replay, run_dispatcher
    listen.py     PostgreSQL LISTEN for wake-ups from other processes
    catalogue.py  the Markdown catalogue of kinds
    deadletters.py, routes.py  the admins' page /staff/events
"""
from portal.events.dispatch import MAX_ATTEMPTS, drain, replay, run_dispatcher
from portal.events.kinds import (Consumer, EventKind, InvalidPayload, NoFacts, Payload, Subscription,
                                 UndeclaredKind, consumers, declared, install, installed)
from portal.events.models import ConsumerCursor, DeadLetter, Event
from portal.events.outbox import emit

__all__ = ["MAX_ATTEMPTS", "Consumer", "ConsumerCursor", "DeadLetter", "Event", "EventKind",
           "InvalidPayload", "NoFacts", "Payload", "Subscription", "UndeclaredKind", "consumers",
           "declared", "drain", "emit", "install", "installed", "replay", "run_dispatcher"]
