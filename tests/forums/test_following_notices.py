"""Who hears of a new post: the members it @mentions, those watching its thread or category, the
thread's starter; never its author, a member who muted it or one who may not read it, and nobody
twice. By mail as each member chose, and in the digest grouped by thread."""
from forums import following, moderation, posts, threads
from forums.models import Post
from portal import events
from portal.notify import service
from portal.notify.models import Notification
from portal.profiles import service as profiles
from tests.conftest import drain, login, mailbox, make_member, post_form


async def _told(thread_id: int, post_id: int | None = None) -> list[tuple[str, int]]:
    """Who was told of the thread's posts (or of one of them), in which kind."""
    rows = Notification.filter(kind__startswith="forum_", topic=f"/threads/{thread_id}")
    if post_id is not None:
        rows = rows.filter(url=f"/threads/{thread_id}#post-{post_id}")
    return sorted((n.kind, n.member_id) for n in await rows)


async def test_mentions_watchers_and_the_asker_each_hear_once_in_one_kind(people, forum):
    ada, bob, sam, mod = people["ada"], people["bob"], people["sam"], people["mod"]
    cy = await make_member("cy@example.org", name="Cy")
    for member, handle in ((bob, "bob"), (ada, "ada")):
        await type(member).filter(id=member.pk).update(handle=handle)
    await following.set_level(sam, "watching", category="help")
    await following.set_level(mod, "watching", category="help")
    thread = await threads.start_thread(ada, "help", "Lights flicker", "Front light flickers, @bob any idea?")
    await drain()
    # A new thread: the member it mentions, and those watching its category.
    assert await _told(thread.pk) == sorted([("forum_mentioned", bob.pk), ("forum_watched", sam.pk),
                                             ("forum_watched", mod.pk)])
    before = await _told(thread.pk)
    await events.replay("notify")
    assert await _told(thread.pk) == before
    await following.set_level(mod, "muted", thread_id=thread.pk)
    await following.set_level(cy, "watching", thread_id=thread.pk)
    answer = await posts.reply(bob, thread.pk, "Check the cable, @ada and @cy_nobody.")
    await drain()
    # The asker is mentioned as well as answered: one notification, the mention.
    assert await _told(thread.pk, answer.pk) == sorted([("forum_mentioned", ada.pk), ("forum_watched", sam.pk),
                                                        ("forum_watched", cy.pk)])
    mention = await Notification.get(kind="forum_mentioned", member_id=ada.pk)
    assert mention.url == f"/threads/{thread.pk}#post-{answer.pk}" and mention.data == {
        "title": "Lights flicker", "name": "Bob"} and mention.actor_id == bob.pk
    official = await posts.reply(sam, thread.pk, "Official: a known issue.")
    await drain()
    # The asker hears of an answer; Sam, though watching, not of his own post.
    assert await _told(thread.pk, official.pk) == sorted([("forum_reply", ada.pk), ("forum_watched", cy.pk)])
    # A member who muted the thread is not told even of a mention.
    await following.set_level(bob, "muted", thread_id=thread.pk)
    thanks = await posts.reply(ada, thread.pk, "Thanks @bob, that was it!")
    await drain()
    assert await _told(thread.pk, thanks.pk) == sorted([("forum_watched", sam.pk), ("forum_watched", cy.pk)])


async def test_nobody_hears_of_a_post_they_may_not_read_or_before_it_is_let_in(people, forum):
    ada, bob, mod = people["ada"], people["bob"], people["mod"]
    await type(ada).filter(id=ada.pk).update(handle="ada")
    await following.set_level(bob, "watching", category="lounge")
    team = await threads.start_thread(mod, "team", "Recall", "Internal: @ada must not hear of this.")
    lounge = await threads.start_thread(mod, "lounge", "Meetup", "Who comes?")
    await drain()
    assert await _told(team.pk) == [] and await _told(lounge.pk) == [("forum_watched", bob.pk)]
    # A held post tells nobody until a moderator lets it in; then each hears once.
    await type(bob).filter(id=bob.pk).update(handle="bob")
    held = await posts.reply(ada, lounge.pk, "Me! @bob see https://example.com")  # a new member's first link
    assert held.held
    await drain()
    assert ("forum_mentioned", bob.pk) not in await _told(lounge.pk)
    await moderation.moderate_post(mod, held.pk, "approve")
    await drain()
    assert await _told(lounge.pk) == sorted([("forum_watched", bob.pk), ("forum_mentioned", bob.pk),
                                             ("forum_reply", mod.pk)])


async def test_mentions_go_by_mail_and_watched_posts_wait_for_the_digest_grouped_by_thread(people, forum, settings):
    ada, bob = people["ada"], people["bob"]
    await type(bob).filter(id=bob.pk).update(handle="bob")
    await profiles.update_profile(ada, {"digest": "daily",
                                        "notifications": {"forum_watched": {"in_app": True, "mail": True}}})
    await following.set_level(ada, "watching", category="help")
    thread = await threads.start_thread(bob, "help", "Saddle height", "How high, roughly?")
    other = await threads.start_thread(bob, "help", "Tyre pressure", "How much for gravel?")
    await posts.reply(people["sam"], thread.pk, "Heel on the pedal, leg straight.")
    await posts.reply(people["mod"], thread.pk, "Or ask the shop to fit it.")
    await posts.reply(ada, other.pk, "About 2.5 bar, @bob.")
    await drain()
    # Bob hears of the answers and the mention by mail at once (his defaults); Ada waits for her digest.
    mails = mailbox(settings)
    assert [m["To"] for m in mails] == ["bob@example.org"] * 3
    assert "Ada mentioned you in “Tyre pressure”." in mails[-1].get_content()
    assert await service.send_due_digests() == 1
    await drain()
    digest = mailbox(settings)[-1]
    assert digest["To"] == "ada@example.org"
    body = digest.get_content()
    assert "3 new posts in “Saddle height”" in body and "Bob posted in “Tyre pressure”." in body
    assert body.count("Saddle height") == 1


async def test_too_many_mentions_for_a_new_member_are_refused_from_the_page(client, people, forum):
    thread = await threads.start_thread(people["bob"], "help", "Meet-up", "Who rides on Sunday?")
    for n in range(3):
        await make_member(f"rider{n}@example.org", name=f"Rider {n}")
    await login(client, "ada@example.org")
    body = "Let us ride, @rider_0 @rider_1 @rider_2!"
    refused = await post_form(client, f"/threads/{thread.pk}/posts", {"body": body}, token_from=f"/threads/{thread.pk}")
    assert refused.status_code == 422
    assert "Please mention at most 2 people in a post." in refused.text and "@rider_2!" in refused.text
    assert await Post.filter(thread_id=thread.pk).count() == 1
    fine = await post_form(client, f"/threads/{thread.pk}/posts", {"body": "Let us ride, @rider_0 @rider_1."},
                           token_from=f"/threads/{thread.pk}")
    assert fine.status_code == 303
    await drain()
    assert len(await Notification.filter(kind="forum_mentioned")) == 2
