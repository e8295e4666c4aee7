"""Trust, spam limits and moderation, tested together: levels and where members start, links and
mentions per post, pace (429 with the seconds to wait; a refused post does not restart the clock;
staff are not slowed), the same text twice, held first posts, flags that hide a post, moderator
actions with reasons and the audit log, a paused member."""
from datetime import timedelta

import pytest

from forums import moderation, posts, threads, trust
from forums.models import Category, Flag, ModerationAction, Post, Standing, Thread
from portal.accounts.models import SsoLink
from portal.errors import Conflict, Forbidden, Invalid, Throttled
from tests.conftest import make_member


def later(monkeypatch, seconds: float):
    """Move the forums' clock forward (the pace limits read it)."""
    import forums.trust as module
    real = module.now
    monkeypatch.setattr(module, "now", lambda: real() + timedelta(seconds=seconds))


async def test_members_start_at_zero_verified_customers_and_sso_at_one_and_activity_raises(people, forum):
    ada, bob = people["ada"], people["bob"]
    assert await trust.level_of(ada) == trust.NEW
    await SsoLink.create(member_id=bob.pk, issuer="https://id.example.org", subject="bob", email="bob@example.org")
    assert await trust.level_of(bob) == trust.BASIC
    with pytest.raises(Forbidden):
        await trust.mark_verified_customer(people["ada"], ada.pk, True)
    await trust.mark_verified_customer(people["sam"], ada.pk, True)
    assert await trust.level_of(ada) == trust.BASIC
    cy = await make_member("cy@example.org", name="Cy")
    await Standing.create(member_id=cy.pk, days_visited=15, posts_read=100, likes_received=1)
    assert await trust.level_of(cy) == trust.MEMBER


async def test_a_new_members_links_mentions_and_pace_are_limited_and_staff_are_not(people, forum, monkeypatch, paced):
    ada = people["ada"]
    thread = await threads.start_thread(people["bob"], "help", "Question", "Plain question.")
    with pytest.raises(Invalid) as too_many_links:
        await posts.reply(ada, thread.pk, "See https://a.example https://b.example and https://c.example")
    assert "at most 2 links" in too_many_links.value.errors["body"]
    for handle, email in (("cyd", "cy@example.org"), ("dee", "dee@example.org"), ("eve", "eve@example.org")):
        member = await make_member(email, name=handle.title())
        member.handle = handle
        await member.save(update_fields=["handle"])
    with pytest.raises(Invalid):
        await posts.reply(ada, thread.pk, "Ping @cyd @dee @eve")
    await posts.reply(ada, thread.pk, "First answer, thanks @cyd.")
    with pytest.raises(Throttled) as fast:
        await posts.reply(ada, thread.pk, "Second answer right away.")
    assert 25 <= fast.value.retry_after <= 30
    with pytest.raises(Throttled):  # nor a new thread right after a post
        await threads.start_thread(ada, "help", "Another", "Another question")
    later(monkeypatch, 15)  # a refused post did not restart the clock: 15 s later it is still 15 s
    with pytest.raises(Throttled) as still:
        await posts.reply(ada, thread.pk, "Second answer a bit later.")
    assert still.value.retry_after <= 16
    later(monkeypatch, 31)
    await posts.reply(ada, thread.pk, "Second answer after the pause.")
    for n in range(3):  # staff answer as fast as they type
        await posts.reply(people["sam"], thread.pk, f"Official answer number {n}.")


async def test_the_same_text_twice_within_five_minutes_is_refused(people, forum, monkeypatch):
    await trust.mark_verified_customer(people["sam"], people["ada"].pk, True)
    thread = await threads.start_thread(people["bob"], "help", "Question", "Plain question.")
    await posts.reply(people["ada"], thread.pk, "Have you tried turning it off and on?")
    later(monkeypatch, 10)
    with pytest.raises(Invalid) as again:
        await posts.reply(people["ada"], thread.pk, "Have you tried turning it off and on?")
    assert "same text" in again.value.errors["body"]


async def test_a_new_members_first_post_with_links_waits_for_a_moderator(people, forum):
    ada, bob = people["ada"], people["bob"]
    thread = await threads.start_thread(ada, "help", "Look at this", "My photos: https://pics.example/1")
    assert thread.held
    assert (await Category.get(slug="help")).thread_count == 0
    assert [t.pk for t in (await threads.list_threads(ada)).items] == [thread.pk]
    assert (await threads.list_threads(bob)).items == []
    assert [p.pk for p in (await moderation.queue(people["mod"])).items] == [
        (await Post.get(thread_id=thread.pk)).pk]
    await moderation.moderate_post(people["mod"], (await Post.get(thread_id=thread.pk)).pk, "approve")
    assert [t.pk for t in (await threads.list_threads(bob)).items] == [thread.pk]
    assert (await Category.get(slug="help")).thread_count == 1
    assert await ModerationAction.filter(action="approve").count() == 1


async def test_flags_from_trusted_members_hide_a_post_until_reviewed(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Cheap pills", "Buy now")
    spam = await Post.get(thread_id=thread.pk)
    answer = await posts.reply(people["bob"], thread.pk, "This is spam.")
    with pytest.raises(Conflict):
        await moderation.flag_post(people["bob"], answer.pk, "spam")  # not one's own
    with pytest.raises(Invalid):
        await moderation.flag_post(people["bob"], spam.pk, "boring")
    with pytest.raises(Forbidden):
        await moderation.flag_post(people["una"], spam.pk, "spam")  # unverified members may not
    await moderation.flag_post(people["bob"], spam.pk, "spam")  # level 0: counted, but not trusted
    with pytest.raises(Conflict):
        await moderation.flag_post(people["bob"], spam.pk, "spam")
    trusted = []
    for n in range(3):
        member = await make_member(f"t{n}@example.org", name=f"Trusted {n}")
        await trust.mark_verified_customer(people["sam"], member.pk, True)
        trusted.append(member)
    await moderation.flag_post(trusted[0], spam.pk, "spam")
    await moderation.flag_post(trusted[1], spam.pk, "abusive")
    assert (await Post.get(id=spam.pk)).hidden_at is None
    await moderation.flag_post(trusted[2], spam.pk, "spam")
    assert (await Post.get(id=spam.pk)).hidden_at is not None
    assert await Flag.filter(post_id=spam.pk).count() == 4
    await moderation.moderate_post(people["mod"], spam.pk, "restore", "Not spam after all.")
    assert (await Post.get(id=spam.pk)).hidden_at is None
    assert await Flag.filter(post_id=spam.pk, resolved_at=None).count() == 0


async def test_moderators_act_with_reasons_and_everything_is_logged(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Rude", "Rude words")
    post = await posts.reply(people["bob"], thread.pk, "More rude words")
    for who in (people["ada"], people["sam"]):
        with pytest.raises(Forbidden):
            await moderation.moderate_post(who, post.pk, "hide", "Rude")
    with pytest.raises(Invalid):
        await moderation.moderate_post(people["mod"], post.pk, "hide", "  ")
    await moderation.moderate_post(people["mod"], post.pk, "hide", "Please stay kind.")
    assert (await Thread.get(id=thread.pk)).post_count == 1
    locked = await moderation.moderate_thread(people["mod"], thread.pk, "lock")
    assert locked.locked_at is not None
    with pytest.raises(Conflict):
        await posts.reply(people["bob"], thread.pk, "Can I still answer?")
    moved = await moderation.moderate_thread(people["mod"], thread.pk, "move", category="lounge")
    assert moved.category_id == forum["lounge"].pk
    assert [(c.slug, c.thread_count) for c in await Category.all().order_by("position")] == [
        ("help", 0), ("lounge", 1), ("team", 0)]
    await moderation.moderate_thread(people["mod"], thread.pk, "pin")
    await moderation.silence(people["mod"], people["bob"].pk, 3, "Cool down.")
    with pytest.raises(Forbidden):
        await threads.start_thread(people["bob"], "help", "Hello again", "Anyone?")
    log = await moderation.audit_log(people["sam"])
    assert [a.action for a in log.items] == ["silence", "pin", "move", "lock", "hide"]
    assert log.items[-1].reason == "Please stay kind."
    with pytest.raises(Forbidden):
        await moderation.audit_log(people["ada"])
