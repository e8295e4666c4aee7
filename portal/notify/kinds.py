"""The kinds of notification: what they say, and how members get them by default.

Features declare their own kinds (portal/features.py); the preferences page lists them all."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from portal.errors import N_


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # shown on the preferences page
    message: str  # the in-app text; %(name)s placeholders are filled from the notification's data
    in_app: bool = True  # default
    mail: bool = False  # default
    mail_always: bool = False  # security notices reach the inbox whatever the preference
    translated: tuple[str, ...] = ()  # data keys that hold message ids, translated when shown


CORE_KINDS = (
    Kind("welcome", N_("Welcome messages"), N_("Welcome to the community, %(name)s!")),
    Kind("security", N_("Account security"), N_("%(what)s"), mail=True, mail_always=True,
         translated=("what",)),
)
KINDS: dict[str, Kind] = {kind.name: kind for kind in CORE_KINDS}


def install(kinds: Iterable[Kind]) -> None:
    """Replace the notification kinds with the installed features' (the core's included)."""
    KINDS.clear()
    KINDS.update((kind.name, kind) for kind in kinds)
