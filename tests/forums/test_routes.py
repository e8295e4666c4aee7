"""The forums through the browser's eyes: each page per role (visitor, member, unverified member,
staff, admin), hidden categories, CSRF, escaping, forms that keep what was typed, and the like,
accept and edit buttons tried from outside."""
import re

from forums import categories, posts, threads
from forums.models import Category, Post, Thread
from portal.clock import now
from tests.conftest import login, post_form


async def _thread(people, slug="help", title="How do I pair my watch?", body="It does not **connect**.", tags="watch"):
    return await threads.start_thread(people["ada"], slug, title, body, tags)


# -- the categories ---------------------------------------------------------------------------------

async def test_the_forums_page_lists_only_the_categories_each_reader_may_read(client, people, forum):
    await _thread(people)
    visitor = await client.get("/forums")
    assert visitor.status_code == 200
    assert "Help" in visitor.text and "Ask anything." in visitor.text and "1 thread" in visitor.text
    assert "Members&#39; lounge" not in visitor.text and "Team room" not in visitor.text
    await login(client, "ada@example.org")
    member = await client.get("/forums")
    assert "Members&#39; lounge" in member.text and "Team room" not in member.text
    await login(client, "mod@example.org")
    assert "Team room" in (await client.get("/forums")).text


async def test_without_categories_the_forums_page_says_so(client, db):
    page = await client.get("/forums")
    assert page.status_code == 200 and "No forums yet." in page.text


async def test_a_category_the_reader_may_not_read_is_not_there(client, people, forum):
    team_thread = await threads.start_thread(people["mod"], "team", "Release plan", "Secret")
    lounge_thread = await threads.start_thread(people["ada"], "lounge", "Hello", "Members only")
    for path in ("/forums/lounge", "/forums/team", f"/threads/{lounge_thread.pk}", "/forums/lounge/new",
                 f"/posts/{lounge_thread.pk + 1}/history"):
        assert (await client.get(path)).status_code in (404, 303), path
    assert (await client.get("/forums/lounge")).status_code == 404
    assert (await client.get(f"/threads/{lounge_thread.pk}")).status_code == 404
    await login(client, "bob@example.org")
    assert (await client.get("/forums/lounge")).status_code == 200
    for path in ("/forums/team", f"/threads/{team_thread.pk}", "/forums/team/new", "/forums/nothing"):
        assert (await client.get(path)).status_code == 404, path
    assert "Release plan" not in (await client.get("/")).text


async def test_a_category_lists_its_threads_with_marks_and_counts(client, people, forum):
    # Each body differs: the same text twice within five minutes is refused (forums/trust.py).
    solved = await _thread(people, title="Solved one", body="The first question.")
    answer = await posts.reply(people["bob"], solved.pk, "Restart it.")
    await posts.accept_answer(people["ada"], solved.pk, answer.pk)
    await _thread(people, title="Open one", tags="battery")
    page = await client.get("/forums/help")
    assert page.status_code == 200
    assert "Solved one" in page.text and "Open one" in page.text and "Solved</span>" in page.text
    assert 'href="/u/ada"' in page.text and "avatar-pic" in page.text
    unanswered = await client.get("/forums/help?sort=unanswered")
    assert "Open one" in unanswered.text and "Solved one" not in unanswered.text
    assert "Open one" not in (await client.get("/forums/help?sort=solved")).text
    by_tag = await client.get("/forums/help?tag=battery")
    assert "Open one" in by_tag.text and "Solved one" not in by_tag.text
    assert '<option value="battery"' in by_tag.text
    htmx = await client.get("/forums/help?sort=solved", headers={"HX-Request": "true"})
    assert "Solved one" in htmx.text and "<html" not in htmx.text


async def test_a_tag_filter_that_is_not_a_tag_is_ignored_and_escaped(client, people, forum):
    await _thread(people, title="Still listed")
    page = await client.get("/forums/help", params={"tag": "<script>alert(1)</script>", "sort": "bogus"})
    assert page.status_code == 200 and "Still listed" in page.text
    assert "<script>alert(1)" not in page.text


async def test_each_reader_sees_the_right_way_to_ask(client, people, forum):
    assert "Log in to ask" in (await client.get("/forums/help")).text
    assert "No threads yet." in (await client.get("/forums/help")).text
    await login(client, "una@example.org")
    assert "Confirm your email address to ask here." in (await client.get("/forums/help")).text
    assert (await client.get("/forums/help/new")).status_code == 403
    await login(client, "ada@example.org")
    assert 'href="/forums/help/new"' in (await client.get("/forums/help")).text


# -- asking -----------------------------------------------------------------------------------------

async def test_asking_keeps_what_was_typed_on_error_and_posts_when_right(client, people, forum):
    assert (await client.get("/forums/help/new")).status_code == 303  # a visitor: to the login
    await login(client, "ada@example.org")
    assert (await client.get("/forums/help/new")).status_code == 200
    wrong = await post_form(client, "/forums/help/new", {"title": "", "body": "My words stay", "tags": "app, b@d"})
    assert wrong.status_code == 422
    assert "My words stay" in wrong.text and 'value="app, b@d"' in wrong.text and "error-summary" in wrong.text
    right = await post_form(client, "/forums/help/new", {"title": "Pairing", "body": "How?", "tags": "app"})
    assert right.status_code == 303
    thread = await Thread.get(title="Pairing")
    assert right.headers["location"] == f"/threads/{thread.pk}"


async def test_asking_without_the_csrf_token_is_refused(client, people, forum):
    await login(client, "ada@example.org")
    response = await client.post("/forums/help/new", data={"title": "Forged", "body": "x"})
    assert response.status_code == 403
    assert not await Thread.filter(title="Forged").exists()


async def test_titles_posts_and_tags_are_escaped(client, people, forum):
    thread = await _thread(people, title="<script>alert('t')</script>", body="<img src=x onerror=alert(1)> hi")
    await posts.reply(people["bob"], thread.pk, "<script>alert('p')</script>")
    for path in ("/forums/help", f"/threads/{thread.pk}", "/", "/u/ada"):
        page = await client.get(path)
        assert "<script>alert(" not in page.text and "<img src=x" not in page.text, path
    assert "&lt;script&gt;alert(" in (await client.get(f"/threads/{thread.pk}")).text


# -- a thread ---------------------------------------------------------------------------------------

async def test_a_thread_shows_the_accepted_answer_under_the_question(client, people, forum):
    thread = await _thread(people)
    await posts.reply(people["bob"], thread.pk, "First try")
    official = await posts.reply(people["sam"], thread.pk, "The team's way")
    await posts.accept_answer(people["ada"], thread.pk, official.pk)
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert page.index("It does not") < page.index('id="accepted-title"') < page.index("First try")
    assert f'<a href="/posts/{official.pk}">Go to this answer in the thread</a>' in page
    assert "Official answer" in page and "Log in to like" in page and "Log in to answer" in page
    assert "Mark as solution" not in page


async def test_held_posts_show_only_to_their_author_as_waiting(client, people, forum):
    thread = await _thread(people)
    held = await posts.reply(people["bob"], thread.pk, "Link-heavy first post")
    await Post.filter(id=held.pk).update(held=True)
    assert "Link-heavy" not in (await client.get(f"/threads/{thread.pk}")).text
    await login(client, "bob@example.org")
    mine = (await client.get(f"/threads/{thread.pk}")).text
    assert "Link-heavy" in mine and "Waiting for review" in mine


async def test_answering_keeps_the_text_on_error_and_a_locked_thread_says_so(client, people, forum):
    thread = await _thread(people)
    await login(client, "bob@example.org")
    empty = await post_form(client, f"/threads/{thread.pk}/posts", {"body": "  "})
    assert empty.status_code == 422 and "Please write something first." in empty.text
    done = await post_form(client, f"/threads/{thread.pk}/posts", {"body": "Hold the button."})
    post = await Post.get(body="Hold the button.")
    assert done.status_code == 303 and done.headers["location"] == f"/threads/{thread.pk}#post-{post.pk}"
    assert "Mark as solution" not in (await client.get(f"/threads/{thread.pk}")).text  # bob did not ask
    await Thread.filter(id=thread.pk).update(locked_at=now())
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert "This thread is locked" in page and 'action="/threads/' + str(thread.pk) + '/posts"' not in page
    assert 'href="/posts/%d/edit"' % post.pk not in page  # locked: its author no longer edits


async def test_long_threads_have_pages_and_a_post_link_finds_its_page(client, people, forum):
    thread = await _thread(people)
    made = [await posts.reply(people["bob"], thread.pk, f"Answer number {i}") for i in range(52)]
    first = (await client.get(f"/threads/{thread.pk}")).text
    assert "Answer number 48" in first and "Answer number 49" not in first
    assert f'href="/threads/{thread.pk}?page=2"' in first
    second = (await client.get(f"/threads/{thread.pk}?page=2")).text
    assert "Answer number 49" in second and "It does not" not in second
    jump = await client.get(f"/posts/{made[50].pk}")
    assert jump.status_code == 303 and jump.headers["location"] == f"/threads/{thread.pk}?page=2#post-{made[50].pk}"


# -- likes, accepting, editing from outside --------------------------------------------------------

async def test_liking_works_with_and_without_htmx_but_not_for_ones_own_post(client, people, forum):
    thread = await _thread(people)
    answer = await posts.reply(people["bob"], thread.pk, "Helpful")
    visitor = await post_form(client, f"/posts/{answer.pk}/like", {"liked": "on"})
    assert visitor.status_code == 303 and visitor.headers["location"].startswith("/login")
    await login(client, "una@example.org")
    assert (await post_form(client, f"/posts/{answer.pk}/like", {"liked": "on"})).status_code == 403
    await login(client, "ada@example.org")
    assert (await client.post(f"/posts/{answer.pk}/like", data={"liked": "on"})).status_code == 403  # no CSRF
    plain = await post_form(client, f"/posts/{answer.pk}/like", {"liked": "on", "next": f"/threads/{thread.pk}"})
    assert plain.status_code == 303 and plain.headers["location"] == f"/threads/{thread.pk}"
    htmx = await post_form(client, f"/posts/{answer.pk}/like", {"liked": "off"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and 'aria-pressed="false"' in htmx.text and "<html" not in htmx.text
    assert (await Post.get(id=answer.pk)).like_count == 0
    own = await post_form(client, f"/posts/{thread.pk}/like", {"liked": "on"})
    assert own.status_code == 409
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert f'id="like-{answer.pk}-button"' in page and 'action="/posts/%d/like"' % thread.pk not in page


async def test_only_the_asker_and_staff_accept_an_answer(client, people, forum):
    thread = await _thread(people)
    answer = await posts.reply(people["bob"], thread.pk, "Helpful")
    await login(client, "bob@example.org")
    assert (await post_form(client, f"/threads/{thread.pk}/accept", {"post": answer.pk})).status_code == 403
    await login(client, "ada@example.org")
    assert "Mark as solution" in (await client.get(f"/threads/{thread.pk}")).text
    assert (await post_form(client, f"/threads/{thread.pk}/accept", {"post": answer.pk})).status_code == 303
    assert (await Thread.get(id=thread.pk)).accepted_post_id == answer.pk
    assert (await post_form(client, f"/threads/{thread.pk}/accept", {"post": thread.pk})).status_code == 409
    await login(client, "sam@example.org")
    assert "Unmark as solution" in (await client.get(f"/threads/{thread.pk}")).text
    assert (await post_form(client, f"/threads/{thread.pk}/accept", {})).status_code == 303
    assert (await Thread.get(id=thread.pk)).accepted_post_id is None


async def test_editing_is_for_the_author_and_moderators_and_leaves_a_history(client, people, forum):
    thread = await _thread(people)
    opening = await Post.get(thread_id=thread.pk)
    await login(client, "bob@example.org")
    assert (await client.get(f"/posts/{opening.pk}/edit")).status_code == 403
    assert (await post_form(client, f"/posts/{opening.pk}/edit", {"body": "Bob's"})).status_code == 403
    await login(client, "ada@example.org")
    form = await client.get(f"/posts/{opening.pk}/edit")
    assert form.status_code == 200 and "It does not **connect**." in form.text
    empty = await post_form(client, f"/posts/{opening.pk}/edit", {"body": ""})
    assert empty.status_code == 422 and "Please write something first." in empty.text
    saved = await post_form(client, f"/posts/{opening.pk}/edit", {"body": "It connects now."})
    assert saved.status_code == 303
    await login(client, "mod@example.org")
    assert (await client.get(f"/posts/{opening.pk}/edit")).status_code == 200
    client.cookies.clear()
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert f'href="/posts/{opening.pk}/history">edited' in page
    history = (await client.get(f"/posts/{opening.pk}/history")).text
    assert history.index("It connects now.") < history.index("<strong>connect</strong>")


# -- the front page, profiles, the admins' page -----------------------------------------------------

async def test_the_front_page_and_profiles_show_threads_as_the_reader_may(client, people, forum):
    assert "Latest questions" not in (await client.get("/")).text
    await _thread(people, title="Open question")
    await threads.start_thread(people["ada"], "lounge", "Lounge talk", "Hi")
    front = (await client.get("/")).text
    assert "Latest questions" in front and "Open question" in front and "Lounge talk" not in front
    profile = (await client.get("/u/ada")).text
    assert "Forum threads" in profile and "Open question" in profile and "Lounge talk" not in profile
    await login(client, "bob@example.org")
    assert "Lounge talk" in (await client.get("/u/ada")).text


async def test_admins_open_categories_and_others_may_not(client, people, db):
    await login(client, "mod@example.org")
    assert (await client.get("/staff/forums/categories")).status_code == 403
    assert (await post_form(client, "/staff/forums/categories", {"name": "X", "slug": "xx"})).status_code == 403
    await login(client, "root@example.org")
    page = await client.get("/staff/forums/categories")
    assert page.status_code == 200 and "No categories yet." in page.text
    assert 'href="/staff/forums/categories"' in page.text  # in the staff menu
    assert (await client.post("/staff/forums/categories", data={"name": "X", "slug": "xx"})).status_code == 403
    wrong = await post_form(client, "/staff/forums/categories", {"name": "Setup <help>", "slug": "Bad Slug!",
                                                                 "read": "members", "post": "everyone"})
    assert wrong.status_code == 422
    assert 'value="Setup &lt;help&gt;"' in wrong.text and "small letters, digits and dashes" in wrong.text
    made = await post_form(client, "/staff/forums/categories", {
        "name": "Setup", "slug": "setup", "description": "Getting started", "colour": "#aa3300",
        "read": "everyone", "post": "members"})
    assert made.status_code == 303
    category = await Category.get(slug="setup")
    assert category.colour == "#aa3300" and category.read == "everyone"
    assert "/forums/setup" in (await client.get("/staff/forums/categories")).text
    assert re.search(r'fill="#aa3300"', (await client.get("/forums")).text)
    assert await categories.list_categories(None)


async def test_every_page_answers_each_role_as_it_should(client, people, forum):
    thread = await _thread(people)
    answer = await posts.reply(people["bob"], thread.pk, "Helpful")
    opening = await posts.opening_post_id(thread)
    team = await threads.start_thread(people["mod"], "team", "Team only", "Internal")
    readable = ["/forums", "/forums/help", f"/threads/{thread.pk}", f"/posts/{answer.pk}/history"]
    expected = {  # role: (its login, {path: status})
        "visitor": (None, {**dict.fromkeys(readable, 200), "/forums/help/new": 303, f"/posts/{opening}/edit": 303,
                           "/staff/forums/categories": 303, f"/threads/{team.pk}": 404}),
        "member": ("ada@example.org", {**dict.fromkeys(readable, 200), "/forums/help/new": 200,
                                       f"/posts/{opening}/edit": 200, f"/posts/{answer.pk}/edit": 403,
                                       "/staff/forums/categories": 403, f"/threads/{team.pk}": 404}),
        "unverified": ("una@example.org", {**dict.fromkeys(readable, 200), "/forums/help/new": 403,
                                           f"/posts/{opening}/edit": 403, "/staff/forums/categories": 403}),
        "staff": ("sam@example.org", {**dict.fromkeys(readable, 200), "/forums/team/new": 200,
                                      f"/threads/{team.pk}": 200, "/staff/forums/categories": 403}),
        "moderator": ("mod@example.org", {f"/posts/{answer.pk}/edit": 200, f"/threads/{team.pk}": 200}),
        "admin": ("root@example.org", {**dict.fromkeys(readable, 200), "/staff/forums/categories": 200,
                                       f"/threads/{team.pk}": 200}),
    }
    for role, (email, pages) in expected.items():
        client.cookies.clear()
        if email:
            await login(client, email)
        for path, status in pages.items():
            assert (await client.get(path)).status_code == status, (role, path)
    client.cookies.clear()
    await login(client, "una@example.org")
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert "Confirm your email address to answer here." in page and f'action="/posts/{answer.pk}/like"' not in page


async def test_a_category_pages_its_threads_and_keeps_its_filter(client, people, forum):
    for i in range(31):
        await _thread(people, title=f"Question {i:02d}", body=f"Question number {i}.", tags="app")
    first = (await client.get("/forums/help")).text
    assert "31 threads" in first and "Question 30" in first and "Question 00" not in first
    assert 'href="/forums/help?page=2"' in first
    assert "Question 00" in (await client.get("/forums/help?page=2")).text
    tagged = (await client.get("/forums/help?tag=app")).text
    assert 'href="/forums/help?tag=app&amp;page=2"' in tagged
    assert "There is nothing on this page." in (await client.get("/forums/help?page=9")).text
