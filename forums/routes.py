"""Pages of the forums: the categories, a category's threads, asking, a thread with its answers,
answering, likes, the accepted answer, editing a post and its history. Every rule is the services'
(forums/rules.py, threads.py, posts.py); these only translate HTTP."""
from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import Route

from forums import categories, compose_routes, following_routes, posts, reshape, threads
from forums.models import FLAG_LABELS
from forums.rules import TAG_RE, may_post, moderates
from portal import i18n
from portal.errors import N_, Forbidden, Invalid, Unauthenticated
from portal.markdown import render_markdown
from portal.pagination import page_number
from portal.web.forms import form_data, int_or_none, member_of, redirect, require_member, safe_next
from portal.web.templating import flash, render

PER_PAGE = 50  # posts on a page of a thread


async def index(request: Request):
    member = member_of(request)
    listed = await categories.list_categories(member)
    return await render(request, "forums/index.html", {
        "categories": listed, **await following_routes.index_context(member, listed)}, shared=True)


def _filters(request: Request) -> dict:
    params = request.query_params
    sort = params.get("sort", "latest")
    tag = params.get("tag", "").strip().lower()[:24]
    return {"sort": sort if sort in threads.SORTS else "latest", "tag": tag if TAG_RE.match(tag) else ""}


async def category_page(request: Request):
    member = member_of(request)
    category = await categories.get_category(member, request.path_params["slug"])
    filters = _filters(request)
    page = await threads.list_threads(member, category, sort=filters["sort"], tag=filters["tag"],
                                      page=page_number(request.query_params.get("page")))
    base = f"/forums/{category.slug}"
    return await render(request, "forums/category.html", {
        "category": category, "page": page, "filters": filters, "sorts": threads.SORTS,
        "tags": await threads.category_tags(member, category), "may_post": may_post(member, category),
        "list_base": base, "keep": {key: value for key, value in filters.items() if value and value != "latest"},
        **await following_routes.category_context(member, category, page.items),
    }, partial="forums/_threads.html", shared=True)


async def new_thread(request: Request):
    member = require_member(request)
    category = await categories.get_category(member, request.path_params["slug"])
    if request.method == "GET":
        if not may_post(member, category):
            raise Forbidden(N_("Please confirm your email address first: we sent you a link.")
                            if not member.is_verified else N_("Only the team may start threads in this category."))
        return await render(request, "forums/new.html", {
            "category": category, "errors": {}, **await compose_routes.new_thread_form(request, category)})
    form = await form_data(request)
    try:
        thread = await threads.start_thread(member, category.pk, form.get("title", ""), form.get("body", ""),
                                            form.get("tags", ""))
    except Invalid as exc:
        return await render(request, "forums/new.html", {"category": category, "form": form, "errors": exc.errors},
                            status=422)
    flash(request, i18n._("Your question is up. You will hear when someone answers."))
    return redirect(f"/threads/{thread.pk}")


async def _thread_context(request: Request, thread_id: int, page_no: int = 1) -> dict:
    member = member_of(request)
    thread = await threads.get_thread(member, thread_id)
    page = await posts.posts_of(member, thread, page=page_no, per_page=PER_PAGE)
    accepted = await posts.accepted_post(member, thread)
    for post in page.items:  # may_edit asks the post's thread (whether it is locked)
        post.thread = thread
    opening = await posts.opening_post_id(thread)
    question = page.items[0] if page.items and page.items[0].pk == opening else None
    return {
        "thread": thread, "category": thread.category, "page": page, "question": question,
        "answers": page.items[1:] if question else page.items, "accepted": accepted,
        "liked": await posts.liked_ids(member, page.items + ([accepted] if accepted else [])),
        "may_post": may_post(member, thread.category), "moderates": moderates(member),
        "may_accept": posts.may_accept(member, thread), "may_edit": posts.may_edit,
        "may_like": posts.may_like,
        "opening_id": opening, "form": {}, "errors": {},
        # The moderate controls' "move to" choice (forums/_mod_thread.html).
        "mod_categories": await categories.list_categories(member) if moderates(member) else [],
        "flag_labels": FLAG_LABELS,
        **await following_routes.thread_context(member, thread, page.items),
    }


async def show_thread(request: Request):
    # A thread merged into another leads there (forums/reshape.py), whoever asks.
    if merged := await reshape.merged_target(request.path_params["thread_id"]):
        return redirect(f"/threads/{merged}")
    context = await _thread_context(request, request.path_params["thread_id"],
                                    page_number(request.query_params.get("page")))
    context.update(await compose_routes.reply_form(request, context["thread"]))  # a draft, a quote
    return await render(request, "forums/thread.html", context, shared=True)


async def answer(request: Request):
    member = require_member(request)
    thread_id = request.path_params["thread_id"]
    form = await form_data(request)
    try:
        post = await posts.reply(member, thread_id, form.get("body", ""))
    except Invalid as exc:
        context = await _thread_context(request, thread_id)
        context.update(form=form, errors=exc.errors)
        return await render(request, "forums/thread.html", context, status=422)
    return redirect(await _place_of(member, post))


async def _place_of(member, post) -> str:
    """Where a post is: its thread's page, at the post."""
    number = await posts.page_of(member, post, PER_PAGE)
    return f"/threads/{post.thread_id}" + (f"?page={number}" if number > 1 else "") + f"#post-{post.pk}"


async def goto_post(request: Request):
    """A post's own address (links to an accepted answer, notifications): its place in the thread."""
    member = member_of(request)
    post = await posts.get_post(member, request.path_params["post_id"])
    return redirect(await _place_of(member, post))


async def like(request: Request):
    """The like button: with htmx it answers with the button alone; without JavaScript it returns
    to the post. A visitor is taken to the login first."""
    member = member_of(request)
    post_id = request.path_params["post_id"]
    form = await form_data(request)
    back = safe_next(form.get("next"), f"/posts/{post_id}")
    if member is None:
        if request.headers.get("hx-request") == "true":
            raise Unauthenticated()
        return redirect("/login?" + urlencode({"next": back}))
    post = await posts.set_like(member, post_id, form.get("liked") == "on")
    if request.headers.get("hx-request") == "true":
        return await render(request, "forums/_like_button.html", {
            "post": post, "liked": form.get("liked") == "on", "back": back, "may_like": posts.may_like})
    return redirect(back)


async def accept(request: Request):
    member = require_member(request)
    thread_id = request.path_params["thread_id"]
    form = await form_data(request)
    post_id = int_or_none(form.get("post"))
    await posts.accept_answer(member, thread_id, post_id)
    flash(request, i18n._("The answer is marked as the solution.") if post_id
          else i18n._("The thread is no longer marked as solved."))
    return redirect(f"/threads/{thread_id}" + (f"#post-{post_id}" if post_id else ""))


async def edit_post(request: Request):
    member = require_member(request)
    post = await posts.get_post(member, request.path_params["post_id"])
    if not posts.may_edit(member, post):
        raise Forbidden(N_("Only its author can change this post."))
    if request.method == "GET":
        return await render(request, "forums/edit.html", {"post": post, "form": {"body": post.body}, "errors": {}})
    form = await form_data(request)
    try:
        await posts.edit_post(member, post.pk, form.get("body", ""))
    except Invalid as exc:
        return await render(request, "forums/edit.html", {"post": post, "form": form, "errors": exc.errors},
                            status=422)
    flash(request, i18n._("Your changes are saved."))
    return redirect(await _place_of(member, post))


async def history(request: Request):
    member = member_of(request)
    post = await posts.get_post(member, request.path_params["post_id"])
    earlier = await posts.revisions(post)
    return await render(request, "forums/history.html", {
        "post": post, "revisions": [(revision, render_markdown(revision.body)) for revision in reversed(earlier)],
    }, shared=True)


routes = [
    Route("/forums", index),
    Route("/forums/{slug:str}", category_page),
    Route("/forums/{slug:str}/new", new_thread, methods=["GET", "POST"]),
    Route("/threads/{thread_id:int}", show_thread),
    Route("/threads/{thread_id:int}/posts", answer, methods=["POST"]),
    Route("/threads/{thread_id:int}/accept", accept, methods=["POST"]),
    Route("/posts/{post_id:int}", goto_post),
    Route("/posts/{post_id:int}/like", like, methods=["POST"]),
    Route("/posts/{post_id:int}/edit", edit_post, methods=["GET", "POST"]),
    Route("/posts/{post_id:int}/history", history),
]
