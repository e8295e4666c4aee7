"""Pages every visitor sees alike, kept a few seconds in this process.

Most readers of a community are not logged in, and a link shared somewhere sends thousands of them
to the same idea. Its page is the same for each of them (in their language), so a web process
renders it once and hands the same bytes to the next visitors for PORTAL_PAGE_CACHE_SECONDS.

Only what a route marks as shared (`render(..., shared=True)`) is kept, and only for a visitor:
no session, no API token, no flash message waiting, no htmx partial. The page embeds the CSRF
token of the visitor it was rendered for; each visitor gets it with their own token in its place.
Any write through this process (a POST, PUT, PATCH or DELETE that succeeded) empties the cache,
so whoever changes something sees it at once; other processes and machines show it within the
configured seconds."""
from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal import i18n
from portal.web.middleware import UNSAFE_METHODS


@dataclass
class _Page:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    token: bytes  # the CSRF token the body was rendered with
    stored: float


def mark_shared(scope: Scope) -> None:
    """The page being rendered is the same for every visitor (called by `render`)."""
    scope.setdefault("state", {})["shared_page"] = True


class PageCache:
    """ASGI middleware inside Identity and CSRF (it needs to know who asks and their token)."""

    def __init__(self, app: ASGIApp, seconds: float, entries: int = 256):
        self.app = app
        self.seconds = seconds
        self.entries = entries
        self._pages: OrderedDict[tuple, _Page] = OrderedDict()
        # Counts the writes: a page whose rendering began before a write is not kept after it.
        self._generation = 0

    def clear(self) -> None:
        self._pages.clear()
        self._generation += 1

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            return await self.app(scope, receive, send)
        if scope["method"] in UNSAFE_METHODS:
            return await self._write(scope, receive, send)
        key = self._key(scope)
        if key is None:
            return await self.app(scope, receive, send)
        page = self._pages.get(key)
        if page is not None and time.monotonic() - page.stored < self.seconds:
            self._pages.move_to_end(key)
            return await self._replay(page, scope, send)
        await self._render_and_keep(key, scope, receive, send)

    def _key(self, scope: Scope) -> tuple | None:
        """What the page depends on, or None when this request must be answered afresh."""
        if scope["method"] != "GET":
            return None
        state = scope.get("state", {})
        if state.get("member") is not None or state.get("session") is not None or state.get("api_token"):
            return None
        if scope.get("session", {}).get("flashes"):
            return None
        host = b""
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
            elif name in (b"hx-request", b"authorization"):
                return None
        return (scope.get("scheme"), host, scope["path"], scope.get("query_string", b""), i18n.current_language())

    async def _replay(self, page: _Page, scope: Scope, send: Send) -> None:
        token = scope.get("state", {}).get("csrf_token", "").encode()
        body = page.body.replace(page.token, token) if page.token and token else page.body
        headers = [(k, v) for k, v in page.headers if k != b"content-length"]
        headers += [(b"content-length", str(len(body)).encode()),
                    (b"age", str(int(time.monotonic() - page.stored)).encode())]
        await send({"type": "http.response.start", "status": page.status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _render_and_keep(self, key: tuple, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        chunks: list[bytes] = []
        generation = self._generation

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                # A copy: the middleware outside adds its headers (cookies, security) to this list.
                start = {**message, "headers": list(message.get("headers", []))}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and generation == self._generation:
                    self._store(key, scope, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, keep)

    def _store(self, key: tuple, scope: Scope, start: Message, body: bytes) -> None:
        state = scope.get("state", {})
        headers = start.get("headers", [])
        if (start.get("status") != 200 or not state.get("shared_page")
                or any(name == b"set-cookie" for name, _ in headers)):
            return
        self._pages[key] = _Page(start["status"], headers, body, state.get("csrf_token", "").encode(),
                                 time.monotonic())
        self._pages.move_to_end(key)
        while len(self._pages) > self.entries:
            self._pages.popitem(last=False)

    async def _write(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A write: whatever it changed must not be served stale from here afterwards."""
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            if status < 400:
                self.clear()
