"""The staff view of one member: what the member lets staff see, their consents, and what each
feature knows of them (ideas, votes and comments now; surveys, points and follow-ups later).

Features declare their part (portal/features.py). Opening the view is written to the member's access log
with the reason the staff member gave: once, when they give it (by POST), which grants them the
view for a while; reading the view under that grant writes nothing more."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from portal import settings
from portal.accounts import permissions
from portal.accounts.models import Member
from portal.errors import N_, Invalid, NotFound
from portal.notify import mail
from portal.pagination import paginate
from portal.profiles import access_log, consents
from portal.profiles import service as profiles


@dataclass(frozen=True)
class Section:
    name: str
    title: str  # message id
    template: str  # a partial rendered with the section's data as `data`
    load: Callable[[Member], Awaitable[dict]]


_sections: dict[str, Section] = {}


def install(sections: Iterable[Section]) -> None:
    """Replace the customer view's sections with the installed features' parts."""
    _sections.clear()
    _sections.update((section.name, section) for section in sections)


async def find_members(staff: Member, query: str, page: int = 1):
    """Members whose handle, name or email matches `query` (staff looking someone up).

    Staff only. Emits nothing and logs nothing: the list shows names, not personal data."""
    permissions.require(staff, "members.view")
    found = Member.filter(status="active")
    query = (query or "").strip()
    if query:
        if "@" in query:
            found = found.filter(email=query.lower())
        else:
            found = found.filter(Q(display_name__icontains=query) | Q(handle=query.lower().lstrip("@")))
    return await paginate(found.order_by("display_name", "id"), page, 25)


def reasons(staff: Member) -> dict[str, str]:
    """The reasons staff choose from before a customer view opens. Staff only."""
    permissions.require(staff, "members.view")
    return access_log.REASONS


# How long one stated reason keeps the view open: reloads and follow-up forms within this time
# write no new access-log row; after it, staff say why again.
GRANT_LIFETIME = timedelta(minutes=30)


async def _active_member(member_id: int) -> Member:
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    return member


def _grants() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.current().secret_key, salt="vox.customer-view")


def _reason_of(grant: str, staff: Member, member_id: int, bound_to: str) -> str | None:
    """The reason a grant was issued for, if it is genuine, unexpired and this staff member's."""
    try:
        data = _grants().loads(grant or "", max_age=int(GRANT_LIFETIME.total_seconds()))
    except BadData:  # forged, garbled or expired
        return None
    if data != {"staff": staff.pk, "member": member_id, "bound_to": bound_to, "why": data.get("why")}:
        return None
    return data["why"] if data["why"] in access_log.REASONS else None


async def open_view(staff: Member, member_id: int, reason: str, *, bound_to: str) -> str:
    """Staff state why they open a member's customer view (one of access_log.REASONS): writes one
    `customer_view.opened` row with that reason to the member's access log and returns a grant to
    read the view with `view()` for a while (GRANT_LIFETIME), so looking again writes nothing new.

    Staff only (members get Forbidden); an unknown or erased member is NotFound; no reason is
    Invalid("why"). `bound_to` ties the grant to the caller's login (its session), so a grant
    copied into a link opens nothing for anyone else. Call it only for a CSRF-checked POST."""
    permissions.require(staff, "members.view")
    member = await _active_member(member_id)
    if reason not in access_log.REASONS:
        raise Invalid("why", N_("Please tell us why you open this member's data."))
    await access_log.record(member.pk, "customer_view.opened", actor=staff, reason=access_log.REASONS[reason])
    return _grants().dumps({"staff": staff.pk, "member": member.pk, "bound_to": bound_to, "why": reason})


async def view(staff: Member, member_id: int, grant: str, *, bound_to: str) -> dict | None:
    """Everything staff may see of a member, under a grant from `open_view()`; None when the
    grant is missing, expired or not this staff member's (then ask for the reason again).

    Staff only (members get Forbidden); an unknown or erased member is NotFound. Writes nothing:
    the access was logged when the reason was given."""
    permissions.require(staff, "members.view")
    member = await _active_member(member_id)
    reason = _reason_of(grant, staff, member.pk, bound_to)
    if reason is None:
        return None
    sections = [(section, await section.load(member)) for section in _sections.values()]
    return {
        "person": member,
        "visible": await profiles.view(staff, member, log=False),
        "consents": await consents.current(member),
        "sections": sections,
        "grant": grant,
        "reason": reason,
        "reason_label": access_log.REASONS[reason],
    }


async def write_to(staff: Member, member_id: int, message: str) -> None:
    """Staff write to a member about their feedback, by mail. Service and product staff only, and
    only when the member agreed to be contacted ("contact me about my feedback"); otherwise
    Forbidden and nothing is sent. Written to the member's access log; the mail emits `mail.queued`."""
    permissions.require(staff, "members.contact")
    member = await _active_member(member_id)
    await consents.require(member, "contact")
    message = (message or "").strip()
    if not message:
        raise Invalid("message", N_("Please write your message."))
    if len(message) > 5000:
        raise Invalid("message", N_("Please keep this under %(n)s characters."), n=5000)
    assert member.email is not None  # only erasure empties the address, and erased is not active
    async with in_transaction():
        await mail.queue(member.email, "mail/staff_message.txt",
                         {"member": member, "staff": staff, "message": message},
                         language=member.language, member=member, kind="staff_message")
        await access_log.record(member.pk, "member.contacted", actor=staff)

