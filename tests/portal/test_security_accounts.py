"""Issue 9, accounts side: throttles that do not block one another, lockout that cannot be used as
a weapon, sessions and CSRF secrets renewed at login, and one-time links that never sit in a table."""
import pytest

from portal.accounts import api_tokens, service, sessions
from portal.accounts.models import Member
from portal.errors import Invalid, Throttled
from tests.conftest import csrf_token, drain, link_in, login, mailbox, make_member

PASSWORD = "correct horse battery"
IP = "10.7.7.7"


# -- 1. each limit counts on its own --------------------------------------------------------------

async def test_sign_ups_from_an_address_do_not_block_logins_or_resets_from_it(db, settings):
    await make_member()
    for i in range(6):
        await service.signup(f"new{i}@example.org", PASSWORD, f"New {i}", ip=IP)
    with pytest.raises(Throttled):
        await service.signup("new9@example.org", PASSWORD, "New 9", ip=IP)
    await service.login("ada@example.org", PASSWORD, ip=IP)
    await service.request_password_reset("ada@example.org", ip=IP)
    await drain()
    assert link_in(mailbox(settings)[-1], "/password/reset/")


async def test_failed_logins_from_an_address_do_not_block_resets_or_sign_ups_from_it(db, settings):
    await make_member()
    for i in range(6):
        with pytest.raises(Invalid):
            await service.login(f"user{i}@example.org", "wrong password!", ip=IP)
    with pytest.raises(Throttled):
        await service.login("ada@example.org", PASSWORD, ip=IP)
    await service.request_password_reset("ada@example.org", ip=IP)
    await service.signup("new@example.org", PASSWORD, "New Person", ip=IP)
    await drain()
    assert [m["To"] for m in mailbox(settings)] == ["ada@example.org", "new@example.org"]
    assert "/password/reset/" in mailbox(settings)[0].get_content()


async def test_reset_requests_from_an_address_do_not_block_logins_or_sign_ups_from_it(db, settings):
    await make_member()
    for i in range(6):
        await service.request_password_reset(f"someone{i}@example.org", ip=IP)
    with pytest.raises(Throttled):
        await service.request_password_reset("ada@example.org", ip=IP)
    await service.login("ada@example.org", PASSWORD, ip=IP)
    await service.signup("new@example.org", PASSWORD, "New Person", ip=IP)


# -- 3. sessions and the CSRF secret at login and logout --------------------------------------------

def _csrf_cookies(response) -> list[str]:
    return [value for value in response.headers.get_list("set-cookie") if value.startswith("vox_csrf=")]


async def test_logging_in_again_in_the_same_browser_ends_the_previous_session(client, other_client):
    await make_member()
    await login(client)
    first = client.cookies.get("vox_session")
    await login(client)
    assert client.cookies.get("vox_session") != first
    other_client.cookies.set("vox_session", first)
    response = await other_client.get("/me")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert len(await sessions.list_for(await Member.get(email="ada@example.org"))) == 1


async def test_a_csrf_token_from_before_login_is_refused_after_it(client):
    await make_member()
    before = await csrf_token(client, "/login")
    response = await client.post("/login", data={"csrf_token": before, "email": "ada@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 303 and _csrf_cookies(response)
    refused = await client.post("/me/notifications/read-all", headers={"X-CSRF-Token": before})
    assert refused.status_code == 403
    after = await csrf_token(client, "/me")
    assert after != before
    allowed = await client.post("/me/notifications/read-all", headers={"X-CSRF-Token": after})
    assert allowed.status_code in (200, 303)


async def test_a_csrf_token_from_before_logout_is_refused_after_it(client):
    await make_member()
    await login(client)
    before = await csrf_token(client, "/me")
    response = await client.post("/logout", data={"csrf_token": before})
    assert response.status_code == 303 and _csrf_cookies(response)
    refused = await client.post("/login", data={"csrf_token": before, "email": "ada@example.org",
                                                "password": PASSWORD})
    assert refused.status_code == 403
    await login(client)


async def test_an_api_call_without_credentials_is_401_not_the_csrf_403_and_gets_no_cookie(client):
    response = await client.post("/api/v1/ideas", json={"title": "Dark mode", "body": "Please."})
    assert response.status_code == 401
    assert _csrf_cookies(response) == [] and "vox_csrf" not in client.cookies


async def test_bearer_calls_get_no_csrf_cookie(client):
    member = await make_member()
    _, raw = await api_tokens.create(member, "test", ["read", "write"])
    headers = {"Authorization": f"Bearer {raw}"}
    for response in (await client.get("/api/v1/me", headers=headers),
                     await client.patch("/api/v1/me", json={"bio": "x"}, headers=headers)):
        assert response.status_code == 200 and _csrf_cookies(response) == []


async def test_an_api_call_with_a_session_still_needs_the_csrf_header(client):
    await make_member()
    await login(client)
    refused = await client.post("/api/v1/ideas", json={"title": "Dark mode", "body": "Please."})
    assert refused.status_code == 403
    refused = await client.patch("/api/v1/me", json={"bio": "x"})
    assert refused.status_code == 403
    allowed = await client.patch("/api/v1/me", json={"bio": "x"}, headers={"X-CSRF-Token": await csrf_token(client)})
    assert allowed.status_code == 200
