"""How the API speaks HTTP: problem details, 401/405/415/400, huge ids, ETags, CORS, rate limits."""
import pytest

from ideas import board, votes
from portal import i18n
from portal.accounts import api_tokens
from portal.app import create_app
from tests.conftest import make_member
from tests.portal.api.test_service import PROBLEM


async def _bearer(member, scopes=("read", "write")) -> dict:
    _, raw = await api_tokens.create(member, "test", list(scopes))
    return {"Authorization": f"Bearer {raw}"}


def _is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body


async def test_an_unsafe_call_without_credentials_is_401_never_the_csrf_403(client, db):
    for method, path in (("POST", "/api/v1/ideas"), ("PATCH", "/api/v1/me"), ("PUT", "/api/v1/ideas/1/vote")):
        response = await client.request(method, path, json={"title": "x"})
        _is_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"


async def test_405_names_every_allowed_method(client, db):
    headers = await _bearer(await make_member())
    response = await client.post("/api/v1/me", json={}, headers=headers)
    _is_problem(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "PATCH"}
    response = await client.delete("/api/v1/ideas", headers=headers)
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}


async def test_unknown_api_paths_are_problems_and_pages_stay_pages(client, db):
    _is_problem(await client.get("/api/v1/nothing-here"), 404)
    _is_problem(await client.get("/api/v2/ideas"), 404)
    page = await client.get("/nothing-here")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


async def test_a_body_that_is_not_json_is_415(client, db):
    headers = await _bearer(await make_member())
    response = await client.post("/api/v1/ideas", content=b"title=x", headers={
        **headers, "Content-Type": "application/x-www-form-urlencoded"})
    _is_problem(response, 415)
    response = await client.post("/api/v1/ideas", content=b'{"title": "x"}', headers=headers)
    _is_problem(response, 415)


@pytest.mark.parametrize("raw", [b"", b"{", b'{"title": "\\ud800"}', b"[" * 100_000, b'{"a":' * 100_000])
async def test_unparseable_bodies_are_400_not_500(client, db, raw):
    """Empty, broken, a lone surrogate, and JSON nested 100,000 deep (was a RecursionError)."""
    headers = await _bearer(await make_member())
    for method, path in (("POST", "/api/v1/ideas"), ("PATCH", "/api/v1/me")):
        response = await client.request(method, path, content=raw,
                                        headers={**headers, "Content-Type": "application/json"})
        _is_problem(response, 400)


async def test_field_errors_point_into_the_body_in_the_readers_language(client, db):
    headers = await _bearer(await make_member(language="de"))
    response = await client.post("/api/v1/ideas", json={"title": None, "tags": "app", "extra": 1}, headers=headers)
    body = _is_problem(response, 422)
    assert {e["pointer"] for e in body["errors"]} == {"#/title", "#/tags", "#/extra"}
    assert body["title"] == i18n.translations("de").gettext("Please check your input") != "Please check your input"
    assert {e["detail"] for e in body["errors"]} == {"Bitte sende Text.", "Bitte sende eine Liste.",
                                                    "Dieses Feld ist hier nicht bekannt."}


@pytest.mark.parametrize("path", ["/ideas/99999999999999999999999", "/ideas/9223372036854775808",
                                  "/ideas/2147483648", "/api/v1/ideas/99999999999999999999999",
                                  "/api/v1/ideas/2147483648/comments", "/campaigns/18446744073709551616"])
async def test_ids_past_the_columns_are_404_on_pages_and_api(client, db, path):
    assert (await client.get(path)).status_code == 404


async def test_the_largest_id_is_an_ordinary_404(client, db):
    response = await client.get("/api/v1/ideas/2147483647")
    _is_problem(response, 404)


async def test_etags_answer_304_until_the_idea_changes(client, db):
    ada = await make_member()
    idea = await board.submit(ada, "Cache me", "")
    first = await client.get(f"/api/v1/ideas/{idea.pk}")
    etag = first.headers["etag"]
    again = await client.get(f"/api/v1/ideas/{idea.pk}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    await votes.set_vote(await make_member("bob@example.org"), idea.pk, True)
    changed = await client.get(f"/api/v1/ideas/{idea.pk}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag and changed.json()["vote_count"] == 1


async def test_cors_is_off_by_default(client, db):
    response = await client.get("/api/v1/ideas", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = await client.options("/api/v1/ideas", headers={
        "Origin": "https://app.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


async def test_cors_answers_only_the_listed_origins_and_only_under_the_api(settings, db):
    import httpx

    app = create_app(settings.with_(cors_origins=("https://app.example",)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        listed = await c.get("/api/v1/ideas", headers={"Origin": "https://app.example"})
        assert listed.headers["access-control-allow-origin"] == "https://app.example"
        assert "etag" in listed.headers["access-control-expose-headers"].lower()
        preflight = await c.options("/api/v1/ideas", headers={
            "Origin": "https://app.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
        assert "access-control-allow-credentials" not in preflight.headers
        other = await c.get("/api/v1/ideas", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        page = await c.get("/", headers={"Origin": "https://app.example"})
        assert "access-control-allow-origin" not in page.headers


async def test_each_token_has_its_own_budget(settings, db):
    import httpx

    app = create_app(settings.with_(api_calls_per_minute=3))
    first = await _bearer(await make_member())
    second = await _bearer(await make_member("bob@example.org"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        remaining = []
        for _ in range(3):
            response = await c.get("/api/v1/me", headers=first)
            assert response.status_code == 200 and response.headers["ratelimit-limit"] == "3"
            remaining.append(response.headers["ratelimit-remaining"])
        assert remaining == ["2", "1", "0"]
        throttled = await c.get("/api/v1/me", headers=first)
        _is_problem(throttled, 429)
        assert int(throttled.headers["retry-after"]) >= 1 and throttled.headers["ratelimit-remaining"] == "0"
        assert (await c.get("/api/v1/me", headers=second)).status_code == 200
        # Another scope of the same token is the same budget: it is counted per token.
        assert (await c.patch("/api/v1/me", json={"bio": "x"}, headers=first)).status_code == 429
