"""Every staff action through a token needs the staff scope (and a staff role): status, owner,
merge, retagging or editing another member's idea. Every combination of scopes is tried; on a
refusal nothing changes."""
from itertools import combinations

import pytest

from ideas import board, decisions
from portal.accounts import api_tokens

SCOPE_SETS = [list(c) for n in (1, 2, 3) for c in combinations(("read", "write", "staff"), n)]


def _staff_action(name: str, idea, other, pm) -> tuple[str, str, dict]:
    """(method, path, body) of one staff action on `idea` (by another member)."""
    return {
        "status": ("PATCH", f"/api/v1/ideas/{idea.pk}", {"status": "planned", "note": "Soon"}),
        "owner": ("PATCH", f"/api/v1/ideas/{idea.pk}", {"owner": pm.pk}),
        "retag": ("PATCH", f"/api/v1/ideas/{idea.pk}", {"tags": ["battery"]}),
        "edit": ("PATCH", f"/api/v1/ideas/{idea.pk}", {"title": "Tidied by staff"}),
        "merge": ("POST", f"/api/v1/ideas/{idea.pk}/merge", {"into": other.pk, "note": "Same idea"}),
    }[name]


async def _unchanged(idea_id: int) -> bool:
    idea = await board.get_idea(None, idea_id)
    return (idea.status == "new" and idea.owner_id is None and idea.title == "Ada's idea"
            and [t.slug for t in idea.tags] == ["app"])


@pytest.mark.parametrize("scopes", SCOPE_SETS, ids=lambda s: "+".join(s))
@pytest.mark.parametrize("action", ["status", "owner", "retag", "edit", "merge"])
async def test_only_a_staff_token_of_a_staff_member_does_staff_actions(client, people, tags, action, scopes):
    idea = await board.submit(people["ada"], "Ada's idea", "", ["app"])
    other = await board.submit(people["bob"], "Bob's idea", "")
    method, path, body = _staff_action(action, idea, other, people["pm"])
    _, raw = await api_tokens.create(people["pm"], "pm", scopes)
    response = await client.request(method, path, json=body, headers={"Authorization": f"Bearer {raw}"})
    if {"write", "staff"} <= set(scopes):
        assert response.status_code == 200, response.text
        assert not await _unchanged(idea.pk)
    else:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert await _unchanged(idea.pk)


@pytest.mark.parametrize("action", ["status", "owner", "retag", "edit", "merge"])
async def test_a_member_token_never_does_staff_actions(client, people, tags, action):
    idea = await board.submit(people["ada"], "Ada's idea", "", ["app"])
    other = await board.submit(people["bob"], "Bob's idea", "")
    method, path, body = _staff_action(action, idea, other, people["pm"])
    _, raw = await api_tokens.create(people["cy"], "cy", ["read", "write"])
    response = await client.request(method, path, json=body, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403 and await _unchanged(idea.pk)


async def test_the_author_edits_and_retags_their_new_idea_with_write_alone(client, people, tags):
    idea = await board.submit(people["ada"], "Ada's idea", "", ["app"])
    _, raw = await api_tokens.create(people["ada"], "ada", ["write"])
    response = await client.patch(f"/api/v1/ideas/{idea.pk}", json={"title": "Better", "tags": ["battery"]},
                                  headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["tags"] == ["battery"]


async def test_a_staff_author_needs_the_staff_scope_once_the_idea_is_in_triage(client, people, tags):
    idea = await board.submit(people["pm"], "PM's idea", "", ["app"])
    await decisions.change_status(people["pm"], idea.pk, "planned", "Soon")
    _, raw = await api_tokens.create(people["pm"], "pm", ["read", "write"])
    response = await client.patch(f"/api/v1/ideas/{idea.pk}", json={"tags": ["battery"]},
                                  headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403


async def test_a_refused_staff_field_stops_the_whole_change(client, people, tags):
    idea = await board.submit(people["ada"], "Ada's idea", "", ["app"])
    _, raw = await api_tokens.create(people["ada"], "ada", ["write"])
    response = await client.patch(f"/api/v1/ideas/{idea.pk}", json={"title": "Renamed", "status": "planned"},
                                  headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403 and await _unchanged(idea.pk)


async def test_a_staff_comment_through_a_token_without_staff_is_no_official_answer(client, people, tags):
    idea = await board.submit(people["ada"], "Ada's idea", "", ["app"])
    tokens = {scopes: (await api_tokens.create(people["pm"], "pm", list(scopes)))[1]
              for scopes in (("write",), ("write", "staff"))}
    official = {}
    for scopes, raw in tokens.items():
        response = await client.post(f"/api/v1/ideas/{idea.pk}/comments", json={"body": "We look at it"},
                                     headers={"Authorization": f"Bearer {raw}"})
        assert response.status_code == 201, response.text
        official[scopes] = response.json()["official"]
    assert official == {("write",): False, ("write", "staff"): True}


async def test_a_hidden_idea_is_seen_through_a_token_only_with_the_staff_scope(client, people, tags):
    idea = await board.submit(people["ada"], "Ada's idea", "", ["app"])
    await board.hide(people["mod"], idea.pk, "Off topic")
    statuses = {}
    for scopes in (("read",), ("read", "staff")):
        _, raw = await api_tokens.create(people["mod"], "mod", list(scopes))
        response = await client.get(f"/api/v1/ideas/{idea.pk}", headers={"Authorization": f"Bearer {raw}"})
        statuses[scopes] = response.status_code
    assert statuses == {("read",): 404, ("read", "staff"): 200}
