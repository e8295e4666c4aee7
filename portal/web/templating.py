"""The one rendering helper: Jinja2 with each package's templates, gettext and autoescaping."""
from __future__ import annotations

import importlib.util
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from babel.dates import format_datetime, format_timedelta
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from portal import i18n
from portal.accounts.permissions import can
from portal.markdown import render_markdown
from portal.profiles.names import public_name

# Packages whose templates/ folders are searched, in this order.
TEMPLATE_PACKAGES = ["portal", "ideas", "forums", "surveys", "loyalty"]


def _template_dirs() -> list[Path]:
    dirs = []
    for name in TEMPLATE_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            folder = Path(spec.origin).parent / "templates"
            if folder.is_dir():
                dirs.append(folder)
    return dirs


def _when(value: datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return format_datetime(value, format=format, locale=i18n.current_language(), tzinfo=timezone.utc)


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    delta = value - datetime.now(timezone.utc)
    return format_timedelta(delta, add_direction=True, locale=i18n.current_language())


def register_global(name: str, value) -> None:
    """Features make a value every template sees (the idea board: its status labels)."""
    environment().globals[name] = value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in _template_dirs()]),
        # Starlette does not turn autoescape on for an Environment we build ourselves.
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(gettext=i18n.gettext_for_templates,
                                  ngettext=i18n.ngettext_for_templates, newstyle=True)
    env.filters["when"] = _when
    env.filters["ago"] = _ago
    env.filters["markdown"] = render_markdown
    # A message id (or an already filled-in message) from Python code, translated but never used
    # as a format string, so a value typed by a user cannot break it.
    env.filters["translated"] = i18n.gettext_for_templates
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    # Templates only ask, to show or hide a link; the services enforce the same permission.
    env.globals["can"] = can
    # A member's name as others see it, or None for a former member (portal/profiles/names.py).
    env.globals["public_name"] = public_name
    env.filters["public_name"] = public_name
    return env


def render_string(name: str, context: dict) -> str:
    return environment().get_template(name).render(context)


async def page_context(request: Request) -> dict:
    """What every page's layout needs: the member, the CSRF token, the language, the bell."""
    from portal.notify.service import unread_count  # the bell belongs to notify

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
                 partial: str | None = None, headers: dict | None = None) -> HTMLResponse:
    """Render a page, or only its partial when htmx asked for it (the page includes the partial)."""
    values = await page_context(request)
    values.update(context or {})
    # A history restore (Back after a cache miss) needs the whole page, though htmx asks for it.
    htmx = (request.headers.get("hx-request") == "true"
            and request.headers.get("hx-history-restore-request") != "true")
    template = partial if (partial and htmx) else name
    response = HTMLResponse(environment().get_template(template).render(values), status_code=status,
                            headers=headers)
    response.headers["Vary"] = "HX-Request, Accept-Language, Cookie"
    return response


def flash(request: Request, message: str, kind: str = "success") -> None:
    """A short message shown once on the next page (kept in the signed session cookie)."""
    request.session.setdefault("flashes", []).append({"message": message, "kind": kind})
    request.session["flashes"] = request.session["flashes"]
