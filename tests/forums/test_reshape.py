"""Splitting and merging threads (forums/reshape.py): posts in their order, counts, the accepted
answer and solved state of both threads, who may, the audit log, events and search."""
import pytest

from forums import posts, reshape, threads
from forums.models import Category, ModerationAction, Post, Thread
from portal import search
from portal.errors import Forbidden, Invalid, Unauthenticated
from portal.events import Event
from portal.notify.models import Notification
from tests.conftest import drain


async def _found(reader, words: str) -> list[str]:
    return sorted(hit.url for hit in (await search.search(reader, words)).hits)


@pytest.fixture
async def asked(people, forum):
    """Ada asks; Bob answers, Sam (service) answers officially and is accepted; Ada adds a word."""
    thread = await threads.start_thread(people["ada"], "help", "Watch will not pair", "Pairing fails at once.")
    bob = await posts.reply(people["bob"], thread.pk, "Is the battery of the phone low, perhaps?")
    sam = await posts.reply(people["sam"], thread.pk, "Battery saver blocks Bluetooth: switch it off.")
    ada = await posts.reply(people["ada"], thread.pk, "Thanks, that was it.")
    await posts.accept_answer(people["ada"], thread.pk, sam.pk)
    return {"thread": thread, "bob": bob, "sam": sam, "ada": ada}


async def test_a_moderator_splits_answers_into_a_thread_of_their_own(people, forum, asked):
    source = asked["thread"]
    made = await reshape.split_thread(people["mod"], source.pk, [asked["sam"].pk, asked["bob"].pk],
                                      "  Battery saver   and Bluetooth ", forum["lounge"].pk)
    assert (made.title, made.author_id, made.category_id) == ("Battery saver and Bluetooth", people["bob"].pk,
                                                             forum["lounge"].pk)
    moved = await Post.filter(thread_id=made.pk).order_by("id").values_list("id", flat=True)
    assert list(moved) == [asked["bob"].pk, asked["sam"].pk]  # in their order: Bob's is the question
    assert (made.post_count, made.reply_count, made.staff_replied, made.accepted_post_id) == (2, 1, True, None)
    assert made.last_posted_at == asked["sam"].created_at and made.first_reply_at == asked["sam"].created_at
    left = await Thread.get(id=source.pk)
    assert (left.post_count, left.reply_count, left.staff_replied, left.first_reply_at) == (2, 0, False, None)
    assert left.accepted_post_id is None and not left.solved  # the accepted answer moved away
    assert left.last_posted_at == asked["ada"].created_at
    assert [(c.slug, c.thread_count) for c in await Category.filter(slug__in=["help", "lounge"]).order_by("slug")] == [
        ("help", 1), ("lounge", 1)]
    logged = await ModerationAction.get(action="split")
    assert (logged.actor_id, logged.thread_id, logged.post_id) == (people["mod"].pk, made.pk, asked["bob"].pk)
    event = await Event.get(kind="thread.split")
    assert event.data["source"] == source.pk and event.data["posts"] == [asked["bob"].pk, asked["sam"].pk]


async def test_a_split_that_leaves_the_accepted_answer_keeps_the_thread_solved(people, forum, asked):
    made = await reshape.split_thread(people["root"], asked["thread"].pk, [asked["bob"].pk], "Phone battery")
    assert made.category_id == forum["help"].pk and not made.solved
    assert (await Thread.get(id=asked["thread"].pk)).accepted_post_id == asked["sam"].pk


async def test_only_moderators_split_and_only_answers_of_the_thread(people, forum, asked):
    thread_id, answer = asked["thread"].pk, asked["bob"].pk
    with pytest.raises(Unauthenticated):
        await reshape.split_thread(None, thread_id, [answer], "New")
    for who in ("ada", "bob", "sam"):  # the asker, another member, staff of the wrong kind
        with pytest.raises(Forbidden):
            await reshape.split_thread(people[who], thread_id, [answer], "New")
    opening = await posts.opening_post_id(asked["thread"])
    other = await threads.start_thread(people["bob"], "help", "Other", "Another question entirely.")
    for chosen, title, field in (([], "New", "posts"), ([opening], "New", "posts"), ([answer], " ", "title"),
                                 ([await posts.opening_post_id(other)], "New", "posts")):
        with pytest.raises(Invalid) as refused:
            await reshape.split_thread(people["mod"], thread_id, chosen, title)
        assert field in refused.value.errors
    assert await Thread.all().count() == 2 and not await ModerationAction.exists(action="split")


async def test_a_moderator_merges_a_newer_thread_into_an_older_one(people, forum, settings):
    older = await threads.start_thread(people["ada"], "help", "Display flickers", "The display flickers at night.")
    older_reply = await posts.reply(people["sam"], older.pk, "Update the firmware, please.")
    newer = await threads.start_thread(people["bob"], "help", "Screen flickering", "My screen flickers in the dark.")
    newer_reply = await posts.reply(people["ada"], newer.pk, "Same here since Tuesday, Zwielicht mode.")
    openings = (await posts.opening_post_id(older), await posts.opening_post_id(newer))
    await drain()
    assert await _found(None, "Zwielicht") == [f"/threads/{newer.pk}#post-{newer_reply.pk}"]
    into = await reshape.merge_threads(people["mod"], newer.pk, older.pk)
    assert into.pk == older.pk and (into.post_count, into.reply_count) == (4, 2)
    order = await Post.filter(thread_id=older.pk).order_by("id").values_list("id", flat=True)
    assert list(order) == [openings[0], older_reply.pk, openings[1], newer_reply.pk]
    assert (await Event.get(kind="thread.merged")).data["posts"] == [openings[1], newer_reply.pk]
    gone = await Thread.get(id=newer.pk)
    assert gone.hidden_at is not None and gone.hidden_reason == "Merged into “Display flickers”"
    assert gone.post_count == 0 and await reshape.merged_target(newer.pk) == older.pk
    assert (await Category.get(slug="help")).thread_count == 1
    assert {a.action for a in await ModerationAction.filter(actor_id=people["mod"].pk)} == {"merge", "hide"}
    await drain()
    # Found where it is now; the merged thread is found no more; its author is told where it went.
    assert await _found(None, "Zwielicht") == [f"/threads/{older.pk}#post-{newer_reply.pk}"]
    assert f"/threads/{newer.pk}" not in await _found(None, "flickering")
    told = await Notification.get(kind="forum_hidden", member_id=people["bob"].pk)
    assert told.data["reason"] == "Merged into “Display flickers”"


async def test_merging_is_for_moderators_and_into_an_older_visible_thread(people, forum):
    older = await threads.start_thread(people["ada"], "help", "First", "The first question.")
    newer = await threads.start_thread(people["bob"], "help", "Second", "The second question.")
    with pytest.raises(Unauthenticated):
        await reshape.merge_threads(None, newer.pk, older.pk)
    for who in ("ada", "bob", "sam"):
        with pytest.raises(Forbidden):
            await reshape.merge_threads(people[who], newer.pk, older.pk)
    for source, into in ((older.pk, newer.pk), (older.pk, older.pk)):
        with pytest.raises(Invalid) as refused:
            await reshape.merge_threads(people["mod"], source, into)
        assert "into" in refused.value.errors
    await reshape.merge_threads(people["mod"], newer.pk, older.pk, "Duplicate question")
    third = await threads.start_thread(people["bob"], "help", "Third", "The third question.")
    with pytest.raises(Invalid):  # the merged thread is hidden: nothing more merges into it
        await reshape.merge_threads(people["mod"], third.pk, newer.pk)
    assert (await Thread.get(id=newer.pk)).hidden_reason == "Duplicate question"
    assert await Post.filter(thread_id=older.pk).count() == 2
