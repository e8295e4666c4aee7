"""Voting and following: one vote per member and idea, campaign vote budgets, the follow list.

The counts stay exact under any concurrency. The voting transaction moves the idea's counter with
one UPDATE that only matches an idea still open and visible: the UPDATE locks the row and checks
its state again on the latest version, so a vote never lands on an idea that is being merged or
closed at the same moment (ideas/decisions.py locks the ideas it merges). The lock is taken late,
at that UPDATE, so votes on one popular idea wait for each other as briefly as possible.
In a campaign with a vote budget one member's votes are taken one at a time (a transaction-scoped
advisory lock on the member and campaign), so concurrent clicks on many ideas cannot spend more
than the budget. SQLite takes the write lock when a transaction begins (portal/sqlite_engine.py),
which serializes the same transactions without these locks."""
from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from ideas import ranking
from ideas.board import get_idea
from ideas.events import IdeaVoted
from ideas.models import OPEN_STATUSES, Campaign, Follow, Idea, Vote
from ideas.rules import require_may_vote
from portal import events
from portal.accounts.models import Member
from portal.accounts.permissions import require
from portal.clock import now
from portal.errors import N_, Conflict, NotFound, Unauthenticated

BUDGET_USED = N_("You have used all your votes in this campaign. Take one back to vote here.")


async def set_vote(member: Member, idea_id: int, voted: bool) -> tuple[Idea, bool]:
    """Cast (voted=True) or withdraw (False) the member's vote; doing it twice changes nothing.

    Verified members may vote on open ideas they can see (Unauthenticated, Forbidden, NotFound for
    a hidden idea, Conflict for a merged or closed one, Conflict when a campaign's budget is used
    up). The vote row is unique per idea and member and the counter moves with an atomic UPDATE in
    the same transaction; the voter follows the idea. Returns the idea with its current count and
    whether the member's vote is on. Emits `idea.voted` or `idea.unvoted` when something changed."""
    require(member, "content.post")
    async with in_transaction() as connection:
        idea = await Idea.get_or_none(id=idea_id)
        if idea is None:
            raise NotFound()
        require_may_vote(member, idea)  # and again under the row lock, see _count
        existing = await Vote.filter(idea_id=idea.pk, member_id=member.pk).first()
        if voted and existing is None:
            campaign = await Campaign.get_or_none(id=idea.campaign_id) if idea.campaign_id else None
            if campaign is not None and campaign.vote_budget is not None:
                await _one_at_a_time(connection, member, campaign)
                if await _votes_used(member, campaign) >= campaign.vote_budget:
                    raise Conflict(BUDGET_USED)
            weight = ranking.vote_weight(now())
            try:
                async with in_transaction():
                    await Vote.create(idea_id=idea.pk, member_id=member.pk, campaign_id=idea.campaign_id,
                                      weight=weight)
            except IntegrityError:
                pass  # a concurrent click of the same member won: the vote is on either way
            else:
                await _count(member, idea, +1, weight)
                await _follow(idea.pk, member.pk)
                await events.emit("idea.voted", actor=member, subject=idea, data=await _vote_facts(idea, member))
        elif not voted and existing is not None:
            deleted = await Vote.filter(id=existing.pk).delete()
            if deleted:
                await _count(member, idea, -1, -existing.weight)
                await events.emit("idea.unvoted", actor=member, subject=idea, data=await _vote_facts(idea, member))
    await idea.refresh_from_db(fields=["vote_count", "trend", "follower_count"])
    return idea, voted


async def _count(member: Member, idea: Idea, votes: int, weight: float) -> None:
    """Move the idea's counter, only while it is open and visible. The UPDATE locks the row and
    re-checks the state on its latest version; when the idea closed, was hidden or was merged in
    the meantime, the domain error says so and the whole vote rolls back."""
    moved = await Idea.filter(id=idea.pk, status__in=list(OPEN_STATUSES), hidden_at=None).update(
        vote_count=F("vote_count") + votes, trend=F("trend") + weight)
    if not moved:
        current = await Idea.get_or_none(id=idea.pk)
        if current is None:
            raise NotFound()
        require_may_vote(member, current)
        raise Conflict(N_("Voting on this idea has closed."))


async def toggle_vote(member: Member, idea_id: int) -> tuple[Idea, bool]:
    """Flip the member's vote (the board's one-click button). Same callers, errors and events as
    set_vote."""
    if member is None:
        raise Unauthenticated()
    has = await Vote.filter(idea_id=idea_id, member_id=member.pk).exists()
    return await set_vote(member, idea_id, not has)


async def _one_at_a_time(connection, member: Member, campaign: Campaign) -> None:
    """Hold a lock on (member, campaign) until the transaction ends: on PostgreSQL, one member's
    votes in a campaign with a budget are counted and cast one after the other."""
    if connection.capabilities.dialect == "postgres":
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                                       [f"ideas.vote_budget:{campaign.pk}:{member.pk}"])


async def _vote_facts(idea: Idea, member: Member) -> IdeaVoted:
    """The facts of a vote, with the count as this transaction leaves it."""
    count = await Idea.filter(id=idea.pk).values_list("vote_count", flat=True)
    return IdeaVoted(idea=idea.pk, voter=member.pk, author=idea.author_id, vote_count=count[0],
                     campaign=idea.campaign_id, title=idea.title)


async def _votes_used(member: Member, campaign: Campaign) -> int:
    """Votes that count against a campaign's budget: those on ideas still open."""
    return await Vote.filter(member_id=member.pk, campaign_id=campaign.pk,
                             idea__status__in=list(OPEN_STATUSES)).count()


async def votes_left(member: Member | None, campaign: Campaign) -> int | None:
    """How many votes the member still has in a campaign with a budget (None: no budget).

    Votes on ideas that closed (shipped, declined, merged) are given back. Anyone may ask;
    emits nothing."""
    if campaign.vote_budget is None or member is None:
        return campaign.vote_budget
    return max(0, campaign.vote_budget - await _votes_used(member, campaign))


async def voted_ids(member: Member | None, ideas: list[Idea]) -> set[int]:
    """Which of these ideas the member voted for (one query). Emits nothing."""
    if member is None or not ideas:
        return set()
    ids: list[int] = await (Vote.filter(member_id=member.pk, idea_id__in=[i.pk for i in ideas])  # type: ignore[assignment]  # Tortoise types flat=True as tuples
                            .values_list("idea_id", flat=True))
    return set(ids)


# -- following -----------------------------------------------------------------------------------

async def _follow(idea_id: int, member_id: int) -> bool:
    try:
        async with in_transaction():
            await Follow.create(idea_id=idea_id, member_id=member_id)
    except IntegrityError:
        return False
    await Idea.filter(id=idea_id).update(follower_count=F("follower_count") + 1)
    return True


async def set_follow(member: Member, idea_id: int, follow: bool) -> Idea:
    """Any logged-in member follows or unfollows an idea they can see (idempotent). Emits nothing:
    following is the member's own list."""
    if member is None:
        raise Unauthenticated()
    idea = await get_idea(member, idea_id)
    async with in_transaction():
        if follow:
            await _follow(idea.pk, member.pk)
        elif await Follow.filter(idea_id=idea.pk, member_id=member.pk).delete():
            await Idea.filter(id=idea.pk).update(follower_count=F("follower_count") - 1)
    await idea.refresh_from_db(fields=["follower_count"])
    return idea


async def is_following(member: Member | None, idea: Idea) -> bool:
    """Whether the member follows the idea (False for nobody). Emits nothing."""
    if member is None:
        return False
    return await Follow.filter(idea_id=idea.pk, member_id=member.pk).exists()
