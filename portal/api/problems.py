"""API errors as RFC 9457 problem details (application/problem+json), in the reader's language.

Every error of /api/... has `type`, `title`, `status` and `detail`; input errors add `errors`, one
entry per field: `detail`, and `pointer` (a JSON pointer into the body) or `parameter` (a query
parameter). A 401 says how to authenticate (WWW-Authenticate: Bearer)."""
from __future__ import annotations

import json

from pydantic import ValidationError
from starlette.responses import Response

from portal import i18n
from portal.errors import N_, Invalid

MEDIA_TYPE = "application/problem+json"

# What each error type of the declared models means, in words a caller can act on.
_MESSAGES = {
    "missing": N_("This field is required."),
    "extra_forbidden": N_("This field is not known here."),
    "string_type": N_("Please send text."),
    "string_too_short": N_("Please fill this in."),
    "string_too_long": N_("Please keep this under %(n)s characters."),
    "string_pattern_mismatch": N_("Please leave out control characters and unusual symbols."),
    "int_type": N_("Please send a whole number."),
    "int_parsing": N_("Please send a whole number."),
    "bool_type": N_("Please send true or false."),
    "list_type": N_("Please send a list."),
    "dict_type": N_("Please send an object."),
    "model_type": N_("Please send an object."),
    "model_attributes_type": N_("Please send an object."),
    "too_long": N_("Please send at most %(n)s items."),
    "literal_error": N_("Please choose one of: %(choices)s."),
    "enum": N_("Please choose one of: %(choices)s."),
}
_RANGE = N_("Please send a number from %(min)s to %(max)s.")
_FALLBACK = N_("This value is not valid.")
NOT_JSON = N_("The request body is not valid JSON.")


class RequestInvalid(Invalid):
    """The request did not fit the operation's declared models. `where` is "body" or "query"."""

    def __init__(self, errors: dict[str, str], where: str):
        super().__init__(errors=errors)
        self.where = where


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = ctx.get("ge", ctx.get("gt", "…")), ctx.get("le", ctx.get("lt", "…"))
        return i18n._(_RANGE, min=low, max=high)
    if kind in ("string_too_long", "too_long"):
        return i18n._(_MESSAGES[kind], n=ctx.get("max_length", "?"))
    if kind in ("literal_error", "enum"):
        return i18n._(_MESSAGES[kind], choices=ctx.get("expected", ""))
    return i18n._(_MESSAGES.get(kind, _FALLBACK))


def from_validation(exc: ValidationError, where: str) -> RequestInvalid:
    """The declared model refused the input: one message per field (the first error of each)."""
    errors: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        field = "/".join(str(part) for part in error["loc"])  # "": the body as a whole
        errors.setdefault(field, _message(error))
    return RequestInvalid(errors, where)


def is_not_json(exc: ValidationError) -> bool:
    """The body could not even be parsed (broken, too deep, a lone surrogate): a 400."""
    return any(error["type"] == "json_invalid" for error in exc.errors(include_url=False))


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
