"""The kinds of notification: what they say, and how members get them by default.

Features declare their own kinds (portal/features.py); the preferences page lists them all, the
notifications page shows each kind's icon and offers a filter per filter group."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from portal.errors import N_


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural message for translation (Babel extracts NP_:1,2), translated with
    ngettext where the count is known."""
    return (singular, plural)


# Filters on the notifications page besides "all" and "unread": a kind joins one with `group`.
# A filter shows only when an installed kind belongs to it.
FILTER_GROUPS: dict[str, str] = {
    "replies": N_("Mentions and answers"),
}

# The icons the notifications page can draw (portal/templates/notify/_icons.html).
ICONS = frozenset({"bell", "comment", "status", "merge", "hidden", "team", "shield", "welcome", "check", "heart"})


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # shown on the preferences page; also tells screen readers what the icon means
    message: str  # the in-app text; %(name)s placeholders are filled from the notification's data
    in_app: bool = True  # default
    mail: bool = False  # default
    mail_always: bool = False  # security notices reach the inbox whatever the preference
    translated: tuple[str, ...] = ()  # data keys that hold message ids, translated when shown
    icon: str = "bell"  # one of ICONS
    group: str = ""  # a key of FILTER_GROUPS, or none
    # Several notifications of this kind about one thing (the same url without its #fragment)
    # show as one entry with this text (NP_, %(num)d and the newest one's data), e.g. "3 new
    # comments on …". Without it every notification stands alone.
    many: tuple[str, str] | None = None
    actor: str = ""  # the data key that names who caused it (shown beside an avatar)

    def __post_init__(self) -> None:
        # A typo would show the default bell, or a filter nobody can choose: say so at start-up.
        if self.icon not in ICONS:
            raise ValueError(f"notification kind {self.name}: unknown icon {self.icon!r} (one of {sorted(ICONS)})")
        if self.group and self.group not in FILTER_GROUPS:
            raise ValueError(f"notification kind {self.name}: unknown filter group {self.group!r}")


CORE_KINDS = (
    Kind("welcome", N_("Welcome messages"), N_("Welcome to the community, %(name)s!"), icon="welcome"),
    Kind("security", N_("Account security"), N_("%(what)s"), mail=True, mail_always=True,
         translated=("what",), icon="shield"),
)
KINDS: dict[str, Kind] = {kind.name: kind for kind in CORE_KINDS}


def install(kinds: Iterable[Kind]) -> None:
    """Replace the notification kinds with the installed features' (the core's included)."""
    KINDS.clear()
    KINDS.update((kind.name, kind) for kind in kinds)


def filters() -> dict[str, str]:
    """The filters the notifications page offers, name -> label (message id); the first is the default."""
    groups = {kind.group for kind in KINDS.values()}
    return {"all": N_("All"), "unread": N_("Unread"),
            **{name: label for name, label in FILTER_GROUPS.items() if name in groups}}
