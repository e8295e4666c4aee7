"""Comments on ideas. A staff member's comment is an official answer."""
from __future__ import annotations

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from ideas.board import get_idea
from ideas.events import IdeaCommented
from ideas.models import Comment, Idea
from ideas.rules import COMMENT_MAX
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.errors import N_, Invalid
from portal.markdown import with_html


async def add_comment(member: Member, idea_id: int, body: str) -> Comment:
    """A verified member comments on an idea they can see; a staff member's comment is an official
    answer. The idea's comment count moves in the same transaction.

    Emits `idea.commented`."""
    require(member, "content.post")
    idea = await get_idea(member, idea_id)
    body = (body or "").strip()
    if not body:
        raise Invalid("body", N_("Please write something first."))
    if len(body) > COMMENT_MAX:
        raise Invalid("body", N_("Please keep your comment under 10,000 characters."))
    async with in_transaction():
        comment = await Comment.create(idea=idea, author=member, **with_html(body=body), official=member.is_staff)
        await Idea.filter(id=idea.pk).update(comment_count=F("comment_count") + 1)
        await events.emit("idea.commented", actor=member, subject=comment, data=IdeaCommented(
            idea=idea.pk, comment=comment.pk, author=member.pk, idea_author=idea.author_id, title=idea.title,
            official=comment.official))
    return comment


async def comments_of(idea: Idea) -> list[Comment]:
    """The idea's comments, oldest first, with their authors (the caller already may see the
    idea). Emits nothing."""
    return await Comment.filter(idea_id=idea.pk).order_by("id").select_related("author")
