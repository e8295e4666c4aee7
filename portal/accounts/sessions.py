"""Server-side sessions: the cookie holds a random token, the table holds only its hash."""
from __future__ import annotations

from datetime import timedelta

from portal import settings
from portal.accounts.models import Member, Session
from portal.accounts.tokens import hash_secret, new_secret
from portal.clock import now
from portal.errors import NotFound

# Writing last_used_at on every request would turn every page view into a write.
TOUCH_EVERY = timedelta(minutes=5)


async def start(member: Member, *, user_agent: str = "", ip: str = "", via: str = "password",
                replacing: Session | None = None) -> tuple[Session, str]:
    """Open a new session (a fresh token at every login: no fixation); returns it and the raw token.

    `replacing` is the session the browser still had: it ends, so logging in again leaves no
    second live session behind in the same browser."""
    if replacing is not None:
        await end(replacing)
    raw = new_secret()
    moment = now()
    session = await Session.create(
        member=member, token_hash=hash_secret(raw), last_used_at=moment,
        expires_at=moment + timedelta(days=settings.current().session_days),
        user_agent=user_agent[:255], ip=ip[:45], via=via,
    )
    return session, raw


async def resolve(raw: str | None) -> Session | None:
    """The live session for a cookie value, with its member; None if unknown, ended or expired."""
    if not raw:
        return None
    session = await Session.get_or_none(token_hash=hash_secret(raw)).select_related("member")
    if session is None:
        return None
    moment = now()
    if session.expires_at < moment or session.member.status != "active":
        await session.delete()
        return None
    if moment - session.last_used_at > TOUCH_EVERY:
        session.last_used_at = moment
        await Session.filter(id=session.id).update(last_used_at=moment)
    return session


async def end(session: Session) -> None:
    """Log out: the session row is gone, so a replayed cookie is dead."""
    await Session.filter(id=session.id).delete()


async def list_for(member: Member) -> list[Session]:
    """A member's live sessions, most recently used first. Only the member calls this."""
    return await Session.filter(member=member, expires_at__gt=now()).order_by("-last_used_at")


async def revoke(member: Member, session_id: int) -> None:
    """End one of the member's own sessions; another member's session id is a 404."""
    deleted = await Session.filter(id=session_id, member=member).delete()
    if not deleted:
        raise NotFound()


async def end_others(member: Member, keep: Session | None) -> int:
    query = Session.filter(member=member)
    if keep is not None:
        query = query.exclude(id=keep.id)
    return await query.delete()
