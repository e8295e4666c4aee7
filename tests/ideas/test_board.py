"""The board: proposing, editing, hiding, filtering, the roadmap and search."""
import pytest

from ideas import board, decisions, votes
from ideas.models import Follow, Idea
from portal.errors import Forbidden, Invalid, NotFound
from portal.events import Event
from portal.notify.models import Notification
from tests.conftest import SEARCH_BACKENDS, drain, make_member


async def test_a_verified_member_proposes_and_follows_their_idea(people, tags):
    idea = await board.submit(people["ada"], "  Show range   in winter ", "Cold **batteries**.", ["battery", "app"])
    assert idea.title == "Show range in winter" and idea.status == "new"
    assert sorted(t.slug for t in await idea.tags.all()) == ["app", "battery"]
    assert await Follow.filter(idea_id=idea.pk, member_id=people["ada"].pk).exists()
    assert await Event.filter(kind="idea.submitted", subject_id=idea.pk).exists()


@pytest.mark.parametrize("title,tag_slugs,field", [
    ("", [], "title"), ("x" * 201, [], "title"), ("Fine", ["no-such-tag"], "tags"),
])
async def test_bad_proposals_are_refused_and_nothing_is_saved(people, tags, title, tag_slugs, field):
    with pytest.raises(Invalid) as caught:
        await board.submit(people["ada"], title, "", tag_slugs)
    assert field in caught.value.errors
    assert await Idea.all().count() == 0


async def test_unverified_members_cannot_propose_or_vote(people, tags):
    newbie = await make_member("new@example.org", verified=False)
    with pytest.raises(Forbidden):
        await board.submit(newbie, "An idea", "")
    idea = await board.submit(people["ada"], "An idea", "")
    with pytest.raises(Forbidden):
        await votes.set_vote(newbie, idea.pk, True)


async def test_authors_edit_only_while_new_and_moderators_always(people):
    idea = await board.submit(people["ada"], "Typo", "")
    with pytest.raises(Forbidden):
        await board.edit(people["bob"], idea.pk, title="Hijack", body="")
    await board.edit(people["ada"], idea.pk, title="Typo fixed", body="")
    await decisions.change_status(people["pm"], idea.pk, "under_review")
    with pytest.raises(Forbidden):
        await board.edit(people["ada"], idea.pk, title="Again", body="")
    await board.edit(people["mod"], idea.pk, title="Tidied by a moderator", body="")
    assert (await Idea.get(id=idea.pk)).title == "Tidied by a moderator"


async def test_hidden_ideas_are_seen_by_their_author_and_moderators_only(people):
    idea = await board.submit(people["ada"], "Hidden one", "")
    with pytest.raises(Forbidden):
        await board.hide(people["bob"], idea.pk, "I do not like it")
    await board.hide(people["mod"], idea.pk, "Off topic")
    with pytest.raises(NotFound):
        await board.get_idea(people["bob"], idea.pk)
    with pytest.raises(NotFound):
        await board.get_idea(None, idea.pk)
    assert (await board.get_idea(people["ada"], idea.pk)).hidden_reason == "Off topic"
    await drain()
    assert await Notification.filter(member_id=people["ada"].pk, kind="idea_hidden").exists()


async def test_the_board_filters_and_excludes_merged_ideas(people, tags):
    a = await board.submit(people["ada"], "Battery idea", "", ["battery"])
    b = await board.submit(people["ada"], "App idea", "", ["app"])
    c = await board.submit(people["ada"], "Duplicate", "", ["app"])
    await decisions.merge(people["pm"], c.pk, b.pk, "Same wish")
    await decisions.change_status(people["pm"], a.pk, "planned")
    assert [i.pk for i in (await board.list_ideas(None)).items] == [b.pk, a.pk]
    assert [i.pk for i in (await board.list_ideas(None, tag="battery")).items] == [a.pk]
    assert [i.pk for i in (await board.list_ideas(None, status="planned")).items] == [a.pk]
    assert [i.pk for i in (await board.list_ideas(None, status="merged")).items] == [c.pk]


async def test_roadmap_columns(people):
    a = await board.submit(people["ada"], "Planned", "")
    b = await board.submit(people["ada"], "Shipped", "")
    await decisions.change_status(people["pm"], a.pk, "planned")
    await decisions.change_status(people["pm"], b.pk, "shipped", "Out now")
    columns = await board.roadmap(None)
    assert [i.title for i in columns["planned"]] == ["Planned"]
    assert [i.title for i in columns["shipped"]] == ["Shipped"]
    assert columns["in_progress"] == []


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_ideas_and_comments_are_found_by_search_and_similar_titles(people):
    from portal import search

    await board.submit(people["ada"], "Reichweite im Winter anzeigen", "Kalte Akkus")
    idea = await board.submit(people["ada"], "Hidden nonsense", "")
    await board.hide(people["mod"], idea.pk, "spam")
    await drain()
    assert [h.title for h in (await search.search(None, "Akku")).hits] == ["Reichweite im Winter anzeigen"]
    similar = await search.similar(None, "Winter Reichweite", types=("idea",))
    assert [h.title for h in similar] == ["Reichweite im Winter anzeigen"]
    assert (await search.search(None, "nonsense")).hits == []
