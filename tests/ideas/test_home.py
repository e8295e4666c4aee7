"""The front page shows what is going on: trending ideas with their vote buttons, what shipped,
the campaign closing next, and for a member what changed on the ideas they follow. A section with
nothing to show is not there at all."""
import re
from datetime import timedelta

from ideas import board, campaigns, comments, decisions, votes
from portal.clock import now
from tests.conftest import login, make_member


def section(page: str, heading_id: str) -> str:
    """The HTML of one front-page section (from its opening tag to the next section's)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    return match.group(0) if match else ""


async def test_a_new_site_shows_no_empty_sections_and_asks_visitors_to_join(client, people):
    home = (await client.get("/")).text
    assert 'href="/signup"' in home and "Join the community" in home
    for heading in ("home-trending", "home-shipped", "home-campaign", "home-changes"):
        assert section(home, heading) == ""


async def test_visitors_see_trending_ideas_with_a_button_that_asks_them_to_log_in(client, people):
    hot = await board.submit(people["ada"], "Charge limit at 80 percent", "**Keeps** the _battery_ healthy longer.")
    await votes.set_vote(people["bob"], hot.pk, True)
    hidden = await board.submit(people["bob"], "Spam spam spam", "Buy now")
    await board.hide(people["mod"], hidden.pk, "spam")
    trending = section((await client.get("/")).text, "home-trending")
    assert "Charge limit at 80 percent" in trending and "Spam spam spam" not in trending
    assert "Keeps the battery healthy longer." in trending  # the excerpt, without Markdown
    assert 'action="/ideas/%d/vote"' % hot.pk in trending and "Log in to vote (1 vote)" in trending


async def test_shipped_ideas_and_the_next_campaign_with_its_countdown(client, people):
    idea = await board.submit(people["ada"], "Export rides as GPX", "Please.")
    await decisions.change_status(people["pm"], idea.pk, "shipped", "In version 4.2.")
    await campaigns.create_campaign(people["pm"], "Later campaign", "", now() + timedelta(days=30))
    await campaigns.create_campaign(people["pm"], "Winter riding", "", (now() + timedelta(days=3)).date().isoformat())
    home = (await client.get("/")).text
    shipped = section(home, "home-shipped")
    assert "Export rides as GPX" in shipped and "shipped just now · 0 votes" in shipped
    assert "Export rides as GPX" not in section(home, "home-trending")  # voting has closed on it
    campaign = section(home, "home-campaign")
    assert "Winter riding" in campaign and "Later campaign" not in campaign
    assert re.search(r"Closes in (3|4) days", campaign) and "1 more campaign is open" in campaign
    assert 'href="/ideas/new?campaign=' in campaign


async def test_a_member_sees_what_changed_on_ideas_they_follow_but_not_their_own_doings(client, people):
    idea = await board.submit(people["ada"], "Bigger map buttons", "For gloves.")
    await votes.set_vote(people["bob"], idea.pk, True)  # voting follows the idea
    await comments.add_comment(people["cy"], idea.pk, "Yes, with winter gloves too.")
    await comments.add_comment(people["bob"], idea.pk, "My own comment.")
    await decisions.change_status(people["pm"], idea.pk, "planned")
    await login(client, "bob@example.org")
    changes = section((await client.get("/")).text, "home-changes")
    assert "Cy commented on" in changes and "My own comment" not in changes and "Bob" not in changes
    assert re.search(r"Bigger map buttons</a> is now <span class=\"status-badge status-planned\">", changes)
    await login(client, "cy@example.org")
    assert "Cy commented on" not in section((await client.get("/")).text, "home-changes")


async def test_a_member_without_followed_ideas_has_no_news_section(client, people):
    await board.submit(people["ada"], "Something", "Text.")
    await make_member("new@example.org", name="Newbie")
    await login(client, "new@example.org")
    home = (await client.get("/")).text
    assert "Hello, Newbie" in home and section(home, "home-changes") == ""
    assert 'href="/signup"' not in home
