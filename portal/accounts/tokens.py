"""Random secrets and their hashes: sessions, one-time links and API tokens are stored hashed."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from portal.accounts.models import Member, OneTimeToken
from portal.clock import now
from portal.errors import N_, Invalid

LIFETIMES = {"verify": timedelta(days=2), "reset": timedelta(hours=1), "email": timedelta(days=1)}


def new_secret() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_secret(raw: str) -> str:
    # The secrets are long and random, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


async def issue(member: Member, purpose: str, data: dict | None = None) -> OneTimeToken:
    """Create a single-use link token for a purpose, to hand to mail.queue(token=...).

    It has no secret yet: the mail consumer calls `arm` as it sends the mail, and the secret goes
    into that message only. So the secret never reaches a table (nor the SQLite WAL, nor a backup)
    in any form but its hash, and the spooled mail holds a placeholder."""
    return await OneTimeToken.create(member=member, purpose=purpose, token_hash=None, data=data or {},
                                     expires_at=now() + LIFETIMES[purpose])


async def arm(token_id: int) -> str | None:
    """Give a token its secret as its mail goes out: stores the hash, returns the secret for the
    message, or None when the token is gone or used. Only the mail consumer calls it; each call
    makes a new secret (a retry after a failed send gets a fresh link), and the link's lifetime
    counts from now."""
    token = await OneTimeToken.get_or_none(id=token_id)
    if token is None or token.used_at is not None:
        return None
    raw = new_secret()
    armed = await OneTimeToken.filter(id=token_id, used_at=None).update(
        token_hash=hash_secret(raw), expires_at=now() + LIFETIMES[token.purpose])
    return raw if armed else None


async def redeem(raw: str, purpose: str) -> OneTimeToken:
    """Use a link token once. Raises Invalid for unknown, used or expired tokens (same message)."""
    token = await OneTimeToken.get_or_none(token_hash=hash_secret(raw or ""), purpose=purpose)
    if token is None or token.used_at is not None or token.expires_at < now():
        raise Invalid("token", N_("This link is invalid or has expired. Please ask for a new one."))
    # Conditional update: two concurrent clicks cannot both redeem it.
    used = await OneTimeToken.filter(id=token.id, used_at=None).update(used_at=now())
    if not used:
        raise Invalid("token", N_("This link is invalid or has expired. Please ask for a new one."))
    await token.fetch_related("member")
    return token


async def peek(raw: str, purpose: str) -> OneTimeToken | None:
    """The token if it could still be redeemed (to show the reset form), without using it."""
    token = await OneTimeToken.get_or_none(token_hash=hash_secret(raw or ""), purpose=purpose)
    if token is None or token.used_at is not None or token.expires_at < now():
        return None
    return token
