"""What was wrong with an API request's input, in the reader's language: pydantic's errors become
one message per field (RequestInvalid), which portal/web/errors.py answers as problem details
(portal/web/problems.py, application/problem+json) with a JSON pointer or the query parameter."""
from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from portal import i18n
from portal.errors import N_, Invalid

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


def _message(error: ErrorDetails) -> str:
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
