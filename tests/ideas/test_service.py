"""The idea board's rules: proposing, voting (exact under concurrency), budgets, status, merge."""
import asyncio
from datetime import timedelta

import pytest

from ideas import service
from ideas.models import Campaign, Follow, Idea, StatusChange, Vote
from portal.accounts.tokens import now
from portal.errors import Conflict, Forbidden, Invalid, NotFound
from portal.events import Event
from portal.notify.models import Notification
from tests.conftest import drain, make_member


async def test_a_verified_member_proposes_and_follows_their_idea(people, tags):
    idea = await service.submit(people["ada"], "  Show range   in winter ", "Cold **batteries**.", ["battery", "app"])
    assert idea.title == "Show range in winter" and idea.status == "new"
    assert sorted(t.slug for t in await idea.tags.all()) == ["app", "battery"]
    assert await Follow.filter(idea_id=idea.pk, member_id=people["ada"].pk).exists()
    assert await Event.filter(kind="idea.submitted", subject_id=idea.pk).exists()


@pytest.mark.parametrize("title,tag_slugs,field", [
    ("", [], "title"), ("x" * 201, [], "title"), ("Fine", ["no-such-tag"], "tags"),
])
async def test_bad_proposals_are_refused_and_nothing_is_saved(people, tags, title, tag_slugs, field):
    with pytest.raises(Invalid) as caught:
        await service.submit(people["ada"], title, "", tag_slugs)
    assert field in caught.value.errors
    assert await Idea.all().count() == 0


async def test_unverified_members_cannot_propose_or_vote(people, tags):
    newbie = await make_member("new@example.org", verified=False)
    with pytest.raises(Forbidden):
        await service.submit(newbie, "An idea", "")
    idea = await service.submit(people["ada"], "An idea", "")
    with pytest.raises(Forbidden):
        await service.set_vote(newbie, idea.pk, True)


async def test_voting_is_idempotent_and_counts_exactly(people):
    idea = await service.submit(people["ada"], "Dark mode", "")
    for _ in range(2):
        idea, voted = await service.set_vote(people["bob"], idea.pk, True)
    assert idea.vote_count == 1 and voted
    await service.set_vote(people["cy"], idea.pk, True)
    for _ in range(2):
        idea, voted = await service.set_vote(people["bob"], idea.pk, False)
    assert idea.vote_count == 1 and not voted
    assert await Vote.filter(idea_id=idea.pk).count() == 1
    assert await Follow.filter(idea_id=idea.pk, member_id=people["cy"].pk).exists()


async def test_many_members_voting_and_unvoting_at_once_end_with_the_exact_count(people):
    idea = await service.submit(people["ada"], "Concurrency", "")
    voters = [await make_member(f"v{i}@example.org") for i in range(12)]

    async def churn(member, final: bool):
        for step in (True, False, True, final):
            await service.set_vote(member, idea.pk, step)

    await asyncio.gather(*[churn(m, i % 3 != 0) for i, m in enumerate(voters)])
    assert (await Idea.get(id=idea.pk)).vote_count == 8 == await Vote.filter(idea_id=idea.pk).count()


async def test_a_double_click_counts_once(people):
    idea = await service.submit(people["ada"], "Double click", "")
    await asyncio.gather(*[service.set_vote(people["bob"], idea.pk, True) for _ in range(5)])
    assert (await Idea.get(id=idea.pk)).vote_count == 1 == await Vote.filter(idea_id=idea.pk).count()


async def test_trending_favours_recent_votes(people):
    old = await service.submit(people["ada"], "Old favourite", "")
    new = await service.submit(people["ada"], "New hot thing", "")
    voters = [await make_member(f"t{i}@example.org") for i in range(3)]
    for member in voters:
        await service.set_vote(member, old.pk, True)
    # Three votes a month ago weigh less than two today (each halves every week).
    await Vote.filter(idea_id=old.pk).update(created_at=now() - timedelta(days=28))
    from ideas import ranking
    await Idea.filter(id=old.pk).update(trend=3 * ranking.vote_weight(now() - timedelta(days=28)))
    for member in voters[:2]:
        await service.set_vote(member, new.pk, True)
    trending = await service.list_ideas(None, sort="trending")
    top = await service.list_ideas(None, sort="top")
    assert [i.title for i in trending.items] == ["New hot thing", "Old favourite"]
    assert [i.title for i in top.items] == ["Old favourite", "New hot thing"]


async def test_no_votes_on_merged_hidden_or_closed_ideas(people):
    idea = await service.submit(people["ada"], "Closed soon", "")
    await service.change_status(people["pm"], idea.pk, "shipped", "Done!")
    with pytest.raises(Conflict):
        await service.set_vote(people["bob"], idea.pk, True)
    hidden = await service.submit(people["ada"], "Spam", "")
    await service.hide(people["mod"], hidden.pk, "Advertising")
    with pytest.raises(NotFound):
        await service.set_vote(people["bob"], hidden.pk, True)
    a = await service.submit(people["ada"], "Dup A", "")
    b = await service.submit(people["bob"], "Dup B", "")
    await service.merge(people["pm"], a.pk, b.pk, "Same request")
    with pytest.raises(Conflict):
        await service.set_vote(people["cy"], a.pk, True)


async def test_a_campaign_budget_is_enforced_and_returned_when_an_idea_closes(people):
    campaign = await Campaign.create(title="Trips", deadline=now() + timedelta(days=7), vote_budget=2)
    ideas = [await service.submit(people["ada"], f"Trip idea {i}", "", campaign_id=campaign.pk) for i in range(3)]
    bob = people["bob"]
    await service.set_vote(bob, ideas[0].pk, True)
    await service.set_vote(bob, ideas[1].pk, True)
    assert await service.votes_left(bob, campaign) == 0
    with pytest.raises(Conflict):
        await service.set_vote(bob, ideas[2].pk, True)
    await service.change_status(people["pm"], ideas[0].pk, "declined", "Not for now.")
    assert await service.votes_left(bob, campaign) == 1
    await service.set_vote(bob, ideas[2].pk, True)


async def test_a_closed_campaign_takes_no_new_ideas(people):
    campaign = await Campaign.create(title="Over", deadline=now() - timedelta(days=1))
    with pytest.raises(Invalid) as caught:
        await service.submit(people["ada"], "Too late", "", campaign_id=campaign.pk)
    assert "campaign" in caught.value.errors


async def test_only_product_staff_change_status_and_declining_needs_a_reason(people):
    idea = await service.submit(people["ada"], "Please decide", "")
    for who in ("ada", "bob", "mod"):
        with pytest.raises(Forbidden):
            await service.change_status(people[who], idea.pk, "planned")
    with pytest.raises(Invalid) as caught:
        await service.change_status(people["pm"], idea.pk, "declined", "   ")
    assert "note" in caught.value.errors
    await service.change_status(people["pm"], idea.pk, "planned", "Coming in spring.")
    changes = await StatusChange.filter(idea_id=idea.pk)
    assert [(c.from_status, c.to_status, c.note) for c in changes] == [("new", "planned", "Coming in spring.")]
    assert (await Idea.get(id=idea.pk)).status == "planned"


async def test_a_status_change_tells_every_follower_but_the_one_who_made_it(people):
    idea = await service.submit(people["ada"], "Tell me", "")
    await service.set_vote(people["bob"], idea.pk, True)
    await service.set_follow(people["cy"], idea.pk, True)
    await service.set_follow(people["pm"], idea.pk, True)
    await drain()
    await service.change_status(people["pm"], idea.pk, "in_progress", "We started.")
    await drain()
    told = set(await Notification.filter(kind="idea_status").values_list("member_id", flat=True))
    assert told == {people["ada"].pk, people["bob"].pk, people["cy"].pk}


async def test_authors_edit_only_while_new_and_moderators_always(people):
    idea = await service.submit(people["ada"], "Typo", "")
    with pytest.raises(Forbidden):
        await service.edit(people["bob"], idea.pk, title="Hijack", body="")
    await service.edit(people["ada"], idea.pk, title="Typo fixed", body="")
    await service.change_status(people["pm"], idea.pk, "under_review")
    with pytest.raises(Forbidden):
        await service.edit(people["ada"], idea.pk, title="Again", body="")
    await service.edit(people["mod"], idea.pk, title="Tidied by a moderator", body="")
    assert (await Idea.get(id=idea.pk)).title == "Tidied by a moderator"


async def test_hidden_ideas_are_seen_by_their_author_and_moderators_only(people):
    idea = await service.submit(people["ada"], "Hidden one", "")
    with pytest.raises(Forbidden):
        await service.hide(people["bob"], idea.pk, "I do not like it")
    await service.hide(people["mod"], idea.pk, "Off topic")
    with pytest.raises(NotFound):
        await service.get_idea(people["bob"], idea.pk)
    with pytest.raises(NotFound):
        await service.get_idea(None, idea.pk)
    assert (await service.get_idea(people["ada"], idea.pk)).hidden_reason == "Off topic"
    await drain()
    assert await Notification.filter(member_id=people["ada"].pk, kind="idea_hidden").exists()


async def test_merge_moves_votes_without_double_counting_and_tells_people(people):
    source = await service.submit(people["ada"], "Winter range", "")
    target = await service.submit(people["bob"], "Cold weather range", "")
    for who in ("bob", "cy"):
        await service.set_vote(people[who], source.pk, True)
    await service.set_vote(people["cy"], target.pk, True)  # cy voted for both: one vote stays
    await service.set_vote(people["pm"], target.pk, True)
    await service.merge(people["pm"], source.pk, target.pk, "Same wish")
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
    a = await service.submit(people["ada"], "A", "")
    b = await service.submit(people["ada"], "B", "")
    with pytest.raises(Invalid):
        await service.merge(people["pm"], a.pk, a.pk, "x")
    with pytest.raises(Invalid):
        await service.merge(people["pm"], a.pk, 9999, "x")
    with pytest.raises(Forbidden):
        await service.merge(people["bob"], a.pk, b.pk, "x")
    with pytest.raises(Invalid) as caught:
        await service.merge(people["pm"], a.pk, b.pk, "  ")
    assert "note" in caught.value.errors  # no idea ends in silence
    await service.merge(people["mod"], a.pk, b.pk, "Duplicate")
    with pytest.raises(Conflict):
        await service.merge(people["pm"], a.pk, b.pk, "Again")


async def test_comments_by_staff_are_official(people):
    idea = await service.submit(people["ada"], "Question", "")
    member_comment = await service.add_comment(people["bob"], idea.pk, "Me too!")
    staff_comment = await service.add_comment(people["pm"], idea.pk, "We are on it.")
    assert not member_comment.official and staff_comment.official
    assert (await Idea.get(id=idea.pk)).comment_count == 2
    with pytest.raises(Invalid):
        await service.add_comment(people["bob"], idea.pk, "   ")


async def test_the_board_filters_and_excludes_merged_ideas(people, tags):
    a = await service.submit(people["ada"], "Battery idea", "", ["battery"])
    b = await service.submit(people["ada"], "App idea", "", ["app"])
    c = await service.submit(people["ada"], "Duplicate", "", ["app"])
    await service.merge(people["pm"], c.pk, b.pk, "Same wish")
    await service.change_status(people["pm"], a.pk, "planned")
    assert [i.pk for i in (await service.list_ideas(None)).items] == [b.pk, a.pk]
    assert [i.pk for i in (await service.list_ideas(None, tag="battery")).items] == [a.pk]
    assert [i.pk for i in (await service.list_ideas(None, status="planned")).items] == [a.pk]
    assert [i.pk for i in (await service.list_ideas(None, status="merged")).items] == [c.pk]


async def test_roadmap_columns(people):
    a = await service.submit(people["ada"], "Planned", "")
    b = await service.submit(people["ada"], "Shipped", "")
    await service.change_status(people["pm"], a.pk, "planned")
    await service.change_status(people["pm"], b.pk, "shipped", "Out now")
    columns = await service.roadmap(None)
    assert [i.title for i in columns["planned"]] == ["Planned"]
    assert [i.title for i in columns["shipped"]] == ["Shipped"]
    assert columns["in_progress"] == []


async def test_ideas_and_comments_are_found_by_search_and_similar_titles(people):
    from portal import search

    await service.submit(people["ada"], "Reichweite im Winter anzeigen", "Kalte Akkus")
    idea = await service.submit(people["ada"], "Hidden nonsense", "")
    await service.hide(people["mod"], idea.pk, "spam")
    await drain()
    assert [h.title for h in (await search.search(None, "Akku")).hits] == ["Reichweite im Winter anzeigen"]
    similar = await search.similar(None, "Winter Reichweite", types=("idea",))
    assert [h.title for h in similar] == ["Reichweite im Winter anzeigen"]
    assert (await search.search(None, "nonsense")).hits == []


async def test_co_authors_ask_and_the_author_decides(people):
    idea = await service.submit(people["ada"], "Together", "")
    with pytest.raises(Conflict):
        await service.request_coauthor(people["ada"], idea.pk)
    await service.request_coauthor(people["bob"], idea.pk)
    await service.request_coauthor(people["cy"], idea.pk)
    with pytest.raises(Forbidden):
        await service.answer_coauthor(people["bob"], idea.pk, people["cy"].pk, True)
    await service.answer_coauthor(people["ada"], idea.pk, people["bob"].pk, True)
    await service.answer_coauthor(people["ada"], idea.pk, people["cy"].pk, False)
    team = await service.contributors(idea)
    assert [c.member_id for c in team["coauthors"]] == [people["bob"].pk] and team["requests"] == []
    await drain()
    kinds = set(await Notification.filter(kind="idea_team").values_list("member_id", flat=True))
    assert kinds == {people["ada"].pk, people["bob"].pk}  # asked; accepted
    await service.change_status(people["pm"], idea.pk, "shipped", "Done")
    credits = await service.credits([await Idea.get(id=idea.pk).select_related("author")])
    assert credits[idea.pk] == ["Ada", "Bob"]


async def test_testers_hear_first_and_get_their_own_message(people):
    idea = await service.submit(people["ada"], "Test me", "")
    await service.set_tester(people["bob"], idea.pk, True)
    await service.set_tester(people["bob"], idea.pk, True)  # idempotent
    await service.set_follow(people["cy"], idea.pk, True)
    await drain()
    await service.change_status(people["pm"], idea.pk, "in_progress", "Started")
    await drain()
    team_notes = await Notification.filter(kind="idea_team", member_id=people["bob"].pk)
    assert len(team_notes) == 1
    status_notes = await Notification.filter(kind="idea_status").order_by("id")
    assert {n.member_id for n in status_notes} == {people["ada"].pk, people["cy"].pk}
    assert team_notes[0].id < status_notes[0].id
    await service.set_tester(people["bob"], idea.pk, False)
    assert (await service.contributors(idea))["testers"] == []
