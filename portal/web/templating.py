"""The one rendering helper of pages: the shared Jinja2 environment (portal/rendering.py) with what
every page's layout needs, and the whole page or only its partial for htmx."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse

from portal import i18n
from portal.notify.service import unread_count  # the bell belongs to notify
from portal.rendering import environment
from portal.web.page_cache import mark_shared


async def page_context(request: Request) -> dict:
    """What every page's layout needs: the member, the CSRF token, the language, the bell."""
    member = getattr(request.state, "member", None)
    return {
        "request": request,
        "member": member,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "lang": i18n.current_language(),
        "unread": await unread_count(member) if member else 0,
        "flashes": request.session.pop("flashes", []) if "session" in request.scope else [],
    }


async def render(request: Request, name: str, context: dict | None = None, *, status: int = 200,
                 partial: str | None = None, headers: dict | None = None, shared: bool = False) -> HTMLResponse:
    """Render a page, or only its partial when htmx asked for it (the page includes the partial).

    `shared`: the page is the same for every visitor who is not logged in (in their language), so
    a web process may hand the same bytes to the next ones for a few seconds (web/page_cache.py)."""
    values = await page_context(request)
    values.update(context or {})
    # A history restore (Back after a cache miss) needs the whole page, though htmx asks for it.
    htmx = (request.headers.get("hx-request") == "true"
            and request.headers.get("hx-history-restore-request") != "true")
    template = partial if (partial and htmx) else name
    response = HTMLResponse(environment().get_template(template).render(values), status_code=status,
                            headers=headers)
    response.headers["Vary"] = "HX-Request, Accept-Language, Cookie"
    if shared and values["member"] is None and not values["flashes"]:
        mark_shared(request.scope)
    return response


def flash(request: Request, message: str, kind: str = "success") -> None:
    """A short message shown once on the next page (kept in the signed session cookie)."""
    request.session.setdefault("flashes", []).append({"message": message, "kind": kind})
    request.session["flashes"] = request.session["flashes"]
