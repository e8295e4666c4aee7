"""What the forums' events make happen after commit (forums/listeners.py): threads and posts as
search documents seen by those who may read their category, and who is told of answers, accepted
answers and likes."""
import pytest
from tortoise.transactions import in_transaction

from forums import listeners, posts, threads
from forums.models import Post, Thread
from portal import events, search
from portal.clock import now
from portal.event_kinds import ContentHidden
from portal.events import Event
from portal.notify.models import Notification
from tests.conftest import SEARCH_BACKENDS, drain


async def _found(reader, words: str) -> list[tuple[str, str]]:
    return [(hit.type, hit.url) for hit in (await search.search(reader, words)).hits]


async def _told(kind: str) -> list[tuple[int, str]]:
    return sorted((n.member_id, n.url) for n in await Notification.filter(kind=kind))


async def _hide(moderator, subject) -> None:
    """A moderator hides a thread or post, as moderation will (the services come with it)."""
    async with in_transaction():
        await type(subject).filter(id=subject.pk).update(hidden_at=now(), hidden_reason="Spam")
        await events.emit("content.hidden", actor=moderator, subject=subject,
                          data=ContentHidden(reason="Spam", author=subject.author_id))


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_threads_and_answers_are_found_with_the_urls_the_search_page_groups(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Akku lädt nicht", "Seit gestern keine Ladung.",
                                        tags="battery")
    answer = await posts.reply(people["bob"], thread.pk, "Probier ein anderes Ladegerät für den Akku.")
    await drain()
    assert sorted(await _found(None, "Akku")) == [("post", f"/threads/{thread.pk}#post-{answer.pk}"),
                                                  ("thread", f"/threads/{thread.pk}")]
    groups = search.grouped((await search.search(None, "Ladegerät Akku")).hits)
    assert [(g.url, g.head, [h.url for h in g.parts]) for g in groups] == [
        (f"/threads/{thread.pk}", None, [f"/threads/{thread.pk}#post-{answer.pk}"])]
    doc = await listeners._thread_doc(thread.pk)
    assert (doc.title, doc.tags, doc.audience) == ("Akku lädt nicht", ["battery"], "public")
    assert search.type_filters()["thread"] == "Threads" and search.type_labels()["post"] == "Post"


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_a_category_for_members_or_the_team_is_searched_only_by_them(people, forum):
    lounge = await threads.start_thread(people["ada"], "lounge", "Stammtisch Lastenrad", "Wer kommt nach Linz?")
    await posts.reply(people["bob"], lounge.pk, "Ich komme mit dem Lastenrad.")
    team = await threads.start_thread(people["sam"], "team", "Lastenrad Rückrufaktion", "Intern: Gabel prüfen.")
    await drain()
    assert await _found(None, "Lastenrad") == []
    as_member = await _found(people["bob"], "Lastenrad")
    assert {url.partition("#")[0] for _, url in as_member} == {f"/threads/{lounge.pk}"} and len(as_member) == 2
    assert f"/threads/{team.pk}" in [url for _, url in await _found(people["mod"], "Lastenrad")]
    assert await _found(people["bob"], "Gabel") == [] and await _found(None, "Linz") == []
    assert (await listeners._thread_doc(team.pk)).audience == "staff"


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_edits_are_indexed_and_hidden_or_held_content_is_not(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Display flackert", "Das Display flackert.")
    answer = await posts.reply(people["bob"], thread.pk, "Stecker am Display prüfen.")
    await drain()
    opening = await Post.filter(thread_id=thread.pk).order_by("id").first()
    await posts.edit_post(people["ada"], opening.pk, "Das Display flackert bei Regen.")
    await posts.edit_post(people["bob"], answer.pk, "Kabel am Lenker prüfen.")
    await drain()
    assert await _found(None, "Regen") == [("thread", f"/threads/{thread.pk}")]
    assert await _found(None, "Lenker") == [("post", f"/threads/{thread.pk}#post-{answer.pk}")]
    await _hide(people["mod"], answer)
    await drain()
    assert await _found(None, "Lenker") == []
    other = await posts.reply(people["root"], thread.pk, "Bitte den Lenker tauschen.")
    await drain()
    assert len(await _found(None, "Lenker")) == 1
    await _hide(people["mod"], await Thread.get(id=thread.pk))
    await drain()
    assert await _found(people["mod"], "Lenker") == [] and await _found(people["mod"], "Display") == []
    await Post.filter(id=other.pk).update(held=True)
    assert await listeners._post_doc(other.pk) is None
    assert await listeners._thread_doc(thread.pk) is None


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
async def test_reindex_rebuilds_the_same_documents_in_batches(people, forum):
    first = await threads.start_thread(people["ada"], "help", "Schloss klemmt", "Das Schloss klemmt.")
    await posts.reply(people["bob"], first.pk, "Schloss ölen hilft.")
    held = await posts.reply(people["sam"], first.pk, "Schloss beim Händler tauschen.")
    await Post.filter(id=held.pk).update(held=True)
    await threads.start_thread(people["bob"], "lounge", "Schloss Empfehlung", "Welches Schloss?")
    await drain()
    before = sorted(await _found(people["bob"], "Schloss"))
    assert len(before) == 3
    assert await search.reindex() >= 3
    assert sorted(await _found(people["bob"], "Schloss")) == before
    docs = await listeners._post_docs([p.pk for p in await Post.all()])
    assert sorted(d.key for d in docs.values() if d) == [f"post:{(await Post.filter(thread_id=first.pk).order_by('id'))[1].pk}"]


async def test_the_asker_hears_of_answers_but_not_of_their_own(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Range in winter", "Why less?")
    answer = await posts.reply(people["bob"], thread.pk, "Cold cells.")
    await posts.reply(people["ada"], thread.pk, "Thanks!")
    official = await posts.reply(people["sam"], thread.pk, "See our winter guide.")
    await drain()
    assert await _told("forum_reply") == sorted([(people["ada"].pk, f"/threads/{thread.pk}#post-{answer.pk}"),
                                                (people["ada"].pk, f"/threads/{thread.pk}#post-{official.pk}")])
    note = await Notification.filter(kind="forum_reply", member_id=people["ada"].pk).order_by("id").first()
    assert note.data == {"title": "Range in winter", "name": "Bob"} and note.actor_id == people["bob"].pk
    # Answers count among "answers" on the notifications page, and go by mail by default.
    from portal.notify.kinds import KINDS
    assert KINDS["forum_reply"].group == "replies" and KINDS["forum_reply"].mail


async def test_accepted_answers_and_likes_reach_the_answers_author_once(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Brakes squeak", "Help")
    answer = await posts.reply(people["bob"], thread.pk, "Clean the discs.")
    mine = await posts.reply(people["sam"], thread.pk, "Or come by.")
    await posts.accept_answer(people["ada"], thread.pk, answer.pk)
    await posts.accept_answer(people["sam"], thread.pk, mine.pk)  # their own: nobody told
    await posts.set_like(people["ada"], answer.pk, True)
    await posts.set_like(people["ada"], answer.pk, False)
    await posts.set_like(people["ada"], answer.pk, True)
    await drain()
    url = f"/threads/{thread.pk}#post-{answer.pk}"
    assert await _told("forum_accepted") == [(people["bob"].pk, url)]
    assert await _told("forum_liked") == [(people["bob"].pk, url)]
    liked = await Notification.get(kind="forum_liked")
    assert liked.data == {"title": "Brakes squeak", "name": "Ada"}


async def test_nobody_hears_of_a_thread_they_may_no_longer_read(people, forum):
    # Sam started a thread in the team room while on the team, then left it.
    thread = await threads.start_thread(people["sam"], "team", "Recall plan", "Internal.")
    await posts.reply(people["mod"], thread.pk, "Agreed.")
    sam = people["sam"]
    await type(sam).filter(id=sam.pk).update(roles=["member"])
    await drain()
    assert await _told("forum_reply") == []
    # A held answer tells nobody before a moderator lets it through.
    ask = await threads.start_thread(people["ada"], "help", "Question", "Please help")
    held = await posts.reply(people["bob"], ask.pk, "Buy at example.com")
    await Post.filter(id=held.pk).update(held=True)
    event = await Event.get(kind="post.created", subject_id=held.pk)
    await Notification.filter(kind="forum_reply").delete()
    event.data = {**event.data, "held": True}
    await listeners.on_event(event)
    assert await _told("forum_reply") == []


async def test_replaying_the_forum_events_changes_nothing(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Akku", "Akku leer")
    answer = await posts.reply(people["bob"], thread.pk, "Akku laden")
    await posts.accept_answer(people["ada"], thread.pk, answer.pk)
    await posts.set_like(people["ada"], answer.pk, True)
    await drain()
    before = sorted((n.member_id, n.kind, n.event_id) for n in await Notification.filter(kind__startswith="forum_"))
    hits = await _found(None, "Akku")
    assert len(before) == 3 and len(hits) == 2
    for consumer in ("notify", "search"):
        await events.replay(consumer)
    for event in await Event.filter(kind__in=["post.created", "answer.accepted", "post.liked"]):
        await listeners.on_event(event)
    after = sorted((n.member_id, n.kind, n.event_id) for n in await Notification.filter(kind__startswith="forum_"))
    assert after == before
    assert await _found(None, "Akku") == hits
