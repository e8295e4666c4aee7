"""Notifications: deliver according to the member's preferences, mark them read, mail digests.

The page lists them in groups (portal/notify/groups.py)."""
from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from portal import events, i18n
from portal.accounts.models import Member
from portal.clock import now
from portal.errors import N_, NotFound
from portal.notify import mail
from portal.notify.groups import Group, digest_groups, message, topic_for
from portal.notify.kinds import KINDS, Kind
from portal.notify.models import Notification
from portal.profiles.models import Profile

DIGEST_INTERVALS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


def preference(profile: Profile | None, kind: Kind) -> dict[str, bool]:
    """The member's choice for a kind: {"in_app": bool, "mail": bool}, falling back to the default."""
    chosen = ((profile.notification_prefs if profile else None) or {}).get(kind.name, {})
    return {"in_app": bool(chosen.get("in_app", kind.in_app)),
            "mail": bool(chosen.get("mail", kind.mail)) or kind.mail_always}


async def deliver(member_id: int, kind_name: str, *, event_id: int | None, data: dict,
                  url: str = "", actor_id: int | None = None) -> Notification | None:
    """Give a member a notification of a kind, in the app and/or by mail as they chose.

    Called by the notify consumer; replaying the same event and kind
    creates nothing new. Mail goes out at once unless the member asked for a digest. `actor_id`
    names who caused it when `data` carries their name, so erasure can replace it."""
    kind = KINDS[kind_name]
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        return None
    profile = await Profile.get_or_none(member_id=member_id)
    choice = preference(profile, kind)
    if not choice["in_app"] and not choice["mail"]:
        return None
    existing = await Notification.get_or_none(member_id=member_id, event_id=event_id, kind=kind_name)
    if existing is not None:
        return existing
    # The notification and its mail go together or not at all (the consumer runs outside any
    # transaction of the dispatcher's).
    async with in_transaction():
        notification = await Notification.create(
            member_id=member_id, kind=kind_name, event_id=event_id, data=data, url=url, actor_id=actor_id,
            topic=topic_for(kind, url),
            read_at=None if choice["in_app"] else now())
        digest = profile.digest if profile else "off"
        if choice["mail"] and member.email and (kind.mail_always or digest == "off"):
            with i18n.use_language(member.language):
                text = message(notification)
            await mail.queue(member.email, "mail/notification.txt", {"member": member, "text": text,
                                                                     "url": url},
                             language=member.language, member=member, kind=kind_name)
            notification.mailed_at = now()
            await notification.save(update_fields=["mailed_at"])
    return notification


async def unread_count(member: Member | None) -> int:
    """How many unread notifications the member has (the bell). Anyone may ask for themselves."""
    if member is None:
        return 0
    return await Notification.filter(member_id=member.pk, read_at=None).count()


async def read_group(member: Member, notification_id: int) -> Group:
    """Open a notification: it and the unread ones of its group (same kind and thing, up to this
    one: what arrived after the page was shown stays new) are marked read. Only the member's own:
    another member's is a 404. Returns the group, whose `url` is where to go (the first new one)."""
    notification = await Notification.get_or_none(id=notification_id, member_id=member.pk)
    if notification is None:
        raise NotFound()
    unread = await Notification.filter(member_id=member.pk, kind=notification.kind, topic=notification.topic,
                                       read_at=None, id__lte=notification.pk).order_by("-id")
    if unread:
        await Notification.filter(id__in=[n.pk for n in unread]).update(read_at=now())
    return Group(unread or [notification], count=max(1, len(unread)), unread=bool(unread))


async def mark_all_read(member: Member) -> int:
    """Mark all of the member's notifications read; returns how many changed."""
    return await Notification.filter(member_id=member.pk, read_at=None).update(read_at=now())


async def send_due_digests() -> int:
    """Mail each member who chose a digest their unmailed notifications, when the interval is due.

    Run periodically by the worker (or the dev server), by any number of workers at once: each
    member's round is claimed by one of them. Returns the number of digests queued; the mail goes
    out through the `mail.queued` event."""
    sent = 0
    moment = now()
    for profile in await Profile.filter(digest__in=list(DIGEST_INTERVALS)).select_related("member"):
        member = profile.member
        due = profile.digest_sent_at is None or moment - profile.digest_sent_at >= DIGEST_INTERVALS[profile.digest]
        if not due or member.status != "active" or not member.email:
            continue
        async with in_transaction():
            # Claim this round first: with several workers, only the one whose update finds the
            # profile as it read it goes on; the others skip it, so no digest goes out twice.
            claimed = await Profile.filter(member_id=member.pk, digest_sent_at=profile.digest_sent_at).update(
                digest_sent_at=moment)
            if not claimed:
                continue
            pending = await Notification.filter(member_id=member.pk, mailed_at=None).order_by("id")
            wanted = [n for n in pending if KINDS.get(n.kind) and preference(profile, KINDS[n.kind])["mail"]]
            if wanted:
                # Grouped as on the page: "3 new comments on …", linking to the first of them.
                with i18n.use_language(member.language):
                    lines = [{"text": group.text, "url": group.notifications[-1].url}
                             for group in digest_groups(wanted)]
                await mail.queue(member.email, "mail/digest.txt", {"member": member, "items": lines,
                                                                   "total": len(wanted)},
                                 language=member.language, member=member, kind="digest")
                await Notification.filter(id__in=[n.id for n in wanted]).update(mailed_at=moment)
                sent += 1
    return sent


# -- the notify consumer: which events tell whom --------------------------------------------

SECURITY_TEXTS = {
    "password.changed": N_("Your password was changed. If this was not you, reset it now."),
    "email.changed": N_("Your email address was changed. If this was not you, contact us."),
}


async def on_event(event: events.Event) -> None:
    if event.kind == "member.verified":
        member = await Member.get_or_none(id=event.subject_id)
        if member:
            await deliver(member.pk, "welcome", event_id=event.id, data={"name": member.display_name},
                          url="/me")
    elif event.kind in SECURITY_TEXTS and event.subject_id is not None:
        await deliver(event.subject_id, "security", event_id=event.id,
                      data={"what": SECURITY_TEXTS[event.kind]}, url="/me/sessions")


# Idempotent by (member, event, kind): `deliver` creates a notification (and its mail) once.
NOTIFY = events.Subscription("notify", frozenset({"member.verified", *SECURITY_TEXTS}), on_event)
