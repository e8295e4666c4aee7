"""Threads: starting one (its opening post with it), reading them as the reader may, and the lists
of a category (latest activity, top, unanswered, solved, unsolved; by tag)."""
from __future__ import annotations

from tortoise.expressions import F, Q, Subquery
from tortoise.query_utils import Prefetch
from tortoise.transactions import in_transaction

from forums import images, trust
from forums.categories import get_category
from forums.events import ThreadCreated
from forums.models import Category, ForumDraft, Post, Thread, ThreadTag
from forums.rules import BODY_MAX, TAG_RE, TAGS_MAX, TITLE_MAX, may_post, threads_for
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid, NotFound
from portal.markdown import excerpt, with_html
from portal.pagination import Page, paginate

SORTS = ("latest", "top", "unanswered", "solved", "unsolved")
RECENT_FOR_TAGS = 500  # the threads whose tags fill a category's tag filter
AUTHOR_FIELDS = ("id", "display_name", "handle", "status", "avatar")


def authors(field: str = "author"):
    """The authors of a page of threads or posts, with only what their name and avatar need."""
    return Prefetch(field, Member.all().only(*AUTHOR_FIELDS))


def clean_tags(value) -> list[str]:
    """Tags as typed (a list, or text separated by commas): small letters, at most TAGS_MAX,
    each once; Invalid for one that is not a word."""
    raw = value if isinstance(value, list) else str(value or "").split(",")
    tags: list[str] = []
    for item in raw:
        tag = str(item).strip().lower()
        if not tag:
            continue
        if not TAG_RE.match(tag):
            raise Invalid("tags", N_("Tags are single words of up to 24 letters, digits or dashes."))
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise Invalid("tags", N_("Please choose at most 5 tags."))
    return tags


def clean_text(title: str | None, body: str | None, *, with_title: bool = True,
               required: bool = True) -> tuple[str, str]:
    """A title (runs of space made one) and a body, or Invalid naming what is wrong with each.
    `required=False` (a draft) lets either be empty but keeps the limits."""
    title = " ".join((title or "").split())
    body = (body or "").strip()
    errors = {}
    if required and with_title and not title:
        errors["title"] = N_("Please give your question a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = N_("Please keep the title under 200 characters.")
    if required and not body:
        errors["body"] = N_("Please write something first.")
    elif len(body) > BODY_MAX:
        errors["body"] = N_("Please keep your post under 20,000 characters.")
    if errors:
        raise Invalid(errors=errors)
    return title, body


async def start_thread(member: Member, category_key: str | int, title: str, body: str, tags=()) -> Thread:
    """A verified member who may post in the category starts a thread with its opening post; a
    staff member's opening post is official. The member's trust level limits links, mentions and
    pace (forums/trust.py: 422, 429); a new member's first post with links is held for review.
    The category's counts move, and the member's draft of a new thread there goes, in the same
    transaction.

    Emits `thread.created`."""
    require(member, "content.post")
    category = await get_category(member, category_key)
    if not may_post(member, category):
        raise Forbidden(N_("Only the team may start threads in this category."))
    title, body = clean_text(title, body)
    tags = clean_tags(tags)
    held = await trust.check_post(member, body, new_thread=True)
    mentions = await trust.mentioned_members(body)
    async with in_transaction():
        moment = now()
        thread = await Thread.create(category=category, title=title, author=member, created_at=moment,
                                     last_posted_at=moment, held=held)
        await ThreadTag.bulk_create([ThreadTag(thread=thread, tag=tag) for tag in tags])
        await ForumDraft.filter(member_id=member.pk, category_id=category.pk, thread_id=None).delete()
        post = await Post.create(thread=thread, author=member, **with_html(body=body), excerpt=excerpt(body),
                                 official=member.is_staff, held=held)
        await images.claim(member, post, body)
        if not held:  # a held thread counts once a moderator lets it in
            await Category.filter(id=category.pk).update(thread_count=F("thread_count") + 1, last_posted_at=moment)
        await events.emit("thread.created", actor=member, subject=thread, data=ThreadCreated(
            thread=thread.pk, post=post.pk, category=category.pk, read=category.read, author=member.pk,
            title=title, tags=tags, held=held, mentions=mentions))
    return thread


async def get_thread(reader: Member | None, thread_id: int) -> Thread:
    """One thread as the reader may see it (with its category and author), or NotFound. Anyone may
    call it; emits nothing."""
    thread = await threads_for(reader).filter(id=thread_id).select_related("category").prefetch_related(
        authors(), "tag_rows").first()
    if thread is None:
        raise NotFound()
    return thread


def _filtered(query, sort: str):
    if sort == "unanswered":
        return query.filter(reply_count=0).order_by("-created_at", "-id")
    if sort == "solved":
        return query.filter(accepted_post_id__not_isnull=True).order_by("-last_posted_at", "-id")
    if sort == "unsolved":
        return query.filter(accepted_post_id=None).order_by("-last_posted_at", "-id")
    if sort == "top":
        return query.order_by("-like_count", "-id")
    return query.order_by("-last_posted_at", "-id")


async def list_threads(reader: Member | None, category: Category | None = None, *, sort: str = "latest",
                       tag: str = "", page: int = 1, per_page: int = 30) -> Page:
    """A page of threads the reader may see, of one category or all: sorted by latest activity
    (pinned ones first in a category), top (likes), or only unanswered, solved or unsolved ones;
    by tag. The total is the category's kept count when nothing else filters; else only whether a
    next page exists. Anyone may call it; emits nothing."""
    sort = sort if sort in SORTS else "latest"
    query = threads_for(reader)
    if category is not None:
        query = query.filter(category_id=category.pk)
    if tag:
        query = query.filter(id__in=Subquery(ThreadTag.filter(tag=tag[:24]).values("thread_id")))
    query = _filtered(query, sort)
    if category is not None and sort == "latest" and not tag:
        query = query.order_by("-pinned", "-last_posted_at", "-id")
    query = query.select_related("category").prefetch_related(authors(), "tag_rows")
    if category is not None and sort == "latest" and not tag:
        return await paginate(query, page, per_page, total=category.thread_count)
    return await paginate(query, page, per_page, count=False)


async def category_tags(reader: Member | None, category: Category, limit: int = 60) -> list[str]:
    """The tags in use on the category's first RECENT_FOR_TAGS threads the reader may see (pinned,
    then latest activity), alphabetically (the values of the tag filter). Anyone may call it; emits nothing."""
    # Not every thread's tags: collecting the distinct tags of a category with thousands of threads
    # was most of its page's time (bench/forums.py). A tag only old threads carry is still a link on
    # those threads, and ?tag= filters by it.
    recent = Subquery(threads_for(reader).filter(category_id=category.pk)
                      .order_by("-pinned", "-last_posted_at", "-id")  # the category page's order and index
                      .limit(RECENT_FOR_TAGS).values("id"))
    rows = await (ThreadTag.filter(thread_id__in=recent).distinct().order_by("tag").limit(limit)
                  .values_list("tag", flat=True))
    return [str(tag) for tag in rows]


async def threads_by(reader: Member | None, author_id: int, limit: int = 5) -> tuple[list[Thread], int]:
    """The newest threads a member started, as the reader may see them, and how many there are
    (counted only when the list is full). Anyone may call it; emits nothing."""
    query = threads_for(reader).filter(author_id=author_id)
    items = await query.order_by("-id").limit(limit).select_related("category").prefetch_related("tag_rows")
    return items, (len(items) if len(items) < limit else await query.count())


# -- keyset paging (the API's cursors) -----------------------------------------------------------

# The column each order of the API sorts by, highest first (ties by id, highest first).
KEYSET_SORTS = {"latest": "last_posted_at", "newest": "created_at", "top": "like_count"}


async def threads_after(reader: Member | None, category: Category | None = None, *, sort: str = "latest",
                        tag: str = "", solved: bool | None = None, unanswered: bool = False,
                        after: tuple | None = None, limit: int = 30) -> list[Thread]:
    """Up to `limit` threads the reader may see, of one category or all, by tag, only solved (or
    only unsolved) ones, only unanswered ones, that come after the row `after` = (sort key, id) in
    `sort` order (KEYSET_SORTS), highest first: keyset paging for the API's cursors, so threads
    that gain answers meanwhile neither repeat nor push the ones that stayed out of the listing.
    With their authors and tags. Anyone may call it; emits nothing."""
    column = KEYSET_SORTS.get(sort, "last_posted_at")
    query = threads_for(reader)
    if category is not None:
        query = query.filter(category_id=category.pk)
    if tag:
        query = query.filter(id__in=Subquery(ThreadTag.filter(tag=tag.strip().lower()[:24]).values("thread_id")))
    if solved is not None:
        query = query.filter(accepted_post_id__not_isnull=solved)
    if unanswered:
        query = query.filter(reply_count=0)
    if after is not None:
        key, last_id = after
        query = query.filter(Q(**{f"{column}__lt": key}) | Q(**{column: key, "id__lt": last_id}))
    return await query.order_by(f"-{column}", "-id").limit(limit).prefetch_related(authors(), "tag_rows")
