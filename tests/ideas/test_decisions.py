"""The team's decisions: status changes (with their notes and who hears) and merging duplicates."""
import pytest

from ideas import board, decisions, votes
from ideas.models import Follow, Idea, StatusChange, Vote
from portal.errors import Conflict, Forbidden, Invalid
from portal.notify.models import Notification
from tests.conftest import drain


async def test_only_product_staff_change_status_and_declining_needs_a_reason(people):
    idea = await board.submit(people["ada"], "Please decide", "")
    for who in ("ada", "bob", "mod"):
        with pytest.raises(Forbidden):
            await decisions.change_status(people[who], idea.pk, "planned")
    with pytest.raises(Invalid) as caught:
        await decisions.change_status(people["pm"], idea.pk, "declined", "   ")
    assert "note" in caught.value.errors
    await decisions.change_status(people["pm"], idea.pk, "planned", "Coming in spring.")
    changes = await StatusChange.filter(idea_id=idea.pk)
    assert [(c.from_status, c.to_status, c.note) for c in changes] == [("new", "planned", "Coming in spring.")]
    assert (await Idea.get(id=idea.pk)).status == "planned"


async def test_a_status_change_tells_every_follower_but_the_one_who_made_it(people):
    idea = await board.submit(people["ada"], "Tell me", "")
    await votes.set_vote(people["bob"], idea.pk, True)
    await votes.set_follow(people["cy"], idea.pk, True)
    await votes.set_follow(people["pm"], idea.pk, True)
    await drain()
    await decisions.change_status(people["pm"], idea.pk, "in_progress", "We started.")
    await drain()
    told = set(await Notification.filter(kind="idea_status").values_list("member_id", flat=True))
    assert told == {people["ada"].pk, people["bob"].pk, people["cy"].pk}


async def test_merge_moves_votes_without_double_counting_and_tells_people(people):
    source = await board.submit(people["ada"], "Winter range", "")
    target = await board.submit(people["bob"], "Cold weather range", "")
    for who in ("bob", "cy"):
        await votes.set_vote(people[who], source.pk, True)
    await votes.set_vote(people["cy"], target.pk, True)  # cy voted for both: one vote stays
    await votes.set_vote(people["pm"], target.pk, True)
    await decisions.merge(people["pm"], source.pk, target.pk, "Same wish")
    target = await Idea.get(id=target.pk)
    source = await Idea.get(id=source.pk)
    assert target.vote_count == 3 == await Vote.filter(idea_id=target.pk).count()  # bob, cy, pm
    assert source.status == "merged" and source.merged_into_id == target.pk and source.vote_count == 0
    assert await Follow.filter(idea_id=target.pk, member_id=people["ada"].pk).exists()
    assert target.follower_count == await Follow.filter(idea_id=target.pk).count()
    assert source.follower_count == await Follow.filter(idea_id=source.pk).count()
    await drain()
    told = set(await Notification.filter(kind="idea_merged").values_list("member_id", flat=True))
    assert told == {people["ada"].pk, people["bob"].pk, people["cy"].pk}


async def test_merge_refuses_nonsense(people):
    a = await board.submit(people["ada"], "A", "")
    b = await board.submit(people["ada"], "B", "")
    with pytest.raises(Invalid):
        await decisions.merge(people["pm"], a.pk, a.pk, "x")
    with pytest.raises(Invalid):
        await decisions.merge(people["pm"], a.pk, 9999, "x")
    with pytest.raises(Forbidden):
        await decisions.merge(people["bob"], a.pk, b.pk, "x")
    with pytest.raises(Invalid) as caught:
        await decisions.merge(people["pm"], a.pk, b.pk, "  ")
    assert "note" in caught.value.errors  # no idea ends in silence
    await decisions.merge(people["mod"], a.pk, b.pk, "Duplicate")
    with pytest.raises(Conflict):
        await decisions.merge(people["pm"], a.pk, b.pk, "Again")
