"""The access log: every time someone other than the member looks at or uses their personal data.

Services write it where the access happens (the profile page, the customer view, an export, an
API token reading personal data, a webhook sending it). The member reads their own log in the
privacy center. Nothing changes or deletes a row (the model refuses it)."""
from __future__ import annotations

from collections.abc import Mapping

from portal.accounts.models import Member
from portal.errors import N_, Unauthenticated
from portal.pagination import Page, paginate
from portal.profiles.models import AccessEntry
from portal.profiles.names import public_name

# What happened, as the member reads it: "<who> <did what>".
ACTIONS = {
    "profile.viewed": N_("opened your profile page"),
    "customer_view.opened": N_("opened your profile and what you wrote here"),
    "export.downloaded": N_("downloaded all your data"),
    "api.read": N_("read your personal data through the API"),
    "webhook.sent": N_("sent your personal data to another system"),
    "member.contacted": N_("wrote to you"),
    "member.erased": N_("erased your account"),
}
# Why staff open a customer view (they choose one; it is shown to the member).
CORE_REASONS = {
    "feedback": N_("Following up on your feedback"),
    "support": N_("Answering your support request"),
    "moderation": N_("Moderation"),
    "account": N_("Looking after your account, at your request"),
}
REASONS: dict[str, str] = dict(CORE_REASONS)


def install(reasons: Mapping[str, str]) -> None:
    """Replace the reasons with the core's and the installed features' (a feature adds its own,
    the idea board "Reading your ideas")."""
    REASONS.clear()
    REASONS.update(CORE_REASONS)
    REASONS.update(reasons)


async def record(member_id: int, action: str, *, actor: Member | None = None, actor_label: str = "",
                 reason: str = "") -> AccessEntry | None:
    """Write one row of the member's access log. Services call it where the access happens;
    the member's own look at their own data is not logged."""
    if actor is not None and actor.pk == member_id and not actor_label:
        return None
    return await AccessEntry.create(member_id=member_id, action=action, actor=actor,
                                    actor_label=actor_label[:120], reason=reason[:200])


async def entries(viewer: Member | None, page: int = 1, per_page: int = 20) -> Page:
    """The viewer's own access log, newest first. Every member may read their own, nobody
    else's (staff do not get a page to browse or change it)."""
    if viewer is None:
        raise Unauthenticated()
    query = AccessEntry.filter(member_id=viewer.pk).select_related("actor").order_by("-created_at", "-id")
    return await paginate(query, page, per_page)


def who(entry: AccessEntry) -> str:
    """The name shown for whoever accessed: the staff member, or the token's / webhook's label."""
    if entry.actor_label:
        return entry.actor_label
    return public_name(entry.actor) or ""
