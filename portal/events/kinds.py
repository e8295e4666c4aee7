"""What may be emitted and who listens: the declared event kinds with their payload schemas, and
the consumers built from the installed subscriptions.

`install()` replaces both at once (the app factory calls it with every installed feature's
declarations), so `emit()` refuses a kind nobody declared and a payload that does not fit."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

if TYPE_CHECKING:
    from portal.events.models import Event

Handler = Callable[["Event"], Awaitable[None]]
# Told when an event is given up on (dead-lettered) for the consumer: (event, last error).
DeadHandler = Callable[["Event", str], Awaitable[None]]


class Payload(BaseModel):
    """The facts an event carries: a feature declares one subclass per event kind, so a consumer
    reads the payload and never another feature's tables."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoFacts(Payload):
    """The payload of a kind whose subject says it all (member.joined: the member)."""


@dataclass(frozen=True)
class EventKind:
    """One declared kind of event: its name (`noun.past_tense_verb`), its payload schema and one
    sentence for the generated catalogue."""

    name: str
    payload: type[Payload]
    description: str


@dataclass(frozen=True)
class Subscription:
    """A consumer's interest: `handle` sees the events of `kinds` through the consumer `consumer`.

    `on_dead_letter`, when given, is told when one of these events is given up on after
    MAX_ATTEMPTS failures (the mail consumer marks the mail failed)."""

    consumer: str
    kinds: frozenset[str]
    handle: Handler
    on_dead_letter: DeadHandler | None = None


class UndeclaredKind(LookupError):
    """An event of a kind no installed feature declared."""


class InvalidPayload(ValueError):
    """An event whose data does not fit its kind's payload schema."""


@dataclass
class Consumer:
    """A named reader of the event stream with one cursor. Several packages may hand it their own
    handler for their own kinds (the `notify` consumer tells about accounts and ideas alike)."""

    name: str
    handlers: dict[str, list[Handler]] = field(default_factory=dict)  # kind -> handlers
    dead_handlers: dict[str, list[DeadHandler]] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.handlers)

    async def handle(self, event: Event) -> None:
        for handler in self.handlers.get(event.kind, ()):
            await handler(event)

    async def given_up(self, event: Event, error: str) -> None:
        for handler in self.dead_handlers.get(event.kind, ()):
            await handler(event, error)


_kinds: dict[str, EventKind] = {}
_subscriptions: list[Subscription] = []
_consumers: dict[str, Consumer] = {}
_handled: frozenset[str] = frozenset()


def install(kinds: Iterable[EventKind], subscriptions: Iterable[Subscription]) -> None:
    """Replace the declared kinds and the consumers (the site is built from its features' lists).

    A kind declared twice, or a subscription to a kind nobody declared, is a mistake in a
    declaration: it fails here, when the site is built, not at the first event."""
    global _handled
    declared: dict[str, EventKind] = {}
    for kind in kinds:
        if kind.name in declared and declared[kind.name] != kind:
            raise ValueError(f"event kind {kind.name!r} is declared twice")
        declared[kind.name] = kind
    subscriptions = list(subscriptions)
    consumers: dict[str, Consumer] = {}
    for subscription in subscriptions:
        unknown = sorted(set(subscription.kinds) - set(declared))
        if unknown:
            raise ValueError(f"consumer {subscription.consumer!r} subscribes to undeclared kinds: "
                             f"{', '.join(unknown)}")
        consumer = consumers.setdefault(subscription.consumer, Consumer(subscription.consumer))
        for name in subscription.kinds:
            handlers = consumer.handlers.setdefault(name, [])
            if subscription.handle not in handlers:
                handlers.append(subscription.handle)
            if subscription.on_dead_letter is not None:
                consumer.dead_handlers.setdefault(name, []).append(subscription.on_dead_letter)
    _kinds.clear()
    _kinds.update(declared)
    _subscriptions[:] = subscriptions
    _consumers.clear()
    _consumers.update(consumers)
    _handled = frozenset(kind for consumer in consumers.values() for kind in consumer.kinds)


def installed() -> tuple[list[EventKind], list[Subscription]]:
    """What is installed now (a test installs more, then puts this back)."""
    return list(_kinds.values()), list(_subscriptions)


def declared() -> dict[str, EventKind]:
    return dict(_kinds)


def consumers() -> dict[str, Consumer]:
    return dict(_consumers)


def handled(kind: str) -> bool:
    """Whether some consumer handles events of `kind` (only those wake the dispatcher)."""
    return kind in _handled


def validate(kind: str, data: Payload | dict | None) -> dict[str, Any]:
    """The payload of an event of `kind` as stored (JSON-ready), or UndeclaredKind/InvalidPayload."""
    declared_kind = _kinds.get(kind)
    if declared_kind is None:
        raise UndeclaredKind(f"event kind {kind!r} is not declared by any installed feature")
    model = declared_kind.payload
    if isinstance(data, Payload):
        if not isinstance(data, model):
            raise InvalidPayload(f"{kind} carries {model.__name__}, not {type(data).__name__}")
        return data.model_dump(mode="json")
    try:
        return model.model_validate(data or {}).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidPayload(f"{kind}: {exc}") from exc


def parse(kind: str, data: dict) -> Payload:
    """The typed payload of a stored event (consumers read `event.payload`)."""
    declared_kind = _kinds.get(kind)
    if declared_kind is None:
        raise UndeclaredKind(f"event kind {kind!r} is not declared by any installed feature")
    return declared_kind.payload.model_validate(data or {})
