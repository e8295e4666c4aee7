"""Accounts through the browser's eyes: sign-up to login, enumeration, throttling, sessions."""
import re

from portal.accounts.models import Member
from tests.conftest import csrf_token, drain, link_in, login, mailbox, make_member, post_form

PASSWORD = "correct horse battery"


def same_page(a: str, b: str) -> bool:
    """Two answers are the same page once the CSRF token and the typed address are set aside."""
    strip = lambda html: re.sub(r'(csrf-token" content="|csrf_token" value="|X-CSRF-Token": ")[^"]+'
                                r'|[a-z]+@example\.org', "", html)
    return strip(a) == strip(b)


async def test_signup_verify_and_login_journey(client, settings):
    response = await post_form(client, "/signup", {"email": "new@example.org", "password": PASSWORD,
                                                   "display_name": "New Person"}, token_from="/signup")
    assert response.status_code == 200 and "inbox" in response.text.lower()
    await drain()
    path = link_in(mailbox(settings)[-1], "/verify/")
    page = await client.get(path)
    assert page.status_code == 200 and "<form" in page.text
    assert not (await Member.get(email="new@example.org")).is_verified  # a GET changed nothing
    confirmed = await post_form(client, path, token_from=path)
    assert confirmed.status_code == 303
    assert (await Member.get(email="new@example.org")).is_verified
    await login(client, "new@example.org", PASSWORD)
    me = await client.get("/me")
    assert me.status_code == 200 and "New Person" in me.text


async def test_signup_errors_keep_what_was_typed_but_not_the_password(client):
    response = await post_form(client, "/signup", {"email": "new@example.org", "password": "short",
                                                   "display_name": "Kept Name"}, token_from="/signup")
    assert response.status_code == 422
    assert 'value="Kept Name"' in response.text and 'value="new@example.org"' in response.text
    assert 'value="short"' not in response.text
    assert 'aria-invalid="true"' in response.text


async def test_signup_does_not_reveal_a_registered_address(client, other_client):
    await make_member()
    known = await post_form(client, "/signup", {"email": "ada@example.org", "password": PASSWORD,
                                                "display_name": "X"}, token_from="/signup")
    unknown = await post_form(other_client, "/signup", {"email": "zed@example.org", "password": PASSWORD,
                                                        "display_name": "X"}, token_from="/signup")
    assert known.status_code == unknown.status_code == 200
    assert same_page(known.text, unknown.text)


async def test_login_failure_does_not_reveal_a_registered_address(client, other_client):
    await make_member()
    known = await post_form(client, "/login", {"email": "ada@example.org", "password": "wrong password!"},
                            token_from="/login")
    unknown = await post_form(other_client, "/login", {"email": "zed@example.org", "password": "wrong password!"},
                              token_from="/login")
    assert known.status_code == unknown.status_code == 422
    assert "do not match" in known.text and "do not match" in unknown.text


async def test_reset_does_not_reveal_a_registered_address(client, other_client, settings):
    await make_member()
    known = await post_form(client, "/password/forgot", {"email": "ada@example.org"}, token_from="/password/forgot")
    unknown = await post_form(other_client, "/password/forgot", {"email": "zed@example.org"},
                              token_from="/password/forgot")
    assert known.status_code == unknown.status_code == 200
    assert same_page(known.text, unknown.text)


async def test_session_cookie_is_httponly_and_lax_and_renewed_at_login(client):
    await make_member()
    response = await login(client)
    cookie = response.headers["set-cookie"]
    assert "vox_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    first = client.cookies.get("vox_session")
    await login(client)
    assert client.cookies.get("vox_session") != first


async def test_https_deployments_get_secure_host_prefixed_cookies(db, settings):
    import httpx
    from portal.app import create_app

    app = create_app(settings.with_(base_url="https://vox.example"))
    await make_member()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://vox.example") as c:
        response = await login(c)
        cookie = response.headers["set-cookie"]
        assert "__Host-vox_session=" in cookie and "Secure" in cookie and "Path=/" in cookie
        assert "max-age" in (await c.get("/")).headers.get("strict-transport-security", "")


async def test_logout_kills_the_session_on_the_server(client, other_client):
    await make_member()
    await login(client)
    raw = client.cookies.get("vox_session")
    await post_form(client, "/logout")
    other_client.cookies.set("vox_session", raw)
    response = await other_client.get("/me")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_pages_for_members_send_visitors_to_login_and_back(client):
    response = await client.get("/me/sessions")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/me/sessions"
    await make_member()
    token = await csrf_token(client, "/login")
    response = await client.post("/login", data={"csrf_token": token, "email": "ada@example.org",
                                                  "password": PASSWORD, "next": "/me/sessions"})
    assert response.headers["location"] == "/me/sessions"


async def test_login_never_redirects_to_another_site(client):
    await make_member()
    token = await csrf_token(client, "/login")
    response = await client.post("/login", data={"csrf_token": token, "email": "ada@example.org",
                                                  "password": PASSWORD, "next": "//evil.example/"})
    assert response.headers["location"] == "/"


async def test_sessions_page_lists_devices_and_revokes_another(client, other_client):
    await make_member()
    await login(client)
    await login(other_client)
    page = await client.get("/me/sessions")
    ids = re.findall(r'/me/sessions/(\d+)/revoke', page.text)
    assert len(ids) == 1  # the current session is not offered for revoking
    response = await post_form(client, f"/me/sessions/{ids[0]}/revoke", token_from="/me/sessions")
    assert response.status_code == 303
    assert (await other_client.get("/me")).status_code == 303


async def test_revoking_someone_elses_session_is_not_found(client, other_client):
    from portal.accounts.models import Session

    await make_member()
    await make_member("bob@example.org")
    await login(client)
    await login(other_client, "bob@example.org")
    bobs = await Session.filter(member__email="bob@example.org").first()
    response = await post_form(client, f"/me/sessions/{bobs.pk}/revoke")
    assert response.status_code == 404
    assert (await other_client.get("/me")).status_code == 200


async def test_password_change_needs_the_current_password_and_logs_out_elsewhere(client, other_client):
    await make_member()
    await login(client)
    await login(other_client)
    wrong = await post_form(client, "/me/password", {"current_password": "nope nope nope",
                                                     "new_password": "a brand new passphrase"},
                            token_from="/me/password")
    assert wrong.status_code == 422
    right = await post_form(client, "/me/password", {"current_password": PASSWORD,
                                                     "new_password": "a brand new passphrase"},
                            token_from="/me/password")
    assert right.status_code == 303
    assert (await other_client.get("/me")).status_code == 303
    assert (await client.get("/me")).status_code == 200


async def test_an_unverified_member_sees_the_banner_and_can_ask_for_a_new_link(client, settings):
    await make_member(verified=False)
    await login(client)
    page = await client.get("/")
    assert "/verify/resend" in page.text
    response = await post_form(client, "/verify/resend", {"next": "/"})
    assert response.status_code == 303
    await drain()
    assert "/verify/" in mailbox(settings)[-1].get_content()


async def test_reset_link_journey(client, settings):
    await make_member()
    await post_form(client, "/password/forgot", {"email": "ada@example.org"}, token_from="/password/forgot")
    await drain()
    path = link_in(mailbox(settings)[-1], "/password/reset/")
    assert (await client.get(path)).status_code == 200
    response = await post_form(client, path, {"password": "a brand new passphrase"}, token_from=path)
    assert response.status_code == 303
    used = await client.get(path)
    assert used.status_code == 410
    await login(client, "ada@example.org", "a brand new passphrase")


async def test_tokens_page_shows_a_new_token_once(client):
    await make_member()
    await login(client)
    response = await post_form(client, "/me/tokens", {"name": "my script", "scopes": ["read", "write"]},
                               token_from="/me/tokens")
    assert response.status_code == 200
    raw = re.search(r"vox_[A-Za-z0-9_\-]{20,}", response.text).group(0)
    again = await client.get("/me/tokens")
    assert raw not in again.text and "my script" in again.text
    api = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 200


async def test_a_member_cannot_make_a_staff_token(client):
    await make_member()
    await login(client)
    response = await post_form(client, "/me/tokens", {"name": "x", "scopes": ["staff"]}, token_from="/me/tokens")
    assert response.status_code == 403
