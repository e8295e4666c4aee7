"""Site-wide pages: the front page, search across everything, and the health check."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tortoise.connection import get_connections

from portal import search
from portal.pagination import page_number
from portal.profiles import service as profiles
from portal import navigation
from portal.web.forms import member_of
from portal.web.templating import render


async def home(request: Request):
    return await render(request, "home.html", {"pulse": await profiles.community_pulse(),
                                               "sections": await navigation.home_sections(member_of(request))}, shared=True)


async def search_page(request: Request):
    q = request.query_params.get("q", "").strip()
    filters = search.type_filters()
    # A type is a value from the list of installed ones; anything else means every type.
    chosen = request.query_params.get("type", "")
    chosen = chosen if chosen in filters else ""
    results = await search.search(member_of(request), q, page=page_number(request.query_params.get("page")),
                                  types=(chosen,) if chosen else None)
    return await render(request, "search.html", {
        "q": q, "results": results, "groups": search.grouped(results.hits), "chosen": chosen,
        "type_filters": filters, "type_labels": search.type_labels(), "words": search.query_words(q),
    }, partial="_search_results.html")


async def healthz(request: Request):
    """200 when the database answers a query, 503 otherwise (for load balancers and uptime checks)."""
    try:
        await get_connections().get("default").execute_query("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


routes = [
    Route("/", home),
    Route("/search", search_page),
    Route("/healthz", healthz),
]
