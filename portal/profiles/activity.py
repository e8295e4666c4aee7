"""What a member did, on their profile page (/u/{handle}): each installed feature contributes its
sections (the idea board its ideas, comments and shipped co-authored ideas; forums and surveys
theirs), declared in its Feature as `profile=(ProfileSection(...), ...)` (see portal/features.py).

A section decides itself what the viewer may see of it (the feature's own visibility rules), and
returns None when that is nothing: the page then leaves it out, never shows it empty."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from portal.accounts.models import Member

# How many of the newest items a section lists before "See all" (or only its total).
NEWEST = 5


@dataclass(frozen=True)
class ProfileSection:
    """A part of a member's profile page. `load(viewer, member)` returns what `template` shows
    (given to it as `data`; `person` is the member, `is_self` whether the viewer is them), or None
    when this viewer may see nothing of it. `viewer` is None for a visitor. A load makes a fixed
    number of queries, whatever the member did (never one per item).

    The template renders one `<section class="profile-section">` with an `<h2>` (see
    ideas/templates/ideas/_profile_ideas.html), so every feature's part looks the same."""

    name: str
    template: str
    load: Callable[[Member | None, Member], Awaitable[dict | None]]
    order: int = 50


_sections: list[ProfileSection] = []


def install(sections: Iterable[ProfileSection]) -> None:
    """Replace the profile's sections with those of the installed features (by order)."""
    _sections[:] = sorted(sections, key=lambda section: section.order)


async def sections(viewer: Member | None, member: Member) -> list[tuple[ProfileSection, dict]]:
    """The sections of `member`'s profile as `viewer` may see them, with their data, leaving out
    those with nothing to show. Anyone may call it (each section applies its own visibility
    rules); `member` is an active member (erased ones have no page). Emits nothing."""
    shown = []
    for section in _sections:
        data = await section.load(viewer, member)
        if data is not None:
            shown.append((section, data))
    return shown
