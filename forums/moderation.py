"""Flags and moderation: members flag posts with a reason; a post flagged by enough trusted members
is hidden until a moderator reviews it. Moderators hide and restore posts and threads with a
reason the author reads, approve held posts, lock, pin and move threads, and pause a member's
posting. Every moderator action is written to the audit log staff read."""
from __future__ import annotations

from datetime import timedelta

from tortoise.expressions import F, Q, Subquery
from tortoise.transactions import in_transaction

from forums import trust
from forums.categories import get_category
from forums.events import ContentFlagged, PostApproved, ThreadMoved
from forums.models import FLAG_REASONS, Category, Flag, ModerationAction, Post, Standing, Thread
from forums.posts import counted, get_post
from forums.threads import get_thread
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import can, require
from portal.clock import now
from portal.errors import N_, Conflict, Invalid, NotFound
from portal.event_kinds import ContentHidden
from portal.pagination import Page, paginate

FLAGS_TO_HIDE = 3  # flags by trusted members that hide a post until a moderator looks
REASON_MAX = 500
POST_ACTIONS = ("hide", "restore", "approve")
THREAD_ACTIONS = ("lock", "unlock", "pin", "unpin", "move", "hide", "restore")


def _reason(reason: str | None, required: bool) -> str:
    reason = " ".join((reason or "").split())
    if required and not reason:
        raise Invalid("reason", N_("Please give a reason: the author reads it."))
    if len(reason) > REASON_MAX:
        raise Invalid("reason", N_("Please keep the reason under 500 characters."))
    return reason


async def _log(actor: Member | None, action: str, *, thread_id=None, post_id=None, member_id=None,
               reason: str = "") -> None:
    await ModerationAction.create(actor=actor, action=action, thread_id=thread_id, post_id=post_id,
                                  member_id=member_id, reason=reason)


async def flag_post(member: Member, post_id: int, reason: str, note: str = "") -> Flag:
    """A verified member flags a post they can see (not their own), once per post. When trusted
    members' open flags reach FLAGS_TO_HIDE the post is hidden until a moderator reviews it.
    Emits `content.flagged` (and `content.hidden` when the flags hide the post)."""
    require(member, "content.post")
    post = await get_post(member, post_id)
    if reason not in FLAG_REASONS:
        raise Invalid("reason", N_("Choose why: spam, off topic, abusive or something else."))
    if post.author_id == member.pk:
        raise Conflict(N_("You cannot flag your own post."))
    if await Flag.exists(post_id=post.pk, member_id=member.pk):
        raise Conflict(N_("You have flagged this post already."))
    trusted = await trust.level_of(member) >= trust.BASIC or member.is_staff
    async with in_transaction():
        flag = await Flag.create(post=post, member=member, reason=reason, note=(note or "").strip()[:500],
                                 trusted=trusted)
        await events.emit("content.flagged", actor=member, subject=post, data=ContentFlagged(
            post=post.pk, thread=post.thread_id, reason=reason, author=post.author_id))
        weight = await Flag.filter(post_id=post.pk, resolved_at=None, trusted=True).count()
        if weight >= FLAGS_TO_HIDE and post.hidden_at is None:
            await _hide_post(None, post, N_("Hidden after flags from the community, until a moderator looks."))
    return flag


async def _first_post_id(thread_id: int) -> int | None:
    first = await Post.filter(thread_id=thread_id).order_by("id").first()
    return first.pk if first else None


async def _hide_post(actor: Member | None, post: Post, reason: str) -> None:
    """Hide a post (its thread too when it is the opening post). Inside the caller's transaction."""
    await Post.filter(id=post.pk).update(hidden_at=now(), hidden_reason=reason)
    if not post.held:
        await Thread.filter(id=post.thread_id).update(post_count=F("post_count") - 1)
    await _log(actor, "hide", thread_id=post.thread_id, post_id=post.pk, member_id=post.author_id, reason=reason)
    await events.emit("content.hidden", actor=actor, subject=post, data=ContentHidden(
        reason=reason, author=post.author_id))


async def moderate_post(moderator: Member, post_id: int, action: str, reason: str = "") -> Post:
    """A moderator hides a post (with a reason its author reads), restores it (its open flags
    resolved), or approves a held one (it then counts and is shown). Written to the audit log.
    Emits `content.hidden` for hide and `post.approved` for approve."""
    require(moderator, "content.moderate")
    if action not in POST_ACTIONS:
        raise Invalid("action", N_("Choose hide, restore or approve."))
    post = await get_post(moderator, post_id)
    reason = _reason(reason, required=action == "hide")
    thread = post.thread
    async with in_transaction():
        if action == "hide":
            if post.hidden_at is None:
                await _hide_post(moderator, post, reason)
        elif action == "restore":
            if post.hidden_at is not None:
                await Post.filter(id=post.pk).update(hidden_at=None, hidden_reason="")
                if not post.held:
                    await Thread.filter(id=thread.pk).update(post_count=F("post_count") + 1)
            await Flag.filter(post_id=post.pk, resolved_at=None).update(resolved_at=now())
            await _log(moderator, "restore", thread_id=thread.pk, post_id=post.pk, member_id=post.author_id,
                       reason=reason)
        elif post.held:  # approve
            await Post.filter(id=post.pk).update(held=False)
            if await _first_post_id(thread.pk) == post.pk:
                await Thread.filter(id=thread.pk).update(held=False)
                await Category.filter(id=thread.category_id).update(thread_count=F("thread_count") + 1,
                                                                    last_posted_at=post.created_at)
            else:
                await counted(post, thread)
            await _log(moderator, "approve", thread_id=thread.pk, post_id=post.pk, member_id=post.author_id,
                       reason=reason)
            await events.emit("post.approved", actor=moderator, subject=post, data=PostApproved(
                post=post.pk, thread=thread.pk, category=thread.category_id, read=thread.category.read,
                author=post.author_id, thread_author=thread.author_id, title=thread.title,
                mentions=await trust.mentioned_members(post.body)))
    await post.refresh_from_db()
    return post


async def moderate_thread(moderator: Member, thread_id: int, action: str, *, reason: str = "",
                          category: int | str | None = None) -> Thread:
    """A moderator locks or unlocks, pins or unpins, moves (to `category`), hides (with a reason
    its author reads) or restores a thread. Written to the audit log. Emits `thread.moved` for a
    move and `content.hidden` for a hide."""
    require(moderator, "content.moderate")
    if action not in THREAD_ACTIONS:
        raise Invalid("action", N_("Choose lock, unlock, pin, unpin, move, hide or restore."))
    thread = await get_thread(moderator, thread_id)
    reason = _reason(reason, required=action == "hide")
    async with in_transaction():
        if action in ("lock", "unlock"):
            await Thread.filter(id=thread.pk).update(locked_at=now() if action == "lock" else None)
        elif action in ("pin", "unpin"):
            await Thread.filter(id=thread.pk).update(pinned=action == "pin")
        elif action == "move":
            if category is None:
                raise Invalid("category", N_("Choose the category to move the thread to."))
            target = await get_category(moderator, category)
            if target.pk != thread.category_id:
                await Thread.filter(id=thread.pk).update(category_id=target.pk)
                if thread.hidden_at is None and not thread.held:
                    await Category.filter(id=thread.category_id).update(thread_count=F("thread_count") - 1)
                    await Category.filter(id=target.pk).update(thread_count=F("thread_count") + 1)
                await events.emit("thread.moved", actor=moderator, subject=thread, data=ThreadMoved(
                    thread=thread.pk, source=thread.category_id, target=target.pk, read=target.read,
                    title=thread.title))
        elif action == "hide" and thread.hidden_at is None:
            await Thread.filter(id=thread.pk).update(hidden_at=now(), hidden_reason=reason)
            if not thread.held:
                await Category.filter(id=thread.category_id).update(thread_count=F("thread_count") - 1)
            await events.emit("content.hidden", actor=moderator, subject=thread, data=ContentHidden(
                reason=reason, author=thread.author_id))
        elif action == "restore" and thread.hidden_at is not None:
            await Thread.filter(id=thread.pk).update(hidden_at=None, hidden_reason="")
            if not thread.held:
                await Category.filter(id=thread.category_id).update(thread_count=F("thread_count") + 1)
        await _log(moderator, action, thread_id=thread.pk, member_id=thread.author_id, reason=reason)
    return await get_thread(moderator, thread.pk)


async def silence(moderator: Member, member_id: int, days: int, reason: str) -> Standing:
    """A moderator pauses a member's posting for `days` (0 lifts it), with a reason. Written to
    the audit log; emits nothing (the member is told when they try to post)."""
    require(moderator, "content.moderate")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    if not isinstance(days, int) or not 0 <= days <= 365:
        raise Invalid("days", N_("Choose between 0 and 365 days."))
    reason = _reason(reason, required=days > 0)
    found = await trust.standing(member)
    async with in_transaction():
        found.silenced_until = now() + timedelta(days=days) if days else None
        found.silence_reason = reason
        await found.save(update_fields=["silenced_until", "silence_reason"])
        await _log(moderator, "silence" if days else "unsilence", member_id=member.pk, reason=reason)
    return found


async def queue(moderator: Member, page: int = 1) -> Page:
    """What waits for a moderator: posts with open flags and held posts, oldest first, with their
    thread and author. Emits nothing."""
    require(moderator, "content.moderate")
    flagged = Subquery(Flag.filter(resolved_at=None).values("post_id"))
    query = Post.filter(Q(id__in=flagged) | Q(held=True, hidden_at=None))
    return await paginate(query.order_by("id").select_related("thread", "author").prefetch_related("flags"),
                          page, 30)


async def audit_log(staff: Member, page: int = 1) -> Page:
    """Every moderator action, newest first. Staff may read it; emits nothing."""
    require(staff, "staff.access")
    return await paginate(ModerationAction.all().order_by("-id").select_related("actor"), page, 50)


async def subjects(actions: list[ModerationAction]) -> tuple[dict[int, Thread], dict[int, Member]]:
    """The threads and members a page of the audit log names, by id (two queries), for staff who
    read it. Emits nothing."""
    thread_ids = {action.thread_id for action in actions if action.thread_id}
    member_ids = {action.member_id for action in actions if action.member_id}
    threads = await Thread.filter(id__in=thread_ids).only("id", "title") if thread_ids else []
    members = await Member.filter(id__in=member_ids).only("id", "display_name", "handle", "status") if member_ids else []
    return {thread.pk: thread for thread in threads}, {member.pk: member for member in members}


async def record(staff: Member, member_id: int, limit: int = 20) -> tuple[Member, Standing, int, list]:
    """A member's standing for staff: the member, their forum standing, their trust level and the
    newest moderator actions about them (with who acted). Staff may read it; emits nothing."""
    require(staff, "staff.access")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    actions = await ModerationAction.filter(member_id=member.pk).order_by("-id").limit(limit).select_related("actor")
    return member, await trust.standing(member), await trust.level_of(member), list(actions)


async def open_flags(reader: Member | None, shown: list[Post]) -> dict[int, int] | None:
    """How many open flags each of these posts has, for a moderator (one query); None for anyone
    else, who never sees flag counts. Emits nothing."""
    if not can(reader, "content.moderate"):
        return None
    if not shown:
        return {}
    rows = await Flag.filter(post_id__in=[post.pk for post in shown], resolved_at=None).values("post_id")
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["post_id"]] = counts.get(row["post_id"], 0) + 1
    return counts
