"""The forums' services: categories and who may read and post in them, threads and their lists,
answers, edits with their history, likes and accepted answers."""
import pytest

from forums import categories, posts, threads
from forums.models import Category, Post, PostRevision, Thread
from portal.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from portal.events.models import Event


async def test_only_admins_open_categories_and_bad_fields_are_named(people):
    with pytest.raises(Forbidden):
        await categories.create_category(people["mod"], name="Mods", slug="mods")
    with pytest.raises(Invalid) as caught:
        await categories.create_category(people["root"], name="", slug="No Spaces!", colour="red",
                                         read="staff", post="members")
    assert set(caught.value.errors) == {"name", "slug", "colour", "post"}
    await categories.create_category(people["root"], name="Help", slug="help")
    with pytest.raises(Invalid) as taken:
        await categories.create_category(people["root"], name="Help again", slug="help")
    assert set(taken.value.errors) == {"slug"}


async def test_each_reader_sees_the_categories_and_threads_of_their_level(people, forum):
    ask = await threads.start_thread(people["ada"], "help", "Battery drains overnight", "Any idea why?")
    inside = await threads.start_thread(people["ada"], "lounge", "Meetup in Linz", "Who comes?")
    secret = await threads.start_thread(people["sam"], "team", "Roadmap draft", "Internal.")
    assert [c.slug for c in await categories.list_categories(None)] == ["help"]
    assert [c.slug for c in await categories.list_categories(people["bob"])] == ["help", "lounge"]
    assert [c.slug for c in await categories.list_categories(people["sam"])] == ["help", "lounge", "team"]
    for reader, seen in ((None, {ask.pk}), (people["bob"], {ask.pk, inside.pk}),
                         (people["mod"], {ask.pk, inside.pk, secret.pk})):
        page = await threads.list_threads(reader)
        assert {t.pk for t in page.items} == seen
    with pytest.raises(NotFound):
        await threads.get_thread(people["bob"], secret.pk)
    with pytest.raises(NotFound):
        await categories.get_category(None, "lounge")


async def test_posting_needs_a_verified_member_with_the_categorys_post_level(people, forum):
    with pytest.raises(Unauthenticated):
        await threads.start_thread(None, "help", "Hi", "there")
    with pytest.raises(Forbidden):
        await threads.start_thread(people["una"], "help", "Hi", "there")
    with pytest.raises(NotFound):  # a member cannot even see the team's room
        await threads.start_thread(people["bob"], "team", "Hi", "there")
    announce = await categories.create_category(people["root"], name="News", slug="news", post="staff")
    with pytest.raises(Forbidden):
        await threads.start_thread(people["bob"], announce.slug, "Hi", "there")
    with pytest.raises(Invalid) as caught:
        await threads.start_thread(people["bob"], "help", " ", "", tags="ok, not a tag!")
    assert set(caught.value.errors) == {"title", "body"}


async def test_a_thread_keeps_its_counts_and_tells_the_spine(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Range in winter", "Why less range?",
                                        tags="Winter, battery, winter")
    answer = await posts.reply(people["bob"], thread.pk, "Cold cells hold less charge.")
    official = await posts.reply(people["sam"], thread.pk, "Exactly, see our winter guide.")
    await posts.reply(people["ada"], thread.pk, "Thanks!")
    fresh = await Thread.get(id=thread.pk).prefetch_related("tag_rows")
    assert (fresh.post_count, fresh.reply_count, fresh.staff_replied) == (4, 2, True)
    assert fresh.first_reply_at is not None and fresh.tags == ["battery", "winter"]
    assert (await Category.get(slug="help")).thread_count == 1
    assert official.official and not answer.official
    kinds = [e.kind for e in await Event.all().order_by("id")]
    assert kinds.count("thread.created") == 1 and kinds.count("post.created") == 3


async def test_lists_sort_and_filter(people, forum):
    help_ = forum["help"]
    quiet = await threads.start_thread(people["ada"], "help", "Nobody answers", "Hello?", tags="app")
    busy = await threads.start_thread(people["ada"], "help", "Answered", "Hello again?")
    reply = await posts.reply(people["bob"], busy.pk, "Here.")
    await posts.accept_answer(people["ada"], busy.pk, reply.pk)
    await posts.set_like(people["bob"], (await Post.filter(thread_id=quiet.pk).first()).pk, True)
    help_ = await Category.get(id=help_.pk)

    async def ids(**filters):
        return [t.pk for t in (await threads.list_threads(people["bob"], help_, **filters)).items]
    assert await ids() == [busy.pk, quiet.pk]
    assert await ids(sort="unanswered") == [quiet.pk]
    assert await ids(sort="solved") == [busy.pk]
    assert await ids(sort="unsolved") == [quiet.pk]
    assert await ids(sort="top") == [quiet.pk, busy.pk]
    assert await ids(tag="app") == [quiet.pk]
    assert await ids(sort="'; DROP TABLE forum_thread; --") == [busy.pk, quiet.pk]
    assert (await threads.list_threads(None, help_)).total == 2


async def test_edits_keep_the_earlier_text_and_only_the_author_or_a_moderator_edit(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Typo", "Frist version")
    first = await Post.get(thread_id=thread.pk)
    with pytest.raises(Forbidden):
        await posts.edit_post(people["bob"], first.pk, "Hijacked")
    edited = await posts.edit_post(people["ada"], first.pk, "First version")
    assert edited.edited_at is not None and "First version" in edited.body_html
    await posts.edit_post(people["mod"], first.pk, "First version, tidied")
    assert [r.body for r in await PostRevision.filter(post_id=first.pk).order_by("id")] == [
        "Frist version", "First version"]


async def test_likes_are_once_per_member_never_ones_own_and_counted(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Likes", "Like me")
    first = await Post.get(thread_id=thread.pk)
    with pytest.raises(Conflict):
        await posts.set_like(people["ada"], first.pk, True)
    await posts.set_like(people["bob"], first.pk, True)
    await posts.set_like(people["bob"], first.pk, True)
    await posts.set_like(people["sam"], first.pk, True)
    await posts.set_like(people["sam"], first.pk, False)
    assert (await Post.get(id=first.pk)).like_count == 1
    assert (await Thread.get(id=thread.pk)).like_count == 1
    assert await posts.liked_ids(people["bob"], [first]) == {first.pk}


async def test_the_asker_or_staff_accept_an_answer_and_nobody_else(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Which charger?", "Which one fits?")
    question = await Post.get(thread_id=thread.pk)
    answer = await posts.reply(people["bob"], thread.pk, "The 4A one.")
    with pytest.raises(Forbidden):
        await posts.accept_answer(people["bob"], thread.pk, answer.pk)
    with pytest.raises(Conflict):
        await posts.accept_answer(people["ada"], thread.pk, question.pk)
    other = await threads.start_thread(people["bob"], "help", "Other", "Other")
    with pytest.raises(NotFound):
        await posts.accept_answer(people["ada"], thread.pk, (await Post.get(thread_id=other.pk)).pk)
    solved = await posts.accept_answer(people["ada"], thread.pk, answer.pk)
    assert solved.solved and (await Thread.get(id=thread.pk)).accepted_post_id == answer.pk
    assert await Event.filter(kind="answer.accepted").count() == 1
    await posts.accept_answer(people["sam"], thread.pk, None)
    assert not (await Thread.get(id=thread.pk)).solved


async def test_the_tag_filter_offers_the_tags_of_the_first_threads_and_old_tags_still_filter(people, forum,
                                                                                            monkeypatch):
    monkeypatch.setattr(threads, "RECENT_FOR_TAGS", 2)
    ada = people["ada"]
    old = await threads.start_thread(ada, "help", "An old question about rims", "Rims squeak.", "rims")
    await threads.start_thread(ada, "help", "A newer question about brakes", "Brakes squeal.", "brakes")
    await threads.start_thread(ada, "help", "The newest question about lights", "Lights flicker.", "lights, brakes")
    await Thread.filter(id=old.pk).update(last_posted_at=old.last_posted_at.replace(year=2020))

    assert await threads.category_tags(None, forum["help"]) == ["brakes", "lights"]
    found = await threads.list_threads(None, forum["help"], tag="rims")
    assert [t.title for t in found.items] == ["An old question about rims"]
