"""Issue 9, accounts side: throttles that do not block one another, lockout that cannot be used as
a weapon, sessions and CSRF secrets renewed at login, and one-time links that never sit in a table."""
import re

import pytest
from itsdangerous import URLSafeTimedSerializer

from portal import ratelimit
from portal import settings as settings_module
from portal.accounts import api_tokens, devices, service, sessions
from portal.accounts.models import Member
from portal.errors import Invalid, Throttled
from tests.conftest import csrf_token, drain, link_in, login, mailbox, make_member, post_form

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


# -- 2. lockout is no weapon: a growing delay per account, but the owner's browser gets in -----------

async def _fail(email: str, times: int, *, device: str | None = None, ip_prefix: str = "10.0.1") -> None:
    for i in range(times):
        with pytest.raises(Invalid):
            await service.login(email, "wrong password!", ip=f"{ip_prefix}.{i}", device=device)


async def test_the_owner_gets_in_from_a_browser_that_logged_in_before_while_the_account_is_throttled(db):
    member = await make_member()
    device = devices.issue(member)  # what the owner's browser kept from an earlier login
    await _fail("ada@example.org", 5)
    with pytest.raises(Throttled):
        await service.login("ada@example.org", PASSWORD, ip="10.0.2.1")
    session, _ = await service.login("ada@example.org", PASSWORD, ip="10.0.2.2", device=device)
    assert session.member_id == member.pk


async def test_a_device_cookie_of_another_account_or_a_forged_one_does_not_lift_the_throttle(db):
    ada = await make_member()
    mallory = await make_member("mallory@example.org")
    await _fail("ada@example.org", 5)
    forged = URLSafeTimedSerializer("another-key", salt="vox.device").dumps({"member": ada.pk, "device": "x"})
    for device in (devices.issue(mallory), "not-a-device-cookie", forged):
        with pytest.raises(Throttled):
            await service.login("ada@example.org", PASSWORD, ip="10.0.2.1", device=device)


async def test_a_known_browser_has_its_own_budget_of_failures(db):
    member = await make_member()
    device = devices.issue(member)
    await _fail("ada@example.org", 5, device=device)
    with pytest.raises(Throttled):
        await service.login("ada@example.org", PASSWORD, ip="10.0.2.1", device=device)
    # Its failures are not the account's: a new device cookie (another browser of the owner's) still works.
    await service.login("ada@example.org", PASSWORD, ip="10.0.2.1", device=devices.issue(member))


async def test_the_delay_per_account_grows_with_the_failures(db):
    await make_member()
    await _fail("ada@example.org", 5)
    with pytest.raises(Throttled) as first:
        await service.login("ada@example.org", PASSWORD, ip="10.0.2.1")
    assert first.value.retry_after <= 5 * 60
    # Five more failures, as if the attacker had waited out the first delay: an hour now.
    for _ in range(5):
        await ratelimit.hit("login.account", "ada@example.org")
    with pytest.raises(Throttled) as second:
        await service.login("ada@example.org", PASSWORD, ip="10.0.2.1")
    assert 30 * 60 < second.value.retry_after <= 60 * 60
    # And after twenty, a day.
    for _ in range(10):
        await ratelimit.hit("login.account", "ada@example.org")
    with pytest.raises(Throttled) as third:
        await service.login("ada@example.org", PASSWORD, ip="10.0.2.1")
    assert 12 * 3600 < third.value.retry_after <= 24 * 3600


async def test_the_throttled_login_page_says_when_and_offers_a_reset_that_works(client, settings):
    await make_member()
    token = await csrf_token(client, "/login")
    for _ in range(5):
        response = await client.post("/login", data={"csrf_token": token, "email": "ada@example.org",
                                                     "password": "wrong password!"})
        assert response.status_code == 422
    response = await client.post("/login", data={"csrf_token": token, "email": "ada@example.org",
                                                 "password": PASSWORD})
    assert response.status_code == 429 and 0 < int(response.headers["retry-after"]) <= 300
    assert "Too many failed login attempts" in response.text
    assert re.search(r"try again in [1-5] minutes?\.", response.text)
    assert 'href="/password/forgot"' in response.text
    assert 'value="ada@example.org"' in response.text  # the form is still there, filled in
    response = await post_form(client, "/password/forgot", {"email": "ada@example.org"}, token_from="/password/forgot")
    assert response.status_code == 200
    await drain()
    assert "/password/reset/" in mailbox(settings)[-1].get_content()


async def test_an_attacker_elsewhere_cannot_lock_the_owner_out_of_their_browser(client, other_client):
    await make_member()
    response = await login(client)
    assert any(c.startswith("vox_device=") and "HttpOnly" in c and "SameSite=lax" in c
               for c in response.headers.get_list("set-cookie"))
    await post_form(client, "/logout")
    token = await csrf_token(other_client, "/login")
    for _ in range(6):
        await other_client.post("/login", data={"csrf_token": token, "email": "ada@example.org",
                                                "password": "wrong password!"})
    refused = await other_client.post("/login", data={"csrf_token": token, "email": "ada@example.org",
                                                      "password": PASSWORD})
    assert refused.status_code == 429
    await login(client)  # the owner's browser, with its device cookie: straight in
    assert (await client.get("/me")).status_code == 200


# -- 4. one-time links: their secret reaches no table, not even while the mail waits ------------------

async def _dump(db) -> str:
    """Every row of every table, every column, as text (what a copy of the database would give)."""
    connection = db.connections.get("default")
    if connection.capabilities.dialect == "postgres":
        sql = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    tables = [row["name"] for row in await connection.execute_query_dict(sql)]
    assert "outbound_mail" in tables and "one_time_token" in tables
    rows = []
    for table in tables:
        rows += [repr(row) for row in await connection.execute_query_dict(f'SELECT * FROM "{table}"')]
    return "\n".join(rows)


def _secret(settings, prefix: str) -> str:
    return link_in(mailbox(settings)[-1], prefix).removeprefix(prefix)


async def test_the_verification_link_is_in_no_table_before_or_after_sending_and_works(db, client, settings):
    response = await post_form(client, "/signup", {"email": "new@example.org", "password": PASSWORD,
                                                   "display_name": "New Person"}, token_from="/signup")
    assert response.status_code == 200
    while_queued = await _dump(db)
    await drain()
    raw = _secret(settings, "/verify/")
    assert raw not in while_queued and raw not in await _dump(db)
    assert (await client.get(f"/verify/{raw}")).status_code == 200
    response = await post_form(client, f"/verify/{raw}", token_from=f"/verify/{raw}")
    assert response.status_code == 303
    assert (await Member.get(email="new@example.org")).is_verified


async def test_the_resent_verification_link_is_in_no_table_and_works(db, settings):
    member = await make_member(verified=False)
    await service.resend_verification(member)
    while_queued = await _dump(db)
    await drain()
    raw = _secret(settings, "/verify/")
    assert raw not in while_queued and raw not in await _dump(db)
    assert (await service.verify_email(raw)).is_verified


async def test_the_reset_link_is_in_no_table_and_works(db, client, settings):
    await make_member()
    response = await post_form(client, "/password/forgot", {"email": "ada@example.org"}, token_from="/password/forgot")
    assert response.status_code == 200
    while_queued = await _dump(db)
    await drain()
    raw = _secret(settings, "/password/reset/")
    assert raw not in while_queued and raw not in await _dump(db)
    response = await post_form(client, f"/password/reset/{raw}", {"password": "a brand new passphrase"},
                               token_from=f"/password/reset/{raw}")
    assert response.status_code == 303
    await login(client, password="a brand new passphrase")


async def test_the_email_change_link_is_in_no_table_and_works(db, client, settings):
    await make_member()
    await login(client)
    response = await post_form(client, "/me/email", {"password": PASSWORD, "new_email": "ada@new.example"},
                               token_from="/me/email")
    assert response.status_code == 200
    while_queued = await _dump(db)
    await drain()
    raw = _secret(settings, "/me/email/confirm/")
    assert raw not in while_queued and raw not in await _dump(db)
    response = await post_form(client, f"/me/email/confirm/{raw}", token_from=f"/me/email/confirm/{raw}")
    assert response.status_code == 303
    assert await Member.exists(email="ada@new.example")


async def test_a_link_mail_that_failed_to_send_goes_out_later_with_a_working_link(db, settings):
    member = await make_member(verified=False)
    working = settings_module.current()
    settings_module.configure(working.with_(smtp_url="smtp://127.0.0.1:9"))  # nothing listens there
    await service.resend_verification(member)
    await drain()
    assert mailbox(settings) == []
    settings_module.configure(working)
    await drain()
    assert (await service.verify_email(_secret(settings, "/verify/"))).is_verified
