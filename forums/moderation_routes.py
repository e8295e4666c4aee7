"""Pages of forum moderation: the flag control on a post, the moderators' queue, the moderate
controls of a thread and its posts, splitting and merging threads, a member's standing, and the
audit log. Every rule is the services' (forums/moderation.py, reshape.py, trust.py); these only
translate HTTP."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import Route

from forums import categories, moderation, posts, reshape, trust
from forums.models import FLAG_LABELS
from portal import i18n
from portal.clock import now
from portal.errors import N_, Conflict, Invalid, Unauthenticated
from portal.pagination import page_number
from portal.web.forms import form_data, int_or_none, member_of, redirect, require_member, safe_next, values_of
from portal.web.templating import flash, render

def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _back(form: dict, default: str) -> str:
    return safe_next(form.get("next"), default)


# -- flags ---------------------------------------------------------------------------------------

async def flag(request: Request):
    """The flag control: with htmx it answers with the control replaced by the thanks; without
    JavaScript it returns to the post with a flash. A visitor is taken to the login first."""
    member = member_of(request)
    post_id = request.path_params["post_id"]
    back = f"/posts/{post_id}"
    if member is None:
        if _htmx(request):
            raise Unauthenticated()
        return redirect("/login?" + urlencode({"next": back}))
    form = await form_data(request)
    try:
        await moderation.flag_post(member, post_id, form.get("reason", ""), form.get("note", ""))
        message, kind = i18n._("Thanks. A moderator will look at it."), "success"
    except Conflict as exc:  # their own post, or flagged already: said, not an error page
        message, kind = i18n._(exc.message), "warning"
    except Invalid as exc:
        post = await posts.get_post(member, post_id)
        return await render(request, "forums/moderation/flag.html", {
            "post": post, "flag_form": form, "flag_errors": exc.errors, "flag_labels": FLAG_LABELS},
            status=422, partial="forums/_mod_flag.html")
    if _htmx(request):
        return await render(request, "forums/_mod_flag.html", {"post": {"id": post_id}, "done": message})
    flash(request, message, kind)
    return redirect(back)


# -- the queue -----------------------------------------------------------------------------------

async def queue(request: Request, errors: dict | None = None, form: dict | None = None, status: int = 200):
    member = require_member(request)
    page = await moderation.queue(member, page_number(request.query_params.get("page")))
    return await render(request, "forums/moderation/queue.html", {
        "page": page, "labels": FLAG_LABELS, "errors": errors or {}, "form": form or {}}, status=status)


async def moderate_post(request: Request):
    """Approve, hide or restore a post (the queue, the thread page). A hide without its reason
    comes back with the form as typed (422)."""
    member = require_member(request)
    post_id = request.path_params["post_id"]
    form = await form_data(request)
    action = form.get("action", "")
    try:
        await moderation.moderate_post(member, post_id, action, form.get("reason", ""))
    except Invalid as exc:
        post = await posts.get_post(member, post_id)
        return await render(request, "forums/moderation/post.html", {
            "post": post, "form": form, "errors": exc.errors, "back": _back(form, f"/posts/{post_id}")},
            status=422)
    flash(request, {"hide": i18n._("The post is hidden. Its author is told why."),
                    "restore": i18n._("The post is shown again."),
                    "approve": i18n._("The post is approved.")}[action])
    return redirect(_back(form, f"/posts/{post_id}"))


# -- a thread ------------------------------------------------------------------------------------

async def moderate_thread(request: Request):
    """Lock, pin, move, hide or restore a thread; a hide without its reason, or a move without a
    category, comes back with the form as typed (422)."""
    member = require_member(request)
    thread_id = request.path_params["thread_id"]
    form = await form_data(request)
    action = form.get("action", "")
    try:
        await moderation.moderate_thread(member, thread_id, action, reason=form.get("reason", ""),
                                         category=int_or_none(form.get("category")))
    except Invalid as exc:
        thread, _ = await reshape.for_reshaping(member, thread_id)
        return await render(request, "forums/moderation/thread.html", {
            "thread": thread, "mod_form": form, "mod_errors": exc.errors,
            "mod_categories": await categories.list_categories(member)}, status=422)
    flash(request, i18n._("Done: the thread is changed."))
    return redirect(f"/threads/{thread_id}")


async def split(request: Request):
    member = require_member(request)
    thread_id = request.path_params["thread_id"]
    thread, answers = await reshape.for_reshaping(member, thread_id)
    context = {"thread": thread, "answers": answers, "categories": await categories.list_categories(member),
               "form": {"category": str(thread.category_id)}, "chosen": set(), "errors": {}}
    if request.method == "GET":
        return await render(request, "forums/moderation/split.html", context)
    form = await form_data(request)
    chosen = [number for number in (int_or_none(value) for value in values_of(form, "posts")) if number]
    try:
        made = await reshape.split_thread(member, thread_id, chosen, form.get("title", ""),
                                          int_or_none(form.get("category")))
    except Invalid as exc:
        return await render(request, "forums/moderation/split.html", {
            **context, "form": form, "chosen": set(chosen), "errors": exc.errors}, status=422)
    flash(request, i18n._("The answers are a thread of their own now."))
    return redirect(f"/threads/{made.pk}")


THREAD_NUMBER = re.compile(r"(\d+)\D*$")


async def merge(request: Request):
    member = require_member(request)
    thread_id = request.path_params["thread_id"]
    thread, _ = await reshape.for_reshaping(member, thread_id)
    if request.method == "GET":
        return await render(request, "forums/moderation/merge.html", {"thread": thread, "form": {}, "errors": {}})
    form = await form_data(request)
    # A thread's number, or its address pasted from the browser (…/threads/12#post-3).
    typed = str(form.get("into", "")).split("#")[0].strip()
    match = THREAD_NUMBER.search(typed)
    try:
        if match is None:
            raise Invalid("into", N_("Give the number or the address of the thread to merge into."))
        into = await reshape.merge_threads(member, thread_id, int(match.group(1)), form.get("reason", ""))
    except Invalid as exc:
        return await render(request, "forums/moderation/merge.html", {
            "thread": thread, "form": form, "errors": exc.errors}, status=422)
    flash(request, i18n._("The threads are merged."))
    return redirect(f"/threads/{into.pk}")


# -- a member ------------------------------------------------------------------------------------

async def member_page(request: Request, form: dict | None = None, errors: dict | None = None, status: int = 200):
    staff = require_member(request)
    person, standing, level, actions = await moderation.record(staff, request.path_params["member_id"])
    return await render(request, "forums/moderation/member.html", {
        "person": person, "standing": standing, "level": level, "level_label": trust.LEVEL_LABELS[level],
        "actions": actions, "form": form or {}, "errors": errors or {},
        "paused": standing.silenced_until is not None and standing.silenced_until > now()}, status=status)


async def silence(request: Request):
    staff = require_member(request)
    member_id = request.path_params["member_id"]
    form = await form_data(request)
    days = int_or_none(form.get("days"))
    try:
        found = await moderation.silence(staff, member_id, days if days is not None else -1, form.get("reason", ""))
    except Invalid as exc:
        return await member_page(request, form, exc.errors, 422)
    flash(request, i18n._("Their posting is paused.") if found.silenced_until else i18n._("They may post again."))
    return redirect(f"/staff/forums/members/{member_id}")


async def verified(request: Request):
    staff = require_member(request)
    member_id = request.path_params["member_id"]
    form = await form_data(request)
    found = await trust.mark_verified_customer(staff, member_id, form.get("verified") == "on")
    flash(request, i18n._("Marked as a verified customer.") if found.verified_customer
          else i18n._("No longer marked as a verified customer."))
    return redirect(f"/staff/forums/members/{member_id}")


# -- the audit log -------------------------------------------------------------------------------

async def audit_log(request: Request):
    staff = require_member(request)
    page = await moderation.audit_log(staff, page_number(request.query_params.get("page")))
    threads, members = await moderation.subjects(page.items)
    return await render(request, "forums/moderation/log.html", {
        "page": page, "threads": threads, "members": members})


routes = [
    Route("/posts/{post_id:int}/flag", flag, methods=["POST"]),
    Route("/staff/forums/queue", queue),
    Route("/staff/forums/posts/{post_id:int}/moderate", moderate_post, methods=["POST"]),
    Route("/staff/forums/threads/{thread_id:int}/moderate", moderate_thread, methods=["POST"]),
    Route("/staff/forums/threads/{thread_id:int}/split", split, methods=["GET", "POST"]),
    Route("/staff/forums/threads/{thread_id:int}/merge", merge, methods=["GET", "POST"]),
    Route("/staff/forums/members/{member_id:int}", member_page),
    Route("/staff/forums/members/{member_id:int}/silence", silence, methods=["POST"]),
    Route("/staff/forums/members/{member_id:int}/verified", verified, methods=["POST"]),
    Route("/staff/forums/log", audit_log),
]
