"""Trust in the forums, like Discourse's trust levels, but a customer in the middle of a problem is
not muted: a member who arrived through single sign-on with a verified email, or whom staff mark
as a verified customer, starts at level 1. Everyone else starts at 0 (no bootstrap mode).

Levels rise with activity (days visited, posts read, likes received) and set what a post may
hold and how fast a member may post. Staff are never limited. The clock for "too fast" is the
member's last accepted post, so a refused post does not restart it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from tortoise.expressions import F

from forums.models import Post, Standing, Thread
from portal.accounts.models import Member, SsoLink
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Forbidden, Invalid, NotFound, Throttled

NEW, BASIC, MEMBER = 0, 1, 2
LEVEL_LABELS = {NEW: N_("New member"), BASIC: N_("Basic member"), MEMBER: N_("Member")}
# What a level is earned with (Discourse's defaults are the reference): days visited, posts read,
# likes received.
EARNED = ((MEMBER, 15, 100, 1), (BASIC, 2, 30, 0))


@dataclass(frozen=True)
class Limits:
    links: int | None  # per post (None: any number)
    mentions: int
    post_seconds: int  # between two posts
    thread_seconds: int  # between two threads
    hold_first_links: bool  # a first post with links waits for a moderator


LIMITS = {
    NEW: Limits(links=2, mentions=2, post_seconds=30, thread_seconds=120, hold_first_links=True),
    BASIC: Limits(links=None, mentions=10, post_seconds=5, thread_seconds=15, hold_first_links=False),
    MEMBER: Limits(links=None, mentions=10, post_seconds=5, thread_seconds=15, hold_first_links=False),
}
SAME_TEXT_WINDOW = timedelta(minutes=5)
LINK_RE = re.compile(r"https?://|www\.", re.IGNORECASE)
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{3,24})\b")


async def standing(member: Member) -> Standing:
    """The member's forum standing (made on first need)."""
    found, _ = await Standing.get_or_create(member_id=member.pk)
    return found


def earned(found: Standing) -> int:
    """The level earned by activity alone."""
    for level, days, read, likes in EARNED:
        if found.days_visited >= days and found.posts_read >= read and found.likes_received >= likes:
            return level
    return NEW


async def level_of(member: Member) -> int:
    """The member's trust level: at least 1 for a verified customer (staff mark, or a verified
    single sign-on), else what their activity earned. Emits nothing."""
    found = await standing(member)
    start = BASIC if found.verified_customer or await SsoLink.exists(member_id=member.pk) else NEW
    return max(start, earned(found))


def links_in(body: str) -> int:
    return len(LINK_RE.findall(body or ""))


def mentioned_handles(body: str) -> list[str]:
    """The @handles a text names, each once, in order."""
    seen: list[str] = []
    for handle in MENTION_RE.findall(body or ""):
        if handle.lower() not in seen:
            seen.append(handle.lower())
    return seen


async def mentioned_members(body: str) -> list[int]:
    """The ids of the active members a text @mentions (unknown handles are plain text)."""
    handles = mentioned_handles(body)
    if not handles:
        return []
    found = await Member.filter(handle__in=handles, status="active").values_list("id", "handle")
    order = {handle: n for n, handle in enumerate(handles)}
    return [member_id for member_id, _ in sorted(found, key=lambda row: order.get(row[1], 0))]


async def check_post(member: Member, body: str, *, new_thread: bool, pace: bool = True) -> bool:
    """Whether the member may post this now, by their level: Forbidden while silenced; Invalid
    (422) over the links or mentions of their level or for the same text twice within five
    minutes; Throttled (429, with the seconds to wait) when too soon after their last post (an
    edit passes `pace=False`: only what the text holds is checked).
    Returns whether the post is held for review (a new member's first post with links).
    Staff pass unchecked. Emits nothing."""
    if member.is_staff:
        return False
    found = await standing(member)
    if found.silenced_until is not None and found.silenced_until > now():
        raise Forbidden(N_("A moderator has paused your posting for a while."))
    limits = LIMITS[await level_of(member)]
    links = links_in(body)
    if limits.links is not None and links > limits.links:
        raise Invalid("body", N_("New members may share at most %(num)d links in a post."), num=limits.links)
    mentions = len(mentioned_handles(body))
    if mentions > limits.mentions:
        raise Invalid("body", N_("Please mention at most %(num)d people in a post."), num=limits.mentions)
    last = await Post.filter(author_id=member.pk).order_by("-created_at").first() if pace else None
    if last is not None:
        if last.body.strip() == body.strip() and now() - last.created_at < SAME_TEXT_WINDOW:
            raise Invalid("body", N_("You just posted this same text."))
        clocks = [(limits.post_seconds, last.created_at)]
        if new_thread:
            newest = await Thread.filter(author_id=member.pk).order_by("-created_at").first()
            if newest is not None:
                clocks.append((limits.thread_seconds, newest.created_at))
        left = max(wait - (now() - since).total_seconds() for wait, since in clocks)
        if left > 0:
            raise Throttled(int(left) + 1, N_("You are posting very fast. Please wait a moment."))
    if limits.hold_first_links and links:
        return not await Post.filter(author_id=member.pk, held=False, hidden_at=None).exists()
    return False


async def visited(member: Member | None) -> None:
    """Count a day the member read the forums (once per day). Called by the forum pages."""
    if member is None:
        return
    found = await standing(member)
    today = now().date()
    if found.last_visit != today:
        await Standing.filter(member_id=member.pk).update(days_visited=F("days_visited") + 1, last_visit=today)


async def read(member: Member | None, posts: int) -> None:
    """Count posts the member was shown on a thread page. Called by the thread page."""
    if member is not None and posts > 0:
        await standing(member)
        await Standing.filter(member_id=member.pk).update(posts_read=F("posts_read") + posts)


async def liked(author_id: int | None, step: int) -> None:
    """A like given (+1) or taken back (-1) on the author's post. Called by posts.set_like in its
    transaction."""
    if author_id is not None:
        await Standing.get_or_create(member_id=author_id)
        await Standing.filter(member_id=author_id).update(likes_received=F("likes_received") + step)


async def mark_verified_customer(actor: Member, member_id: int, verified: bool) -> Standing:
    """Staff mark a member as a verified customer (trust level 1 at least), or take it back.
    Emits nothing (the change shows in the member's trust level)."""
    require(actor, "staff.access")
    member = await Member.get_or_none(id=member_id, status="active")
    if member is None:
        raise NotFound()
    found = await standing(member)
    found.verified_customer = verified
    await found.save(update_fields=["verified_customer"])
    return found
