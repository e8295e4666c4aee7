"""Erasure: a member leaves and takes their personal data with them; the conversation stays.

Every package's declared tables are handled as declared (portal/personal_data.py), then the
registered steps run (the member row itself, other members' notifications, queued mail). After
the commit, the database drops the old copies of the rows from its files (portal/db.py). Search
drops the profile and rewrites its index files when the `member.erased` event reaches it;
downstream systems hear the same event."""
from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from portal.event_kinds import MemberErased
from portal import db, events, personal_data
from portal.accounts import passwords
from portal.accounts.models import Member, Session
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from portal.profiles import access_log

# A member without a password proves who they are by logging in through SSO this recently.
FRESH_LOGIN = timedelta(minutes=10)


def can_confirm_with_sso(session: Session | None) -> bool:
    """Whether this login is a fresh single sign-on (the alternative to the password)."""
    return bool(session and session.via == "sso" and now() - session.created_at <= FRESH_LOGIN)


async def erase_self(member: Member, *, password: str = "", session: Session | None = None) -> None:
    """The member erases their own account, confirming with their password (or, without one, a
    fresh single sign-on). Emits `member.erased`."""
    if member is None:
        raise Unauthenticated()
    if member.password_hash:
        if not passwords.verify_password(member.password_hash, password or ""):
            raise Invalid("password", N_("That password is not right."))
    elif not can_confirm_with_sso(session):
        raise Forbidden(N_("Please log in again through single sign-on, then delete within 10 minutes."))
    await _erase(member, by=None, reason="")


async def erase_by_admin(admin: Member, member_id: int, reason: str) -> None:
    """An admin erases a member's account on the member's request, giving the reason (kept in the
    member's access log and in the event). Admins only. Emits `member.erased`."""
    require(admin, "members.erase")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    if member.pk == admin.pk:
        raise Invalid("reason", N_("To delete your own account, use your privacy center."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("reason", N_("Please note why: for example “asked by mail on 20 November”."))
    if len(reason) > 200:
        raise Invalid("reason", N_("Please keep this under %(n)s characters."), n=200)
    await _erase(member, by=admin, reason=reason)


async def _refuse_last_admin(member: Member) -> None:
    """Nobody could run the site any more: an admin first hands the role to someone else."""
    if "admin" in (member.roles or ()):
        others = [m for m in await Member.filter(status="active").exclude(id=member.pk).exclude(
            roles=["member"]) if "admin" in (m.roles or ())]
        if not others:
            raise Conflict(N_("This is the last admin account. Make someone else an admin first."))


async def _erase(member: Member, *, by: Member | None, reason: str) -> None:
    await _refuse_last_admin(member)
    async with in_transaction():
        for holding in personal_data.holdings():
            await personal_data.apply_erase(holding, member.pk)
        for step in personal_data.erasers():
            await step(member)
        if by is not None:
            await access_log.record(member.pk, "member.erased", actor=by, reason=reason)
        await events.emit("member.erased", actor=by, subject=member,
                          data=MemberErased(by="admin" if by else "self", reason=reason))
    # Only now, after the commit, can the old copies of the rows leave the database files.
    await db.drop_old_copies()
