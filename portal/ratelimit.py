"""Rate limits for failures and costly actions, on the `limits` library.

The storage is in memory by default (one process); set PORTAL_RATELIMIT_URL (for example
redis://127.0.0.1:6379) when several processes serve the site.

Every counter is keyed by the limit's name as well as the key: `limits` keys an item by amount and
period only, so "login.ip" and "signup.ip" (both 6/minute) would otherwise be one counter and
sign-ups would lock out logins.
"""
from __future__ import annotations

import time

from limits import parse_many
from limits.storage import storage_from_string
from limits.aio.strategies import MovingWindowRateLimiter

from portal import settings
from portal.errors import Throttled

# A limit is one or more tiers ("amount/period", separated by ";"); an action is allowed while every
# tier allows it, so stacked tiers give a growing delay.
LIMITS = {
    # Failed logins per account, from browsers that have not logged in to it before: 5 in five
    # minutes, then 10 an hour, then 20 a day (ASVS 5.0 6.3.1).
    "login.account": parse_many("5/5minutes;10/hour;20/day"),
    # Failed logins from a browser with a device cookie for the account: its own budget.
    "login.device": parse_many("5/5minutes;10/hour;20/day"),
    "login.ip": parse_many("6/minute"),
    "signup.ip": parse_many("6/minute"),
    "reset.ip": parse_many("6/minute"),
    "reset.account": parse_many("3/hour"),
    "verify.resend": parse_many("3/hour"),
}

_limiter: MovingWindowRateLimiter | None = None
_limiter_url: str | None = None


def _get() -> MovingWindowRateLimiter:
    global _limiter, _limiter_url
    url = settings.current().ratelimit_url
    if _limiter is None or _limiter_url != url:
        # The asyncio flavour of each storage is named with an "async+" prefix. Redis is spoken
        # through redis-py (installed with limits[redis]) rather than limits' default, coredis.
        options = {"implementation": "redispy"} if url.startswith(("redis://", "rediss://")) else {}
        _limiter = MovingWindowRateLimiter(storage_from_string(f"async+{url}", **options))
        _limiter_url = url
    return _limiter


async def retry_after(name: str, key: str) -> int:
    """Seconds until `key` may try `name` again; 0 when it may now."""
    limiter = _get()
    wait = 0
    for item in LIMITS[name]:
        if not await limiter.test(item, name, key):
            reset_at, _ = await limiter.get_window_stats(item, name, key)
            wait = max(wait, int(reset_at - time.time()) + 1, 1)
    return wait


async def check(name: str, key: str) -> None:
    """Raise Throttled when `key` has used up `name`; does not count a hit."""
    wait = await retry_after(name, key)
    if wait:
        raise Throttled(wait)


async def hit(name: str, key: str) -> None:
    """Count one hit (a failure, or an action that costs)."""
    for item in LIMITS[name]:
        await _get().hit(item, name, key)


async def take(name: str, key: str) -> None:
    """Count a hit, raising Throttled when the limit was already used up."""
    await check(name, key)
    await hit(name, key)


async def reset_all() -> None:
    """Forget every counter (tests and `portal` maintenance)."""
    await _get().storage.reset()


async def clear(name: str, key: str) -> None:
    """Forget the hits of one key (after a successful password reset, say)."""
    for item in LIMITS[name]:
        await _get().clear(item, name, key)


async def api_call(key: str, per_minute: int) -> tuple[bool, int, int]:
    """Count one API call of `key` (a token, a member or an address) against a budget of
    `per_minute` calls in any minute. Returns (allowed, calls left, seconds until one is free)."""
    item = parse_many(f"{per_minute}/minute")[0]
    limiter = _get()
    allowed = await limiter.hit(item, "api", key)
    reset_at, remaining = await limiter.get_window_stats(item, "api", key)
    return allowed, remaining, max(1, int(reset_at - time.time()) + 1)
