"""Writing in the forums: similar threads and ideas while a title is typed, drafts kept while
typing (an answer, a new thread), and quoting a post in an answer. Every rule is the services'
(forums/similar.py, drafts.py, quotes.py); these only translate HTTP. The asking page and the
thread page (forums/routes.py) fill their forms with `new_thread_form` and `reply_form`."""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from forums import drafts, quotes, similar
from forums.models import Category, Thread
from portal import i18n
from portal.errors import Invalid
from portal.web.forms import form_data, int_or_none, member_of, redirect, require_member
from portal.web.templating import flash, render


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


# -- the forms, as the pages that hold them start them ---------------------------------------------

async def new_thread_form(request: Request, category: Category) -> dict:
    """The asking page's form: the member's draft of a new thread in the category, if any."""
    draft = await drafts.get_draft(member_of(request), category_id=category.pk)
    return {"form": drafts.as_form(draft), "draft": draft}


async def reply_form(request: Request, thread: Thread) -> dict:
    """The answer form of a thread page: the member's draft of an answer, and under it the post
    asked for with ?quote={post_id} (a Quote link followed without JavaScript)."""
    member = member_of(request)
    draft = await drafts.get_draft(member, thread_id=thread.pk)
    form = drafts.as_form(draft)
    quote = await quotes.quoted(member, thread, int_or_none(request.query_params.get("quote")))
    if quote and quote.strip() not in form.get("body", ""):
        form["body"] = "\n\n".join(part for part in (form.get("body", "").rstrip(), quote) if part)
    return {"form": form, "draft": draft}


# -- similar threads and ideas ------------------------------------------------------------------------

async def similar_page(request: Request):
    """While the title of a new thread is typed: threads (solved first) and ideas like it."""
    title = request.query_params.get("title", "")[:200]
    found = await similar.similar_to(member_of(request), title)
    return await render(request, "forums/_similar.html", {"similar": found, "title": title})


# -- drafts ---------------------------------------------------------------------------------------------

async def _save(request: Request, base: str, back: str, **place):
    member = require_member(request)
    form = await form_data(request)
    try:
        draft = await drafts.save_draft(member, **place, title=str(form.get("title", "")),
                                        body=str(form.get("body", "")), tags=str(form.get("tags", "")))
    except Invalid as exc:
        if not _htmx(request):
            raise
        return await render(request, "forums/_draft_status.html", {"errors": exc.errors}, status=422)
    if _htmx(request):
        return await render(request, "forums/_draft_status.html", {
            "saved": draft is not None, "draft": draft, "draft_base": base})
    flash(request, i18n._("Your draft is saved."))
    return redirect(back)


async def _discard(request: Request, back: str, **place):
    member = require_member(request)
    if await drafts.discard_draft(member, **place):
        flash(request, i18n._("Your draft is discarded."))
    return redirect(back)


async def save_thread_draft(request: Request):
    slug = request.path_params["slug"]
    return await _save(request, f"/forums/{slug}", f"/forums/{slug}/new", category_key=slug)


async def discard_thread_draft(request: Request):
    slug = request.path_params["slug"]
    return await _discard(request, f"/forums/{slug}/new", category_key=slug)


async def save_reply_draft(request: Request):
    thread_id = request.path_params["thread_id"]
    return await _save(request, f"/threads/{thread_id}", f"/threads/{thread_id}#reply", thread_id=thread_id)


async def discard_reply_draft(request: Request):
    thread_id = request.path_params["thread_id"]
    return await _discard(request, f"/threads/{thread_id}#reply", thread_id=thread_id)


# Listed before forums/routes.py's: /forums/similar is not a category.
routes = [
    Route("/forums/similar", similar_page),
    Route("/forums/{slug:str}/draft", save_thread_draft, methods=["POST"]),
    Route("/forums/{slug:str}/draft/discard", discard_thread_draft, methods=["POST"]),
    Route("/threads/{thread_id:int}/draft", save_reply_draft, methods=["POST"]),
    Route("/threads/{thread_id:int}/draft/discard", discard_reply_draft, methods=["POST"]),
]
