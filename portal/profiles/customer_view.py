"""The staff view of one member: what the member lets staff see, their consents, and what each
feature knows of them (ideas, votes and comments now; surveys, points and follow-ups later).

Features add their part with `register()`; opening the view is written to the member's access log
with the reason the staff member gave."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from portal.accounts import permissions
from portal.accounts.models import Member
from portal.errors import N_, Invalid, NotFound
from portal.notify import mail
from portal.profiles import access_log, consents
from portal.profiles import service as profiles
from portal.web.pagination import paginate


@dataclass(frozen=True)
class Section:
    name: str
    title: str  # message id
    template: str  # a partial rendered with the section's data as `data`
    load: Callable[[Member], Awaitable[dict]]


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Features add their part of the customer view at import time."""
    _sections[section.name] = section


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


async def open_view(staff: Member, member_id: int, reason: str) -> dict:
    """Everything staff may see of a member, for the reason given (one of access_log.REASONS).

    Staff only (members get Forbidden); an unknown or erased member is NotFound. Writes a
    `customer_view.opened` row to the member's access log."""
    permissions.require(staff, "members.view")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    if reason not in access_log.REASONS:
        raise Invalid("why", N_("Please tell us why you open this member's data."))
    await access_log.record(member.pk, "customer_view.opened", actor=staff, reason=access_log.REASONS[reason])
    sections = [(section, await section.load(member)) for section in _sections.values()]
    return {
        "person": member,
        "visible": await profiles.view(staff, member, log=False),
        "consents": await consents.current(member),
        "sections": sections,
        "reason": reason,
        "reason_label": access_log.REASONS[reason],
    }


async def write_to(staff: Member, member_id: int, message: str) -> None:
    """Staff write to a member about their feedback, by mail. Service and product staff only, and
    only when the member agreed to be contacted ("contact me about my feedback"); otherwise
    Forbidden and nothing is sent. Written to the member's access log; the mail emits `mail.queued`."""
    permissions.require(staff, "members.contact")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    await consents.require(member, "contact")
    message = (message or "").strip()
    if not message:
        raise Invalid("message", N_("Please write your message."))
    if len(message) > 5000:
        raise Invalid("message", N_("Please keep this under %(n)s characters."), n=5000)
    async with in_transaction():
        await mail.queue(member.email, "mail/staff_message.txt",
                         {"member": member, "staff": staff, "message": message},
                         language=member.language, member=member, kind="staff_message")
        await access_log.record(member.pk, "member.contacted", actor=staff)

