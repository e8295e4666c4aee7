"""Opaque keyset cursors: where the previous page ended, signed so callers cannot forge one.

A cursor is base64url(JSON [sort, key, id]) + "." + a truncated HMAC of it. The next page starts
after that row in the same order, so rows inserted or moved elsewhere meanwhile neither repeat
nor push unchanged rows out of the listing (what an offset would do)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math

from portal import settings
from portal.errors import N_

from .problems import RequestInvalid

BAD_CURSOR = N_("This cursor is not valid: start again from the first page.")


def _sign(payload: bytes) -> str:
    key = ("api-cursor:" + settings.current().secret_key).encode()
    digest = hmac.new(key, payload, hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def encode(sort: str, key, row_id: int) -> str:
    """The cursor for "after this row" in `sort` order (`key` is the row's sort value or None)."""
    payload = json.dumps([sort, key, row_id], separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_sign(payload)}"


def decode(cursor: str, sort: str) -> tuple[object, int]:
    """(key, id) from a cursor made by `encode` for the same sort; RequestInvalid otherwise."""
    try:
        data, signature = cursor.split(".", 1)
        payload = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        if not hmac.compare_digest(signature, _sign(payload)):
            raise ValueError("signature")
        made_for, key, row_id = json.loads(payload)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise RequestInvalid({"cursor": BAD_CURSOR}, "query") from None
    if made_for != sort or not isinstance(row_id, int) or (
            isinstance(key, float) and not math.isfinite(key)):
        raise RequestInvalid({"cursor": BAD_CURSOR}, "query")
    return key, row_id
