"""Following and the bridge to the idea board, in front of people: what the thread, category and
forums pages add (reading recorded, "n new" and "jump to first unread", the watch level), the
watch forms, and "Turn into an idea". Every rule is the services' (forums/following.py,
forums/bridge.py); these only translate HTTP."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from forums import bridge, categories, following, threads
from forums.models import WATCH_LEVELS, Category, Post, Thread
from portal import i18n
from portal.accounts.models import Member
from portal.web.forms import form_data, redirect, require_member
from portal.web.templating import flash, render

WATCH_PARTIAL = "forums/_watch_control.html"


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


async def thread_context(member: Member | None, thread: Thread, shown: list[Post]) -> dict:
    """What the thread page adds for following: records the read (following.thread_seen) and
    brings the first unread post, the member's level and the bridge's state."""
    return {
        "first_unread": await following.thread_seen(member, thread, shown),
        "watch": {"level": await following.level_for(member, thread), "levels": WATCH_LEVELS,
                  "action": f"/threads/{thread.pk}/watch", "id": f"watch-thread-{thread.pk}"},
        "may_convert": bridge.may_convert(member, thread),
        "became": await bridge.became(thread),
    }


async def category_context(member: Member | None, category: Category, shown: list[Thread]) -> dict:
    """What the category page adds: "n new" on the threads read before (thread.unread), and the
    member's level for the category."""
    await mark_unread(member, shown)
    return {"watch": {"level": await following.category_level(member, category), "levels": WATCH_LEVELS,
                      "action": f"/forums/{category.slug}/watch", "id": f"watch-category-{category.pk}",
                      "category": True}}


async def mark_unread(member: Member | None, shown: list[Thread]) -> None:
    """Give each listed thread with posts new to the member `unread` = (count, first post id), for
    the thread line (forums/_macros.html). Two queries for the whole list."""
    marks = await following.unread_marks(member, shown)
    for thread in shown:
        thread.unread = marks.get(thread.pk)  # read by the template only


async def index_context(member: Member | None, listed: list[Category]) -> dict:
    """What /forums adds: per category, how many threads read before have new posts."""
    return {"unread_categories": await following.unread_by_category(member, listed)}


async def watch_thread(request: Request):
    """The watch form of a thread: with htmx it answers with the control alone."""
    member = require_member(request)
    thread_id = request.path_params["thread_id"]
    form = await form_data(request)
    await following.set_level(member, form.get("level", ""), thread_id=thread_id)
    if _htmx(request):
        thread = await threads.get_thread(member, thread_id)
        return await render(request, WATCH_PARTIAL, {"watch": {
            "level": await following.level_for(member, thread), "levels": WATCH_LEVELS, "saved": True,
            "action": f"/threads/{thread_id}/watch", "id": f"watch-thread-{thread_id}"}})
    flash(request, i18n._("Saved: we will tell you of this thread as you chose."))
    return redirect(f"/threads/{thread_id}")


async def watch_category(request: Request):
    """The watch form of a category: with htmx it answers with the control alone."""
    member = require_member(request)
    form = await form_data(request)
    watch = await following.set_level(member, form.get("level", ""), category=request.path_params["slug"])
    category = await categories.get_category(member, request.path_params["slug"])
    if _htmx(request):
        return await render(request, WATCH_PARTIAL, {"watch": {
            "level": watch.level, "levels": WATCH_LEVELS, "saved": True, "category": True,
            "action": f"/forums/{category.slug}/watch", "id": f"watch-category-{category.pk}"}})
    flash(request, i18n._("Saved: we will tell you of this category as you chose."))
    return redirect(f"/forums/{category.slug}")


async def convert(request: Request):
    """"Turn into an idea", after its confirmation: back to the thread, which shows the idea."""
    member = require_member(request)
    thread = await bridge.convert(member, request.path_params["thread_id"])
    flash(request, i18n._("Your thread is now an idea: “%(title)s”. People who liked it are invited to vote.",
                          title=thread.title))
    return redirect(f"/threads/{thread.pk}#became")


routes = [
    Route("/threads/{thread_id:int}/watch", watch_thread, methods=["POST"]),
    Route("/forums/{slug:str}/watch", watch_category, methods=["POST"]),
    Route("/threads/{thread_id:int}/convert", convert, methods=["POST"]),
]
