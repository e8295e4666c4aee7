"""Posts: answering in a thread, editing (the earlier text kept for everyone to read), likes, and
the accepted answer that marks a thread solved."""
from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from forums import images, trust
from forums.events import AnswerAccepted, PostCreated, PostEdited, PostLiked
from forums.models import Category, ForumDraft, Post, PostLike, PostRevision, Thread
from forums.rules import may_post, moderates, posts_for
from forums.threads import authors, clean_text, get_thread
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import can, require
from portal.clock import now
from portal.errors import N_, Conflict, Forbidden, NotFound
from portal.markdown import excerpt, with_html
from portal.pagination import Page, paginate


async def reply(member: Member, thread_id: int, body: str) -> Post:
    """A member who may post in the thread's category answers; a staff member's answer is official.
    A locked thread takes no answers. The member's trust level limits links, mentions and pace
    (forums/trust.py: 422, 429); a new member's first post with links is held for review. The
    thread's and category's counts move, and the member's draft of an answer there goes, in the
    same transaction. Emits `post.created`."""
    require(member, "content.post")
    thread = await get_thread(member, thread_id)
    if not may_post(member, thread.category):
        raise Forbidden(N_("Only the team may answer in this category."))
    if thread.locked_at is not None and not moderates(member):
        raise Conflict(N_("This thread is locked: it takes no more answers."))
    _, body = clean_text(None, body, with_title=False)
    held = await trust.check_post(member, body, new_thread=False)
    mentions = await trust.mentioned_members(body)
    async with in_transaction():
        post = await Post.create(thread=thread, author=member, **with_html(body=body), excerpt=excerpt(body),
                                 official=member.is_staff, held=held)
        await images.claim(member, post, body)
        if not held:  # a held post counts once a moderator lets it in
            await counted(post, thread)
        await ForumDraft.filter(member_id=member.pk, thread_id=thread.pk).delete()
        await events.emit("post.created", actor=member, subject=post, data=PostCreated(
            post=post.pk, thread=thread.pk, category=thread.category_id, read=thread.category.read,
            author=member.pk, thread_author=thread.author_id, title=thread.title, official=post.official,
            held=held, mentions=mentions))
    return post


async def counted(post: Post, thread: Thread) -> None:
    """Move the thread's and category's counts for an answer that became visible (written, or let
    in by a moderator). Called inside the caller's transaction."""
    moment = post.created_at
    by_other = post.author_id != thread.author_id
    changes: dict = {"post_count": F("post_count") + 1, "last_posted_at": moment}
    if by_other:
        changes["reply_count"] = F("reply_count") + 1
    if post.official and by_other:
        changes["staff_replied"] = True
    await Thread.filter(id=thread.pk).update(**changes)
    if by_other:  # the first answer by someone else: kept once, for support health
        await Thread.filter(id=thread.pk, first_reply_at=None).update(first_reply_at=moment)
    await Category.filter(id=thread.category_id).update(last_posted_at=moment)


async def posts_of(reader: Member | None, thread: Thread, *, page: int = 1, per_page: int = 50) -> Page:
    """A page of the thread's posts the reader may see, oldest first, with their authors (the
    caller already may see the thread). Emits nothing."""
    query = posts_for(reader).filter(thread_id=thread.pk).order_by("id").prefetch_related(authors())
    return await paginate(query, page, per_page, count=False)


async def get_post(reader: Member | None, post_id: int) -> Post:
    """One post as the reader may see it, with its thread and category, or NotFound. Emits nothing."""
    post = await posts_for(reader).filter(id=post_id).select_related("thread__category").first()
    if post is None:
        raise NotFound()
    return post


def may_like(member: Member | None, post: Post) -> bool:
    """A member who may post likes other people's posts, never their own."""
    return member is not None and can(member, "content.post") and post.author_id != member.pk


def may_edit(member: Member | None, post: Post) -> bool:
    """Its author (while the thread is open) and moderators edit a post."""
    if member is None:
        return False
    if moderates(member):
        return True
    return post.author_id == member.pk and post.thread.locked_at is None


async def edit_post(member: Member, post_id: int, body: str) -> Post:
    """The post's author or a moderator changes its text; the earlier text is kept as a revision
    everyone may read. Emits `post.edited`."""
    require(member, "content.post")
    post = await get_post(member, post_id)
    if not may_edit(member, post):
        raise Forbidden(N_("Only its author can change this post."))
    _, body = clean_text(None, body, with_title=False)
    if body == post.body:
        return post
    await trust.check_post(member, body, new_thread=False, pace=False)
    async with in_transaction():
        await PostRevision.create(post=post, editor=member, body=post.body)
        post.update_from_dict({**with_html(body=body), "excerpt": excerpt(body), "edited_at": now()})
        await post.save(update_fields=["body", "body_html", "excerpt", "edited_at"])
        await images.claim(member, post, body)
        await events.emit("post.edited", actor=member, subject=post, data=PostEdited(
            post=post.pk, thread=post.thread_id, editor=member.pk))
    return post


async def revisions(post: Post) -> list[PostRevision]:
    """The post's earlier texts, oldest first (the caller already may see the post). Emits nothing."""
    return await PostRevision.filter(post_id=post.pk).order_by("id").prefetch_related(authors("editor"))


async def set_like(member: Member, post_id: int, liked: bool) -> Post:
    """A verified member likes a post (not their own), or takes the like back; idempotent. The
    post's and thread's counts move with it. Emits `post.liked` when something changed."""
    require(member, "content.post")
    post = await get_post(member, post_id)
    if not may_like(member, post):
        raise Conflict(N_("You cannot like your own post."))
    async with in_transaction():
        if liked:
            _, created = await PostLike.get_or_create(post_id=post.pk, member_id=member.pk)
            changed, step = created, 1
        else:
            changed, step = bool(await PostLike.filter(post_id=post.pk, member_id=member.pk).delete()), -1
        if not changed:
            return post
        await Post.filter(id=post.pk).update(like_count=F("like_count") + step)
        await Thread.filter(id=post.thread_id).update(like_count=F("like_count") + step)
        await trust.liked(post.author_id, step)
        await post.refresh_from_db(fields=["like_count"])
        await events.emit("post.liked", actor=member, subject=post, data=PostLiked(
            post=post.pk, thread=post.thread_id, liker=member.pk, author=post.author_id, liked=liked,
            like_count=post.like_count, title=post.thread.title))
    return post


async def liked_ids(member: Member | None, posts: list[Post]) -> set[int]:
    """Which of these posts the member liked (one query). Emits nothing."""
    if member is None or not posts:
        return set()
    ids = [post.pk for post in posts]
    liked: list[int] = await PostLike.filter(member_id=member.pk, post_id__in=ids).values_list(  # type: ignore[assignment]  # Tortoise types flat=True as tuples
        "post_id", flat=True)
    return set(liked)


def may_accept(member: Member | None, thread: Thread) -> bool:
    """The thread's author and staff accept an answer."""
    return member is not None and (member.pk == thread.author_id or member.is_staff)


async def accept_answer(member: Member, thread_id: int, post_id: int | None) -> Thread:
    """The thread's author or staff accept a post of the thread as its answer (the thread is then
    solved), or take the acceptance back with None. Emits `answer.accepted` for an acceptance."""
    require(member, "content.post")
    thread = await get_thread(member, thread_id)
    if not may_accept(member, thread):
        raise Forbidden(N_("Only the person who asked, or the team, can accept an answer."))
    post = None
    if post_id is not None:
        post = await posts_for(member).filter(id=post_id, thread_id=thread.pk, held=False, hidden_at=None).first()
        if post is None:
            raise NotFound()
        first = await Post.filter(thread_id=thread.pk).order_by("id").first()
        if first is not None and first.pk == post.pk:
            raise Conflict(N_("The question itself cannot be its answer."))
    async with in_transaction():
        await Thread.filter(id=thread.pk).update(accepted_post_id=post.pk if post else None)
        thread.accepted_post_id = post.pk if post else None
        if post is not None:
            await events.emit("answer.accepted", actor=member, subject=thread, data=AnswerAccepted(
                thread=thread.pk, post=post.pk, by=member.pk, author=post.author_id,
                thread_author=thread.author_id, title=thread.title))
    return thread


async def opening_post_id(thread: Thread) -> int | None:
    """The id of the thread's opening post (the question), whoever reads. Emits nothing."""
    first = await Post.filter(thread_id=thread.pk).order_by("id").only("id").first()
    return first.pk if first is not None else None


async def accepted_post(reader: Member | None, thread: Thread) -> Post | None:
    """The thread's accepted answer as the reader may see it (with its author), or None. Emits
    nothing."""
    if thread.accepted_post_id is None:
        return None
    return await posts_for(reader).filter(id=thread.accepted_post_id, thread_id=thread.pk).prefetch_related(
        authors()).first()


async def page_of(reader: Member | None, post: Post, per_page: int = 50) -> int:
    """Which page of its thread (as posts_of pages it for the reader) a post is on. Emits nothing."""
    before = await posts_for(reader).filter(thread_id=post.thread_id, id__lt=post.pk).count()
    return before // per_page + 1


async def posts_after(reader: Member | None, thread: Thread, *, after: int = 0, limit: int = 50) -> list[Post]:
    """Up to `limit` of the thread's posts the reader may see that come after the post `after`
    (an id; 0 for the first), oldest first, with their authors: keyset paging for the API's
    cursors (the caller already may see the thread). Emits nothing."""
    query = posts_for(reader).filter(thread_id=thread.pk, id__gt=after)
    return await query.order_by("id").limit(limit).prefetch_related(authors())
