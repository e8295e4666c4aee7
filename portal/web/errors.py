"""Turning errors into answers: domain errors and HTTP errors become pages in the site's look
(or problem details under /api, see portal/web/problems.py), and nothing unexpected leaks more
than a friendly 500."""
from __future__ import annotations

import logging
from urllib.parse import quote, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from portal import db, i18n
from portal.errors import N_, DomainError, Invalid, Throttled, Unauthenticated
from portal.web import problems
from portal.web.forms import safe_next
from portal.web.middleware import language_of
from portal.web.templating import render

log = logging.getLogger("portal.errors")

TITLES = {
    400: N_("That request did not work"),
    401: N_("Please log in"),
    403: N_("Not allowed"),
    404: N_("Page not found"),
    405: N_("Not allowed"),
    409: N_("That changed in the meantime"),
    413: N_("That is too large"),
    415: N_("Unsupported content type"),
    422: N_("Please check your input"),
    429: N_("Slow down a little"),
    500: N_("Something broke on our side"),
    503: N_("Back in a moment"),
}
MESSAGES = {
    400: N_("We could not understand that request."),
    403: N_("You are not allowed to do that."),
    404: N_("We could not find that page. It may have moved, or the link may be mistyped."),
    405: N_("That action is not available here."),
    413: N_("What you sent is larger than we accept."),
    415: N_("Please send the body as JSON (Content-Type: application/json)."),
    429: N_("Too many attempts. Please wait a moment and try again."),
    500: N_("We are sorry: something went wrong on our side. It has been logged and we will look into it."),
    503: N_("We cannot reach our database right now. Nothing you saved is lost: please try again in a few seconds."),
}
CSRF_MESSAGE = N_("Your form has expired or came from another site. Please reload the page and try again.")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def error_response(request: Request, status: int, message: str | None = None, *,
                         errors: dict | None = None, headers: dict | None = None,
                         exc: DomainError | None = None) -> Response:
    text = i18n._(message or MESSAGES.get(status, MESSAGES[400]))
    if wants_json(request):
        bad_token = bool(getattr(request.state, "bad_credentials", False))
        return problems.problem(status, i18n._(TITLES.get(status, TITLES[400])), text,
                                errors=problems.field_errors(exc) if isinstance(exc, Invalid) else None,
                                headers=headers, bearer_error="invalid_token" if bad_token else None)
    return await render(request, "error.html", {
        "status": status, "title": i18n._(TITLES.get(status, TITLES[400])), "message": text,
        "errors": errors or {},
    }, status=status, headers=headers)


async def domain_error(request: Request, exc: DomainError) -> Response:
    if isinstance(exc, Unauthenticated) and not wants_json(request):
        if request.headers.get("hx-request") == "true":
            # Never a login page inside a fragment: htmx takes the whole window to the login page,
            # and back afterwards to the page the request came from.
            return Response(status_code=401, headers={
                "HX-Redirect": f"/login?next={quote(_page_of_htmx(request))}", "Vary": "HX-Request"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Throttled) else None
    errors = exc.errors if isinstance(exc, Invalid) else None
    message = i18n._(exc.message, **exc.params) if exc.params else exc.message
    return await error_response(request, exc.status, message, errors=errors, headers=headers, exc=exc)


def _page_of_htmx(request: Request) -> str:
    """The local page an htmx request was made from (HX-Current-URL), else the front page."""
    current = urlsplit(request.headers.get("hx-current-url", ""))
    if current.netloc and current.netloc != request.url.netloc:
        return "/"
    return safe_next(current.path + (f"?{current.query}" if current.query else ""), "/")


async def http_error(request: Request, exc: HTTPException) -> Response:
    return await error_response(request, exc.status_code, headers=dict(exc.headers) if exc.headers else None)


async def server_error(request: Request, exc: Exception) -> Response:
    """A 500 for a bug; a 503 with Retry-After while the database is away (a restart, a failover),
    so clients and proxies try again and nothing looks broken for good."""
    status, headers = 500, None
    if db.unavailable(exc):
        status, headers = 503, {"Retry-After": str(db.RETRY_AFTER_SECONDS)}
        log.warning("database unavailable on %s %s: %r", request.method, request.url.path, exc)
    else:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    # This runs outside the middleware that chose the language, so choose it again.
    with i18n.use_language(language_of(request)):
        try:
            return await error_response(request, status, headers=headers)
        except Exception:  # noqa: BLE001 - the page itself failed (database down?): answer plainly
            log.exception("the error page failed too")
            return PlainTextResponse(i18n._(MESSAGES[status]), status_code=status, headers=headers)


async def too_large(scope, receive, send) -> None:
    """The ASGI app the body limit calls: the 413 page, in the browser's language."""
    request = Request(scope, receive)
    with i18n.use_language(language_of(request)):
        response = await error_response(request, 413)
    await response(scope, receive, send)


async def csrf_failed(scope, receive, send) -> None:
    """The ASGI app the CSRF middleware calls when a token is missing or wrong. (An API call by
    nobody never gets here: the middleware lets it through to the endpoint's 401.)"""
    request = Request(scope, receive)
    response = await error_response(request, 403, CSRF_MESSAGE)
    await response(scope, receive, send)
