"""Moderation through the browser's eyes (forums/moderation_routes.py), per role: the flag control,
the queue, a thread's moderate controls, split and merge, a member's standing and the audit log;
CSRF, escaping, forms that keep what was typed, and the author told why with the reason."""
import pytest

from forums import moderation, posts, threads
from forums.models import Flag, ModerationAction, Post, Standing, Thread
from portal.notify.models import Notification
from tests.conftest import drain, login, mailbox, make_member, post_form

XSS = "<script>alert(1)</script>"
HTMX = {"HX-Request": "true"}


@pytest.fixture
async def asked(people, forum):
    thread = await threads.start_thread(people["ada"], "help", "How do I pair my watch?", "It does not connect.")
    answer = await posts.reply(people["bob"], thread.pk, "Hold the button for three seconds.")
    return {"thread": thread, "answer": answer, "opening": await posts.opening_post_id(thread)}


async def _as(client, who: str | None):
    client.cookies.clear()
    if who:
        await login(client, f"{who}@example.org")


# -- the flag control ----------------------------------------------------------------------------

async def test_the_flag_control_shows_for_members_on_others_posts_only(client, people, asked):
    path = f"/threads/{asked['thread'].pk}"
    assert "/flag" not in (await client.get(path)).text  # a visitor
    await _as(client, "ada")
    page = (await client.get(path)).text
    assert f'id="flag-{asked["answer"].pk}"' in page and f'id="flag-{asked["opening"]}"' not in page
    assert "Off topic" in page and "A note for the moderators (optional)" in page
    await _as(client, "mod")  # moderators have their own controls instead
    assert 'id="flag-' not in (await client.get(path)).text


async def test_a_member_flags_a_post_without_javascript_once(client, people, asked):
    answer = asked["answer"].pk
    await _as(client, "ada")
    sent = await post_form(client, f"/posts/{answer}/flag", {"reason": "spam", "note": XSS})
    assert sent.status_code == 303 and sent.headers["location"] == f"/posts/{answer}"
    assert "Thanks. A moderator will look at it." in (await client.get(f"/threads/{asked['thread'].pk}")).text
    flag = await Flag.get(post_id=answer)
    assert (flag.member_id, flag.reason, flag.note) == (people["ada"].pk, "spam", XSS)
    await post_form(client, f"/posts/{answer}/flag", {"reason": "abusive"})
    assert "You have flagged this post already." in (await client.get("/")).text
    assert await Flag.filter(post_id=answer).count() == 1


async def test_a_member_flags_with_htmx_and_gets_the_thanks_in_place(client, people, asked):
    await _as(client, "ada")
    answer = asked["answer"].pk
    sent = await post_form(client, f"/posts/{answer}/flag", {"reason": "off_topic"}, headers=HTMX)
    assert sent.status_code == 200
    assert f'id="flag-{answer}"' in sent.text and "Thanks. A moderator will look at it." in sent.text
    assert "<html" not in sent.text
    again = await post_form(client, f"/posts/{answer}/flag", {"reason": "spam"}, headers=HTMX)
    assert "You have flagged this post already." in again.text


async def test_a_flag_without_a_reason_comes_back_with_the_note_and_refusals(client, people, asked):
    answer = asked["answer"].pk
    await _as(client, "ada")
    refused = await post_form(client, f"/posts/{answer}/flag", {"reason": "rude", "note": "Kept " + XSS})
    assert refused.status_code == 422
    assert "Choose why: spam, off topic, abusive or something else." in refused.text
    assert "Kept &lt;script&gt;" in refused.text and XSS not in refused.text
    own = await post_form(client, f"/posts/{asked['opening']}/flag", {"reason": "spam"})
    assert own.status_code == 303
    assert "You cannot flag your own post." in (await client.get("/")).text
    assert (await client.post(f"/posts/{answer}/flag", data={"reason": "spam"})).status_code == 403  # no CSRF
    await _as(client, None)
    visitor = await post_form(client, f"/posts/{answer}/flag", {"reason": "spam"})
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")
    una = await make_member("una2@example.org", name="Una Two", verified=False)
    await login(client, una.email)
    assert (await post_form(client, f"/posts/{answer}/flag", {"reason": "spam"})).status_code == 403
    assert not await Flag.exists()


# -- the queue -----------------------------------------------------------------------------------

async def test_the_queue_is_for_moderators_and_says_when_nothing_waits(client, people, asked):
    assert (await client.get("/staff/forums/queue")).status_code in (303, 401)
    for who in ("ada", "bob", "sam"):
        await _as(client, who)
        assert (await client.get("/staff/forums/queue")).status_code == 403, who
    assert 'href="/staff/forums/queue"' not in (await client.get("/staff/forums/log")).text  # sam's menu
    for who in ("mod", "root"):
        await _as(client, who)
        page = await client.get("/staff/forums/queue")
        assert page.status_code == 200 and "Nothing waits for a moderator." in page.text
        assert 'href="/staff/forums/queue"' in page.text and 'href="/staff/forums/log"' in page.text


async def test_the_queue_shows_flags_and_held_posts_and_acts_on_them(client, people, asked):
    answer = asked["answer"].pk
    await moderation.flag_post(people["ada"], answer, "spam", XSS)
    await moderation.flag_post(people["sam"], answer, "spam")
    cy = await make_member("cy@example.org", name="Cy New")
    held = await posts.reply(cy, asked["thread"].pk, "Look at https://pics.example/1")
    await _as(client, "mod")
    page = await client.get("/staff/forums/queue")
    assert "How do I pair my watch?" in page.text and "Hold the button for three seconds." in page.text
    assert "2 flags" in page.text and "Spam</strong> (2)" in page.text
    assert "&lt;script&gt;" in page.text and XSS not in page.text
    assert "Waiting for review" in page.text and f"/staff/forums/members/{people['bob'].pk}" in page.text
    refused = await post_form(client, f"/staff/forums/posts/{answer}/moderate",
                              {"action": "hide", "reason": " ", "next": "/staff/forums/queue"})
    assert refused.status_code == 422 and "Please give a reason: the author reads it." in refused.text
    hidden = await post_form(client, f"/staff/forums/posts/{answer}/moderate",
                             {"action": "hide", "reason": "Advert " + XSS, "next": "/staff/forums/queue"})
    assert hidden.status_code == 303 and hidden.headers["location"] == "/staff/forums/queue"
    assert (await Post.get(id=answer)).hidden_reason == "Advert " + XSS
    approved = await post_form(client, f"/staff/forums/posts/{held.pk}/moderate",
                               {"action": "approve", "next": "/staff/forums/queue"})
    assert approved.status_code == 303 and not (await Post.get(id=held.pk)).held
    await post_form(client, f"/staff/forums/posts/{answer}/moderate", {"action": "restore"})
    assert "Nothing waits for a moderator." in (await client.get("/staff/forums/queue")).text
    await _as(client, "bob")  # a member cannot moderate through the route either
    assert (await post_form(client, f"/staff/forums/posts/{answer}/moderate",
                            {"action": "hide", "reason": "Mine now"})).status_code == 403
    await _as(client, "mod")
    assert (await client.post(f"/staff/forums/posts/{answer}/moderate",
                              data={"action": "hide", "reason": "No token"})).status_code == 403
    assert (await Post.get(id=answer)).hidden_at is None


async def test_the_queue_pages(client, people, forum):
    thread = await threads.start_thread(people["ada"], "help", "Many answers", "Question with many answers.")
    for n in range(31):
        answer = await posts.reply(people["bob"], thread.pk, f"Answer number {n} of many.")
        await Flag.create(post_id=answer.pk, member_id=people["ada"].pk, reason="other")
    await _as(client, "mod")
    first = await client.get("/staff/forums/queue")
    assert "Answer number 0 of many." in first.text and 'href="/staff/forums/queue?page=2"' in first.text
    second = await client.get("/staff/forums/queue?page=2")
    assert "Answer number 30 of many." in second.text and "Answer number 0 of many." not in second.text


# -- a thread's controls -------------------------------------------------------------------------

async def test_only_moderators_see_and_use_the_thread_controls(client, people, asked):
    thread = asked["thread"].pk
    path = f"/threads/{thread}"
    for who in (None, "ada", "bob", "sam"):
        await _as(client, who)
        page = await client.get(path)
        assert "/moderate" not in page.text and "forum-mod" not in page.text, who
    assert (await post_form(client, f"/staff/forums/threads/{thread}/moderate", {"action": "lock"})).status_code == 403
    await _as(client, "mod")
    page = await client.get(path)
    assert "Moderate" in page.text and f'action="/staff/forums/threads/{thread}/moderate"' in page.text
    assert "Members&#39; lounge" in page.text and f'action="/staff/forums/posts/{asked["answer"].pk}/moderate"' in page.text
    locked = await post_form(client, f"/staff/forums/threads/{thread}/moderate", {"action": "lock"}, token_from=path)
    assert locked.status_code == 303 and (await Thread.get(id=thread)).locked_at is not None
    await post_form(client, f"/staff/forums/threads/{thread}/moderate", {"action": "pin"})
    moved = await post_form(client, f"/staff/forums/threads/{thread}/moderate",
                            {"action": "move", "category": str((await Thread.get(id=thread)).category_id + 1)})
    assert moved.status_code == 303
    found = await Thread.get(id=thread).select_related("category")
    assert found.pinned and found.category.slug == "lounge"
    refused = await post_form(client, f"/staff/forums/threads/{thread}/moderate", {"action": "hide", "reason": ""})
    assert refused.status_code == 422 and "Please give a reason: the author reads it." in refused.text
    await post_form(client, f"/staff/forums/threads/{thread}/moderate", {"action": "hide", "reason": "Off " + XSS})
    await _as(client, "bob")
    assert (await client.get(path)).status_code == 404
    await _as(client, "ada")
    mine = await client.get(path)
    assert "This thread is hidden." in mine.text and "Off &lt;script&gt;" in mine.text and XSS not in mine.text
    assert [a.action for a in await ModerationAction.all().order_by("id")] == ["lock", "pin", "move", "hide"]


async def test_the_author_reads_why_their_post_was_hidden_in_the_app_and_by_mail(client, people, asked, settings):
    answer = asked["answer"]
    await _as(client, "mod")
    await post_form(client, f"/staff/forums/posts/{answer.pk}/moderate",
                    {"action": "hide", "reason": "Please no adverts " + XSS})
    await _as(client, "bob")
    page = (await client.get(f"/threads/{asked['thread'].pk}")).text
    assert "A moderator hid this post." in page and "Please no adverts &lt;script&gt;" in page
    await _as(client, "ada")  # the asker does not see it at all
    assert "Hold the button" not in (await client.get(f"/threads/{asked['thread'].pk}")).text
    await drain()
    told = await Notification.get(member_id=people["bob"].pk, kind="forum_hidden")
    assert told.url == f"/threads/{asked['thread'].pk}#post-{answer.pk}"
    await _as(client, "bob")
    listed = (await client.get("/me/notifications")).text
    assert "was hidden: Please no adverts &lt;script&gt;" in listed and XSS not in listed
    mails = [m for m in mailbox(settings) if m["To"] == "bob@example.org"]
    assert mails and "Please no adverts" in mails[-1].get_content()
    assert not await Notification.filter(kind="forum_hidden", member_id=people["ada"].pk).exists()


async def test_a_post_hidden_by_flags_tells_its_author_in_their_language(client, people, asked, settings):
    await Standing.filter(member_id=people["bob"].pk).update(verified_customer=True)
    from portal.accounts.models import Member
    await Member.filter(id=people["bob"].pk).update(language="de")
    flaggers = [people["ada"], people["sam"], people["root"]]
    for n, flagger in enumerate(flaggers):
        await Standing.get_or_create(member_id=flagger.pk)
        await Standing.filter(member_id=flagger.pk).update(verified_customer=True)
        await moderation.flag_post(flagger, asked["answer"].pk, "spam", f"note {n}")
    await drain()
    mails = [m for m in mailbox(settings) if m["To"] == "bob@example.org"]
    assert mails and "ausgeblendet" in mails[-1].get_content()


# -- split and merge -----------------------------------------------------------------------------

async def test_a_moderator_splits_answers_off_through_the_page(client, people, asked):
    thread = asked["thread"].pk
    path = f"/staff/forums/threads/{thread}/split"
    for who in ("bob", "sam"):
        await _as(client, who)
        assert (await client.get(path)).status_code == 403
    await _as(client, "mod")
    page = await client.get(path)
    assert page.status_code == 200 and f'name="posts" value="{asked["answer"].pk}"' in page.text
    assert f'name="posts" value="{asked["opening"]}"' not in page.text
    refused = await post_form(client, path, {"title": "Kept " + XSS}, token_from=path)
    assert refused.status_code == 422 and "Choose the answers to move." in refused.text
    assert 'value="Kept &lt;script&gt;alert(1)&lt;/script&gt;"' in refused.text
    done = await post_form(client, path, {"title": "Pairing by button", "posts": str(asked["answer"].pk)})
    assert done.status_code == 303
    made = await Thread.get(title="Pairing by button")
    assert done.headers["location"] == f"/threads/{made.pk}"
    assert "Hold the button for three seconds." in (await client.get(f"/threads/{made.pk}")).text
    assert (await client.post(path, data={"title": "x", "posts": "1"})).status_code == 403  # no CSRF


async def test_a_merged_threads_address_leads_to_where_its_posts_went(client, people, asked):
    newer = await threads.start_thread(people["bob"], "help", "Watch pairing again", "Pairing fails for me too.")
    path = f"/staff/forums/threads/{newer.pk}/merge"
    await _as(client, "sam")
    assert (await client.get(path)).status_code == 403
    await _as(client, "mod")
    assert (await client.get(path)).status_code == 200
    refused = await post_form(client, path, {"into": "nothing here", "reason": "Kept reason"}, token_from=path)
    assert refused.status_code == 422 and 'value="Kept reason"' in refused.text
    wrong_way = await post_form(client, f"/staff/forums/threads/{asked['thread'].pk}/merge", {"into": str(newer.pk)})
    assert wrong_way.status_code == 422 and "Merge the newer thread into the older one" in wrong_way.text
    done = await post_form(client, path, {"into": f"http://testserver/threads/{asked['thread'].pk}#post-3"})
    assert done.status_code == 303 and done.headers["location"] == f"/threads/{asked['thread'].pk}"
    for who in (None, "bob"):
        await _as(client, who)
        gone = await client.get(f"/threads/{newer.pk}")
        assert gone.status_code == 303 and gone.headers["location"] == f"/threads/{asked['thread'].pk}"
    assert "Pairing fails for me too." in (await client.get(f"/threads/{asked['thread'].pk}")).text


# -- a member's standing -------------------------------------------------------------------------

async def test_staff_read_a_members_standing_and_moderators_pause_them(client, people, asked):
    bob = people["bob"]
    path = f"/staff/forums/members/{bob.pk}"
    assert (await client.get(path)).status_code in (303, 401)
    for who in ("ada", "bob"):
        await _as(client, who)
        assert (await client.get(path)).status_code == 403
    await _as(client, "sam")
    page = await client.get(path)
    assert page.status_code == 200 and "New member" in page.text and "Pause their posting" not in page.text
    marked = await post_form(client, f"{path}/verified", {"verified": "on"}, token_from=path)
    assert marked.status_code == 303 and "Basic member" in (await client.get(path)).text
    assert (await post_form(client, f"{path}/silence", {"days": "3", "reason": "Calm down"})).status_code == 403
    await _as(client, "mod")
    refused = await post_form(client, f"{path}/silence", {"days": "many", "reason": "Kept " + XSS}, token_from=path)
    assert refused.status_code == 422 and "Choose between 0 and 365 days." in refused.text
    assert "Kept &lt;script&gt;" in refused.text
    paused = await post_form(client, f"{path}/silence", {"days": "3", "reason": "Cool off " + XSS})
    assert paused.status_code == 303
    page = await client.get(path)
    assert "Posting paused until" in page.text and "Cool off &lt;script&gt;" in page.text and XSS not in page.text
    assert "Paused posting" in page.text  # the moderation record
    await _as(client, "bob")
    answer = await post_form(client, f"/threads/{asked['thread'].pk}/posts", {"body": "Still here."})
    assert answer.status_code == 403
    assert (await client.post(f"{path}/verified", data={"verified": "on"})).status_code == 403


# -- the audit log -------------------------------------------------------------------------------

async def test_staff_read_the_audit_log_page_by_page(client, people, asked):
    await moderation.moderate_post(people["mod"], asked["answer"].pk, "hide", "Spam " + XSS)
    assert (await client.get("/staff/forums/log")).status_code in (303, 401)
    await _as(client, "bob")
    assert (await client.get("/staff/forums/log")).status_code == 403
    await _as(client, "sam")
    page = await client.get("/staff/forums/log")
    assert page.status_code == 200 and "Mo Mod" in page.text and "Hid" in page.text
    assert "How do I pair my watch?" in page.text and "Spam &lt;script&gt;" in page.text and XSS not in page.text
    assert f'href="/staff/forums/members/{people["bob"].pk}"' in page.text
    await ModerationAction.bulk_create([ModerationAction(actor_id=people["mod"].pk, action="pin",
                                                         thread_id=asked["thread"].pk) for _ in range(50)])
    assert 'href="/staff/forums/log?page=2"' in (await client.get("/staff/forums/log")).text
    assert "Spam &lt;script&gt;" in (await client.get("/staff/forums/log?page=2")).text
