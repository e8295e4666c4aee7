"""The JSON API: bearer tokens and scopes, session + CSRF header, PATCH ignores what it must."""
import pytest

from portal.accounts import api_tokens
from portal.accounts.models import Member
from tests.conftest import csrf_token, login, make_member

PROBLEM = "application/problem+json"


def fields_of(response) -> set[str]:
    """The fields a problem+json answer names (body pointers without "#/", query parameters)."""
    assert response.headers["content-type"].startswith(PROBLEM), response.text
    return {e.get("pointer", "").removeprefix("#/") or e.get("parameter") for e in response.json()["errors"]}


async def _token(scopes, email="ada@example.org", role="member"):
    member = await make_member(email, role=role)
    _, raw = await api_tokens.create(member, "test", scopes)
    return {"Authorization": f"Bearer {raw}"}


async def test_get_me_with_a_read_token(client):
    headers = await _token(["read"])
    response = await client.get("/api/v1/me", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "ada@example.org" and body["display_name"] and "id" in body and "bio" in body


async def test_no_or_bad_credentials_are_401_problems_that_ask_for_a_bearer_token(client):
    anonymous = await client.get("/api/v1/me")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.headers["content-type"].startswith(PROBLEM)
    assert {"type", "title", "status", "detail"} <= set(anonymous.json()) and anonymous.json()["status"] == 401
    response = await client.get("/api/v1/me", headers={"Authorization": "Bearer vox_nonsense"})
    assert response.status_code == 401 and response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert "token" in response.json()["detail"]


async def test_patch_needs_the_write_scope(client):
    headers = await _token(["read"])
    response = await client.patch("/api/v1/me", json={"bio": "x"}, headers=headers)
    assert response.status_code == 403


async def test_patch_changes_editable_fields_and_ignores_the_rest(client):
    headers = await _token(["read", "write"])
    response = await client.patch("/api/v1/me", headers=headers, json={
        "bio": "From the API", "roles": ["admin"], "status": "erased", "email": "x@evil.example",
        "points": 5, "visibility": {"bio": "members"}})
    assert response.status_code == 200
    body = response.json()
    assert body["bio"] == "From the API" and body["roles"] == ["member"] and body["visibility"]["bio"] == "members"
    member = await Member.get(email="ada@example.org")
    assert member.status == "active"


@pytest.mark.parametrize("payload,field", [({"handle": "x"}, "handle"), ({"country": "ZZ"}, "country"),
                                           ({"bio": "x" * 600}, "bio")])
async def test_patch_with_bad_input_is_422_with_the_field(client, payload, field):
    headers = await _token(["write"])
    response = await client.patch("/api/v1/me", json=payload, headers=headers)
    assert response.status_code == 422 and field in fields_of(response)


@pytest.mark.parametrize("payload,field", [({"bio": None}, "bio"), ({"bio": ["a"]}, "bio"), ({"bio": 5}, "bio"),
                                           ({"interests": [None]}, "interests/0"), ({"digest": "hourly"}, "digest"),
                                           ({"consents": {"contact": "yes"}}, "consents/contact")])
async def test_patch_takes_no_null_lists_or_numbers_for_text(client, payload, field):
    headers = await _token(["read", "write"])
    response = await client.patch("/api/v1/me", json=payload, headers=headers)
    assert response.status_code == 422 and fields_of(response) == {field}
    assert (await client.get("/api/v1/me", headers=headers)).json()["bio"] == ""


async def test_patch_with_a_broken_body_is_400_and_a_list_is_422(client):
    headers = await _token(["write"])
    response = await client.patch("/api/v1/me", content=b"{not json", headers={**headers,
                                                                            "Content-Type": "application/json"})
    assert response.status_code == 400 and response.headers["content-type"].startswith(PROBLEM)
    response = await client.patch("/api/v1/me", json=[1, 2], headers=headers)
    assert response.status_code == 422


async def test_a_browser_session_needs_the_csrf_header_for_unsafe_calls(client):
    await make_member()
    await login(client)
    assert (await client.get("/api/v1/me")).status_code == 200
    refused = await client.patch("/api/v1/me", json={"bio": "x"})
    assert refused.status_code == 403
    token = await csrf_token(client)
    allowed = await client.patch("/api/v1/me", json={"bio": "x"}, headers={"X-CSRF-Token": token})
    assert allowed.status_code == 200 and allowed.json()["bio"] == "x"


async def test_a_revoked_token_is_dead(client):
    member = await make_member()
    token, raw = await api_tokens.create(member, "t", ["read"])
    await api_tokens.revoke(member, token.pk)
    assert (await client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})).status_code == 401


async def test_openapi_describes_the_api(client):
    spec = (await client.get("/api/v1/openapi.json")).json()
    assert spec["openapi"] == "3.1.0"
    assert {"get", "patch"} <= set(spec["paths"]["/me"])
    assert "bearer" in spec["components"]["securitySchemes"]
