"""Domain errors raised by services; portal.web turns them into HTTP answers.

NotFound -> 404, Forbidden -> 403, Unauthenticated -> login (401 for the API), Invalid -> 422 with
the form re-rendered, Conflict -> 409, Throttled -> 429 with Retry-After. Messages are gettext
message ids (marked with N_), translated where they are shown.
"""
from __future__ import annotations

from portal import i18n


def N_(message: str) -> str:
    """Mark a message for translation without translating it here (Babel extracts N_ too)."""
    return message


class DomainError(Exception):
    status = 400
    message = N_("Something went wrong.")

    def __init__(self, message: str | None = None, **params):
        self.message = message or self.message
        self.params = params
        super().__init__(self.message % params if params else self.message)


class NotFound(DomainError):
    status = 404
    message = N_("We could not find that page.")


class Forbidden(DomainError):
    status = 403
    message = N_("You are not allowed to do that.")


class Unauthenticated(DomainError):
    status = 401
    message = N_("Please log in first.")


class Conflict(DomainError):
    status = 409
    message = N_("That conflicts with the current state. Please reload and try again.")


class Throttled(DomainError):
    status = 429
    message = N_("Too many attempts. Please wait a moment and try again.")

    def __init__(self, retry_after: int, message: str | None = None):
        self.retry_after = max(1, int(retry_after))
        super().__init__(message)


class Invalid(DomainError):
    """One or more fields are wrong: errors maps a field name to a message id."""

    status = 422
    message = N_("Please check the highlighted fields.")

    def __init__(self, field: str | None = None, message: str | None = None, *,
                 errors: dict[str, str] | None = None, **params):
        self.errors = dict(errors or {})
        if field:
            self.errors[field] = message or self.message
        if params:
            # A message with placeholders is translated and filled now (services run in the
            # reader's language); the others stay message ids, translated where they are shown.
            self.errors = {name: i18n._(text, **params) if "%(" in text else text
                           for name, text in self.errors.items()}
        super().__init__(None)
