"""Following and unread: levels per thread and category, what is new to a member, the first
unread post, and who is told of a new post."""
import pytest

from forums import following, posts, threads
from forums.models import Category, Post
from portal.errors import Invalid, NotFound


async def test_levels_default_from_what_a_member_did_and_their_own_choice_wins(people, forum):
    ada, bob, sam = people["ada"], people["bob"], people["sam"]
    thread = await threads.start_thread(ada, "help", "Brakes squeal", "What can I do?")
    await posts.reply(bob, thread.pk, "Clean the discs.")
    assert await following.level_for(ada, thread) == "watching"
    assert await following.level_for(bob, thread) == "tracking"
    assert await following.level_for(sam, thread) == "normal"
    await following.set_level(sam, "watching", category="help")
    assert await following.level_for(sam, thread) == "watching"
    await following.set_level(sam, "muted", thread_id=thread.pk)
    assert await following.level_for(sam, thread) == "muted"
    with pytest.raises(Invalid):
        await following.set_level(bob, "loud", thread_id=thread.pk)
    with pytest.raises(NotFound):
        await following.set_level(bob, "watching", category="team")


async def test_what_is_new_to_a_member_and_where_they_stopped(people, forum):
    ada, bob = people["ada"], people["bob"]
    thread = await threads.start_thread(ada, "help", "Range", "How far?")
    first = await Post.get(thread_id=thread.pk)
    answer = await posts.reply(bob, thread.pk, "About 80 km.")
    fresh = await threads.get_thread(bob, thread.pk)
    assert await following.new_posts(bob, [fresh]) == {thread.pk: None}  # never opened
    await following.mark_read(bob, fresh, [first, answer])
    assert await following.new_posts(bob, [fresh]) == {thread.pk: 0}
    more = await posts.reply(ada, thread.pk, "Even in winter?")
    fresh = await threads.get_thread(bob, thread.pk)
    assert await following.new_posts(bob, [fresh]) == {thread.pk: 1}
    assert await following.first_unread(bob, fresh) == more.pk
    help_ = await Category.get(slug="help")
    assert await following.unread_by_category(bob, [help_]) == {help_.pk: 1}
    await following.mark_read(bob, fresh, [first])  # going back changes nothing
    assert await following.first_unread(bob, fresh) == more.pk


async def test_who_is_told_of_a_new_post(people, forum):
    ada, bob, sam, mod = people["ada"], people["bob"], people["sam"], people["mod"]
    thread = await threads.start_thread(ada, "help", "Lights", "Front light flickers")
    await following.set_level(sam, "watching", category="help")
    await following.set_level(mod, "watching", category="help")
    await following.set_level(mod, "muted", thread_id=thread.pk)
    fresh = await threads.get_thread(ada, thread.pk)
    assert await following.told_of_post(fresh, bob.pk, []) == {ada.pk, sam.pk}
    assert await following.told_of_post(fresh, ada.pk, [bob.pk, mod.pk]) == {sam.pk, bob.pk}
    await following.set_level(ada, "muted", thread_id=thread.pk)
    assert await following.told_of_post(fresh, bob.pk, []) == {sam.pk}
