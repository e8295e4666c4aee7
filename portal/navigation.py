"""The header's links and the front page's sections, contributed by the features that are
installed (see portal/features.py), so a feature that is not there shows nothing."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from portal.accounts.permissions import can


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
    load: Callable[[object], Awaitable[dict | None]]
    order: int = 50


_nav: list[NavEntry] = []
_home: list[HomeSection] = []


def install(nav: Iterable[NavEntry], home: Iterable[HomeSection]) -> None:
    """Replace the header links and front-page sections with those of the installed features."""
    _nav[:] = sorted(nav, key=lambda entry: entry.order)
    _home[:] = sorted(home, key=lambda section: section.order)


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
