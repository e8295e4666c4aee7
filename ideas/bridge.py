"""What the idea board offers other features through its declaration (portal/bridges.py): an idea
made from someone's question (the forums' "Turn into an idea"), and what became of it."""
from __future__ import annotations

from ideas import board
from ideas.models import STATUS_LABELS, Idea
from portal.accounts.models import Member
from portal.bridges import Bridge, Made


async def make_idea(actor: Member, author: Member, title: str, body: str) -> Made:
    """An idea by `author` (who follows it) from another feature's content; the asking feature
    has allowed `actor`. Emits `idea.submitted` (through board.submit)."""
    idea = await board.submit(author, title, body)
    return Made(idea.pk, f"/ideas/{idea.pk}", idea.title)


async def describe_idea(idea_id: int) -> dict | None:
    """The idea's title, address and status (a message id), or None when it is gone or hidden
    (a merged idea points to the one it was merged into)."""
    idea = await Idea.get_or_none(id=idea_id, hidden_at=None)
    if idea is None:
        return None
    if idea.merged_into_id is not None:
        return await describe_idea(idea.merged_into_id)
    return {"title": idea.title, "url": f"/ideas/{idea.pk}", "status": STATUS_LABELS.get(idea.status, idea.status)}


IDEA_BRIDGE = Bridge("idea", make_idea, describe_idea)
