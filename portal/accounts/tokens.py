"""Random secrets and their hashes: sessions, one-time links and API tokens are stored hashed."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from portal.accounts.models import Member, OneTimeToken
from portal.errors import N_, Invalid

LIFETIMES = {"verify": timedelta(days=2), "reset": timedelta(hours=1), "email": timedelta(days=1)}


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_secret() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def hash_secret(raw: str) -> str:
    # The secrets are long and random, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(raw.encode()).hexdigest()


async def issue(member: Member, purpose: str, data: dict | None = None) -> str:
    """Create a single-use link token for a purpose; returns the raw token for the mail."""
    raw = new_secret()
    await OneTimeToken.create(member=member, purpose=purpose, token_hash=hash_secret(raw),
                              data=data or {}, expires_at=now() + LIFETIMES[purpose])
    return raw


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
