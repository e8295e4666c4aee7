"""The idea board's part of a member's profile page (/u/{handle}, portal/profiles/activity.py):
their ideas, their comments with the idea each is on, and the shipped ideas they co-authored.

Each list follows the board's rule of who sees what (rules.may_see: a hidden idea, and the
comments on it, only for its author and moderators) and shows the newest few with the total.
Declared in ideas/feature.py."""
from __future__ import annotations

from urllib.parse import urlencode

from tortoise.query_utils import Prefetch

from ideas.board import visible
from ideas.models import Comment, Contributor, Idea
from ideas.rules import may_see
from portal.accounts.models import Member
from portal.profiles.activity import NEWEST, ProfileSection

# What a line of these lists shows of an idea.
IDEA_FIELDS = ("id", "title", "status", "hidden_at", "vote_count", "comment_count", "created_at")
COMMENT_FIELDS = ("id", "idea_id", "body", "official", "created_at")


async def _newest(query, *, only=(), related=None) -> tuple[list, int]:
    """The newest NEWEST rows of `query` and how many it holds: counted only when the list is full
    (a shorter list is all of them). Two queries at most, three with `related` loaded."""
    rows = query.order_by("-id").limit(NEWEST)
    if only:
        rows = rows.only(*only)
    if related is not None:
        rows = rows.prefetch_related(related)
    items = await rows
    return items, (len(items) if len(items) < NEWEST else await query.count())


def _ideas_of_lines() -> Prefetch:
    """The idea each comment or co-author row is on, with only what a line shows."""
    return Prefetch("idea", Idea.all().only(*IDEA_FIELDS))


async def ideas(viewer: Member | None, member: Member) -> dict | None:
    """The member's newest ideas on the board (merged ones go with the idea they joined), as
    `viewer` may see them, with the total and the board filtered to them when there are more.
    Anyone may call it; emits nothing."""
    query = visible(viewer).filter(author_id=member.pk).exclude(status="merged")
    items, total = await _newest(query, only=IDEA_FIELDS)
    if not items:
        return None
    more = "/ideas?" + urlencode({"author": member.handle, "sort": "newest"}) if total > len(items) else None
    return {"ideas": items, "total": total, "more": more}


async def comments(viewer: Member | None, member: Member) -> dict | None:
    """The member's newest comments, each with the idea it is on, on ideas `viewer` may see, and
    how many there are. Anyone may call it; emits nothing."""
    query = Comment.filter(author_id=member.pk).filter(may_see(viewer, "idea__"))
    items, total = await _newest(query, only=COMMENT_FIELDS, related=_ideas_of_lines())
    if not items:
        return None
    return {"comments": items, "total": total}


async def shipped(viewer: Member | None, member: Member) -> dict | None:
    """The shipped ideas the member co-authored (accepted by the idea's author), newest first, as
    `viewer` may see them, and how many. Anyone may call it; emits nothing."""
    query = (Contributor.filter(member_id=member.pk, role="coauthor", accepted=True, idea__status="shipped")
             .filter(may_see(viewer, "idea__")))
    rows, total = await _newest(query, related=_ideas_of_lines())
    if not rows:
        return None
    return {"ideas": [row.idea for row in rows], "total": total}


SECTIONS = (
    ProfileSection("ideas", "ideas/_profile_ideas.html", ideas, order=10),
    ProfileSection("idea_comments", "ideas/_profile_comments.html", comments, order=20),
    ProfileSection("shipped_ideas", "ideas/_profile_shipped.html", shipped, order=30),
)
