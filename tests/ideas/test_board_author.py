"""The board filtered to one member's ideas (`author=<handle>`, a plain value, linked from their
profile), with the board's rules of who sees what, and the plans of the queries behind it."""
from ideas import board


async def test_the_board_service_keeps_one_authors_ideas_as_the_reader_may_see_them(people):
    ada, bob, mod = people["ada"], people["bob"], people["mod"]
    await board.submit(ada, "Ada one", "")
    hidden = await board.submit(ada, "Ada hidden", "")
    await board.hide(mod, hidden.pk, "Off topic")
    await board.submit(bob, "Bob one", "")

    async def titles(reader, author):
        page = await board.list_ideas(reader, sort="newest", author=author)
        return [idea.title for idea in page.items]

    assert await titles(None, ada.handle) == ["Ada one"]
    assert await titles(bob, ada.handle.upper()) == ["Ada one"]
    assert await titles(ada, ada.handle) == ["Ada hidden", "Ada one"]
    assert await titles(mod, ada.handle) == ["Ada hidden", "Ada one"]
    assert await titles(None, "nobody_here") == []
    assert await titles(None, "") == ["Bob one", "Ada one"]


async def test_the_board_page_says_whose_ideas_it_shows_and_keeps_the_filter(client, people):
    ada, bob = people["ada"], people["bob"]
    for n in range(22):
        await board.submit(ada, f"Ada number {n}", "")
    await board.submit(bob, "Bob's idea", "")
    page = (await client.get(f"/ideas?author=@{ada.handle}&sort=newest")).text
    assert "Ideas by Ada" in page and 'href="/ideas">Show everyone' in page
    assert "Ada number 21" in page and "Bob&#39;s idea" not in page
    assert f'<input type="hidden" name="author" value="{ada.handle}">' in page  # sorting keeps it
    assert f"author={ada.handle}" in page.split('class="pagination"')[1]  # so do the page links
    second = (await client.get(f"/ideas?author={ada.handle}&sort=newest&page=2")).text
    assert "Ada number 0" in second and "Ada number 21" not in second
    nobody = (await client.get("/ideas?author=nobody_here")).text
    assert "Ideas by @nobody_here" in nobody and "No ideas match." in nobody
