"""Reading and following, through the browser's eyes: a thread page records what a member read
(trust and unread), lists say "n new" with a link to the first unread post, the watch control per
thread and category (with and without htmx, CSRF), and what each role sees of it."""
import re

from forums import following, posts, threads
from forums.models import Category, Post, ReadState, Standing, Watch
from tests.conftest import csrf_token, login, post_form


async def _thread(people, title="Pairing the watch", body="It does not connect."):
    return await threads.start_thread(people["ada"], "help", title, body)


async def test_a_members_visit_records_the_read_and_a_visitor_records_nothing(client, people, forum):
    thread = await _thread(people)
    await posts.reply(people["bob"], thread.pk, "Hold the button.")
    assert (await client.get(f"/threads/{thread.pk}")).status_code == 200
    assert await ReadState.all().count() == 0 and await Standing.filter(posts_read__gt=0).count() == 0
    await login(client, "una@example.org")  # unverified members read too
    await client.get(f"/threads/{thread.pk}")
    una = await Standing.get(member_id=people["una"].pk)
    assert una.days_visited == 1 and una.posts_read == 2
    state = await ReadState.get(member_id=people["una"].pk, thread_id=thread.pk)
    assert state.read_count == 2
    await client.get(f"/threads/{thread.pk}")  # a reload reads nothing new, on the same day
    una = await Standing.get(member_id=people["una"].pk)
    assert una.days_visited == 1 and una.posts_read == 2
    await posts.reply(people["bob"], thread.pk, "Or restart the phone.")
    await client.get(f"/threads/{thread.pk}")
    assert (await Standing.get(member_id=people["una"].pk)).posts_read == 3


async def test_new_posts_show_in_lists_and_the_thread_jumps_to_the_first_unread(client, people, forum):
    thread = await _thread(people)
    quiet = await _thread(people, title="Quiet one", body="Nothing new here.")
    await login(client, "bob@example.org")
    first_visit = await client.get(f"/threads/{thread.pk}")
    assert "Jump to first unread" not in first_visit.text  # never opened: everything is new
    await client.get(f"/threads/{quiet.pk}")
    one = await posts.reply(people["ada"], thread.pk, "More detail: it is the new model.")
    await posts.reply(people["sam"], thread.pk, "We know this one.")
    listing = await client.get("/forums/help")
    assert f'<a class="forum-new" href="/posts/{one.pk}"' in listing.text and "2 new" in listing.text
    assert listing.text.count('class="forum-new"') == 1  # the quiet thread has nothing new
    front = await client.get("/")
    assert f'href="/posts/{one.pk}"' in front.text
    index = await client.get("/forums")
    assert "1 thread with new posts" in index.text
    page = await client.get(f"/threads/{thread.pk}")
    assert f'<a href="/posts/{one.pk}">Jump to first unread' in page.text
    again = await client.get(f"/threads/{thread.pk}")
    assert "Jump to first unread" not in again.text
    assert 'class="forum-new"' not in (await client.get("/forums/help")).text
    assert "with new posts" not in (await client.get("/forums")).text
    # A muted thread shows nothing new.
    await posts.reply(people["ada"], thread.pk, "Still broken after the update.")
    await following.set_level(people["bob"], "muted", thread_id=thread.pk)
    assert 'class="forum-new"' not in (await client.get("/forums/help")).text
    # Visitors see no counts and no jump.
    client.cookies.clear()
    assert 'class="forum-new"' not in (await client.get("/forums/help")).text


async def test_lists_make_the_same_number_of_queries_whatever_the_number_of_new_threads(client, people, forum,
                                                                                         db, monkeypatch):
    connection_class = type(db.connections.get("default"))
    counted = {"n": 0}
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(connection_class, name)

        async def counting(self, *args, _original=original, **kwargs):
            counted["n"] += 1
            return await _original(self, *args, **kwargs)

        monkeypatch.setattr(connection_class, name, counting)
    bob = people["bob"]
    await login(client, "bob@example.org")

    async def read_and_answer(n):
        thread = await _thread(people, title=f"Thread {n}", body=f"Question number {n}")
        await following.mark_read(bob, thread, await Post.filter(thread_id=thread.pk))
        await posts.reply(people["ada"], thread.pk, f"Follow-up number {n}")

    for n in range(2):
        await read_and_answer(n)
    counts = []
    for path in ("/forums/help", "/forums", "/"):
        counted["n"] = 0
        await client.get(path)
        counts.append(counted["n"])
    for n in range(2, 12):
        await read_and_answer(n)
    for path, before in zip(("/forums/help", "/forums", "/"), counts):
        counted["n"] = 0
        page = await client.get(path)
        assert counted["n"] == before, path
    assert (await client.get("/forums/help")).text.count('class="forum-new"') == 12


async def test_the_watch_control_shows_the_level_and_saves_it_with_and_without_htmx(client, people, forum):
    thread = await _thread(people)
    await posts.reply(people["bob"], thread.pk, "Try a reset.")
    assert 'class="forum-watch"' not in (await client.get(f"/threads/{thread.pk}")).text  # visitors
    response = await client.post(f"/threads/{thread.pk}/watch", data={"level": "watching"})
    assert response.status_code == 403  # no CSRF token, no session
    await login(client, "bob@example.org")
    page = await client.get(f"/threads/{thread.pk}")
    assert "Notifications: <strong>Tracking</strong>" in page.text  # he answered in it
    assert re.search(r'value="tracking" id="watch-thread-\d+-tracking"\s+aria-describedby="[^"]+" checked', page.text)
    assert "Tell me of every new post." in page.text and "Never tell me, and show no new posts." in page.text
    refused = await client.post(f"/threads/{thread.pk}/watch", data={"level": "watching"})
    assert refused.status_code == 403
    saved = await post_form(client, f"/threads/{thread.pk}/watch", {"level": "muted"})
    assert saved.status_code == 303 and saved.headers["location"] == f"/threads/{thread.pk}"
    assert (await Watch.get(member_id=people["bob"].pk, thread_id=thread.pk)).level == "muted"
    assert "Notifications: <strong>Muted</strong>" in (await client.get(f"/threads/{thread.pk}")).text
    token = await csrf_token(client, f"/threads/{thread.pk}")
    swapped = await client.post(f"/threads/{thread.pk}/watch", data={"level": "watching", "csrf_token": token},
                                headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and swapped.text.lstrip().startswith('<details class="forum-watch"')
    assert "Notifications: <strong>Watching</strong>" in swapped.text and "Saved." in swapped.text
    bad = await post_form(client, f"/threads/{thread.pk}/watch", {"level": "loud"})
    assert bad.status_code == 422
    assert (await Watch.get(member_id=people["bob"].pk, thread_id=thread.pk)).level == "watching"


async def test_a_category_is_watched_from_its_page_and_only_where_the_member_may_read(client, people, forum):
    await login(client, "bob@example.org")
    page = await client.get("/forums/help")
    assert "Notifications: <strong>Normal</strong>" in page.text
    assert "Tell me of every new post in this category." in page.text
    saved = await post_form(client, "/forums/help/watch", {"level": "watching"})
    assert saved.status_code == 303 and saved.headers["location"] == "/forums/help"
    help_ = await Category.get(slug="help")
    assert (await Watch.get(member_id=people["bob"].pk, category_id=help_.pk)).level == "watching"
    assert "Notifications: <strong>Watching</strong>" in (await client.get("/forums/help")).text
    # The thread inherits it.
    thread = await _thread(people)
    assert "Notifications: <strong>Watching</strong>" in (await client.get(f"/threads/{thread.pk}")).text
    assert (await post_form(client, "/forums/team/watch", {"level": "watching"})).status_code == 404
    team = await threads.start_thread(people["mod"], "team", "Team only", "Internal plans")
    assert (await post_form(client, f"/threads/{team.pk}/watch", {"level": "watching"})).status_code == 404
    client.cookies.clear()
    visitor = await post_form(client, "/forums/help/watch", {"level": "watching"})
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")


async def test_german_readers_see_the_controls_in_german(client, people, forum):
    from portal.accounts.models import Member
    await Member.filter(id=people["bob"].pk).update(language="de")
    thread = await _thread(people)
    await login(client, "bob@example.org")
    await client.get(f"/threads/{thread.pk}")
    await posts.reply(people["ada"], thread.pk, "Noch eine Frage dazu.")
    listing = await client.get("/forums/help")
    assert "1 neu" in listing.text and "Benachrichtigungen:" in listing.text
    assert "1 Thema mit neuen Beiträgen" in (await client.get("/forums")).text
    page = await client.get(f"/threads/{thread.pk}")
    assert "Zum ersten ungelesenen Beitrag" in page.text and "Beobachten" in page.text
