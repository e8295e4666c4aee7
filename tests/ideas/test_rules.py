"""The board's shared rules: asked by the services and the templates alike."""
from datetime import timedelta

import pytest

from ideas import board, decisions, rules, votes
from ideas.models import Campaign
from portal.clock import now
from portal.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from tests.conftest import make_member


@pytest.mark.parametrize("value,title,problem", [
    ("  Show   range\n in winter ", "Show range in winter", None),
    ("   ", "", "missing"),
    (None, "", "missing"),
    ("x" * 201, "x" * 201, "Please keep the title under 200 characters."),
    ("x" * 200, "x" * 200, None),
])
def test_titles_are_cleaned_one_way(value, title, problem):
    assert rules.clean_title(value, "missing") == (title, problem)


async def test_ideas_and_campaigns_clean_their_titles_alike(people):
    idea = await board.submit(people["ada"], " Two \t spaces ", "")
    campaign = await Campaign.get(id=(await _campaign(people, " Two \t spaces ")).pk)
    assert idea.title == campaign.title == "Two spaces"
    with pytest.raises(Invalid) as caught:
        await _campaign(people, "y" * 201)
    assert caught.value.errors["title"] == "Please keep the title under 200 characters."


async def _campaign(people, title):
    from ideas import campaigns

    return await campaigns.create_campaign(people["pm"], title, "", now() + timedelta(days=3))


async def test_who_may_vote_is_one_answer_for_button_and_service(people):
    idea = await board.submit(people["ada"], "Open", "")
    unverified = await make_member("new@example.org", verified=False)
    assert rules.voting(people["bob"], idea) == rules.VOTE_OK
    assert rules.voting(None, idea) == rules.VOTE_LOGIN
    assert rules.voting(unverified, idea) == rules.VOTE_REFUSED
    with pytest.raises(Unauthenticated):
        rules.require_may_vote(None, idea)
    with pytest.raises(Forbidden):
        rules.require_may_vote(unverified, idea)
    rules.require_may_vote(people["bob"], idea)

    await decisions.change_status(people["pm"], idea.pk, "shipped", "Done")
    shipped = await board.get_idea(None, idea.pk)
    assert rules.voting(people["bob"], shipped) == rules.voting(None, shipped) == rules.VOTE_CLOSED
    with pytest.raises(Conflict):
        await votes.set_vote(people["bob"], idea.pk, True)

    a = await board.submit(people["ada"], "Dup", "")
    b = await board.submit(people["ada"], "Orig", "")
    await decisions.merge(people["pm"], a.pk, b.pk, "Same")
    assert rules.voting(people["bob"], await board.get_idea(None, a.pk)) == rules.VOTE_MERGED

    hidden = await board.submit(people["ada"], "Hidden", "")
    await board.hide(people["mod"], hidden.pk, "Spam")
    assert rules.voting(people["bob"], await board.get_idea(people["mod"], hidden.pk)) == rules.VOTE_HIDDEN
    with pytest.raises(NotFound):
        await votes.set_vote(people["bob"], hidden.pk, True)


async def test_a_campaign_is_open_until_its_deadline(db):
    soon = await Campaign.create(title="Soon", deadline=now() + timedelta(minutes=1))
    over = await Campaign.create(title="Over", deadline=now() - timedelta(minutes=1))
    assert soon.is_open and not over.is_open
    from ideas import campaigns

    open_ones, closed = await campaigns.campaigns()
    assert [c.title for c in open_ones] == ["Soon"] and [c.title for c in closed] == ["Over"]
