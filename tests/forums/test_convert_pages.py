""""Turn into an idea" from the thread page: offered to the asker and product staff only, behind a
confirmation, refused without CSRF or to anyone else; the thread then shows the idea and its
status, and the people who liked the question are invited to vote."""
from forums import posts, threads
from forums.models import Post, Thread
from ideas import decisions
from ideas.models import Idea
from portal.notify.models import Notification
from tests.conftest import drain, login, make_member, post_form


async def _liked_thread(people):
    thread = await threads.start_thread(people["ada"], "help", "Export rides as GPX", "Can I export my rides?")
    question = await Post.get(thread_id=thread.pk)
    await posts.set_like(people["bob"], question.pk, True)
    return thread


async def test_only_the_asker_and_product_staff_see_and_use_the_button(client, people, forum):
    await make_member("pm@example.org", name="Pia PM", role="product")
    thread = await _liked_thread(people)
    path = f"/threads/{thread.pk}"
    assert "Turn into an idea" not in (await client.get(path)).text
    visitor = await client.post(f"{path}/convert")
    assert visitor.status_code == 403 and not await Idea.exists()  # no CSRF token, no session
    for email in ("bob@example.org", "sam@example.org", "mod@example.org"):
        client.cookies.clear()
        await login(client, email)
        assert "Turn into an idea" not in (await client.get(path)).text, email
        assert (await post_form(client, f"{path}/convert", token_from=path)).status_code == 403, email
    assert not await Idea.exists()
    client.cookies.clear()
    await login(client, "pm@example.org")
    page = await client.get(path)
    assert "Turn into an idea" in page.text and "This cannot be undone." in page.text
    assert f'action="{path}/convert"' in page.text
    assert (await client.post(f"{path}/convert")).status_code == 403  # without the token
    client.cookies.clear()
    await login(client, "ada@example.org")
    assert "Turn into an idea" in (await client.get(path)).text


async def test_converting_shows_the_idea_on_the_thread_and_invites_the_likers(client, people, forum):
    pm = await make_member("pm@example.org", name="Pia PM", role="product")
    thread = await _liked_thread(people)
    path = f"/threads/{thread.pk}"
    await login(client, "ada@example.org")
    done = await post_form(client, f"{path}/convert", token_from=path)
    assert done.status_code == 303 and done.headers["location"] == f"{path}#became"
    idea = await Idea.get(title="Export rides as GPX")
    assert (await Thread.get(id=thread.pk)).became == f"idea:{idea.pk}"
    page = await client.get(path)
    assert "Your thread is now an idea: “Export rides as GPX”." in page.text
    assert "This thread is now an idea:" in page.text and f'href="/ideas/{idea.pk}"' in page.text
    assert "Turn into an idea" not in page.text
    again = await post_form(client, f"{path}/convert", token_from=path)
    assert again.status_code == 409 and await Idea.all().count() == 1
    await decisions.change_status(pm, idea.pk, "planned")
    assert '<span class="pill">planned</span>' in (await client.get(path)).text
    await drain()
    invited = await Notification.filter(kind="forum_converted")
    assert [(n.member_id, n.url) for n in invited] == [(people["bob"].pk, f"/ideas/{idea.pk}")]
    await login(client, "bob@example.org")
    notes = await client.get("/me/notifications")
    assert "A thread you liked is now an idea: vote for “Export rides as GPX”." in notes.text
    # Visitors see what it became too.
    client.cookies.clear()
    assert f'href="/ideas/{idea.pk}"' in (await client.get(path)).text


async def test_a_german_asker_converts_in_german(client, people, forum):
    from portal.accounts.models import Member
    await Member.filter(id=people["ada"].pk).update(language="de")
    thread = await _liked_thread(people)
    await login(client, "ada@example.org")
    page = await client.get(f"/threads/{thread.pk}")
    assert "Zur Idee machen" in page.text and "Das lässt sich nicht rückgängig machen." in page.text
    await post_form(client, f"/threads/{thread.pk}/convert", token_from=f"/threads/{thread.pk}")
    shown = await client.get(f"/threads/{thread.pk}")
    assert "Dieses Thema ist jetzt eine Idee:" in shown.text and "Stimm dafür ab" in shown.text
