"""The board filtered to one member's ideas (`author=<handle>`, a plain value, linked from their
profile), with the board's rules of who sees what, and the plans of the queries behind it."""
import json

from tortoise.connection import get_connections
from tortoise.transactions import in_transaction

from ideas import board, comments, decisions, team
from portal import seed
from tests.conftest import login
from tests.plans import assert_indexed, captured


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


async def test_a_profile_and_the_authors_board_use_indexes(client, people):
    """On a seeded board (the scale seeder's ideas and votes, with comments and a co-authored
    shipped idea added), for a visitor, a member and a moderator (who sees hidden ideas too)."""
    await seed.seed_scale(200, verbose=False)
    ada, bob, pm = people["ada"], people["bob"], people["pm"]
    bobs = await board.submit(bob, "Bob's idea", "")
    for n in range(6):
        await board.submit(ada, f"Ada number {n}", "")
        await comments.add_comment(ada, bobs.pk, "A comment")
    await team.request_coauthor(ada, bobs.pk)
    await team.answer_coauthor(bob, bobs.pk, ada.pk, True)
    await decisions.change_status(pm, bobs.pk, "shipped", "Done")
    paths = [f"/u/{ada.handle}", "/u/bench_100", f"/ideas?author={ada.handle}&sort=newest",
             "/ideas?author=bench_100&sort=top"]
    assert await assert_indexed(client, paths) > 8
    await login(client, "bob@example.org")
    await assert_indexed(client, paths)
    await login(client, "mod@example.org")
    await assert_indexed(client, paths)


async def _reads_contributors_by_member(sql: str, values: list) -> bool:
    """Whether the plan finds idea_contributor rows by their member (not by every shipped idea)."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query("EXPLAIN QUERY PLAN " + sql, values)
        return any(row[3].startswith("SEARCH idea_contributor ") and "(member_id=?" in row[3] for row in rows)
    async with in_transaction() as connection:
        await connection.execute_script("SET LOCAL enable_seqscan = off")
        rows = await connection.execute_query_dict("EXPLAIN (FORMAT JSON) " + sql, values)
    plan = rows[0]["QUERY PLAN"]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, used = [plan[0]["Plan"]], []
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", ()))
        if node.get("Relation Name") == "idea_contributor" and "Index Cond" in node:
            used.append(node["Index Name"])
    # An index that starts with the member (PostgreSQL also scans a whole index by a later column).
    found = await get_connections().get("default").execute_query_dict("SELECT indexdef FROM pg_indexes WHERE indexname = ANY($1)", [used])
    return any("(member_id" in row["indexdef"] for row in found)


async def test_the_shipped_ideas_a_member_co_authored_are_found_by_the_member(client, people):
    """Not by reading every shipped idea's team: the index on (member_id, role)."""
    await seed.seed_scale(50, verbose=False)
    ada, bob, pm = people["ada"], people["bob"], people["pm"]
    bobs = await board.submit(bob, "Bob's idea", "")
    await team.request_coauthor(ada, bobs.pk)
    await team.answer_coauthor(bob, bobs.pk, ada.pk, True)
    await decisions.change_status(pm, bobs.pk, "shipped", "Done")
    with captured() as statements:
        assert "Bob&#39;s idea" in (await client.get(f"/u/{ada.handle}")).text
    reads = [(sql, values) for sql, values in statements if 'FROM "idea_contributor"' in sql]
    assert reads and all([await _reads_contributors_by_member(sql, values) for sql, values in reads])
