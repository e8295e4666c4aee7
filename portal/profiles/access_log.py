"""The access log: every time someone other than the member looks at or uses their personal data.

Services write it where the access happens (the profile page, the customer view, an export, an
API token reading personal data, a webhook sending it). The member reads their own log in the
privacy center. Nothing changes or deletes a row (the model refuses it)."""
from __future__ import annotations

from collections.abc import Mapping

from portal.accounts.models import Member
from portal import i18n
from portal.errors import N_, Unauthenticated
from portal.pagination import Page, paginate
from portal.profiles.models import AccessEntry
from portal.profiles.names import public_name, staff_roles

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
    """Whoever accessed, as the member reads it (page and export alike): the staff member's name
    with their team role ("Sam Service (Team · Customer service)"), or the token's or webhook's
    label; empty for a former team member. In the current language."""
    if entry.actor_label:
        return entry.actor_label
    name = public_name(entry.actor)
    if not name:
        return ""
    roles = staff_roles(entry.actor)
    if not roles:
        return name
    return i18n._("%(name)s (Team · %(roles)s)", name=name, roles=", ".join(i18n._(role) for role in roles))


def what(entry: AccessEntry) -> str:
    """What they did, in the current language ("opened your profile page")."""
    return i18n._(ACTIONS[entry.action]) if entry.action in ACTIONS else entry.action


# The export's columns for the log: the same words the privacy center shows, no internal ids.
EXPORT_FIELDS = ("created_at", "who", "what", "why")


async def export_rows(member_id: int) -> list[dict]:
    """The member's whole access log for their export, oldest first, in the words of the page.
    Called by the export (the member, or staff with a reason); emits nothing."""
    entries = await AccessEntry.filter(member_id=member_id).select_related("actor").order_by("created_at", "id")
    return [{"created_at": entry.created_at.isoformat(),
             "who": who(entry) or i18n._("A former team member"),
             "what": what(entry),
             "why": i18n._(entry.reason) if entry.reason else ""} for entry in entries]
