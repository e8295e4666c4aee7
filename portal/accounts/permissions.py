"""The one permission helper every service uses.

A permission is a name; `can()` answers whether a member holds it, `require()` raises the domain
error the web layer turns into a login redirect (anonymous) or a 403.
"""
from __future__ import annotations

from collections.abc import Mapping

from portal.accounts.models import STAFF_ROLES
from portal.errors import N_, Forbidden, Unauthenticated

# The core's permissions -> roles that hold them ("admin" holds everything). "verified" is a
# pseudo-role: any active member whose email is verified. Features declare theirs (portal/features.py).
CORE_PERMISSIONS: dict[str, frozenset[str]] = {
    "content.post": frozenset({"verified"}),
    "staff.access": STAFF_ROLES,
    "profile.read_staff_fields": STAFF_ROLES,
    "content.moderate": frozenset({"moderator"}),
    "followups.handle": frozenset({"service"}),
    "admin.settings": frozenset({"admin"}),
    "tokens.staff_scope": STAFF_ROLES,
    "members.view": STAFF_ROLES,  # the customer view, with a reason that goes into the access log
    "members.contact": frozenset({"service", "product"}),  # only members who agreed to be contacted
    "members.erase": frozenset({"admin"}),  # export or erase on the member's request
    "newsletter.send": frozenset({"admin"}),
    "profile.staff_name": frozenset({"admin"}),  # a display name that passes for the team
}
PERMISSIONS: dict[str, frozenset[str]] = dict(CORE_PERMISSIONS)


def install(permissions: Mapping[str, frozenset[str]]) -> None:
    """Replace the permissions with the installed features' (the core's included)."""
    PERMISSIONS.clear()
    PERMISSIONS.update(permissions)


def can(member, permission: str) -> bool:
    if member is None or member.status != "active":
        return False
    roles = set(member.acting_roles)
    if "admin" in roles:
        return True
    allowed = PERMISSIONS[permission]
    if "verified" in allowed and member.is_verified:
        return True
    return bool(roles & allowed)


def require(member, permission: str) -> None:
    """Raise Unauthenticated for nobody, Forbidden for a member without the permission."""
    if member is None:
        raise Unauthenticated()
    if not can(member, permission):
        if permission == "content.post" and not member.is_verified:
            raise Forbidden(N_("Please confirm your email address first: we sent you a link."))
        raise Forbidden()


def require_self_or(member, owner_id: int, permission: str) -> None:
    """The owner may act on their own things; others need the permission."""
    if member is None:
        raise Unauthenticated()
    if member.pk != owner_id:
        require(member, permission)
