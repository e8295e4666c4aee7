"""The header's links, the front page's sections and the sign-up page's lines, contributed by the features that are
installed (see portal/features.py), so a feature that is not there shows nothing."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.accounts.permissions import can

if TYPE_CHECKING:
    from portal.accounts.models import Member


@dataclass(frozen=True)
class NavEntry:
    """A link in the header: in the main menu, or in the staff menu for those who may use it."""

    path: str
    label: str  # message id
    menu: str = "main"  # "main" or "staff"
    permission: str | None = None  # shown only to members who hold it
    order: int = 50


@dataclass(frozen=True)
class HomeSection:
    """A part of the front page. `load(member)` returns what `template` shows, or None when there is
    nothing worth showing (then the section is left out, not shown empty)."""

    name: str
    template: str
    load: Callable[[Member | None], Awaitable[dict | None]]
    order: int = 50
    side: bool = False  # beside the main column on wide screens, after it on phones


_nav: list[NavEntry] = []
_home: list[HomeSection] = []
_pitches: list[str] = []


def install(nav: Iterable[NavEntry], home: Iterable[HomeSection], pitches: Iterable[str] = ()) -> None:
    """Replace the header links, front-page sections and sign-up lines with those of the installed
    features."""
    _nav[:] = sorted(nav, key=lambda entry: entry.order)
    _home[:] = sorted(home, key=lambda section: section.order)
    _pitches[:] = [pitch for pitch in pitches if pitch]


def pitches() -> list[str]:
    """What a member does here, one line per installed feature (message ids): the sign-up page
    promises only what the site has."""
    return list(_pitches)


def links(member, menu: str = "main") -> list[NavEntry]:
    """The links of one menu this member may see."""
    return [entry for entry in _nav if entry.menu == menu
            and (entry.permission is None or can(member, entry.permission))]


async def home_sections(member) -> list[tuple[HomeSection, dict]]:
    """The front page's sections with their data, leaving out those with nothing to show."""
    shown = []
    for section in _home:
        data = await section.load(member)
        if data is not None:
            shown.append((section, data))
    return shown
