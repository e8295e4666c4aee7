"""Pages of the idea board: the board, proposing, an idea, voting, following, comments, the
roadmap, and the staff actions on an idea. Rules live in the services (ideas/board.py, votes.py, …)."""
from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ideas import board, campaigns, comments, decisions, rules, team, triage, votes
from ideas.models import STATUSES
from portal import i18n, search
from portal.accounts.permissions import can
from portal.clock import now
from portal.errors import N_, Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from portal.pagination import page_number
from portal.profiles import service as profiles
from portal.web.forms import form_data, int_or_none, member_of, redirect, require_member, safe_next, values_of
from portal.web import resume
from portal.web.templating import flash, render



def _filters(request: Request) -> dict:
    params = request.query_params
    sort = params.get("sort", "trending")
    return {
        "sort": sort if sort in board.SORTS else "trending",
        "status": params.get("status", "") if params.get("status", "") in STATUSES else "",
        "tag": params.get("tag", "")[:24],
        "campaign": int_or_none(params.get("campaign")),
        "q": params.get("q", "").strip()[:200],
        "author": params.get("author", "").strip().lstrip("@").lower()[:32],  # a handle, as in /u/{handle}
    }


async def board_page(request: Request):
    member = member_of(request)
    filters = _filters(request)
    page = await board.list_ideas(member, sort=filters["sort"], status=filters["status"], tag=filters["tag"],
                                    campaign_id=filters["campaign"], q=filters["q"], author=filters["author"],
                                    page=page_number(request.query_params.get("page")))
    return await render(request, "ideas/board.html", {
        "page": page, "filters": filters, "voted": await votes.voted_ids(member, page.items),
        "author": await _author_of(filters["author"]),
        "tags": await board.tags(), "statuses": STATUSES,
        "sorts": board.SORTS, "list_base": "/ideas",
        "keep": {key: value for key, value in filters.items() if value},  # what page links carry on
    }, partial="ideas/_list.html", shared=True)


async def _author_of(handle: str):
    """The member whose ideas the board is filtered to (their name heads the list), or None."""
    if not handle:
        return None
    try:
        return await profiles.get_by_handle(handle)
    except NotFound:  # a handle nobody has (or a former member's): the list is simply empty
        return None


async def _form_context(form: dict, errors: dict) -> dict:
    return {"form": form, "errors": errors, "tags": await board.tags()}


async def new_idea(request: Request):
    member = require_member(request)
    if request.method == "GET":
        form: dict = {"campaign": request.query_params.get("campaign", "")}
        return await render(request, "ideas/new.html", await _form_context(form, {}))
    form = await form_data(request)
    try:
        idea = await board.submit(member, form.get("title", ""), form.get("body", ""), values_of(form, "tags"),
                                    campaign_id=int_or_none(form.get("campaign")))
    except Invalid as exc:
        form["tags"] = values_of(form, "tags")
        return await render(request, "ideas/new.html", await _form_context(form, exc.errors), status=422)
    flash(request, i18n._("Thank you! Your idea is on the board."))
    return redirect(f"/ideas/{idea.pk}")


async def similar(request: Request):
    """While the title is typed: the ideas most like it, so people vote instead of duplicating."""
    title = request.query_params.get("title", "")[:200]
    hits = await search.similar(member_of(request), title, types=("idea",)) if len(title) >= 4 else []
    ideas = await board.ideas_for_hits(member_of(request), hits)
    return await render(request, "ideas/_similar.html", {"similar": ideas, "title": title})


async def _detail_context(request: Request, idea) -> dict:
    member = member_of(request)
    weights = await triage.weights()
    crew = await team.contributors(idea)
    return {
        "idea": idea, "comments": await comments.comments_of(idea), "history": await board.history(idea),
        "voted": idea.pk in await votes.voted_ids(member, [idea]),
        "following": await votes.is_following(member, idea),
        "statuses": [s for s in STATUSES if s != "merged"],
        "can_triage": can(member, "ideas.triage"), "can_moderate": can(member, "content.moderate"),
        "can_edit": board.may_edit(member, idea),
        "related": await board.ideas_for_hits(
            member, await search.related(member, "idea", idea.pk, idea.title, types=("idea",), limit=5)),
        "team": crew, "duplicates": await board.merged_into(idea), "is_tester": member is not None and any(c.member_id == member.pk for c in crew["testers"]),
        "asked": member is not None and any(c.member_id == member.pk for c in crew["requests"] + crew["coauthors"]),
        "priority_parts": triage.parts(idea, weights), "priority_score": triage.score(idea, weights),
        "errors": {}, "form": {},
    }


async def show_idea(request: Request):
    idea = await board.get_idea(member_of(request), request.path_params["idea_id"])
    # A merged idea's address leads to where the conversation goes on; ?read=1 keeps its own
    # page (and comments) readable, linked from the idea it was merged into.
    if idea.status == "merged" and idea.merged_into_id and not request.query_params.get("read"):
        return RedirectResponse(f"/ideas/{idea.merged_into_id}?from={idea.pk}", status_code=301)
    return await render(request, "ideas/show.html", await _detail_context(request, idea), shared=True)


def _at_the_button(back: str, idea_id: int) -> str:
    """The page to return to after a vote, scrolled to the idea's vote button (on every page that
    shows one, it has the id vote-<idea>)."""
    return f"{back.split('#')[0]}#vote-{idea_id}"


async def vote(request: Request):
    """The vote button. With htmx it answers with the button alone: after a refusal (409: no votes
    left, voting closed, merged; 403: the email is not confirmed yet) the button again with the
    reason beside it. Without JavaScript it returns to the button on the page it was on, with a
    short confirmation; a refusal is the error page, except a missing confirmation. A visitor's
    vote, and a vote refused for a missing confirmation, is remembered and cast once they have
    logged in or confirmed (portal/web/resume.py). A POST with a CSRF token like any vote, so no
    other site can make a visitor's browser remember one."""
    member = member_of(request)
    idea_id = request.path_params["idea_id"]
    htmx = request.headers.get("hx-request") == "true"
    back = _at_the_button(safe_next((await form_data(request)).get("next"), f"/ideas/{idea_id}"), idea_id)
    if member is None:
        resume.remember(request, "ideas.vote", idea_id, back)
        if htmx:  # a session that ran out: htmx takes the whole window to the login (web/errors.py)
            raise Unauthenticated()
        return redirect("/login?" + urlencode({"next": back, "why": "vote"}))
    try:
        idea, voted = await votes.toggle_vote(member, idea_id)
    except (Conflict, Forbidden) as refusal:
        return await _vote_refused(request, member, idea_id, refusal, back, htmx)
    if htmx:
        return await render(request, "ideas/_vote_button.html",
                            {"idea": idea, "voted": voted, "back": back.split("#")[0]})
    flash(request, i18n._("Your vote is in.") if voted else i18n._("Your vote is withdrawn."))
    return redirect(back)


async def _vote_refused(request: Request, member, idea_id: int, refusal: Conflict | Forbidden, back: str,
                        htmx: bool) -> Response:
    """A refused vote: with htmx the button again with the reason beside it; without, the error
    page. A missing email confirmation is told where the member clicked (htmx) or on the page
    they return to, and the vote is remembered until they have confirmed."""
    unconfirmed = isinstance(refusal, Forbidden) and not member.is_verified
    if unconfirmed:
        resume.remember(request, "ideas.vote", idea_id, back)
        message = i18n._("Please confirm your email address first: we sent you a link. "
                         "Your vote is cast once you have.")
    elif not htmx:
        raise refusal
    else:
        message = i18n._(refusal.message, **refusal.params) if refusal.params else i18n._(refusal.message)
    if not htmx:
        flash(request, message, "warning")
        return redirect(back)
    idea = await board.get_idea(member, idea_id)
    return await render(request, "ideas/_vote_button.html", {
        "idea": idea, "voted": idea.pk in await votes.voted_ids(member, [idea]),
        "unconfirmed": unconfirmed, "vote_message": message, "back": back.split("#")[0],
    }, status=refusal.status, headers={"Vox-Refusal": "1"})


async def resume_vote(member, idea_id: int) -> str:
    """Cast the vote a visitor clicked before logging in (and never withdraw one: they may have
    voted meanwhile, on another device)."""
    idea, _ = await votes.set_vote(member, idea_id, True)
    return i18n._("Your vote for “%(title)s” is in.", title=idea.title)


async def follow(request: Request):
    member = require_member(request)
    form = await form_data(request)
    idea = await votes.set_follow(member, request.path_params["idea_id"], form.get("follow") == "on")
    return redirect(f"/ideas/{idea.pk}")


async def ask_coauthor(request: Request):
    member = require_member(request)
    idea_id = request.path_params["idea_id"]
    await team.request_coauthor(member, idea_id)
    flash(request, i18n._("Asked. The author decides, and you will hear from us."))
    return redirect(f"/ideas/{idea_id}#team")


async def answer_coauthor(request: Request):
    member = require_member(request)
    idea_id = request.path_params["idea_id"]
    form = await form_data(request)
    await team.answer_coauthor(member, idea_id, request.path_params["member_id"], form.get("decision") == "accept")
    return redirect(f"/ideas/{idea_id}#team")


async def tester(request: Request):
    member = require_member(request)
    idea_id = request.path_params["idea_id"]
    form = await form_data(request)
    join = form.get("join") == "on"
    await team.set_tester(member, idea_id, join)
    flash(request, i18n._("Thank you! You will hear first when it is being built.") if join
          else i18n._("You are no longer signed up to test this idea."))
    return redirect(f"/ideas/{idea_id}#team")


async def comment(request: Request):
    member = require_member(request)
    idea_id = request.path_params["idea_id"]
    form = await form_data(request)
    try:
        created = await comments.add_comment(member, idea_id, form.get("body", ""))
    except Invalid as exc:
        idea = await board.get_idea(member, idea_id)
        context = await _detail_context(request, idea)
        context.update(errors=exc.errors, form=form)
        return await render(request, "ideas/show.html", context, status=422)
    return redirect(f"/ideas/{idea_id}#comment-{created.pk}")


async def edit_idea(request: Request):
    member = require_member(request)
    idea = await board.get_idea(member, request.path_params["idea_id"])
    board.require_may_edit(member, idea)
    if request.method == "GET":
        form: dict = {"title": idea.title, "body": idea.body, "tags": [t.slug for t in idea.tags]}
        return await render(request, "ideas/edit.html", {**await _form_context(form, {}), "idea": idea})
    form = await form_data(request)
    try:
        await board.edit(member, idea.pk, title=form.get("title", ""), body=form.get("body", ""),
                           tag_slugs=values_of(form, "tags"))
    except Invalid as exc:
        form["tags"] = values_of(form, "tags")
        return await render(request, "ideas/edit.html", {**await _form_context(form, exc.errors), "idea": idea},
                            status=422)
    flash(request, i18n._("Your changes are saved."))
    return redirect(f"/ideas/{idea.pk}")


async def _staff_action(request: Request, action) -> Response:
    member = require_member(request)
    idea_id = request.path_params["idea_id"]
    form = await form_data(request)
    try:
        message = await action(member, idea_id, form)
    except Invalid as exc:
        idea = await board.get_idea(member, idea_id)
        context = await _detail_context(request, idea)
        context.update(errors=exc.errors, form=form)
        return await render(request, "ideas/show.html", context, status=422)
    flash(request, message)
    return redirect(f"/ideas/{idea_id}")


async def change_status(request: Request):
    async def action(member, idea_id, form):
        await decisions.change_status(member, idea_id, form.get("status", ""), form.get("note", ""))
        return i18n._("The status is changed and followers are told.")
    return await _staff_action(request, action)


async def hide(request: Request):
    async def action(member, idea_id, form):
        await board.hide(member, idea_id, form.get("reason", ""))
        return i18n._("The idea is hidden. Its author sees why.")
    return await _staff_action(request, action)


async def merge(request: Request):
    async def action(member, idea_id, form):
        into = int_or_none(form.get("into"))
        if into is None:
            raise Invalid("into", N_("Please enter the number of the idea to merge into."))
        try:
            await decisions.merge(member, idea_id, into, form.get("note", ""))
        except Invalid as exc:
            # The page has two note fields (status and merge): say which one.
            if "note" in exc.errors:
                exc.errors["merge_note"] = exc.errors.pop("note")
            raise
        return i18n._("The ideas are merged. Voters and the author are told.")
    return await _staff_action(request, action)


async def campaign_list(request: Request):
    open_ones, closed = await campaigns.campaigns()
    return await render(request, "ideas/campaigns.html", {
        "open_campaigns": open_ones, "closed_campaigns": closed,
        "can_create": can(member_of(request), "ideas.triage")}, shared=True)


async def new_campaign(request: Request):
    member = require_member(request)
    if request.method == "GET":
        campaigns.require_campaign_author(member)
        return await render(request, "ideas/campaign_new.html", {"form": {}, "errors": {}})
    form = await form_data(request)
    try:
        campaign = await campaigns.create_campaign(member, form.get("title", ""), form.get("description", ""),
                                                 form.get("deadline", ""), form.get("vote_budget", ""))
    except Invalid as exc:
        return await render(request, "ideas/campaign_new.html", {"form": form, "errors": exc.errors}, status=422)
    flash(request, i18n._("The campaign is open for ideas."))
    return redirect(f"/campaigns/{campaign.pk}")


async def show_campaign(request: Request):
    member = member_of(request)
    campaign = await campaigns.get_campaign(request.path_params["campaign_id"])
    page = await board.list_ideas(member, sort="top", campaign_id=campaign.pk,
                                    page=page_number(request.query_params.get("page")))
    return await render(request, "ideas/campaign.html", {
        "campaign": campaign, "page": page, "voted": await votes.voted_ids(member, page.items),
        "votes_left": await votes.votes_left(member, campaign), "is_open": campaign.is_open,
        "filters": {"sort": "top", "status": "", "tag": "", "q": "", "campaign": campaign.pk},
        "list_base": f"/campaigns/{campaign.pk}", "keep": {},
    }, shared=True)


async def roadmap(request: Request):
    columns = await board.roadmap(member_of(request))
    return await render(request, "ideas/roadmap.html", {
        "columns": columns, "credits": await team.credits(columns["shipped"])}, shared=True)


routes = [
    Route("/ideas", board_page),
    Route("/ideas/new", new_idea, methods=["GET", "POST"]),
    Route("/ideas/similar", similar),
    Route("/ideas/{idea_id:int}", show_idea),
    Route("/ideas/{idea_id:int}/vote", vote, methods=["POST"]),
    Route("/ideas/{idea_id:int}/follow", follow, methods=["POST"]),
    Route("/ideas/{idea_id:int}/comments", comment, methods=["POST"]),
    Route("/ideas/{idea_id:int}/coauthors", ask_coauthor, methods=["POST"]),
    Route("/ideas/{idea_id:int}/coauthors/{member_id:int}", answer_coauthor, methods=["POST"]),
    Route("/ideas/{idea_id:int}/testers", tester, methods=["POST"]),
    Route("/ideas/{idea_id:int}/edit", edit_idea, methods=["GET", "POST"]),
    Route("/ideas/{idea_id:int}/status", change_status, methods=["POST"]),
    Route("/ideas/{idea_id:int}/hide", hide, methods=["POST"]),
    Route("/ideas/{idea_id:int}/merge", merge, methods=["POST"]),
    Route("/roadmap", roadmap),
    Route("/campaigns", campaign_list),
    Route("/campaigns/new", new_campaign, methods=["GET", "POST"]),
    Route("/campaigns/{campaign_id:int}", show_campaign),
]
