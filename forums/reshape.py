"""Reshaping threads: a moderator splits answers off into a thread of their own, or merges a
thread into another. Posts keep their ids (links, likes, flags and edit histories stay with them);
a thread shows its posts in id order, which is the order they were written in.

A merged thread is hidden with its reason and remembers where its posts went in `became`
("thread:12"), so its address leads there."""
from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from forums import moderation
from forums.categories import get_category
from forums.events import ThreadMerged, ThreadSplit
from forums.models import Category, Post, Thread, ThreadTag
from forums.rules import TITLE_MAX
from forums.threads import authors, get_thread
from portal import events, i18n
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.errors import N_, Conflict, Invalid

MERGED = "thread:"  # the prefix of `became` for a thread merged into another


async def _recount(thread_id: int) -> None:
    """Set a thread's kept counts from its posts, after posts moved in or out. Inside the caller's
    transaction."""
    thread = await Thread.get(id=thread_id)
    rows = await Post.filter(thread_id=thread_id).order_by("id").values(
        "author_id", "created_at", "hidden_at", "held", "official", "like_count")
    shown = [row for row in rows if row["hidden_at"] is None and not row["held"]]
    others = [row for row in shown if row["author_id"] != thread.author_id]
    await Thread.filter(id=thread_id).update(
        post_count=len(shown), reply_count=len(others), like_count=sum(row["like_count"] for row in rows),
        staff_replied=any(row["official"] for row in others),
        first_reply_at=min((row["created_at"] for row in others), default=None),
        last_posted_at=max((row["created_at"] for row in shown), default=thread.created_at))


async def _category_latest(category_id: int) -> None:
    """A category's latest activity again from its visible threads. Inside the caller's transaction."""
    latest = await Thread.filter(category_id=category_id, hidden_at=None, held=False).order_by(
        "-last_posted_at").first()
    await Category.filter(id=category_id).update(last_posted_at=latest.last_posted_at if latest else None)


def _title(title: str | None) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("title", N_("Please give the new thread a title."))
    if len(title) > TITLE_MAX:
        raise Invalid("title", N_("Please keep the title under 200 characters."))
    return title


async def split_thread(moderator: Member, thread_id: int, post_ids: list[int], title: str,
                       category: int | str | None = None) -> Thread:
    """A moderator moves answers of a thread (never its opening post) into a new thread with
    `title`, in `category` (the same one by default). The first moved post becomes the new
    thread's opening post and its author the thread's author. Both threads' counts are set again;
    an accepted answer that moved is no longer accepted. Written to the audit log. Emits
    `thread.split`."""
    require(moderator, "content.moderate")
    thread = await get_thread(moderator, thread_id)
    title = _title(title)
    wanted = sorted({int(post_id) for post_id in post_ids})
    if not wanted:
        raise Invalid("posts", N_("Choose the answers to move."))
    target = await get_category(moderator, category) if category not in (None, "") else thread.category
    opening = await moderation._first_post_id(thread.pk)
    moved = await Post.filter(thread_id=thread.pk, id__in=wanted).exclude(id=opening).order_by("id")
    if len(moved) != len(wanted):
        raise Invalid("posts", N_("Choose answers of this thread (the question stays where it is)."))
    first = moved[0]
    async with in_transaction():
        made = await Thread.create(category=target, title=title, author_id=first.author_id, held=first.held,
                                   created_at=first.created_at, last_posted_at=first.created_at)
        await ThreadTag.bulk_create([ThreadTag(thread=made, tag=tag) for tag in thread.tags])
        await Post.filter(id__in=wanted).update(thread_id=made.pk)
        if thread.accepted_post_id in wanted:
            await Thread.filter(id=thread.pk).update(accepted_post_id=None)
        await _recount(thread.pk)
        await _recount(made.pk)
        if not made.held:
            await Category.filter(id=target.pk).update(thread_count=F("thread_count") + 1)
        for category_id in {thread.category_id, target.pk}:
            await _category_latest(category_id)
        await moderation._log(moderator, "split", thread_id=made.pk, post_id=first.pk, member_id=first.author_id,
                              reason=f"#{thread.pk} → #{made.pk}")
        await events.emit("thread.split", actor=moderator, subject=made, data=ThreadSplit(
            thread=made.pk, source=thread.pk, posts=wanted, category=target.pk, read=target.read,
            author=first.author_id, title=title))
    return await get_thread(moderator, made.pk)


async def merge_threads(moderator: Member, thread_id: int, into_id: int, reason: str = "") -> Thread:
    """A moderator moves every post of a thread into an older one (posts stay in the order they
    were written, so the older thread's question stays first). The emptied thread is hidden with
    `reason` (by default "Merged into “…”"), which its author is told, and its address leads to
    the other. Written to the audit log. Emits `thread.merged` (and `content.hidden` for the
    emptied thread)."""
    require(moderator, "content.moderate")
    source = await get_thread(moderator, thread_id)
    into = await get_thread(moderator, into_id)
    if source.pk == into.pk:
        raise Invalid("into", N_("Choose another thread to merge into."))
    if into.hidden_at is not None or into.became.startswith(MERGED):
        raise Invalid("into", N_("That thread is hidden: restore it first, or choose another."))
    if source.became.startswith(MERGED):
        raise Conflict(N_("This thread was merged already."))
    if (await moderation._first_post_id(source.pk) or 0) < (await moderation._first_post_id(into.pk) or 0):
        raise Invalid("into", N_("Merge the newer thread into the older one: that one was asked later."))
    # The moderator's language: the reason is stored as written, like one they type.
    reason = moderation._reason(reason, required=False) or i18n._("Merged into “%(title)s”", title=into.title)
    moved: list[int] = await Post.filter(thread_id=source.pk).order_by("id").values_list(  # type: ignore[assignment]  # Tortoise types flat=True as tuples
        "id", flat=True)
    async with in_transaction():
        await Post.filter(id__in=moved).update(thread_id=into.pk)
        await Thread.filter(id=source.pk).update(accepted_post_id=None, became=f"{MERGED}{into.pk}")
        await _recount(source.pk)
        await _recount(into.pk)
        await moderation.moderate_thread(moderator, source.pk, "hide", reason=reason)
        await _category_latest(into.category_id)
        await moderation._log(moderator, "merge", thread_id=into.pk, member_id=source.author_id,
                              reason=f"#{source.pk} → #{into.pk}")
        await events.emit("thread.merged", actor=moderator, subject=into, data=ThreadMerged(
            thread=into.pk, source=source.pk, posts=moved, read=into.category.read, title=into.title,
            source_title=source.title))
    return await get_thread(moderator, into.pk)


async def for_reshaping(moderator: Member, thread_id: int, limit: int = 500) -> tuple[Thread, list[Post]]:
    """A thread and its answers (the opening post left out, the first `limit`), with their
    authors, for a moderator choosing what to split off. Emits nothing."""
    require(moderator, "content.moderate")
    thread = await get_thread(moderator, thread_id)
    opening = await moderation._first_post_id(thread.pk)
    answers = await Post.filter(thread_id=thread.pk).exclude(id=opening).order_by("id").limit(limit).prefetch_related(
        authors())
    return thread, list(answers)


def merged_into(thread: Thread) -> int | None:
    """The thread a merged thread's posts went to, or None."""
    if thread.became.startswith(MERGED) and thread.became[len(MERGED):].isdigit():
        return int(thread.became[len(MERGED):])
    return None


async def merged_target(thread_id: int) -> int | None:
    """Where a thread was merged into, whoever asks (its address leads there), or None. Emits nothing."""
    thread = await Thread.get_or_none(id=thread_id).only("id", "became")
    return merged_into(thread) if thread is not None else None
