"""The idea board's sections of the front page (portal/navigation.py HomeSection): what is trending,
what shipped lately, what changed on the ideas a member follows or wrote, and the campaign that
closes next. Each returns None when it has nothing to show, so the front page leaves it out."""
from __future__ import annotations

from tortoise.expressions import Q

from ideas import board, campaigns, votes
from ideas.models import Comment, Follow, Idea, StatusChange
from portal.accounts.models import Member

TRENDING = 5
SHIPPED = 3
CHANGES = 5


async def trending(member: Member | None) -> dict | None:
    """The open ideas most voted for lately, as cards with their vote buttons. Anyone may see them;
    emits nothing."""
    page = await board.list_ideas(member, sort="trending", per_page=TRENDING * 2)
    ideas = [idea for idea in page.items if idea.is_open][:TRENDING]
    if not ideas:
        return None
    return {"ideas": ideas, "voted": await votes.voted_ids(member, ideas)}


async def shipped(member: Member | None) -> dict | None:
    """The ideas shipped most recently ("you asked, we built"). Anyone may see them; emits nothing."""
    ideas = await (board.visible(member).filter(status="shipped").order_by("-updated_at")
                   .limit(SHIPPED).only(*board.CARD_FIELDS, "updated_at"))
    return {"ideas": ideas} if ideas else None


async def _mine(member: Member) -> list[int]:
    """The ideas a member wrote or follows (a handful; both lookups use an index)."""
    followed: list[int] = await Follow.filter(member_id=member.pk).values_list("idea_id", flat=True)  # type: ignore[assignment]  # Tortoise types flat=True as tuples
    written: list[int] = await Idea.filter(author_id=member.pk).values_list("id", flat=True)  # type: ignore[assignment]
    return list({*followed, *written})


async def changes(member: Member | None) -> dict | None:
    """What happened lately on the ideas the member wrote or follows: status changes and other
    people's comments, newest first. Only for a logged-in member; emits nothing."""
    if member is None:
        return None
    ids = await _mine(member)
    if not ids:
        return None
    seen = board.visible(member).filter(id__in=ids)
    shown = await seen.values_list("id", flat=True)
    if not shown:
        return None
    moved = await (StatusChange.filter(idea_id__in=shown).exclude(actor_id=member.pk)
                   .order_by("-id").limit(CHANGES).select_related("idea"))
    said = await (Comment.filter(Q(idea_id__in=shown), ~Q(author_id=member.pk) | Q(author_id=None))
                  .order_by("-id").limit(CHANGES).select_related("idea", "author"))
    entries = sorted([("status", c.created_at, c) for c in moved] + [("comment", c.created_at, c) for c in said],
                     key=lambda entry: entry[1], reverse=True)[:CHANGES]
    return {"entries": entries} if entries else None


async def next_campaign(member: Member | None) -> dict | None:
    """The open campaign that closes soonest, with its deadline. Anyone may see it; emits nothing."""
    open_now, _closed = await campaigns.campaigns()
    if not open_now:
        return None
    campaign = open_now[0]
    return {"campaign": campaign, "ideas": await Idea.filter(campaign_id=campaign.pk, hidden_at=None).count(),
            "more": len(open_now) - 1}
