"""What the board's events make happen after commit (ideas/listeners.py): search documents and
notifications, one event kind at a time, and a replay changes nothing."""
from ideas import board, comments, decisions, listeners, team, votes
from ideas.models import Idea
from portal import events, search
from portal.accounts.models import Member
from portal.events import Event
from portal.notify.models import Notification
import pytest

from tests.conftest import SEARCH_BACKENDS, drain


async def _told(kind: str) -> list[tuple[int, str]]:
    return sorted((n.member_id, n.url) for n in await Notification.filter(kind=kind))


async def _event(kind: str, subject_id: int) -> Event:
    return await Event.filter(kind=kind, subject_id=subject_id).order_by("-id").first()


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_a_submitted_idea_becomes_a_search_document_and_an_edit_updates_it(people, tags):
    idea = await board.submit(people["ada"], "Reichweite im Winter", "Kalte Akkus", ["battery"])
    doc = await listeners._idea_doc(idea.pk)
    assert (doc.title, doc.url, doc.tags) == ("Reichweite im Winter", f"/ideas/{idea.pk}", ["battery"])
    await drain()
    assert [h.title for h in (await search.search(None, "Akku")).hits] == ["Reichweite im Winter"]
    await board.edit(people["ada"], idea.pk, title="Reichweite bei Kälte", body="Kalte Akkus")
    await drain()
    assert [h.title for h in (await search.search(None, "Akku")).hits] == ["Reichweite bei Kälte"]


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_hidden_and_merged_ideas_leave_the_index_and_the_author_hears_of_the_hiding(people):
    hidden = await board.submit(people["ada"], "Werbung für Akkus", "")
    dup = await board.submit(people["bob"], "Akku Anzeige", "")
    orig = await board.submit(people["cy"], "Akku Prozent", "")
    await drain()
    await board.hide(people["mod"], hidden.pk, "Werbung")
    await decisions.merge(people["pm"], dup.pk, orig.pk, "Gleicher Wunsch")
    await drain()
    assert await listeners._idea_doc(hidden.pk) is None and await listeners._idea_doc(dup.pk) is None
    assert [h.title for h in (await search.search(None, "Akku")).hits] == ["Akku Prozent"]
    assert await _told("idea_hidden") == [(people["ada"].pk, f"/ideas/{hidden.pk}")]


async def test_a_status_change_tells_followers_and_testers_first_but_not_the_one_who_made_it(people):
    idea = await board.submit(people["ada"], "Build it", "")
    await votes.set_vote(people["bob"], idea.pk, True)
    await team.set_tester(people["cy"], idea.pk, True)
    await votes.set_follow(people["cy"], idea.pk, True)
    await votes.set_follow(people["pm"], idea.pk, True)
    await decisions.change_status(people["pm"], idea.pk, "in_progress", "Started")
    await drain()
    url = f"/ideas/{idea.pk}"
    assert await _told("idea_status") == sorted([(people["ada"].pk, url), (people["bob"].pk, url)])
    assert await _told("idea_team") == [(people["cy"].pk, url)]
    note = await Notification.get(kind="idea_status", member_id=people["ada"].pk)
    assert note.data == {"title": "Build it", "status": "in progress"}


async def test_a_merge_tells_the_author_and_voters_of_the_duplicate_where_it_went(people):
    dup = await board.submit(people["ada"], "Duplicate", "")
    orig = await board.submit(people["bob"], "Original", "")
    await votes.set_vote(people["cy"], dup.pk, True)
    await votes.set_vote(people["pm"], dup.pk, True)  # the one who merges is not told
    await decisions.merge(people["pm"], dup.pk, orig.pk, "Same")
    await drain()
    url = f"/ideas/{orig.pk}"
    assert await _told("idea_merged") == sorted([(people["ada"].pk, url), (people["cy"].pk, url)])


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_a_comment_is_indexed_and_followers_hear_who_wrote_it_by_their_public_name(people):
    idea = await board.submit(people["ada"], "Talk about it", "")
    await votes.set_follow(people["cy"], idea.pk, True)
    comment = await comments.add_comment(people["bob"], idea.pk, "Ich hätte gern Akkuprozente")
    doc = await listeners._comment_doc(comment.pk)
    assert doc.url == f"/ideas/{idea.pk}#comment-{comment.pk}" and doc.title == "Talk about it"
    await drain()
    notes = await Notification.filter(kind="idea_comment").order_by("member_id")
    assert [(n.member_id, n.data["name"]) for n in notes] == [(people["ada"].pk, "Bob"), (people["cy"].pk, "Bob")]
    # Handled again after the writer left: named as a former member, and nobody is told twice.
    await Member.filter(id=people["bob"].pk).update(status="erased", display_name="")
    event = await _event("idea.commented", comment.pk)
    await Notification.filter(kind="idea_comment", member_id=people["cy"].pk).delete()
    await listeners.on_event(event)
    again = await Notification.filter(kind="idea_comment").order_by("member_id")
    assert [(n.member_id, n.data["name"]) for n in again] == [(people["ada"].pk, "Bob"),
                                                              (people["cy"].pk, "A former member")]


async def test_co_author_requests_and_acceptances_reach_the_right_person(people):
    idea = await board.submit(people["ada"], "Together", "")
    await team.request_coauthor(people["bob"], idea.pk)
    await drain()
    assert [m for m, _ in await _told("idea_team")] == [people["ada"].pk]
    await team.answer_coauthor(people["ada"], idea.pk, people["bob"].pk, True)
    await drain()
    assert sorted(m for m, _ in await _told("idea_team")) == sorted([people["ada"].pk, people["bob"].pk])


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_replaying_every_event_changes_nothing(people, tags):
    idea = await board.submit(people["ada"], "Akku im Winter", "Kalt", ["battery"])
    dup = await board.submit(people["bob"], "Akku bei Kälte", "")
    await votes.set_vote(people["cy"], idea.pk, True)
    await votes.set_vote(people["cy"], dup.pk, True)
    await comments.add_comment(people["bob"], idea.pk, "Akku Prozent bitte")
    await team.request_coauthor(people["bob"], idea.pk)
    await team.answer_coauthor(people["ada"], idea.pk, people["bob"].pk, True)
    await decisions.merge(people["pm"], dup.pk, idea.pk, "Same")
    await decisions.change_status(people["pm"], idea.pk, "planned", "Soon")
    await board.hide(people["mod"], (await board.submit(people["cy"], "Akku Spam", "")).pk, "Spam")
    await drain()
    before = sorted((n.member_id, n.kind, n.event_id) for n in await Notification.all())
    hits = [(h.type, h.url) for h in (await search.search(None, "Akku")).hits]
    assert len(before) >= 6 and hits
    for consumer in ("notify", "search"):
        await events.replay(consumer)
    # The same event handled once more, directly: still nothing new.
    for kind in ("idea.status_changed", "idea.merged", "idea.commented", "content.hidden"):
        for event in await Event.filter(kind=kind):
            await listeners.on_event(event)
    assert sorted((n.member_id, n.kind, n.event_id) for n in await Notification.all()) == before
    assert [(h.type, h.url) for h in (await search.search(None, "Akku")).hits] == hits
    assert (await Idea.get(id=idea.pk)).vote_count == 1
