"""Errors as RFC 9457 problem details (application/problem+json), the answer to every error under
/api (portal/web/errors.py picks a page or this; portal/api/problems.py says what was wrong with an
API request's input).

Every problem has `type`, `title`, `status` and `detail`; input errors add `errors`, one entry per
field: `detail`, and `pointer` (a JSON pointer into the body) or `parameter` (a query parameter).
A 401 says how to authenticate (WWW-Authenticate: Bearer)."""
from __future__ import annotations

import json

from starlette.responses import Response

from portal import i18n
from portal.errors import Invalid

MEDIA_TYPE = "application/problem+json"


def field_errors(exc: Invalid) -> list[dict]:
    """The `errors` member: each field with a JSON pointer (body) or the parameter (query)."""
    where = getattr(exc, "where", "body")
    items = []
    for field, message in exc.errors.items():
        item = {"detail": i18n._(message)}
        if where == "query":
            item["parameter"] = field
        else:
            item["pointer"] = "#/" + field if field else "#"
        items.append(item)
    return items


def problem(status: int, title: str, detail: str, *, errors: list[dict] | None = None,
            headers: dict | None = None, bearer_error: str | None = None) -> Response:
    """The problem+json response. `title` and `detail` are already in the reader's language."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = (f'Bearer error="{bearer_error}"' if bearer_error else "Bearer")
    return Response(json.dumps(body, ensure_ascii=False), status_code=status, headers=headers,
                    media_type=MEDIA_TYPE)
