"""Following and unread: a member's level per thread and per category (watching, tracking, normal,
muted), how far they have read each thread, what is new to them, and who is told of a new post.

Without a level of their own, a member watches the threads they started, tracks those they
answered in, and is normal elsewhere (told only when mentioned or answered); a category's level
stands for its threads that have none."""
from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Min

from forums import trust
from forums.categories import get_category
from forums.models import WATCH_LEVELS, Category, Post, ReadState, Thread, Watch
from forums.rules import posts_for, visible_posts
from forums.threads import get_thread
from portal.accounts.models import Member
from portal.errors import N_, Invalid, Unauthenticated


async def set_level(member: Member | None, level: str, *, thread_id: int | None = None,
                    category: int | str | None = None) -> Watch:
    """The member sets their level for a thread or a category they may read. Emits nothing."""
    if member is None:
        raise Unauthenticated()
    if level not in WATCH_LEVELS:
        raise Invalid("level", N_("Choose watching, tracking, normal or muted."))
    if thread_id is not None:
        thread = await get_thread(member, thread_id)
        watch, _ = await Watch.update_or_create(member_id=member.pk, thread_id=thread.pk, defaults={"level": level})
    else:
        found = await get_category(member, category if category is not None else "")
        watch, _ = await Watch.update_or_create(member_id=member.pk, category_id=found.pk, defaults={"level": level})
    return watch


async def level_for(member: Member | None, thread: Thread) -> str:
    """The member's level for the thread: their own, else their category's, else what they did
    in it (started it: watching; answered: tracking), else normal. Emits nothing."""
    if member is None:
        return "normal"
    own = await Watch.filter(member_id=member.pk).filter(
        Q(thread_id=thread.pk) | Q(category_id=thread.category_id)).values("thread_id", "level")
    for row in own:
        if row["thread_id"] == thread.pk:
            return row["level"]
    if own:
        return own[0]["level"]
    if thread.author_id == member.pk:
        return "watching"
    if await Post.exists(thread_id=thread.pk, author_id=member.pk):
        return "tracking"
    return "normal"


async def mark_read(member: Member | None, thread: Thread, shown: list[Post]) -> None:
    """Remember that the member was shown these posts of the thread (never going back). Called
    by the thread page; emits nothing."""
    if member is None or not shown:
        return
    last = max(post.pk for post in shown)
    state, _ = await ReadState.get_or_create(member_id=member.pk, thread_id=thread.pk)
    if last <= state.last_read_post_id:
        return
    position = await posts_for(member).filter(thread_id=thread.pk, id__lte=last).count()
    await ReadState.filter(id=state.pk).update(last_read_post_id=last, read_count=max(position, state.read_count))


async def thread_seen(member: Member | None, thread: Thread, shown: list[Post]) -> int | None:
    """A member was shown these posts of the thread (the thread page): the day counts as a visit
    and the posts not shown before as read for their trust level, and the thread is read up to
    them. Returns the first post that was new to them before this visit (for "jump to first
    unread"), or None. A visitor records nothing. Emits nothing."""
    if member is None:
        return None
    state = await ReadState.get_or_none(member_id=member.pk, thread_id=thread.pk)
    seen_before = state.last_read_post_id if state else 0
    first = await _first_after(member, thread, seen_before) if state else None
    await trust.visited(member)
    # Reloading a page or going back to it reads nothing new.
    await trust.read(member, sum(1 for post in shown if post.pk > seen_before))
    await mark_read(member, thread, shown)
    return first


async def category_level(member: Member | None, category: Category) -> str:
    """The member's level for the whole category (normal unless they chose one). Emits nothing."""
    if member is None:
        return "normal"
    level = await Watch.filter(member_id=member.pk, category_id=category.pk).values_list("level", flat=True)
    return str(level[0]) if level else "normal"


async def unread_marks(member: Member | None, threads: list[Thread]) -> dict[int, tuple[int, int]]:
    """For the threads of a list the member opened before and that have posts new to them: how
    many are new and the first of them (thread id -> (count, post id)). Two queries whatever the
    number of threads. Emits nothing."""
    if member is None or not threads:
        return {}
    counts = {t.pk: t.post_count for t in threads}
    states = await ReadState.filter(member_id=member.pk, thread_id__in=list(counts)).values(
        "thread_id", "last_read_post_id", "read_count")
    behind = [row for row in states if counts[row["thread_id"]] > row["read_count"]]
    if not behind:
        return {}
    muted = await _muted(member, [t for t in threads if t.pk in {row["thread_id"] for row in behind}])
    behind = [row for row in behind if row["thread_id"] not in muted]
    if not behind:
        return {}
    after = Q(*(Q(thread_id=row["thread_id"], id__gt=row["last_read_post_id"]) for row in behind), join_type="OR")
    firsts = await (Post.filter(visible_posts(member)).filter(after).group_by("thread_id")
                    .annotate(first=Min("id")).values("thread_id", "first"))
    new = {row["thread_id"]: counts[row["thread_id"]] - row["read_count"] for row in behind}
    return {row["thread_id"]: (new[row["thread_id"]], row["first"]) for row in firsts}


async def _muted(member: Member, threads: list[Thread]) -> set[int]:
    """Which of the threads the member muted (their own level, else their category's). One query."""
    categories = sorted({t.category_id for t in threads})
    rows = await Watch.filter(member_id=member.pk).filter(
        Q(thread_id__in=[t.pk for t in threads]) | Q(category_id__in=categories)).values(
        "thread_id", "category_id", "level")
    own = {row["thread_id"]: row["level"] for row in rows if row["thread_id"] is not None}
    by_category = {row["category_id"]: row["level"] for row in rows if row["category_id"] is not None}
    return {t.pk for t in threads if own.get(t.pk, by_category.get(t.category_id)) == "muted"}


async def first_unread(member: Member | None, thread: Thread) -> int | None:
    """The first post of the thread the member has not been shown ("jump to first unread"), or
    None when they have read it all or never opened it. Emits nothing."""
    if member is None:
        return None
    state = await ReadState.get_or_none(member_id=member.pk, thread_id=thread.pk)
    if state is None:
        return None
    return await _first_after(member, thread, state.last_read_post_id)


async def _first_after(member: Member, thread: Thread, post_id: int) -> int | None:
    post = await (Post.filter(visible_posts(member), thread_id=thread.pk, id__gt=post_id)
                  .order_by("id").first())
    return post.pk if post else None


async def new_posts(member: Member | None, threads: list[Thread]) -> dict[int, int | None]:
    """For each thread of a list: how many of its posts are new to the member (0 when read), or
    None when they never opened it. One query. Emits nothing."""
    if member is None or not threads:
        return {}
    read = {row["thread_id"]: row["read_count"] for row in await ReadState.filter(
        member_id=member.pk, thread_id__in=[t.pk for t in threads]).values("thread_id", "read_count")}
    return {t.pk: (max(0, t.post_count - read[t.pk]) if t.pk in read else None) for t in threads}


async def unread_by_category(member: Member | None, categories: list[Category]) -> dict[int, int]:
    """For each category: how many threads the member has read before have new posts (what the
    category list shows). One query. Emits nothing."""
    if member is None or not categories:
        return {}
    rows = await ReadState.filter(member_id=member.pk, thread__category_id__in=[c.pk for c in categories],
                                  thread__hidden_at=None).values(
        "read_count", "thread__post_count", "thread__category_id")
    counts: dict[int, int] = {}
    for row in rows:
        if row["thread__post_count"] > row["read_count"]:
            counts[row["thread__category_id"]] = counts.get(row["thread__category_id"], 0) + 1
    return counts


async def told_of_post(thread: Thread, post_author: int | None, mentioned: list[int]) -> set[int]:
    """Who is told of a new post in the thread: those watching it (by their own, their category's
    or the starter's default level), those it mentions, and the thread's starter when someone else
    answered, unless they muted it; never its own author. For the notification consumer; emits
    nothing."""
    watches = await Watch.filter(Q(thread_id=thread.pk) | Q(category_id=thread.category_id)).values(
        "member_id", "thread_id", "level")
    levels: dict[int, str] = {}
    for row in sorted(watches, key=lambda r: r["thread_id"] is not None):  # a thread's own level wins
        levels[row["member_id"]] = row["level"]
    told = {member for member, level in levels.items() if level == "watching"}
    if thread.author_id is not None and levels.get(thread.author_id, "watching") != "muted":
        told.add(thread.author_id)
    told |= {member for member in mentioned if levels.get(member) != "muted"}
    told.discard(post_author or 0)
    return told
