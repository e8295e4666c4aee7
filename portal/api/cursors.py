"""Opaque keyset cursors: where the previous page ended, signed so callers cannot forge one.

A cursor is [sort, key, id], signed by itsdangerous with the secret key. The next page starts
after that row in the same order, so rows inserted or moved elsewhere meanwhile neither repeat
nor push unchanged rows out of the listing (what an offset would do)."""
from __future__ import annotations

import math

from itsdangerous import BadData, URLSafeSerializer

from portal import settings
from portal.errors import N_

from .problems import RequestInvalid

BAD_CURSOR = N_("This cursor is not valid: start again from the first page.")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(settings.current().secret_key, salt="vox.api-cursor")


def encode(sort: str, key, row_id: int) -> str:
    """The cursor for "after this row" in `sort` order (`key` is the row's sort value or None)."""
    return _serializer().dumps([sort, key, row_id])


def decode(cursor: str, sort: str) -> tuple[object, int]:
    """(key, id) from a cursor made by `encode` for the same sort; RequestInvalid otherwise."""
    try:
        made_for, key, row_id = _serializer().loads(cursor)
    except (BadData, ValueError, TypeError):
        raise RequestInvalid({"cursor": BAD_CURSOR}, "query") from None
    if made_for != sort or not isinstance(row_id, int) or (
            isinstance(key, float) and not math.isfinite(key)):
        raise RequestInvalid({"cursor": BAD_CURSOR}, "query")
    return key, row_id
