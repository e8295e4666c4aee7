"""The board itself: reading ideas (one, a page, search hits, the roadmap) and proposing, editing,
retagging and hiding them.

Every rule and permission lives in the services of this package (board, votes, comments,
decisions, campaigns, team), so the pages, the API and the CLI behave the same. Each change is
written with its event in one transaction (see portal/events.py); the payloads are declared in
ideas/events.py."""
from __future__ import annotations

import re

from tortoise.expressions import Q
from tortoise.query_utils import Prefetch
from tortoise.transactions import in_transaction

from ideas import counts
from ideas.events import IdeaEdited, IdeaSubmitted
from ideas.models import STATUSES, Campaign, Follow, Idea, StatusChange, Tag
from ideas.rules import BODY_MAX, TAGS_MAX, clean_title, may_see
from portal import events, search
from portal.accounts.models import Member
from portal.accounts.permissions import can, require
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid, NotFound, Unauthenticated
from portal.markdown import excerpt, with_html
from portal.pagination import Page, paginate

SORTS = ("trending", "top", "newest")
# The column each sort orders by (before the id, which breaks ties); newest is the id alone.
SORT_KEYS = {"top": "vote_count", "trending": "trend", "newest": None}
# What a card on the board shows (ideas/_list.html, its vote button): not the description, and of
# the author only what their public name needs (portal/profiles/names.py).
CARD_FIELDS = ("id", "title", "excerpt", "status", "hidden_at", "author_id", "campaign_id", "vote_count", "comment_count",
               "created_at")
AUTHOR_FIELDS = ("id", "display_name", "handle", "status", "avatar")
# What a line in a list of ideas shows (related, similar, merged into this one).
LINE_FIELDS = ("id", "title", "status", "vote_count", "comment_count")

# -- reading -------------------------------------------------------------------------------------

def visible(reader: Member | None):
    """Ideas a reader may see: hidden ones only for staff who moderate, and for their author
    (rules.may_see)."""
    return Idea.filter(may_see(reader))


async def get_idea(reader: Member | None, idea_id: int) -> Idea:
    """One idea as the reader may see it (with author, tags, campaign, owner), or NotFound.

    Anyone may call it; a hidden idea is found only by its author and moderators. Emits nothing."""
    idea = await visible(reader).filter(id=idea_id).select_related("author", "campaign", "owner").first()
    if idea is None:
        raise NotFound()
    await idea.fetch_related("tags")
    return idea


async def _board(reader: Member | None, *, status: str, tag: str, campaign_id: int | None, q: str,
                 author: str = ""):
    """The ideas of the board a reader may see with these filters (merged ones only when asked).
    `author` is a member's handle: their ideas (a former member's have none to find)."""
    query = visible(reader)
    if status in STATUSES:
        query = query.filter(status=status)
    else:
        query = query.exclude(status="merged")
    if tag:
        query = query.filter(tags__slug=tag)
    if author:
        query = query.filter(author__handle=author.lower())
    if campaign_id:
        query = query.filter(campaign_id=campaign_id)
    if q:
        ids = await _search_ids(reader, q)
        query = query.filter(id__in=ids)
    return query


def _order(sort: str) -> tuple[str, ...]:
    """Highest first by the sort's column, then newest; an unknown sort is trending."""
    column = SORT_KEYS.get(sort, "trend")
    return (f"-{column}", "-id") if column else ("-id",)


def _authors():
    """The authors of a page of ideas, with only what their public name needs."""
    return Prefetch("author", Member.all().only(*AUTHOR_FIELDS))


async def _total(reader: Member | None, status: str) -> int:
    """How many ideas of the board (all but merged ones, or one status) the reader sees, from the
    maintained counts: hidden ones for moderators, and a member's own hidden ideas (a handful,
    found by the author index)."""
    statuses = (status,) if status in STATUSES else tuple(s for s in STATUSES if s != "merged")
    moderator = can(reader, "content.moderate")
    total = await counts.totals(statuses, hidden_too=moderator)
    if reader is not None and not moderator:
        total += await Idea.filter(author_id=reader.pk, hidden_at__not_isnull=True, status__in=list(statuses)).count()
    return total


async def list_ideas(reader: Member | None, *, sort: str = "trending", status: str = "", tag: str = "",
                     campaign_id: int | None = None, q: str = "", author: str = "", page: int = 1,
                     per_page: int = 20) -> Page:
    """A page of the board, filtered and sorted, with what the cards show (CARD_FIELDS). Merged
    ideas are left out unless asked for; `author` (a handle) keeps one member's ideas. The total
    comes from the maintained counts when only a status filters the board; with a tag, a campaign,
    an author or words no total is known (a count would read every match) and the page tells only
    whether a next one exists.

    Anyone may call it; emits nothing. Makes a fixed number of queries whatever the page size."""
    query = await _board(reader, status=status, tag=tag, campaign_id=campaign_id, q=q, author=author)
    cards = query.order_by(*_order(sort)).only(*CARD_FIELDS).prefetch_related(_authors(), "tags")
    if tag or campaign_id or q or author:
        return await paginate(cards, page, per_page, count=False)
    return await paginate(cards, page, per_page, total=await _total(reader, status))


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
    return await query.order_by(*_order(sort)).limit(limit).prefetch_related(_authors(), "tags")


async def _search_ids(reader: Member | None, q: str) -> list[int]:
    found = await search.search(reader, q, per_page=500, types=("idea",))
    return [int(hit.url.rsplit("/", 1)[-1]) for hit in found.hits]


async def ideas_for_hits(reader: Member | None, hits: list) -> list[Idea]:
    """The ideas behind search hits (url /ideas/{id}), in the hits' order, as the reader may see
    them, with what a line of a list shows (title, status, votes). Anyone may call it; emits
    nothing."""
    ids = [int(h.url.rsplit("/", 1)[-1]) for h in hits if h.url.startswith("/ideas/")]
    found = {i.pk: i for i in await visible(reader).filter(id__in=ids).only(*LINE_FIELDS)} if ids else {}
    return [found[i] for i in ids if i in found]


async def tags() -> list[Tag]:
    """The tags members choose from, by slug. Anyone may read them; emits nothing."""
    return await Tag.all().order_by("slug")


async def history(idea: Idea) -> list[StatusChange]:
    """The idea's status changes with their public notes, oldest first (the caller already may see
    the idea). Emits nothing."""
    return await StatusChange.filter(idea_id=idea.pk).order_by("id")


async def merged_into(idea: Idea) -> list[Idea]:
    """The duplicates merged into this idea (their pages and comments stay readable), leaving out
    hidden ones, with what a line of a list shows. Emits nothing."""
    return await Idea.filter(merged_into_id=idea.pk, hidden_at=None).order_by("id").only(*LINE_FIELDS)


async def roadmap(reader: Member | None, per_column: int = 50) -> dict[str, list[Idea]]:
    """Planned, in progress and shipped ideas (newest change first), for everyone to see.
    Emits nothing."""
    columns = {}
    for status in ("planned", "in_progress", "shipped"):
        columns[status] = await (visible(reader).filter(status=status).order_by("-updated_at")
                                 .limit(per_column).select_related("author").prefetch_related("tags"))
    return columns


# -- proposing and editing -----------------------------------------------------------------------

async def clean(title: str, body: str, tag_slugs: list[str] | str) -> tuple[str, str, list[Tag]]:
    """An idea's title, description and tags as they are stored, or Invalid with every field that
    is wrong (tags must be existing slugs, at most TAGS_MAX)."""
    errors: dict[str, str] = {}
    title, problem = clean_title(title, N_("Please give your idea a title."))
    if problem:
        errors["title"] = problem
    body = (body or "").strip()
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


async def submit(member: Member, title: str, body: str, tag_slugs: list[str] | str = "", *,
                 campaign_id: int | None = None) -> Idea:
    """A verified member proposes an idea (optionally into an open campaign); they follow it.

    Emits `idea.submitted`."""
    require(member, "content.post")
    title, body, found = await clean(title, body, list(tag_slugs) if not isinstance(tag_slugs, str) else tag_slugs)
    campaign = None
    if campaign_id:
        campaign = await Campaign.get_or_none(id=campaign_id)
        if campaign is None:
            raise Invalid("campaign", N_("That campaign does not exist."))
        if not campaign.is_open:
            raise Invalid("campaign", N_("This campaign is closed for new ideas."))
    async with in_transaction():
        idea = await Idea.create(title=title, **with_html(body=body), excerpt=excerpt(body), author=member, campaign=campaign,
                                 follower_count=1)
        if found:
            await idea.tags.add(*found)
        await counts.moved(None, (idea.status, False))
        await Follow.create(idea=idea, member=member)
        await events.emit("idea.submitted", actor=member, subject=idea, data=IdeaSubmitted(
            idea=idea.pk, author=member.pk, title=title, tags=[t.slug for t in found],
            campaign=campaign.pk if campaign else None))
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


async def edit(member: Member, idea_id: int, *, title: str, body: str, tag_slugs: list[str] | str = "") -> Idea:
    """The author edits their idea while it is new; moderators and product staff edit any idea.

    Emits `idea.edited`."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    require_may_edit(member, idea)
    title, body, found = await clean(title, body, tag_slugs)
    async with in_transaction():
        idea.title = title
        idea.update_from_dict({**with_html(body=body), "excerpt": excerpt(body)})
        await idea.save(update_fields=["title", "body", "body_html", "excerpt", "updated_at"])
        await _retag(member, idea, found)
    return idea


async def _retag(actor: Member, idea: Idea, found: list[Tag]) -> None:
    """Give the idea exactly these tags and tell what the edit left (inside the caller's
    transaction)."""
    await idea.tags.clear()
    if found:
        await idea.tags.add(*found)
    await events.emit("idea.edited", actor=actor, subject=idea,
                      data=IdeaEdited(idea=idea.pk, title=idea.title, tags=[t.slug for t in found]))


async def set_tags(actor: Member, idea_id: int, tag_slugs: list[str]) -> Idea:
    """Retag an idea: whoever may edit it (its author while new, moderators and product staff in
    triage). Emits `idea.edited`."""
    idea = await get_idea(actor, idea_id)
    require_may_edit(actor, idea)
    _, _, found = await clean(idea.title, idea.body, list(tag_slugs))
    async with in_transaction():
        await _retag(actor, idea, found)
    return idea


async def hide(moderator: Member, idea_id: int, reason: str) -> Idea:
    """A moderator hides an idea with a reason its author sees. Emits `content.hidden`."""
    require(moderator, "content.moderate")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("reason", N_("Please tell the author why the idea is hidden."))
    idea = await get_idea(moderator, idea_id)
    async with in_transaction():
        # Read again under the lock: the counts move once even when two moderators hide at once.
        current = await Idea.filter(id=idea.pk).select_for_update().get()
        await counts.moved((current.status, current.hidden_at is not None), (current.status, True))
        idea.hidden_at, idea.hidden_reason = now(), reason[:2000]
        await idea.save(update_fields=["hidden_at", "hidden_reason", "updated_at"])
        await events.emit("content.hidden", actor=moderator, subject=idea,
                          data={"reason": idea.hidden_reason, "author": idea.author_id})
    return idea
