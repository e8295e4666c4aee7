"""Bridges between features, through their declarations: one feature offers to make something of
its own from another's content ("turn this thread into an idea"), and to say what became of it
(its title, address and status), without either importing the other.

A feature declares the `Bridge`s it offers (portal/features.py `bridges`); a feature that wants
one asks `offered(kind)`, which is None when no installed feature offers it (then the button is
not shown)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.accounts.models import Member


@dataclass(frozen=True)
class Made:
    """What a bridge made: its id, address and title."""

    id: int
    url: str
    title: str


@dataclass(frozen=True)
class Bridge:
    """`make(actor, author, title, body)` creates the thing on behalf of `author` (the actor has
    already been allowed by the asking feature) and emits the owning feature's own event;
    `describe(id)` says what it is now ({"title", "url", "status"}: the status a message id), or
    None when it is gone or hidden."""

    kind: str  # "idea"
    make: Callable[[Member, Member, str, str], Awaitable[Made]]
    describe: Callable[[int], Awaitable[dict | None]]


_bridges: dict[str, Bridge] = {}


def install(bridges: Iterable[Bridge]) -> None:
    """Replace the bridges with those the installed features offer."""
    _bridges.clear()
    for bridge in bridges:
        if bridge.kind in _bridges:
            raise ValueError(f"two features offer a bridge to {bridge.kind!r}")
        _bridges[bridge.kind] = bridge


def offered(kind: str) -> Bridge | None:
    """The installed bridge to `kind`, or None."""
    return _bridges.get(kind)
