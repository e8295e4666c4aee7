"""The newsletter: admins write an issue, and it goes only to members who agreed ("newsletter" consent).

Every mail carries a link that stops the newsletter without logging in; the link shows a page with
a button (mail scanners follow links, so a GET never changes anything)."""
from __future__ import annotations

import hashlib
import hmac

from tortoise.transactions import in_transaction

from portal.event_kinds import NewsletterSent
from portal import events, settings
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.errors import N_, Invalid, NotFound
from portal.notify import mail
from portal.notify.models import Newsletter
from portal.pagination import Page, paginate
from portal.profiles import consents


def stop_token(member_id: int) -> str:
    """A link token naming one member, signed with the site's secret, that never expires."""
    return f"{member_id}.{_signature(member_id)}"


def _signature(member_id: int) -> str:
    key = settings.current().secret_key.encode()
    return hmac.new(key, f"newsletter-stop:{member_id}".encode(), hashlib.sha256).hexdigest()[:32]


async def member_of_stop_token(token: str) -> Member:
    """The active member a stop link names, or NotFound for a forged or stale link."""
    member_id, _, signature = (token or "").partition(".")
    if not member_id.isdigit() or not hmac.compare_digest(signature, _signature(int(member_id))):
        raise NotFound()
    member = await Member.get_or_none(id=int(member_id), status="active")
    if member is None:
        raise NotFound()
    return member


async def stop(token: str) -> Member:
    """Withdraw the newsletter consent of the member the link names (anyone holding the link may:
    it only ever turns the newsletter off). Emits `consent.changed` when it was on."""
    member = await member_of_stop_token(token)
    await consents.set_consents(member, {"newsletter": False}, via="mail")
    return member


async def send(admin: Member, subject: str, body: str) -> Newsletter:
    """Send an issue to every active, verified member who agreed to the newsletter, and to nobody
    else. Admins only. Returns the issue with its number of recipients; emits `newsletter.sent`
    (and `mail.queued` per mail)."""
    require(admin, "newsletter.send")
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if not subject or len(subject) > 150:
        errors["subject"] = N_("Please write a subject of up to 150 characters.")
    if not body or len(body) > 20000:
        errors["body"] = N_("Please write the newsletter (up to 20,000 characters).")
    if errors:
        raise Invalid(errors=errors)
    audience = await consents.audience("newsletter")
    async with in_transaction():
        issue = await Newsletter.create(subject=subject, body=body, sent_by=admin, recipients=len(audience))
        for member in await Member.filter(id__in=audience).order_by("id"):
            assert member.email is not None  # the audience is verified: each has an address
            await mail.queue(member.email, "mail/newsletter.txt",
                             {"member": member, "subject": subject, "body": body, "stop": stop_token(member.pk)},
                             language=member.language, member=member, kind="newsletter")
        await events.emit("newsletter.sent", actor=admin, subject=issue, data=NewsletterSent(recipients=len(audience)))
    return issue


async def issues(admin: Member, page: int = 1) -> Page:
    """Past issues, newest first. Admins only."""
    require(admin, "newsletter.send")
    return await paginate(Newsletter.all().order_by("-id").select_related("sent_by"), page, 20)


async def audience_size(admin: Member) -> int:
    """How many members would get an issue now. Admins only."""
    require(admin, "newsletter.send")
    return len(await consents.audience("newsletter"))
