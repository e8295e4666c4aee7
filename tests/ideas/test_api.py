"""The idea board's JSON API, as a script or an app would use it."""
import pytest

from ideas import board
from portal.accounts import api_tokens
from tests.conftest import csrf_token, login
from tests.portal.api.test_service import fields_of


async def _auth(member, scopes=("read", "write")):
    _, raw = await api_tokens.create(member, "test", list(scopes))
    return {"Authorization": f"Bearer {raw}"}


async def test_create_read_vote_and_unvote(client, people, tags):
    headers = await _auth(people["ada"])
    created = await client.post("/api/v1/ideas", headers=headers,
                                json={"title": "Trip planner", "body": "Plan **trips**", "tags": ["navigation"]})
    assert created.status_code == 201
    idea = created.json()
    assert {"id", "title", "body", "status", "tags", "vote_count", "comment_count", "voted"} <= set(idea)
    assert idea["tags"] == ["navigation"] and idea["status"] == "new" and idea["voted"] is False
    bob = await _auth(people["bob"])
    for _ in range(2):
        voted = await client.put(f"/api/v1/ideas/{idea['id']}/vote", headers=bob)
        assert voted.json() == {"vote_count": 1, "voted": True}
    assert (await client.get(f"/api/v1/ideas/{idea['id']}", headers=bob)).json()["voted"] is True
    for _ in range(2):
        unvoted = await client.delete(f"/api/v1/ideas/{idea['id']}/vote", headers=bob)
        assert unvoted.json() == {"vote_count": 0, "voted": False}


async def test_anyone_reads_the_board_with_filters_and_a_cursor(client, people, tags):
    for i in range(55):
        await board.submit(people["ada"], f"Idea number {i}", "", ["app"] if i % 2 else [])
    first = (await client.get("/api/v1/ideas", params={"sort": "newest"})).json()
    assert len(first["items"]) == 50 and first["next"].startswith("/api/v1/ideas?")
    second = (await client.get(first["next"])).json()
    assert len(second["items"]) == 5 and second["next"] is None
    titles = [i["title"] for i in first["items"] + second["items"]]
    assert titles == [f"Idea number {i}" for i in reversed(range(55))]
    tagged = (await client.get("/api/v1/ideas", params={"tag": "app", "limit": 100})).json()
    assert len(tagged["items"]) == 27 and tagged["next"] is None


@pytest.mark.parametrize("payload,field", [
    ({"title": ""}, "title"), ({"title": "x" * 201}, "title"), ({"title": "Ok", "tags": ["unknown"]}, "tags"),
    ({"title": "Ok", "tags": "app"}, "tags"),
])
async def test_bad_input_is_a_422_naming_the_field(client, people, tags, payload, field):
    response = await client.post("/api/v1/ideas", headers=await _auth(people["ada"]), json=payload)
    assert response.status_code == 422 and field in fields_of(response)


async def test_a_member_cannot_change_status_and_nothing_changes(client, people):
    idea = await board.submit(people["ada"], "Mine", "")
    response = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=await _auth(people["ada"]),
                                  json={"status": "shipped", "note": "I wish"})
    assert response.status_code == 403
    assert (await client.get(f"/api/v1/ideas/{idea.pk}")).json()["status"] == "new"


async def test_staff_triage_through_patch(client, people, tags):
    idea = await board.submit(people["ada"], "Triage me", "")
    pm = await _auth(people["pm"])
    declined = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=pm, json={"status": "declined"})
    assert declined.status_code == 403
    pm = await _auth(people["pm"], ("read", "write", "staff"))
    declined = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=pm, json={"status": "declined"})
    assert declined.status_code == 422 and "note" in fields_of(declined)
    response = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=pm,
                                  json={"status": "planned", "note": "Next quarter", "tags": ["app"],
                                        "owner": people["pm"].pk})
    assert response.status_code == 200
    assert response.json()["status"] == "planned" and response.json()["tags"] == ["app"]
    bad_owner = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=pm, json={"owner": people["bob"].pk})
    assert bad_owner.status_code == 422


async def test_authors_edit_their_new_idea_but_not_others(client, people):
    idea = await board.submit(people["ada"], "Old title", "")
    edited = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=await _auth(people["ada"]),
                                json={"title": "New title"})
    assert edited.status_code == 200 and edited.json()["title"] == "New title"
    other = await client.patch(f"/api/v1/ideas/{idea.pk}", headers=await _auth(people["bob"]),
                               json={"title": "Hijacked"})
    assert other.status_code == 403


async def test_voting_on_a_merged_idea_is_a_409(client, people):
    a = await board.submit(people["ada"], "A", "")
    b = await board.submit(people["ada"], "B", "")
    merged = await client.post(f"/api/v1/ideas/{a.pk}/merge", headers=await _auth(people["pm"], ["write", "staff"]),
                               json={"into": b.pk, "note": "Same"})
    assert merged.status_code == 200 and merged.json()["id"] == b.pk
    response = await client.put(f"/api/v1/ideas/{a.pk}/vote", headers=await _auth(people["bob"]))
    assert response.status_code == 409


async def test_merge_needs_the_staff_scope(client, people):
    a = await board.submit(people["ada"], "A", "")
    b = await board.submit(people["ada"], "B", "")
    response = await client.post(f"/api/v1/ideas/{a.pk}/merge", headers=await _auth(people["pm"]), json={"into": b.pk, "note": "Same"})
    assert response.status_code == 403


async def test_comments_through_the_api(client, people):
    idea = await board.submit(people["ada"], "Talk", "")
    posted = await client.post(f"/api/v1/ideas/{idea.pk}/comments", json={"body": "Thanks!"},
                               headers=await _auth(people["pm"], ["read", "write", "staff"]))
    assert posted.status_code == 201 and posted.json()["official"] is True
    listed = (await client.get(f"/api/v1/ideas/{idea.pk}/comments")).json()["items"]
    assert [c["body"] for c in listed] == ["Thanks!"]


async def test_a_read_only_token_cannot_vote(client, people):
    idea = await board.submit(people["ada"], "Read only", "")
    response = await client.put(f"/api/v1/ideas/{idea.pk}/vote", headers=await _auth(people["bob"], ["read"]))
    assert response.status_code == 403


async def test_a_browser_session_votes_with_the_csrf_header(client, people):
    idea = await board.submit(people["ada"], "Session vote", "")
    await login(client, "bob@example.org")
    assert (await client.put(f"/api/v1/ideas/{idea.pk}/vote")).status_code == 403
    token = await csrf_token(client)
    response = await client.put(f"/api/v1/ideas/{idea.pk}/vote", headers={"X-CSRF-Token": token})
    assert response.json() == {"vote_count": 1, "voted": True}


async def test_the_openapi_description_lists_the_idea_routes(client):
    spec = (await client.get("/api/v1/openapi.json")).json()
    assert {"get", "post"} <= set(spec["paths"]["/ideas"])
    assert {"put", "delete"} <= set(spec["paths"]["/ideas/{idea_id}/vote"])
    assert {"Idea", "Comment", "NewIdea", "Problem"} <= set(spec["components"]["schemas"])
