"""The idea board: propose, vote, follow, comment, edit, hide, triage, merge.

Every rule and permission lives here, so the pages, the API and the CLI behave the same. Each
change is written with its event in one transaction (see portal/events.py)."""
from __future__ import annotations

import re

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from ideas import ranking
from ideas.events import (CampaignCreated, IdeaAssigned, IdeaCommented, IdeaEdited, IdeaMerged,
                         IdeaStatusChanged, IdeaSubmitted, IdeaTeamChanged, IdeaVoted)
from ideas.models import (OPEN_STATUSES, STATUSES, Campaign, Comment, Contributor, Follow, Idea,
                          StatusChange, Tag, Vote)
from portal import events, search
from portal.accounts.models import Member
from portal.accounts.permissions import can, register, require
from portal.accounts.tokens import now
from portal.errors import N_, Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from portal.web.pagination import Page, paginate

TITLE_MAX = 200
BODY_MAX = 20_000
COMMENT_MAX = 10_000
TAGS_MAX = 5
SORTS = ("trending", "top", "newest")
# Statuses whose change must explain itself publicly: no idea ends in silence.
NEEDS_NOTE = ("declined", "merged")

# Moderators and product staff both tidy the board: edit any idea, merge duplicates.
register("ideas.edit_any", {"moderator", "product"})
register("ideas.merge", {"moderator", "product"})


# -- reading -------------------------------------------------------------------------------------

def _visible(reader: Member | None):
    """Ideas a reader may see: hidden ones only for staff who moderate, and for their author."""
    query = Idea.all()
    if not can(reader, "content.moderate"):
        if reader is None:
            query = query.filter(hidden_at=None)
        else:
            query = query.filter(Q(hidden_at=None) | Q(author_id=reader.pk))
    return query


async def get_idea(reader: Member | None, idea_id: int) -> Idea:
    """One idea as the reader may see it (with author, tags, campaign), or NotFound.

    Anyone may call it; a hidden idea is found only by its author and moderators."""
    idea = await _visible(reader).filter(id=idea_id).select_related("author", "campaign", "owner").first()
    if idea is None:
        raise NotFound()
    await idea.fetch_related("tags")
    return idea


async def _board(reader: Member | None, *, status: str, tag: str, campaign_id: int | None, q: str):
    """The ideas of the board a reader may see with these filters (merged ones only when asked)."""
    query = _visible(reader)
    if status in STATUSES:
        query = query.filter(status=status)
    else:
        query = query.exclude(status="merged")
    if tag:
        query = query.filter(tags__slug=tag)
    if campaign_id:
        query = query.filter(campaign_id=campaign_id)
    if q:
        ids = await _search_ids(reader, q)
        query = query.filter(id__in=ids)
    return query


async def list_ideas(reader: Member | None, *, sort: str = "trending", status: str = "", tag: str = "",
                     campaign_id: int | None = None, q: str = "", page: int = 1, per_page: int = 20) -> Page:
    """A page of the board, filtered and sorted. Merged ideas are left out unless asked for.

    Anyone may call it; emits nothing. Makes a fixed number of queries whatever the page size."""
    query = await _board(reader, status=status, tag=tag, campaign_id=campaign_id, q=q)
    return await paginate(query.order_by(*_order(sort)).select_related("author").prefetch_related("tags"),
                          page, per_page)


# The column each sort orders by (before the id, which breaks ties); newest is the id alone.
SORT_KEYS = {"top": "vote_count", "trending": "trend", "newest": None}


def _order(sort: str) -> tuple[str, ...]:
    """Highest first by the sort's column, then newest; an unknown sort is trending."""
    column = SORT_KEYS.get(sort, "trend")
    return (f"-{column}", "-id") if column else ("-id",)


async def list_after(reader: Member | None, *, sort: str = "trending", status: str = "", tag: str = "",
                     campaign_id: int | None = None, q: str = "", after: tuple | None = None,
                     limit: int = 20) -> list[Idea]:
    """Up to `limit` ideas of the board (filtered as in list_ideas) that come after the row
    `after` = (sort key, id) in `sort` order, highest first: keyset paging for the API's cursors,
    so rows added or moved meanwhile do not shift the ones that stayed.

    Anyone may call it; emits nothing."""
    query = await _board(reader, status=status, tag=tag, campaign_id=campaign_id, q=q)
    column = SORT_KEYS.get(sort, "trend")
    if after is not None:
        key, last_id = after
        if column is None:
            query = query.filter(id__lt=last_id)
        else:
            query = query.filter(Q(**{f"{column}__lt": key}) | Q(**{column: key, "id__lt": last_id}))
    return await query.order_by(*_order(sort)).limit(limit).select_related("author").prefetch_related("tags")


async def _search_ids(reader: Member | None, q: str) -> list[int]:
    found = await search.search(reader, q, per_page=500, types=("idea",))
    return [int(hit.url.rsplit("/", 1)[-1]) for hit in found.hits]


async def voted_ids(member: Member | None, ideas: list[Idea]) -> set[int]:
    """Which of these ideas the member voted for (one query)."""
    if member is None or not ideas:
        return set()
    return set(await Vote.filter(member_id=member.pk, idea_id__in=[i.pk for i in ideas])
               .values_list("idea_id", flat=True))


async def tags() -> list[Tag]:
    return await Tag.all().order_by("slug")


# -- proposing -----------------------------------------------------------------------------------

async def _clean(title: str, body: str, tag_slugs: list[str] | str) -> tuple[str, str, list[Tag]]:
    errors: dict[str, str] = {}
    title = re.sub(r"\s+", " ", (title or "")).strip()
    body = (body or "").strip()
    if not title:
        errors["title"] = N_("Please give your idea a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = N_("Please keep the title under 200 characters.")
    if len(body) > BODY_MAX:
        errors["body"] = N_("Please keep the description under 20,000 characters.")
    slugs = tag_slugs if isinstance(tag_slugs, list) else [s for s in re.split(r"[,\s]+", tag_slugs or "") if s]
    slugs = sorted({s.strip().lower() for s in slugs if s.strip()})
    found = await Tag.filter(slug__in=slugs) if slugs else []
    if len(found) != len(slugs):
        errors["tags"] = N_("Please choose tags from the list.")
    elif len(found) > TAGS_MAX:
        errors["tags"] = N_("Please choose at most 5 tags.")
    if errors:
        raise Invalid(errors=errors)
    return title, body, list(found)


async def submit(member: Member, title: str, body: str, tag_slugs: list[str] | str = (), *,
                 campaign_id: int | None = None) -> Idea:
    """A verified member proposes an idea (optionally into an open campaign); they follow it.

    Emits `idea.submitted`."""
    require(member, "content.post")
    title, body, found = await _clean(title, body, list(tag_slugs) if not isinstance(tag_slugs, str) else tag_slugs)
    campaign = None
    if campaign_id:
        campaign = await Campaign.get_or_none(id=campaign_id)
        if campaign is None:
            raise Invalid("campaign", N_("That campaign does not exist."))
        if campaign.deadline <= now():
            raise Invalid("campaign", N_("This campaign is closed for new ideas."))
    async with in_transaction():
        idea = await Idea.create(title=title, body=body, author=member, campaign=campaign, follower_count=1)
        if found:
            await idea.tags.add(*found)
        await Follow.create(idea=idea, member=member)
        await events.emit("idea.submitted", actor=member, subject=idea, data=IdeaSubmitted(
            idea=idea.pk, author=member.pk, title=title, tags=[t.slug for t in found],
            campaign=campaign.pk if campaign else None))
    return idea


async def edit(member: Member, idea_id: int, *, title: str, body: str, tag_slugs: list[str] | str = ()) -> Idea:
    """The author edits their idea while it is new; moderators edit any idea.

    Emits `idea.edited`."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    require_may_edit(member, idea)
    title, body, found = await _clean(title, body, tag_slugs)
    async with in_transaction():
        idea.title, idea.body = title, body
        await idea.save(update_fields=["title", "body", "updated_at"])
        await idea.tags.clear()
        if found:
            await idea.tags.add(*found)
        await events.emit("idea.edited", actor=member, subject=idea,
                          data=IdeaEdited(idea=idea.pk, title=idea.title, tags=[t.slug for t in found]))
    return idea


def may_edit(member: Member | None, idea: Idea) -> bool:
    """Moderators and product staff (who tidy titles and tags in triage) edit any idea; its
    author only while it is new."""
    return member is not None and (can(member, "ideas.edit_any") or
                                   (idea.author_id == member.pk and idea.status == "new" and can(member, "content.post")))


def require_may_edit(member: Member | None, idea: Idea) -> None:
    """Raise Forbidden (or Unauthenticated) unless `may_edit`, with a reason the author understands."""
    if member is None:
        raise Unauthenticated()
    if not may_edit(member, idea):
        if idea.author_id != member.pk:
            raise Forbidden(N_("Only the author can edit this idea."))
        if idea.status != "new":
            raise Forbidden(N_("This idea is already being looked at, so it can no longer be edited."))
        require(member, "content.post")


async def hide(moderator: Member, idea_id: int, reason: str) -> Idea:
    """A moderator hides an idea with a reason its author sees. Emits `content.hidden`."""
    require(moderator, "content.moderate")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("reason", N_("Please tell the author why the idea is hidden."))
    idea = await get_idea(moderator, idea_id)
    async with in_transaction():
        idea.hidden_at, idea.hidden_reason = now(), reason[:2000]
        await idea.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
        await events.emit("content.hidden", actor=moderator, subject=idea,
                          data={"reason": idea.hidden_reason, "author": idea.author_id})
    return idea


# -- voting and following ------------------------------------------------------------------------

async def _votable(member: Member, idea_id: int) -> Idea:
    require(member, "content.post")
    idea = await Idea.get_or_none(id=idea_id).select_related("campaign")
    if idea is None or idea.hidden_at is not None:
        raise NotFound()
    if idea.status == "merged":
        raise Conflict(N_("This idea was merged into another one: please vote there."))
    if idea.status not in OPEN_STATUSES:
        raise Conflict(N_("Voting on this idea has closed."))
    return idea


async def set_vote(member: Member, idea_id: int, voted: bool) -> tuple[Idea, bool]:
    """Cast (voted=True) or withdraw (False) the member's vote; doing it twice changes nothing.

    The count stays exact under any concurrency: the vote row is unique per idea and member and
    the counter moves with an atomic UPDATE in the same transaction. A campaign's vote budget is
    enforced. The voter follows the idea. Returns the idea with its current count and whether the
    member's vote is on. Emits `idea.voted` or `idea.unvoted` when something changed."""
    idea = await _votable(member, idea_id)
    async with in_transaction():
        existing = await Vote.filter(idea_id=idea.pk, member_id=member.pk).first()
        if voted and existing is None:
            await _check_budget(member, idea)
            moment = now()
            weight = ranking.vote_weight(moment)
            try:
                async with in_transaction():
                    await Vote.create(idea_id=idea.pk, member_id=member.pk, campaign_id=idea.campaign_id,
                                      weight=weight)
            except IntegrityError:
                pass  # a concurrent click of the same member won: the vote is on either way
            else:
                await Idea.filter(id=idea.pk).update(vote_count=F("vote_count") + 1, trend=F("trend") + weight)
                await _follow(idea.pk, member.pk)
                await events.emit("idea.voted", actor=member, subject=idea, data=await _vote_facts(idea, member))
        elif not voted and existing is not None:
            deleted = await Vote.filter(id=existing.pk).delete()
            if deleted:
                await Idea.filter(id=idea.pk).update(vote_count=F("vote_count") - 1,
                                                     trend=F("trend") - existing.weight)
                await events.emit("idea.unvoted", actor=member, subject=idea, data=await _vote_facts(idea, member))
    await idea.refresh_from_db(fields=["vote_count", "trend", "follower_count"])
    return idea, voted


async def _vote_facts(idea: Idea, member: Member) -> IdeaVoted:
    """The facts of a vote, with the count as this transaction leaves it."""
    count = await Idea.filter(id=idea.pk).values_list("vote_count", flat=True)
    return IdeaVoted(idea=idea.pk, voter=member.pk, author=idea.author_id, vote_count=count[0],
                     campaign=idea.campaign_id, title=idea.title)


async def toggle_vote(member: Member, idea_id: int) -> tuple[Idea, bool]:
    """Flip the member's vote (the board's one-click button). See set_vote."""
    has = await Vote.filter(idea_id=idea_id, member_id=member.pk).exists()
    return await set_vote(member, idea_id, not has)


async def _votes_used(member: Member, campaign: Campaign) -> int:
    """Votes that count against a campaign's budget: those on ideas still open."""
    return await Vote.filter(member_id=member.pk, campaign_id=campaign.pk,
                             idea__status__in=list(OPEN_STATUSES)).count()


async def _check_budget(member: Member, idea: Idea) -> None:
    campaign = idea.campaign
    if campaign is None or campaign.vote_budget is None:
        return
    if await _votes_used(member, campaign) >= campaign.vote_budget:
        raise Conflict(N_("You have used all your votes in this campaign. Take one back to vote here."))


async def votes_left(member: Member | None, campaign: Campaign) -> int | None:
    """How many votes the member still has in a campaign with a budget (None: no budget).

    Votes on ideas that closed (shipped, declined, merged) are given back."""
    if campaign.vote_budget is None or member is None:
        return campaign.vote_budget
    return max(0, campaign.vote_budget - await _votes_used(member, campaign))


async def _follow(idea_id: int, member_id: int) -> bool:
    try:
        async with in_transaction():
            await Follow.create(idea_id=idea_id, member_id=member_id)
    except IntegrityError:
        return False
    await Idea.filter(id=idea_id).update(follower_count=F("follower_count") + 1)
    return True


async def set_follow(member: Member, idea_id: int, follow: bool) -> Idea:
    """Any logged-in member follows or unfollows an idea they can see (idempotent)."""
    if member is None:
        raise Unauthenticated()
    idea = await get_idea(member, idea_id)
    async with in_transaction():
        if follow:
            await _follow(idea.pk, member.pk)
        elif await Follow.filter(idea_id=idea.pk, member_id=member.pk).delete():
            await Idea.filter(id=idea.pk).update(follower_count=F("follower_count") - 1)
    await idea.refresh_from_db(fields=["follower_count"])
    return idea


async def is_following(member: Member | None, idea: Idea) -> bool:
    if member is None:
        return False
    return await Follow.filter(idea_id=idea.pk, member_id=member.pk).exists()


# -- comments ------------------------------------------------------------------------------------

async def add_comment(member: Member, idea_id: int, body: str) -> Comment:
    """A verified member comments; a staff member's comment is an official answer.

    Emits `idea.commented`."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    body = (body or "").strip()
    if not body:
        raise Invalid("body", N_("Please write something first."))
    if len(body) > COMMENT_MAX:
        raise Invalid("body", N_("Please keep your comment under 10,000 characters."))
    async with in_transaction():
        comment = await Comment.create(idea=idea, author=member, body=body, official=member.is_staff)
        await Idea.filter(id=idea.pk).update(comment_count=F("comment_count") + 1)
        await events.emit("idea.commented", actor=member, subject=comment, data=IdeaCommented(
            idea=idea.pk, comment=comment.pk, author=member.pk, idea_author=idea.author_id, title=idea.title,
            official=comment.official))
    return comment


async def comments_of(idea: Idea) -> list[Comment]:
    return await Comment.filter(idea_id=idea.pk).order_by("id").select_related("author")


# -- triage --------------------------------------------------------------------------------------

async def change_status(actor: Member, idea_id: int, status: str, note: str = "") -> Idea:
    """Product staff move an idea along new → under review → planned → in progress → shipped, or
    decline it. Declining needs a public reason. Followers are told (see the notify consumer).

    Emits `idea.status_changed`."""
    require(actor, "ideas.triage")
    if status not in STATUSES or status == "merged":
        raise Invalid("status", N_("Please choose a status from the list."))
    note = (note or "").strip()
    if status in NEEDS_NOTE and not note:
        raise Invalid("note", N_("Please explain this decision publicly: no idea ends in silence."))
    idea = await get_idea(actor, idea_id)
    if idea.status == "merged":
        raise Conflict(N_("This idea was merged into another one."))
    if idea.status == status and not note:
        return idea
    async with in_transaction():
        await StatusChange.create(idea=idea, actor=actor, from_status=idea.status, to_status=status, note=note)
        previous, idea.status = idea.status, status
        await idea.save(update_fields=["status", "updated_at"])
        await events.emit("idea.status_changed", actor=actor, subject=idea, data=IdeaStatusChanged(
            idea=idea.pk, author=idea.author_id, title=idea.title, previous=previous, status=status, note=note))
    return idea


async def history(idea: Idea) -> list[StatusChange]:
    return await StatusChange.filter(idea_id=idea.pk).order_by("id")


async def merge(actor: Member, idea_id: int, into_id: int, note: str = "") -> Idea:
    """Merge a duplicate into another idea, with a public note saying why: its votes move over
    without double counting (a member who voted for both keeps one vote), its followers follow the
    target, its comments stay where they are with a link, and its page points to the target.

    Product staff and moderators may merge. Emits `idea.merged`."""
    require(actor, "ideas.merge")
    if idea_id == into_id:
        raise Invalid("into", N_("An idea cannot be merged into itself."))
    source = await get_idea(actor, idea_id)
    target = await Idea.get_or_none(id=into_id)
    if target is None:
        raise Invalid("into", N_("There is no idea with that number."))
    if source.status == "merged":
        raise Conflict(N_("This idea was merged already."))
    if target.status == "merged":
        raise Invalid("into", N_("That idea was itself merged: merge into the one it points to."))
    note = (note or "").strip()
    if not note:
        raise Invalid("note", N_("Please explain this decision publicly: no idea ends in silence."))
    async with in_transaction():
        # Told where their idea went: the author and everyone who voted for it.
        told = sorted({source.author_id, *await Vote.filter(idea_id=source.pk).values_list("member_id", flat=True)}
                      - {None})
        target_voters = set(await Vote.filter(idea_id=target.pk).values_list("member_id", flat=True))
        moved = added_weight = 0
        for vote in await Vote.filter(idea_id=source.pk):
            if vote.member_id is not None and vote.member_id in target_voters:
                continue
            await Vote.filter(id=vote.pk).update(idea_id=target.pk, campaign_id=target.campaign_id)
            moved += 1
            added_weight += vote.weight
        await Vote.filter(idea_id=source.pk).delete()
        followers = set(await Follow.filter(idea_id=target.pk).values_list("member_id", flat=True))
        new_followers = [f for f in await Follow.filter(idea_id=source.pk) if f.member_id not in followers]
        for follow in new_followers:
            await Follow.filter(id=follow.pk).update(idea_id=target.pk)
        await Idea.filter(id=target.pk).update(vote_count=F("vote_count") + moved, trend=F("trend") + added_weight,
                                               follower_count=F("follower_count") + len(new_followers))
        await StatusChange.create(idea=source, actor=actor, from_status=source.status, to_status="merged",
                                  note=note)
        previous = source.status
        source.status, source.merged_into_id, source.vote_count, source.trend = "merged", target.pk, 0, 0.0
        source.follower_count = await Follow.filter(idea_id=source.pk).count()
        await source.save(update_fields=["status", "merged_into_id", "vote_count", "trend", "follower_count",
                                         "updated_at"])
        await events.emit("idea.merged", actor=actor, subject=source, data=IdeaMerged(
            idea=source.pk, title=source.title, previous=previous, into=target.pk, into_title=target.title,
            note=note, moved_votes=moved, told=told))
    return source


# -- roadmap -------------------------------------------------------------------------------------

async def roadmap(reader: Member | None, per_column: int = 50) -> dict[str, list[Idea]]:
    """Planned, in progress and shipped ideas (newest change first), for everyone to see."""
    columns = {}
    for status in ("planned", "in_progress", "shipped"):
        columns[status] = await (_visible(reader).filter(status=status).order_by("-updated_at")
                                 .limit(per_column).select_related("author").prefetch_related("tags"))
    return columns



async def ideas_for_hits(reader: Member | None, hits: list) -> list[Idea]:
    """The ideas behind search hits (url /ideas/{id}), in the hits' order, as the reader may see them."""
    ids = [int(h.url.rsplit("/", 1)[-1]) for h in hits if h.url.startswith("/ideas/")]
    found = {i.pk: i for i in await _visible(reader).filter(id__in=ids)} if ids else {}
    return [found[i] for i in ids if i in found]


async def set_tags(actor: Member, idea_id: int, tag_slugs: list[str]) -> Idea:
    """Retag an idea: whoever may edit it (its author while new, moderators and product staff in
    triage). Emits `idea.edited`."""
    idea = await get_idea(actor, idea_id)
    require_may_edit(actor, idea)
    _, _, found = await _clean(idea.title, idea.body, list(tag_slugs))
    async with in_transaction():
        await idea.tags.clear()
        if found:
            await idea.tags.add(*found)
        await events.emit("idea.edited", actor=actor, subject=idea,
                          data=IdeaEdited(idea=idea.pk, title=idea.title, tags=[t.slug for t in found]))
    return idea


async def set_owner(actor: Member, idea_id: int, owner_id: int | None) -> Idea:
    """Product staff make a staff member responsible for an idea (or nobody). Emits `idea.assigned`."""
    require(actor, "ideas.triage")
    idea = await get_idea(actor, idea_id)
    if owner_id is not None:
        owner = await Member.get_or_none(id=owner_id, status="active")
        if owner is None or not owner.is_staff:
            raise Invalid("owner", N_("Please choose a staff member."))
    async with in_transaction():
        idea.owner_id = owner_id
        await idea.save(update_fields=["owner_id", "updated_at"])
        await events.emit("idea.assigned", actor=actor, subject=idea, data=IdeaAssigned(idea=idea.pk, owner=owner_id))
    return idea


# -- campaigns -----------------------------------------------------------------------------------

def require_campaign_author(actor: Member | None) -> None:
    """Only product staff pose campaigns (Forbidden, or Unauthenticated, otherwise)."""
    require(actor, "ideas.triage")


async def create_campaign(actor: Member, title: str, description: str, deadline, vote_budget=None) -> Campaign:
    """Product staff pose a question with a deadline (and optionally a vote budget per member).

    `deadline` is a datetime or an ISO date ("2026-12-24"). Emits `campaign.created`."""
    require_campaign_author(actor)
    errors: dict[str, str] = {}
    title = re.sub(r"\s+", " ", title or "").strip()
    if not title:
        errors["title"] = N_("Please give the campaign a question as its title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = N_("Please keep the title under 200 characters.")
    moment = _parse_deadline(deadline)
    if moment is None:
        errors["deadline"] = N_("Please enter the last day as a date, e.g. 2026-12-24.")
    elif moment <= now():
        errors["deadline"] = N_("The deadline must be in the future.")
    budget = None
    if vote_budget not in (None, ""):
        try:
            budget = int(vote_budget)
        except (TypeError, ValueError):
            budget = 0
        if not 1 <= budget <= 100:
            errors["vote_budget"] = N_("Please enter a number of votes from 1 to 100, or leave it empty.")
    if errors:
        raise Invalid(errors=errors)
    async with in_transaction():
        campaign = await Campaign.create(title=title, description=(description or "").strip()[:BODY_MAX],
                                         deadline=moment, vote_budget=budget, created_by=actor)
        await events.emit("campaign.created", actor=actor, subject=campaign, data=CampaignCreated(
            campaign=campaign.pk, title=title, deadline=moment, vote_budget=budget))
    return campaign


def _parse_deadline(value):
    from datetime import date, datetime, time, timezone

    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    try:
        day = date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
    # The whole last day counts: ideas are taken until its end (UTC).
    return datetime.combine(day, time(23, 59, 59), tzinfo=timezone.utc)


async def campaigns() -> tuple[list[Campaign], list[Campaign]]:
    """Open campaigns (closing soonest first) and closed ones (newest first). Anyone may read them."""
    moment = now()
    return (await Campaign.filter(deadline__gt=moment).order_by("deadline"),
            await Campaign.filter(deadline__lte=moment).order_by("-deadline"))


async def get_campaign(campaign_id: int) -> Campaign:
    campaign = await Campaign.get_or_none(id=campaign_id)
    if campaign is None:
        raise NotFound()
    return campaign


# -- co-authors and testers ----------------------------------------------------------------------

async def contributors(idea: Idea) -> dict[str, list[Contributor]]:
    """The idea's co-authors (accepted), pending co-author requests, and testers, with members."""
    rows = await Contributor.filter(idea_id=idea.pk).order_by("id").select_related("member")
    return {
        "coauthors": [c for c in rows if c.role == "coauthor" and c.accepted],
        "requests": [c for c in rows if c.role == "coauthor" and not c.accepted],
        "testers": [c for c in rows if c.role == "tester"],
    }


async def request_coauthor(member: Member, idea_id: int) -> Contributor:
    """A verified member asks to join an open idea as co-author; its author decides.

    Emits `idea.coauthor_requested` (the author is told)."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    if idea.author_id == member.pk:
        raise Conflict(N_("You are the author of this idea already."))
    if not idea.is_open:
        raise Conflict(N_("This idea is closed for new co-authors."))
    existing = await Contributor.get_or_none(idea_id=idea.pk, member_id=member.pk, role="coauthor")
    if existing is not None:
        return existing
    async with in_transaction():
        row = await Contributor.create(idea=idea, member=member, role="coauthor", accepted=False)
        await events.emit("idea.coauthor_requested", actor=member, subject=idea, data=IdeaTeamChanged(
            idea=idea.pk, title=idea.title, author=idea.author_id, member=member.pk))
    return row


async def answer_coauthor(author: Member, idea_id: int, member_id: int, accept: bool) -> None:
    """The idea's author accepts or declines a co-author request. Emits `idea.coauthor_accepted`
    when accepted (the new co-author is told)."""
    if author is None:
        raise Unauthenticated()
    idea = await get_idea(author, idea_id)
    if idea.author_id != author.pk:
        raise Forbidden(N_("Only the author of the idea decides who joins as co-author."))
    row = await Contributor.get_or_none(idea_id=idea.pk, member_id=member_id, role="coauthor", accepted=False)
    if row is None:
        raise NotFound()
    async with in_transaction():
        if accept:
            await Contributor.filter(id=row.pk).update(accepted=True)
            await events.emit("idea.coauthor_accepted", actor=author, subject=idea, data=IdeaTeamChanged(
                idea=idea.pk, title=idea.title, author=idea.author_id, member=member_id))
        else:
            await Contributor.filter(id=row.pk).delete()


async def set_tester(member: Member, idea_id: int, join: bool) -> None:
    """A verified member signs up (or off) to test an idea; testers hear first when it is being
    built. Idempotent. Emits `idea.tester_joined` on sign-up."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    if join and not idea.is_open:
        raise Conflict(N_("This idea no longer looks for testers."))
    async with in_transaction():
        if join:
            try:
                async with in_transaction():
                    await Contributor.create(idea=idea, member=member, role="tester", accepted=True)
            except IntegrityError:
                return
            await events.emit("idea.tester_joined", actor=member, subject=idea, data=IdeaTeamChanged(
                idea=idea.pk, title=idea.title, author=idea.author_id, member=member.pk))
        else:
            await Contributor.filter(idea_id=idea.pk, member_id=member.pk, role="tester").delete()


async def credits(ideas: list[Idea]) -> dict[int, list[str]]:
    """Who to thank for each idea: its author, then its co-authors (display names; erased
    members are left out). One query for the co-authors of all ideas."""
    names: dict[int, list[str]] = {i.pk: ([i.author.display_name] if i.author and i.author.status == "active" else [])
                                   for i in ideas}
    rows = await (Contributor.filter(idea_id__in=list(names), role="coauthor", accepted=True, member__status="active")
                  .order_by("id").select_related("member"))
    for row in rows:
        names[row.idea_id].append(row.member.display_name)
    return names


async def merged_into(idea: Idea) -> list[Idea]:
    """The duplicates merged into this idea (their pages and comments stay readable)."""
    return await Idea.filter(merged_into_id=idea.pk, hidden_at=None).order_by("id")
