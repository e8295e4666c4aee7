"""Keyset cursors: paging through the board while ideas are added and votes move neither repeats
nor skips the ideas that stayed where they were; cursors are opaque and cannot be forged."""
import base64
import json

import pytest

from ideas import board, votes
from tests.conftest import make_member
from tests.portal.api.test_service import fields_of


async def _page(client, url: str) -> tuple[list[int], str | None]:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    return [i["id"] for i in body["items"]], body["next"]


@pytest.mark.parametrize("sort", ["top", "trending", "newest"])
async def test_paging_while_the_board_changes_underneath(client, people, sort):
    voters = [people[name] for name in ("bob", "cy", "pm", "mod")]
    ideas = [await board.submit(people["ada"], f"Idea {i}", "") for i in range(12)]
    for idea, count in zip(ideas, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 2, 1]):
        for voter in voters[:count]:
            await votes.set_vote(voter, idea.pk, True)
    seen, next_url = await _page(client, f"/api/v1/ideas?sort={sort}&limit=4")
    moved: set[int] = set()
    while next_url:
        # Meanwhile: new ideas arrive (with votes), and an idea already shown gains votes.
        fresh = await board.submit(people["cy"], "Late idea", "")
        for voter in voters:
            await votes.set_vote(voter, fresh.pk, True)
        climber = seen[-1]
        extra = await make_member(f"voter{len(moved)}@example.org")
        await votes.set_vote(extra, climber, True)
        moved |= {climber}
        ids, next_url = await _page(client, next_url)
        seen += ids
    originals = {i.pk for i in ideas}
    stayed = originals - moved
    assert sorted(i for i in seen if i in stayed) == sorted(stayed)  # none skipped, none repeated
    assert len([i for i in seen if i in originals]) == len(set(i for i in seen if i in originals))


async def test_a_cursor_keeps_the_filters_and_the_limit_in_the_next_link(client, people, tags):
    for i in range(5):
        await board.submit(people["ada"], f"Tagged {i}", "", ["app"])
        await board.submit(people["ada"], f"Plain {i}", "")
    ids, next_url = await _page(client, "/api/v1/ideas?tag=app&limit=2&sort=newest")
    while next_url:
        assert "tag=app" in next_url and "limit=2" in next_url
        more, next_url = await _page(client, next_url)
        ids += more
    assert len(ids) == 5


async def _a_cursor(client, people) -> str:
    for i in range(3):
        await board.submit(people["ada"], f"Idea {i}", "")
    _, next_url = await _page(client, "/api/v1/ideas?sort=newest&limit=1")
    return next_url.split("cursor=")[1]


async def test_a_tampered_cursor_is_refused(client, people):
    cursor = await _a_cursor(client, people)
    data, signature = cursor.split(".")
    forged = base64.urlsafe_b64encode(json.dumps(["newest", None, 10**30]).encode()).decode().rstrip("=")
    for bad in (f"{forged}.{signature}", cursor[:-2] + "AA", "garbage", "", "%00", "a.b.c"):
        response = await client.get("/api/v1/ideas", params={"sort": "newest", "cursor": bad})
        if bad == "":
            assert response.status_code == 200  # no cursor: the first page
            continue
        assert response.status_code == 422 and fields_of(response) == {"cursor"}, bad


async def test_a_cursor_of_another_sort_is_refused(client, people):
    cursor = await _a_cursor(client, people)
    response = await client.get("/api/v1/ideas", params={"sort": "top", "cursor": cursor})
    assert response.status_code == 422 and fields_of(response) == {"cursor"}
