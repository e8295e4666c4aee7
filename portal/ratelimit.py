"""Rate limits for failures and costly actions, on the `limits` library.

The storage is in memory by default (one process); set PORTAL_RATELIMIT_URL (for example
redis://127.0.0.1:6379) when several processes serve the site.
"""
from __future__ import annotations

import time

from limits import parse
from limits.storage import storage_from_string
from limits.aio.strategies import MovingWindowRateLimiter

from portal import settings
from portal.errors import Throttled

LIMITS = {
    "login.account": parse("5/30minutes"),
    "login.ip": parse("6/minute"),
    "signup.ip": parse("6/minute"),
    "reset.ip": parse("6/minute"),
    "reset.account": parse("3/hour"),
    "verify.resend": parse("3/hour"),
}

_limiter: MovingWindowRateLimiter | None = None
_limiter_url: str | None = None


def _get() -> MovingWindowRateLimiter:
    global _limiter, _limiter_url
    url = settings.current().ratelimit_url
    if _limiter is None or _limiter_url != url:
        # The asyncio flavour of each storage is named with an "async+" prefix.
        _limiter = MovingWindowRateLimiter(storage_from_string(f"async+{url}"))
        _limiter_url = url
    return _limiter


async def retry_after(name: str, key: str) -> int:
    """Seconds until `key` may try `name` again; 0 when it may now."""
    limiter = _get()
    item = LIMITS[name]
    if await limiter.test(item, key):
        return 0
    reset_at, _ = await limiter.get_window_stats(item, key)
    return max(1, int(reset_at - time.time()) + 1)


async def check(name: str, key: str) -> None:
    """Raise Throttled when `key` has used up `name`; does not count a hit."""
    wait = await retry_after(name, key)
    if wait:
        raise Throttled(wait)


async def hit(name: str, key: str) -> None:
    """Count one hit (a failure, or an action that costs)."""
    await _get().hit(LIMITS[name], key)


async def take(name: str, key: str) -> None:
    """Count a hit, raising Throttled when the limit was already used up."""
    if not await _get().hit(LIMITS[name], key):
        raise Throttled(await retry_after(name, key))


async def reset_all() -> None:
    """Forget every counter (tests and `portal` maintenance)."""
    await _get().storage.reset()


async def clear(name: str, key: str) -> None:
    """Forget the hits of one key (after a successful password reset, say)."""
    await _get().clear(LIMITS[name], key)


async def api_call(key: str, per_minute: int) -> tuple[bool, int, int]:
    """Count one API call of `key` (a token, a member or an address) against a budget of
    `per_minute` calls in any minute. Returns (allowed, calls left, seconds until one is free)."""
    item = parse(f"{per_minute}/minute")
    limiter = _get()
    allowed = await limiter.hit(item, "api", key)
    reset_at, remaining = await limiter.get_window_stats(item, "api", key)
    return allowed, remaining, max(1, int(reset_at - time.time()) + 1)
