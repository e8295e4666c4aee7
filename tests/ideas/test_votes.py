"""Voting: exact counts under concurrency, budgets, and no vote on a closed, hidden or merged idea."""
import asyncio
import logging
from datetime import timedelta

import pytest

from ideas import board, decisions, votes
from ideas.models import Campaign, Follow, Idea, Vote
from portal.clock import now
from portal.errors import Conflict, NotFound
from tests.conftest import make_member


async def test_voting_is_idempotent_and_counts_exactly(people):
    idea = await board.submit(people["ada"], "Dark mode", "")
    for _ in range(2):
        idea, voted = await votes.set_vote(people["bob"], idea.pk, True)
    assert idea.vote_count == 1 and voted
    await votes.set_vote(people["cy"], idea.pk, True)
    for _ in range(2):
        idea, voted = await votes.set_vote(people["bob"], idea.pk, False)
    assert idea.vote_count == 1 and not voted
    assert await Vote.filter(idea_id=idea.pk).count() == 1
    assert await Follow.filter(idea_id=idea.pk, member_id=people["cy"].pk).exists()


async def test_many_members_voting_and_unvoting_at_once_end_with_the_exact_count(people):
    idea = await board.submit(people["ada"], "Concurrency", "")
    voters = [await make_member(f"v{i}@example.org") for i in range(12)]

    async def churn(member, final: bool):
        for step in (True, False, True, final):
            await votes.set_vote(member, idea.pk, step)

    await asyncio.gather(*[churn(m, i % 3 != 0) for i, m in enumerate(voters)])
    assert (await Idea.get(id=idea.pk)).vote_count == 8 == await Vote.filter(idea_id=idea.pk).count()


async def test_a_double_click_counts_once(people):
    idea = await board.submit(people["ada"], "Double click", "")
    await asyncio.gather(*[votes.set_vote(people["bob"], idea.pk, True) for _ in range(5)])
    assert (await Idea.get(id=idea.pk)).vote_count == 1 == await Vote.filter(idea_id=idea.pk).count()


async def test_trending_favours_recent_votes(people):
    old = await board.submit(people["ada"], "Old favourite", "")
    new = await board.submit(people["ada"], "New hot thing", "")
    voters = [await make_member(f"t{i}@example.org") for i in range(3)]
    for member in voters:
        await votes.set_vote(member, old.pk, True)
    # Three votes a month ago weigh less than two today (each halves every week).
    await Vote.filter(idea_id=old.pk).update(created_at=now() - timedelta(days=28))
    from ideas import ranking
    await Idea.filter(id=old.pk).update(trend=3 * ranking.vote_weight(now() - timedelta(days=28)))
    for member in voters[:2]:
        await votes.set_vote(member, new.pk, True)
    trending = await board.list_ideas(None, sort="trending")
    top = await board.list_ideas(None, sort="top")
    assert [i.title for i in trending.items] == ["New hot thing", "Old favourite"]
    assert [i.title for i in top.items] == ["Old favourite", "New hot thing"]


async def test_no_votes_on_merged_hidden_or_closed_ideas(people):
    idea = await board.submit(people["ada"], "Closed soon", "")
    await decisions.change_status(people["pm"], idea.pk, "shipped", "Done!")
    with pytest.raises(Conflict):
        await votes.set_vote(people["bob"], idea.pk, True)
    hidden = await board.submit(people["ada"], "Spam", "")
    await board.hide(people["mod"], hidden.pk, "Advertising")
    with pytest.raises(NotFound):
        await votes.set_vote(people["bob"], hidden.pk, True)
    a = await board.submit(people["ada"], "Dup A", "")
    b = await board.submit(people["bob"], "Dup B", "")
    await decisions.merge(people["pm"], a.pk, b.pk, "Same request")
    with pytest.raises(Conflict):
        await votes.set_vote(people["cy"], a.pk, True)


async def test_a_campaign_budget_is_enforced_and_returned_when_an_idea_closes(people):
    campaign = await Campaign.create(title="Trips", deadline=now() + timedelta(days=7), vote_budget=2)
    ideas = [await board.submit(people["ada"], f"Trip idea {i}", "", campaign_id=campaign.pk) for i in range(3)]
    bob = people["bob"]
    await votes.set_vote(bob, ideas[0].pk, True)
    await votes.set_vote(bob, ideas[1].pk, True)
    assert await votes.votes_left(bob, campaign) == 0
    with pytest.raises(Conflict):
        await votes.set_vote(bob, ideas[2].pk, True)
    await decisions.change_status(people["pm"], ideas[0].pk, "declined", "Not for now.")
    assert await votes.votes_left(bob, campaign) == 1
    await votes.set_vote(bob, ideas[2].pk, True)


async def test_concurrent_votes_of_one_member_never_exceed_a_campaign_budget(people):
    """20 clicks at once on 20 ideas of a campaign with 3 votes each: 3 land, 17 are refused."""
    campaign = await Campaign.create(title="Rush", deadline=now() + timedelta(days=7), vote_budget=3)
    ideas = [await board.submit(people["ada"], f"Rush idea {i}", "", campaign_id=campaign.pk) for i in range(20)]
    results = await asyncio.gather(*[votes.set_vote(people["bob"], idea.pk, True) for idea in ideas],
                                   return_exceptions=True)
    landed = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(landed) == 3 and len(refused) == 17
    assert all(isinstance(r, Conflict) and r.message == votes.BUDGET_USED for r in refused)
    assert await Vote.filter(member_id=people["bob"].pk, campaign_id=campaign.pk).count() == 3
    assert sum(i.vote_count for i in await Idea.filter(campaign_id=campaign.pk)) == 3
    assert await votes.votes_left(people["bob"], campaign) == 0


async def test_a_vote_racing_a_merge_never_lands_on_the_merged_idea(people):
    """Each voter's vote either counts before the merge and moves with it, or finds the idea
    merged; the target counts each of its voters once."""
    voters = [await make_member(f"racer{i}@example.org") for i in range(8)]
    for round_ in range(3):
        source = await board.submit(people["ada"], f"Duplicate {round_}", "")
        target = await board.submit(people["bob"], f"Original {round_}", "")
        for voter in voters[::2]:  # half of them already voted for the target
            await votes.set_vote(voter, target.pk, True)
        results = await asyncio.gather(
            *[votes.set_vote(voter, source.pk, True) for voter in voters[:4]],
            decisions.merge(people["pm"], source.pk, target.pk, "Same wish"),
            *[votes.set_vote(voter, source.pk, True) for voter in voters[4:]],
            return_exceptions=True)
        assert not [r for r in results if isinstance(r, BaseException) and not isinstance(r, Conflict)]
        source, target = await Idea.get(id=source.pk), await Idea.get(id=target.pk)
        assert source.status == "merged" and source.vote_count == 0
        assert await Vote.filter(idea_id=source.pk).count() == 0
        distinct = set(await Vote.filter(idea_id=target.pk).values_list("member_id", flat=True))
        assert target.vote_count == len(distinct) == await Vote.filter(idea_id=target.pk).count()
        assert distinct >= {v.pk for v in voters[::2]}


async def test_merging_moves_votes_and_follows_with_a_fixed_number_of_statements(people):
    """Set-based: merging 3 or 30 votes takes the same number of statements (every statement is
    logged at DEBUG by Tortoise's database client, whichever database and transaction)."""
    statements_log: list[str] = []

    class Counter(logging.Handler):
        def emit(self, record):
            statements_log.append(record.getMessage())

    logger = logging.getLogger("tortoise.db_client")
    handler, level = Counter(logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        voters = [await make_member(f"many{i}@example.org") for i in range(30)]
        statements = []
        for size in (3, 30):
            source = await board.submit(people["ada"], f"Source {size}", "")
            target = await board.submit(people["bob"], f"Target {size}", "")
            for voter in voters[:size]:
                await votes.set_vote(voter, source.pk, True)
            for voter in voters[:size:3]:  # some voted for both: their source vote goes
                await votes.set_vote(voter, target.pk, True)
            statements_log.clear()
            await decisions.merge(people["pm"], source.pk, target.pk, "Same")
            statements.append(len(statements_log))
            target = await Idea.get(id=target.pk)
            assert target.vote_count == size == await Vote.filter(idea_id=target.pk).count()
            assert target.follower_count == await Follow.filter(idea_id=target.pk).count()
        assert 5 < statements[0] == statements[1]  # counted at all, and not one statement per vote
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def test_votes_of_erased_members_move_in_a_merge_and_count_once_each(people):
    source = await board.submit(people["ada"], "Source", "")
    target = await board.submit(people["bob"], "Target", "")
    gone = await make_member("gone@example.org")
    await votes.set_vote(gone, source.pk, True)
    await votes.set_vote(people["cy"], target.pk, True)
    await Vote.filter(member_id=gone.pk).update(member_id=None)  # what erasure does to a vote
    await decisions.merge(people["pm"], source.pk, target.pk, "Same")
    target = await Idea.get(id=target.pk)
    assert target.vote_count == 2 == await Vote.filter(idea_id=target.pk).count()
