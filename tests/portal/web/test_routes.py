"""The web baseline from outside: headers, CSRF, errors, language, health, search, size limits."""
import pytest

from tests.conftest import csrf_token, login, make_member, post_form


async def test_every_response_carries_the_security_headers(client):
    for path in ["/", "/login", "/no-such-page", "/healthz", "/api/v1/openapi.json"]:
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"]
        assert response.headers["x-request-id"]


async def test_pages_have_no_inline_scripts(client):
    html = (await client.get("/")).text
    assert "<script>" not in html and " onclick=" not in html
    assert 'src="/static/vendor/htmx.min.js"' in html


async def test_healthz_answers_when_the_database_does(client):
    response = await client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_a_post_without_csrf_token_is_refused_and_changes_nothing(client):
    await make_member()
    response = await client.post("/login", data={"email": "ada@example.org", "password": "correct horse battery"})
    assert response.status_code == 403
    assert "expired" in response.text
    assert "set-cookie" not in response.headers or "vox_session" not in response.headers["set-cookie"]


async def test_a_post_with_a_wrong_csrf_token_is_refused(client):
    await csrf_token(client)
    response = await client.post("/login", data={"csrf_token": "forged", "email": "a@example.org", "password": "x"})
    assert response.status_code == 403


async def test_htmx_requests_may_send_the_token_as_a_header(client):
    await make_member()
    await login(client)
    token = await csrf_token(client)
    response = await client.post("/me/notifications/read-all", headers={"X-CSRF-Token": token})
    assert response.status_code == 303


async def test_get_never_changes_state(client):
    for path in ["/logout", "/me/notifications/read-all", "/language"]:
        response = await client.get(path)
        assert response.status_code == 405


async def test_not_found_is_a_friendly_page_in_the_sites_look(client):
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert "<nav" in response.text and "Page not found" in response.text


async def test_pages_speak_german_when_the_browser_asks(client):
    response = await client.get("/nowhere", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="de"' in response.text
    assert "Page not found" not in response.text


async def test_the_language_switch_is_remembered(client):
    response = await post_form(client, "/language", {"lang": "de", "next": "/login"})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert '<html lang="de"' in (await client.get("/login")).text


async def test_a_members_language_setting_wins_over_the_browser(client):
    await make_member(language="de")
    await login(client)
    response = await client.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="de"' in response.text


async def test_oversized_bodies_are_refused_with_a_page_in_the_sites_look(client):
    token = await csrf_token(client)
    response = await client.post("/signup", data={"csrf_token": token, "bio": "x" * 2_000_000})
    assert response.status_code == 413 and "That is too large" in response.text
    assert "<html" in response.text and response.headers["content-security-policy"]


async def test_a_streamed_body_is_cut_off_at_the_limit(client):
    async def chunks():
        for _ in range(30):
            yield b"x" * 100_000

    response = await client.post("/signup", content=chunks(),
                                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413 and "That is too large" in response.text


async def test_search_finds_public_profiles_only(client):
    from portal.profiles import service as profiles
    from tests.conftest import drain

    owner = await make_member("owner@example.org", name="Olga Owner")
    await profiles.update_profile(owner, {"bio": "Ich fahre Lastenräder", "company": "Geheim GmbH",
                                          "visibility": {"company": "private"}})
    await drain()
    found = await client.get("/search", params={"q": "Lastenrad"})
    assert found.status_code == 200 and "Olga Owner" in found.text and "/u/olga_owner" in found.text
    hidden = await client.get("/search", params={"q": "Geheim"})
    assert "Olga Owner" not in hidden.text


async def test_search_answers_htmx_with_the_results_partial_only(client):
    response = await client.get("/search", params={"q": "x"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.text
    assert "HX-Request" in response.headers["vary"]


async def test_home_shows_the_community_pulse(client):
    await make_member("a@example.org", name="Anna Alpha")
    html = (await client.get("/")).text
    assert "Anna Alpha" in html and "/u/anna_alpha" in html


async def test_an_unexpected_error_is_a_friendly_500_in_both_languages(db, app, monkeypatch):
    import httpx

    from portal.profiles import service as profiles

    async def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(profiles, "community_pulse", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        english = await c.get("/")
        german = await c.get("/", headers={"Accept-Language": "de"})
    assert english.status_code == german.status_code == 500
    assert "Something broke on our side" in english.text and "database on fire" not in english.text
    assert '<html lang="de"' in german.text and "Something broke on our side" not in german.text


async def test_staff_only_permission_is_checked_in_the_service(db):

    from portal.accounts.permissions import can, require
    from portal.errors import Forbidden, Unauthenticated

    member = await make_member()
    staff = await make_member("mod@example.org", role="moderator")
    assert can(staff, "staff.access") and not can(member, "staff.access")
    with pytest.raises(Forbidden):
        require(member, "staff.access")
    with pytest.raises(Unauthenticated):
        require(None, "staff.access")
