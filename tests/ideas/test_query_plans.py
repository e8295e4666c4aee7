"""Every query of the board, an idea's page and the board's API uses an index on a seeded
database (the scale seeder's members, ideas and votes, with comments, a status history, a merged
duplicate and a campaign added through the services): see tests/plans.py for what fails."""
import re
from datetime import timedelta

import pytest

from ideas import board, campaigns, comments, decisions
from ideas.models import Idea, Tag
from portal import seed
from portal.clock import now
from tests.conftest import login, make_member
from tests.plans import assert_indexed, captured, problems_of, sorts_rows

MEMBERS = 200  # 1,000 ideas and 20,000 votes: enough rows for the planner to prefer indexes


@pytest.fixture
async def site(db):
    """A seeded board: the most voted idea with comments, two status changes and a duplicate
    merged into it, and a campaign with a few ideas."""
    await seed.seed_scale(MEMBERS, verbose=False)
    pm = await make_member("pm@example.org", name="Pat PM", role="product")
    ada = await make_member("ada@example.org", name="Ada")
    top = await Idea.all().order_by("-vote_count").first()
    assert top is not None
    for n in range(3):
        await comments.add_comment(ada, top.pk, f"Comment number {n}")
    await decisions.change_status(pm, top.pk, "under_review")
    await decisions.change_status(pm, top.pk, "planned", "On the plan for spring.")
    duplicate = await board.submit(ada, "The same thing again", "")
    await decisions.merge(pm, duplicate.pk, top.pk, "Duplicate of the planned one.")
    campaign = await campaigns.create_campaign(pm, "Winter riding", "What would help?", now() + timedelta(days=7))
    for n in range(3):
        await board.submit(ada, f"Winter idea {n}", "", campaign_id=campaign.pk)
    tag = await Tag.all().order_by("slug").first()
    assert tag is not None
    return {"idea": top.pk, "duplicate": duplicate.pk, "campaign": campaign.pk, "tag": tag.slug}


def board_paths(site: dict) -> list[str]:
    paths = []
    for sort in board.SORTS:
        paths += [f"/ideas?sort={sort}", f"/ideas?sort={sort}&page=3", f"/ideas?sort={sort}&status=planned",
                  f"/ideas?sort={sort}&tag={site['tag']}", f"/ideas?sort={sort}&campaign={site['campaign']}"]
    return [*paths, f"/campaigns/{site['campaign']}"]


def idea_paths(site: dict) -> list[str]:
    idea = site["idea"]
    return [f"/ideas/{idea}", f"/ideas/{site['duplicate']}?read=1"]


def api_paths(site: dict) -> list[str]:
    idea = site["idea"]
    paths = [f"/api/v1/ideas?sort={sort}&limit=20" for sort in board.SORTS]
    return [*paths, f"/api/v1/ideas?status=planned&sort=top", f"/api/v1/ideas/{idea}",
            f"/api/v1/ideas/{idea}/comments"]


async def test_the_board_and_an_idea_use_indexes_for_a_visitor(client, site):
    checked = await assert_indexed(client, [*board_paths(site), *idea_paths(site)])
    assert checked > 20  # the capture saw the pages' statements


async def test_the_board_and_an_idea_use_indexes_for_a_member(client, site):
    await login(client, "ada@example.org")
    await assert_indexed(client, [*board_paths(site), *idea_paths(site)])


async def test_the_roadmap_reads_each_column_in_order_without_sorting(client, site):
    """A column is the latest changes of one status: read along (status, updated_at), not every
    shipped idea sorted on each view (9 ms a column at 50,000 ideas on SQLite, 0.03 ms now)."""
    with captured() as statements:
        assert (await client.get("/roadmap")).status_code == 200
    columns = [(sql, values) for sql, values in statements if re.search(r'ORDER BY .*"updated_at" DESC', sql)]
    assert len(columns) == 3
    for sql, values in columns:
        assert not await sorts_rows(sql, values), sql


async def test_the_api_uses_indexes_on_every_page_of_the_board(client, site):
    await assert_indexed(client, api_paths(site))
    # The second page of each sort, through the cursor the first page links to.
    for sort in board.SORTS:
        first = (await client.get(f"/api/v1/ideas?sort={sort}&limit=20")).json()
        assert first["next"]
        await assert_indexed(client, [first["next"]])


async def test_the_check_names_a_full_scan_of_a_growing_table(site):
    """The check itself: a lookup by a column no index serves is reported; one an index serves
    is not."""
    with captured() as statements:
        await Idea.filter(body="no index serves this").first()
    [(sql, values)] = statements
    assert await problems_of(sql, values)
    with captured() as statements:
        await Idea.filter(merged_into_id=site["idea"]).order_by("id")
    [(sql, values)] = statements
    assert await problems_of(sql, values) == []


async def test_the_board_counts_nothing_per_request(client, site):
    """The pager's total comes from the maintained counts: no COUNT over the ideas."""
    with captured() as statements:
        response = await client.get("/ideas")
    assert response.status_code == 200
    assert not [sql for sql, _ in statements if "COUNT(" in sql.upper()]
