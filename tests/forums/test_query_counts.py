"""The forums' pages send as many SQL statements for many rows as for few: the category list, a
category's threads (with authors, avatars, tags, pinned and solved ones) and a thread's posts
(with likes, authors with avatars, an accepted answer). Counted with tests/plans.py's capture of
every statement Tortoise sends; nothing here is timed."""
import pytest

from forums import posts, threads
from portal.accounts.models import Member
from tests.conftest import login, make_member
from tests.plans import captured

READERS = ("visitor", "member", "moderator")


async def _statements(client, path: str) -> int:
    """The statements a page sends once whatever it writes once a day (a visit) was written."""
    assert (await client.get(path)).status_code == 200
    with captured() as statements:
        page = await client.get(path)
    assert page.status_code == 200
    return len(statements)


async def _writers(count: int, start: int) -> list[Member]:
    """Members with uploaded pictures (the avatar is a column of theirs: no query per author)."""
    made = []
    for n in range(start, start + count):
        member = await make_member(f"writer{n}@example.org", name=f"Writer {n}")
        await Member.filter(id=member.pk).update(avatar=f"pic{n}.webp")
        made.append(member)
    return made


async def _as(client, reader: str) -> None:
    if reader == "member":
        await login(client, "bob@example.org")
    elif reader == "moderator":
        await login(client, "mod@example.org")


@pytest.mark.parametrize("reader", READERS)
async def test_a_category_page_sends_as_many_statements_for_30_threads_as_for_3(client, people, forum, reader):
    await _as(client, reader)
    counter = 0

    async def add(count: int) -> None:
        nonlocal counter
        for writer in await _writers(count, counter):
            counter += 1
            thread = await threads.start_thread(writer, "help", f"Question number {counter}",
                                                f"Body of question {counter}", [f"tag{counter}", "battery"])
            answer = await posts.reply(people["ada"], thread.pk, f"Answer to question {counter}")
            await posts.set_like(people["bob"], answer.pk, True)
            if counter % 2:
                await posts.accept_answer(writer, thread.pk, answer.pk)

    await add(3)
    few = await _statements(client, "/forums/help")
    await add(27)
    many = await _statements(client, "/forums/help")
    assert (await client.get("/forums/help")).text.count('class="forum-thread"') == 30
    assert many == few


@pytest.mark.parametrize("reader", READERS)
async def test_a_thread_page_sends_as_many_statements_for_50_posts_as_for_5(client, people, forum, reader):
    await _as(client, reader)
    asker = (await _writers(1, 0))[0]
    thread = await threads.start_thread(asker, "help", "Which battery fits?", "The opening question", ["battery"])
    counter = 0

    async def add(count: int) -> None:
        nonlocal counter
        for writer in await _writers(count, 1 + counter):
            counter += 1
            answer = await posts.reply(writer, thread.pk, f"Answer number {counter}")
            for liker in ("bob", "ada", "mod"):
                await posts.set_like(people[liker], answer.pk, True)
            if counter == 2:
                await posts.accept_answer(asker, thread.pk, answer.pk)
            if counter % 3 == 0:
                await posts.reply(people["sam"], thread.pk, f"Official note number {counter}")

    await add(4)
    few = await _statements(client, f"/threads/{thread.pk}")
    await add(36)
    many = await _statements(client, f"/threads/{thread.pk}")
    page = (await client.get(f"/threads/{thread.pk}")).text
    assert page.count('class="forum-post') >= 50 and "Accepted answer" in page
    assert many == few


@pytest.mark.parametrize("reader", READERS)
async def test_the_category_list_sends_as_many_statements_for_many_categories_as_for_few(client, people, forum,
                                                                                          reader):
    from forums import categories

    await _as(client, reader)
    few = await _statements(client, "/forums")
    for n in range(12):
        category = await categories.create_category(people["root"], name=f"Place {n}", slug=f"place-{n}")
        await threads.start_thread(people["ada"], category.pk, f"Opening {n}", f"First words {n}")
    many = await _statements(client, "/forums")
    assert "Place 11" in (await client.get("/forums")).text
    assert many == few
