"""How a member is named to others: the one rule every feature and template uses.

A member who left (erased: the row stays, emptied, so their contributions stay readable) or who is
absent altogether (a contribution whose author was removed) has no public name: pages show
"former member" in its place, notifications "A former member", the API `null`."""
from __future__ import annotations

from portal.accounts.models import ROLE_LABELS, ROLES


def public_name(member) -> str | None:
    """The name others see for `member` (their display name), or None for a former member."""
    if member is None or member.status == "erased" or not member.display_name:
        return None
    return member.display_name


def staff_roles(member) -> list[str]:
    """The team roles others see with `member` ("Team · Product"), as message ids in the order of
    ROLES; empty for a customer and for a former member."""
    if public_name(member) is None:
        return []
    held = set(member.roles or ())
    return [ROLE_LABELS[role] for role in ROLES if role in held and role in ROLE_LABELS]
