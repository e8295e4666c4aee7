"""The admins' page of dead letters (/staff/events): retry or discard what a consumer gave up on."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from portal import i18n
from portal import undelivered as deadletters
from portal.web.forms import redirect, require_member
from portal.pagination import page_number
from portal.web.templating import flash, render


async def dead_letters(request: Request):
    admin = require_member(request)
    page = await deadletters.dead_letters(admin, page_number(request.query_params.get("page")))
    return await render(request, "events/dead_letters.html", {"letters": page})


async def retry(request: Request):
    admin = require_member(request)
    if await deadletters.retry(admin, request.path_params["id"]):
        flash(request, i18n._("Done: the event was handled."))
    else:
        flash(request, i18n._("It failed again; the new error is shown."))
    return redirect("/staff/events")


async def discard(request: Request):
    admin = require_member(request)
    if request.method == "GET":
        letter = await deadletters.get(admin, request.path_params["id"])
        return await render(request, "events/discard.html", {"letter": letter})
    await deadletters.discard(admin, request.path_params["id"])
    flash(request, i18n._("The entry was discarded."))
    return redirect("/staff/events")


routes = [
    Route("/staff/events", dead_letters),
    Route("/staff/events/{id:int}/retry", retry, methods=["POST"]),
    Route("/staff/events/{id:int}/discard", discard, methods=["GET", "POST"]),
]
