"""A member's profile page (/u/{handle}) shows what they did on the idea board, as each viewer may
see it: their ideas, their comments with the idea each is on, the shipped ideas they co-authored,
with their join date and the team badge of staff."""
import re

import pytest

from ideas import board, comments, decisions, team
from portal.profiles import erasure
from tests.conftest import login, make_member
from tests.plans import captured


def section(html: str, title_id: str) -> str:
    """The HTML of one profile section (empty when the page has none)."""
    found = re.search(rf'<section class="profile-section" aria-labelledby="{title_id}-title">.*?</section>',
                      html, re.S)
    return found.group(0) if found else ""


@pytest.fixture
async def activity(people):
    """Ada proposed an idea and one a moderator hid; she commented on Bob's idea and on Cy's,
    which a moderator hid later; she co-authored Bob's idea that shipped."""
    ada, bob, cy, pm, mod = (people[k] for k in ("ada", "bob", "cy", "pm", "mod"))
    await board.submit(ada, "Ada's open idea", "")
    hidden = await board.submit(ada, "Ada's hidden idea", "")
    await board.hide(mod, hidden.pk, "Off topic")
    bobs = await board.submit(bob, "Bob's route planner", "")
    await comments.add_comment(ada, bobs.pk, "I would use the route planner **daily**.")
    cys = await board.submit(cy, "Cy's secret plan", "")
    await comments.add_comment(ada, cys.pk, "A comment on a hidden idea")
    await board.hide(mod, cys.pk, "Spam")
    await team.request_coauthor(ada, bobs.pk)
    await team.answer_coauthor(bob, bobs.pk, ada.pk, True)
    await decisions.change_status(pm, bobs.pk, "shipped", "Out in 2.4")
    return people


async def _look(client, viewer: str | None, handle: str, **kwargs) -> str:
    if viewer:
        await login(client, f"{viewer}@example.org")
    page = await client.get(f"/u/{handle}", **kwargs)
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize("viewer,shown,left_out", [
    (None, ["Ada's open idea", "I would use the route planner daily.", "Bob's route planner"],
     ["Ada's hidden idea", "Cy's secret plan", "A comment on a hidden idea"]),
    ("bob", ["Ada's open idea", "Bob's route planner"],
     ["Ada's hidden idea", "Cy's secret plan", "A comment on a hidden idea"]),
    # Ada sees her own hidden idea (as on the board), not Cy's idea that is hidden from her.
    ("ada", ["Ada's open idea", "Ada's hidden idea", "Bob's route planner"],
     ["Cy's secret plan", "A comment on a hidden idea"]),
    ("mod", ["Ada's open idea", "Ada's hidden idea", "Bob's route planner", "Cy's secret plan",
             "A comment on a hidden idea"], []),
])
async def test_each_viewer_sees_what_they_may_of_a_members_activity(client, activity, viewer, shown, left_out):
    html = await _look(client, viewer, activity["ada"].handle)
    for text in shown:
        assert text.replace("'", "&#39;") in html or text in html, text
    for text in left_out:
        assert text.replace("'", "&#39;") not in html and text not in html, text


async def test_ideas_comments_and_shipped_ideas_each_in_their_section(client, activity):
    html = await _look(client, None, activity["ada"].handle)
    ideas = section(html, "profile-ideas")
    assert ">Ideas <" in ideas and 'class="profile-count">1<' in ideas
    assert "Ada&#39;s open idea" in ideas and "Bob&#39;s" not in ideas
    said = section(html, "profile-comments")
    # The comment, its Markdown removed, with the idea it is on, linked to the comment.
    assert "I would use the route planner daily." in said
    bobs = await board.visible(None).get(title="Bob's route planner")
    assert re.search(rf'on <a href="/ideas/{bobs.pk}#comment-\d+">Bob&#39;s route planner</a>', said)
    shipped = section(html, "profile-shipped")
    assert "Co-authored and shipped" in shipped and "Bob&#39;s route planner" in shipped


async def test_a_hidden_idea_is_marked_for_its_author(client, activity):
    ideas = section(await _look(client, "ada", activity["ada"].handle), "profile-ideas")
    hidden_line = ideas.split("Ada&#39;s hidden idea")[1].split("</li>")[0]
    assert "Hidden" in hidden_line and 'class="profile-count">2<' in ideas


async def test_only_accepted_co_authors_of_shipped_ideas_are_credited(client, people):
    ada, bob, pm = people["ada"], people["bob"], people["pm"]
    asked = await board.submit(bob, "Asked but not accepted", "")
    await team.request_coauthor(ada, asked.pk)
    await decisions.change_status(pm, asked.pk, "shipped", "Done")
    planned = await board.submit(bob, "Accepted, not shipped yet", "")
    await team.request_coauthor(ada, planned.pk)
    await team.answer_coauthor(bob, planned.pk, ada.pk, True)
    await decisions.change_status(pm, planned.pk, "planned")
    html = await _look(client, None, ada.handle)
    assert section(html, "profile-shipped") == ""
    assert "Asked but not accepted" not in html and "Accepted, not shipped yet" not in html


async def test_a_member_who_did_nothing_yet_shows_no_empty_sections(client, people):
    html = await _look(client, None, people["cy"].handle)
    assert "profile-section" not in html and "No ideas" not in html
    assert "Cy has not shared anything else yet." in html
    html = await _look(client, "cy", people["cy"].handle)
    assert "profile-section" not in html and "Others see only your name so far." in html


async def test_a_member_whose_only_activity_is_hidden_shows_nothing_to_others(client, people):
    idea = await board.submit(people["cy"], "Only idea", "")
    await board.hide(people["mod"], idea.pk, "Spam")
    html = await _look(client, None, people["cy"].handle)
    assert "profile-section" not in html and "Only idea" not in html


async def test_the_join_date_and_the_team_badge(client, people):
    html = await _look(client, None, people["pm"].handle)
    assert "Team · Product" in html and re.search(r"Member since <time datetime=\"\d{4}-\d\d-\d\d\">\w+ \d{4}<", html)
    assert "Team ·" not in await _look(client, None, people["ada"].handle)
    both = await make_member("both@example.org", name="Bea Both", role="moderator")
    both.roles = ["moderator", "service"]
    await both.save()
    assert "Team · Moderation, Customer service" in await _look(client, None, both.handle)


async def test_the_page_in_german(client, activity):
    html = await _look(client, None, activity["pm"].handle, headers={"Accept-Language": "de"})
    assert "Team · Produkt" in html and "Mitglied seit" in html
    html = await _look(client, None, activity["ada"].handle, headers={"Accept-Language": "de"})
    assert ">Ideen <" in html and ">Kommentare <" in html and "Mitverfasst und umgesetzt" in html
    assert "zu <a href" in html


async def test_the_newest_five_with_the_total_and_a_link_to_all_ideas(client, people):
    ada, bob = people["ada"], people["bob"]
    other = await board.submit(bob, "Bob's idea", "")
    for n in range(7):
        await board.submit(ada, f"Ada idea number {n}", "")
        await comments.add_comment(ada, other.pk, f"Ada comment number {n}")
    html = await _look(client, None, ada.handle)
    ideas = section(html, "profile-ideas")
    assert 'class="profile-count">7<' in ideas
    assert "Ada idea number 6" in ideas and "Ada idea number 2" in ideas and "Ada idea number 1" not in ideas
    assert f'href="/ideas?author={ada.handle}&amp;sort=newest">See all 7 ideas' in ideas
    said = section(html, "profile-comments")
    assert "Ada comment number 6" in said and "Ada comment number 1" not in said
    assert "The newest 5 of 7." in said and "See all" not in said
    # The link leads to the board with Ada's ideas alone.
    board_page = (await client.get(f"/ideas?author={ada.handle}&sort=newest")).text
    assert "Ideas by Ada" in board_page and "Ada idea number 0" in board_page and "Bob&#39;s idea" not in board_page


async def test_the_page_makes_as_many_queries_for_many_items_as_for_a_few(client, people):
    ada, bob, pm = people["ada"], people["bob"], people["pm"]

    async def add(n: int) -> int:
        for i in range(n):
            idea = await board.submit(bob, f"Bob's idea {i}", "")
            await board.submit(ada, f"Ada's idea {i}", "")
            await comments.add_comment(ada, idea.pk, "A comment")
            await team.request_coauthor(ada, idea.pk)
            await team.answer_coauthor(bob, idea.pk, ada.pk, True)
            await decisions.change_status(pm, idea.pk, "shipped", "Done")
        with captured() as statements:
            await _look(client, None, ada.handle)
        return len(statements)

    few = await add(5)
    assert await add(10) == few


async def test_an_unknown_or_erased_member_has_no_page(client, activity):
    assert (await client.get("/u/unknown")).status_code == 404
    ada = activity["ada"]
    await erasure.erase_self(ada, password="correct horse battery")
    assert (await client.get(f"/u/{ada.handle}")).status_code == 404
