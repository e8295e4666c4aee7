"""Pure ASGI middleware: request ids and logs, security headers, who is asking, and CSRF.

Pure ASGI (not BaseHTTPMiddleware) because the CSRF check must read a form body and hand it on
intact to the endpoint."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from urllib.parse import parse_qs

import itsdangerous
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal import i18n, settings
from portal.accounts import api_tokens, sessions

log = logging.getLogger("portal.requests")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SESSION_COOKIE = "vox_session"
CSRF_COOKIE = "vox_csrf"
LANG_COOKIE = "vox_lang"


def cookie_name(base: str) -> str:
    return settings.current().cookie_prefix + base


class RequestLog:
    """Gives each request an id (kept from X-Request-ID when sent), and logs one JSON line."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        incoming = Headers(scope=scope).get("x-request-id", "")
        request_id = incoming if 8 <= len(incoming) <= 64 and incoming.isalnum() else secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                MutableHeaders(scope=message)["x-request-id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            if settings.current().log_requests:
                log.info(json.dumps({
                    "request_id": request_id, "method": scope["method"], "path": scope["path"],
                    "status": status["code"], "ms": round((time.perf_counter() - started) * 1000, 1),
                    "member": scope["state"].get("member_id"),
                }))


class _TooLarge(Exception):
    """The request body grew past the limit while it was being read."""


# Routes that take a file: their bodies may reach settings.max_upload_bytes. The features add
# theirs (Feature.uploads) when the site is built.
CORE_UPLOAD_PATHS = frozenset({"/me/avatar"})
UPLOAD_PATHS: set[str] = set(CORE_UPLOAD_PATHS)


def install_upload_paths(paths) -> None:
    """Replace the upload routes with the core's and the installed features' (portal/features.py)."""
    UPLOAD_PATHS.clear()
    UPLOAD_PATHS.update(CORE_UPLOAD_PATHS, paths)


class BodyLimit:
    """Refuses request bodies over PORTAL's limit (settings.max_body_bytes, max_upload_bytes on
    UPLOAD_PATHS) with the site's own 413 page: at once when Content-Length says so, else as soon
    as the streamed body passes it.

    Our own instead of Starlette's max_body_size, whose answer is plain text."""

    def __init__(self, app: ASGIApp, on_too_large: ASGIApp):
        self.app = app
        self.on_too_large = on_too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        config = settings.current()
        limit = config.max_upload_bytes if scope["path"] in UPLOAD_PATHS else config.max_body_bytes
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return await self.on_too_large(scope, receive, send)
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if started:
                raise
            await self.on_too_large(scope, receive, send)


# Responses under these paths show a secret or personal data (a new API token, a one-time link's
# form, an export, the customer view): no cache, not even the browser's, may keep them.
NO_STORE_PREFIXES = ("/me/tokens", "/me/export", "/me/sessions", "/api/v1/me", "/staff/members/",
                     "/password/reset/", "/verify/", "/me/email/confirm/", "/newsletter/stop/")


def cache_control(scope: Scope) -> str | None:
    """The Cache-Control a response gets unless its route chose one: `no-store` where it shows a
    secret or personal data, `private` for anyone logged in or calling with a token (the page is
    theirs: no shared cache may serve it to someone else), nothing forced for visitors' pages and
    static files."""
    path = scope["path"]
    if path.startswith("/static/"):
        return None
    if path.startswith(NO_STORE_PREFIXES):
        return "no-store"
    headers = Headers(scope=scope)
    if headers.get("authorization") or cookie_name(SESSION_COOKIE) in cookie_parser(headers.get("cookie", "")):
        return "private"
    return None


class SecurityHeaders:
    """The security headers on every response, and its Cache-Control (see cache_control())."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if settings.current().https:
                    headers.setdefault("strict-transport-security", "max-age=31536000")
                caching = cache_control(scope)
                if caching == "no-store":
                    headers["cache-control"] = caching  # whatever the route said
                elif caching:
                    headers.setdefault("cache-control", caching)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Identity:
    """Works out who is asking: a bearer API token, else the session cookie; and in which language.

    With an Authorization header, cookies are ignored, so API calls need no CSRF token."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)
        request = Request(scope)
        state = scope.setdefault("state", {})
        state.update(member=None, session=None, api_token=None)
        authorization = request.headers.get("authorization", "")
        if authorization:
            scheme, _, raw = authorization.partition(" ")
            token = await api_tokens.authenticate(raw.strip()) if scheme.lower() == "bearer" else None
            state["api_token"] = token
            state["member"] = token.member if token else None
            if token is not None and "staff" not in (token.scopes or ()):
                # Every staff power through a token needs the staff scope, in every service.
                token.member.without_staff_powers()
            state["bad_credentials"] = token is None
        else:
            session = await sessions.resolve(request.cookies.get(cookie_name(SESSION_COOKIE)))
            if session is not None:
                state.update(member=session.member, session=session)
        member = state["member"]
        state["member_id"] = member.pk if member else None
        with i18n.use_language(language_of(request)):
            await self.app(scope, receive, send)


def language_of(request: Request) -> str:
    """The member's setting, else the language switch's cookie, else Accept-Language."""
    member = request.scope.get("state", {}).get("member")
    lang = (member.language if member else None) or request.cookies.get(LANG_COOKIE)
    if lang not in i18n.LANGUAGES:
        lang = i18n.negotiate(request.headers.get("accept-language")) or i18n.DEFAULT_LANGUAGE
    return lang


class FlashSession(SessionMiddleware):
    """Starlette's signed session cookie (it carries only short flash messages), signed with the
    site key in force when a request comes: without PORTAL_SECRET_KEY that key is read from the
    database at start-up, after the middleware was built."""

    def __init__(self, app: ASGIApp, session_cookie: str, https_only: bool, max_age: int | None) -> None:
        super().__init__(app, secret_key="", session_cookie=session_cookie, https_only=https_only,
                         max_age=max_age)
        self._key = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            key = settings.current().secret_key
            if not key:
                raise RuntimeError("no signing key: portal.site_key.configure() has not run")
            if key != self._key:
                self.signer, self._key = itsdangerous.TimestampSigner(key), key
        await super().__call__(scope, receive, send)


def sign_csrf(value: str) -> str:
    key = settings.current().secret_key.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class CSRF:
    """Every unsafe request must carry a token: the `csrf_token` form field, or the X-CSRF-Token
    header (htmx and scripts). The token is an HMAC of a random cookie (a signed double-submit
    cookie), so another site can neither read nor forge it. The cookie is renewed at login and
    logout (`CSRF.rotate`), so a token read before is useless after.

    Requests authenticated by a bearer token carry no cookies that could be abused: they need no
    token and get no cookie. Neither does an API call without a live session: it has no authority
    another site could borrow, and the endpoint answers it (401 where a login is needed)."""

    def __init__(self, app: ASGIApp, on_failure: ASGIApp):
        self.app = app
        self.on_failure = on_failure

    @staticmethod
    def rotate(request: Request) -> None:
        """Give this response a fresh CSRF cookie (call it at login and logout)."""
        request.state.csrf_rotate = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)
        request = Request(scope)
        state = scope.setdefault("state", {})
        # Identity ran before us: with an Authorization header it ignored the cookies.
        cookieless = bool(request.headers.get("authorization")) or (
            scope["path"].startswith("/api/") and state.get("session") is None)
        name = cookie_name(CSRF_COOKIE)
        cookie = request.cookies.get(name, "")
        new_cookie = None
        if len(cookie) < 32:
            cookie = secrets.token_urlsafe(32)
            new_cookie = None if cookieless else cookie
        expected = sign_csrf(cookie)
        state["csrf_token"] = expected

        if scope["method"] in UNSAFE_METHODS and not cookieless:
            submitted = request.headers.get("x-csrf-token", "")
            if not submitted:
                submitted, receive = await self._form_token(scope, receive)
            if new_cookie or not hmac.compare_digest(submitted or "", expected):
                return await self.on_failure(scope, receive, send)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                value = secrets.token_urlsafe(32) if state.get("csrf_rotate") else new_cookie
                if value:
                    secure = "; Secure" if settings.current().https else ""
                    MutableHeaders(scope=message).append(
                        "set-cookie", f"{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _form_token(self, scope: Scope, receive: Receive) -> tuple[str, Receive]:
        """Read the body to find csrf_token, then give the endpoint a receive that replays it."""
        content_type = Headers(scope=scope).get("content-type", "")
        if not content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            return "", receive
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        token = ""
        if content_type.startswith("application/x-www-form-urlencoded"):
            token = parse_qs(body.decode("latin-1")).get("csrf_token", [""])[0]
        else:
            form = await Request(scope, _replayer(body, receive)).form()
            token = str(form.get("csrf_token", ""))
            await form.close()
        return token, _replayer(body, receive)


def _replayer(body: bytes, original: Receive) -> Receive:
    """A receive that hands out the already-read body once, then listens to the real one
    (which reports the client's disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
