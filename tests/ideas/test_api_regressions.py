"""The API's known 500s, each replayed: they are 4xx problems now, and nothing is saved."""
import pytest

from ideas.models import Idea
from portal.accounts import api_tokens
from tests.portal.api.test_service import fields_of

BIG = 2**64


async def _auth(member, scopes=None):
    scopes = scopes or (["read", "write", "staff"] if member.is_staff else ["read", "write"])
    _, raw = await api_tokens.create(member, "test", scopes)
    return {"Authorization": f"Bearer {raw}"}


@pytest.mark.parametrize("payload,field", [
    ({"title": "Ok", "tags": ["x" * 25]}, "tags/0"),          # tag slugs over 24 characters
    ({"title": "Ok", "campaign_id": BIG}, "campaign_id"),     # integers past 2^63
    ({"title": "Ok", "campaign_id": 2**31}, "campaign_id"),   # past the 32-bit column
    ({"title": "Ok", "campaign_id": "1"}, "campaign_id"),     # campaign_id as a string,
    ({"title": "Ok", "campaign_id": [1]}, "campaign_id"),     # a list
    ({"title": "Ok", "campaign_id": {"id": 1}}, "campaign_id"),  # or an object
    ({"title": "Ok", "tags": [None]}, "tags/0"),              # tags: [null]
    ({"title": "Ok", "tags": {"app": True}}, "tags"),         # tags as an object
    ({"title": None}, "title"),                               # was saved as "None"
    ({"title": ["a", "b"]}, "title"),                         # was saved as "['a', 'b']"
    ({"title": 12}, "title"),
    ({"title": "Nul\x00byte"}, "title"),                      # NUL in text
    ({"title": "Bell\x07"}, "title"),                         # other control characters
    ({"title": "Ok", "body": "C1 \x9b control"}, "body"),
])
async def test_bad_idea_bodies_are_422_and_save_nothing(client, people, tags, payload, field):
    response = await client.post("/api/v1/ideas", json=payload, headers=await _auth(people["ada"]))
    assert response.status_code == 422 and field in fields_of(response), response.text
    assert await Idea.all().count() == 0


async def test_line_breaks_stay_allowed_in_long_text(client, people, tags):
    response = await client.post("/api/v1/ideas", json={"title": "Ok", "body": "one\nline\ttwo\r\n"},
                                 headers=await _auth(people["ada"]))
    assert response.status_code == 201


async def test_a_lone_surrogate_in_a_body_is_a_400(client, people, tags):
    response = await client.post("/api/v1/ideas", content=b'{"title": "half \\udc00 a pair"}',
                                 headers={**await _auth(people["ada"]), "Content-Type": "application/json"})
    assert response.status_code == 400 and await Idea.all().count() == 0


@pytest.mark.parametrize("params,field", [({"tag": "x" * 25}, "tag"), ({"limit": str(BIG)}, "limit"),
                                          ({"limit": "0"}, "limit"), ({"limit": "101"}, "limit"),
                                          ({"sort": "random"}, "sort"), ({"status": "lost"}, "status"),
                                          ({"q": "x" * 201}, "q")])
async def test_bad_board_queries_are_422_naming_the_parameter(client, db, params, field):
    response = await client.get("/api/v1/ideas", params=params)
    assert response.status_code == 422 and fields_of(response) == {field}


async def test_a_lone_surrogate_in_a_query_is_read_as_a_replacement_character(client, db):
    assert (await client.get("/api/v1/ideas?q=%ED%A0%80")).status_code == 200


@pytest.mark.parametrize("payload,field", [({"into": BIG, "note": "x"}, "into"), ({"into": "2", "note": "x"}, "into"),
                                           ({"into": 2, "note": None}, "note")])
async def test_bad_merges_are_422(client, people, payload, field):
    from ideas import board

    idea = await board.submit(people["ada"], "A", "")
    response = await client.post(f"/api/v1/ideas/{idea.pk}/merge", json=payload, headers=await _auth(people["pm"]))
    assert response.status_code == 422 and field in fields_of(response)


@pytest.mark.parametrize("payload,field", [({"owner": BIG}, "owner"), ({"owner": "1"}, "owner"),
                                           ({"status": None}, "status"), ({"tags": [None]}, "tags/0"),
                                           ({"title": None}, "title")])
async def test_bad_patches_are_422_and_change_nothing(client, people, payload, field):
    from ideas import board

    idea = await board.submit(people["ada"], "Stays", "")
    response = await client.patch(f"/api/v1/ideas/{idea.pk}", json=payload, headers=await _auth(people["pm"]))
    assert response.status_code == 422 and field in fields_of(response)
    assert (await Idea.get(id=idea.pk)).title == "Stays"
