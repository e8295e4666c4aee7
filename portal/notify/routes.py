"""The notifications page, marking read, and the bell's live count (server-sent events)."""
from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from portal import i18n
from portal.notify import groups, service
from portal.notify.kinds import filters
from portal.pagination import page_number
from portal.rendering import render_string
from portal.web.forms import redirect, require_member
from portal.web.templating import flash, render

STREAM_POLL_SECONDS = 3.0
STREAM_MAX_SECONDS = 300  # the browser reconnects; a bounded stream frees stale connections


async def list_notifications(request: Request):
    member = require_member(request)
    show = groups.show_value(request.query_params.get("show"))
    page = await groups.page_for(member, show=show, page=page_number(request.query_params.get("page")))
    return await render(request, "notify/list.html", {"page": page, "show": show, "filters": filters()})


async def read_one(request: Request):
    """Open a notification (and its group): marked read, then on to what it is about."""
    member = require_member(request)
    group = await service.read_group(member, request.path_params["notification_id"])
    return redirect(group.url or "/me/notifications")


async def read_all(request: Request):
    member = require_member(request)
    await service.mark_all_read(member)
    flash(request, i18n._("All caught up."))
    return redirect("/me/notifications")


def _badge(count: int) -> str:
    return render_string("notify/_badge.html", {"unread": count}).replace("\n", "")


async def stream(request: Request):
    """Server-sent events: an `unread` event with the bell's badge whenever the count changes."""
    member = require_member(request)
    lang = i18n.current_language()

    async def events():
        last = None
        waited = 0.0
        while waited < STREAM_MAX_SECONDS:
            count = await service.unread_count(member)
            if count != last:
                last = count
                with i18n.use_language(lang):
                    yield f"event: unread\ndata: {_badge(count)}\n\n"
            if await request.is_disconnected():
                break
            await asyncio.sleep(STREAM_POLL_SECONDS)
            waited += STREAM_POLL_SECONDS

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


routes = [
    Route("/me/notifications", list_notifications),
    Route("/me/notifications/stream", stream),
    Route("/me/notifications/read-all", read_all, methods=["POST"]),
    Route("/me/notifications/{notification_id:int}/read", read_one, methods=["POST"]),
]
