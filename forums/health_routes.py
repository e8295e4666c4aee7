"""The support health page for staff (/staff/forums); the figures come from forums/health.py."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from forums import health
from portal.web.forms import require_member
from portal.web.templating import render


async def health_page(request: Request):
    figures = await health.support_health(require_member(request))
    return await render(request, "forums/health.html", {"health": figures, "stale_hours": 24})


routes = [Route("/staff/forums", health_page)]
