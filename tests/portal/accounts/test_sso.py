"""Single sign-on, end to end against a real OpenID Connect provider (npm oidc-provider) started on
loopback: the browser's trip to the provider and back is walked with a second HTTP client."""
import asyncio
import dataclasses
import re
import shutil
import socket
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import httpx
import pytest

from portal import settings as settings_module
from portal.accounts import sso
from portal.accounts.models import Member, Session, SsoLink
from tests.conftest import login, make_member, post_form

ROOT = Path(__file__).resolve().parents[3]
CALLBACK = "http://testserver/login/sso/callback"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_issuer():
    """The provider, once per test run. Missing Node or `npm ci` is a failure, not a skip."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the single sign-on tests"
    assert (ROOT / "node_modules" / "oidc-provider").exists(), "run `make install` (npm ci) first"
    port = _free_port()
    process = subprocess.Popen([node, str(ROOT / "tests" / "oidc" / "provider.mjs"), str(port), CALLBACK],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        assert process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def settings(settings, oidc_issuer):
    """The usual test settings, with single sign-on through the test provider."""
    return settings_module.configure(dataclasses.replace(
        settings, base_url="http://testserver", oidc_issuer=oidc_issuer, oidc_client_id="vox-test",
        oidc_client_secret="vox-test-secret-that-is-long-enough"))


@pytest.fixture
async def provider_browser():
    async with httpx.AsyncClient() as browser:
        yield browser


def _with_param(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


async def _at_provider(browser: httpx.AsyncClient, url: str, login_name: str) -> str:
    """Log in and consent at the provider's own pages; return the callback URL it sends back."""
    response = await browser.get(url)
    for _ in range(12):
        if response.is_redirect:
            target = urljoin(str(response.url), response.headers["location"])
            if target.startswith(CALLBACK):
                return target
            response = await browser.get(target)
            continue
        html = response.text
        action = re.search(r'<form[^>]*action="([^"]+)"', html)
        assert action, html[:500]
        fields = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
        if 'name="login"' in html:
            fields.update(login=login_name, password="anything")
        response = await browser.post(urljoin(str(response.url), action.group(1)), data=fields)
    raise AssertionError("the provider never sent the browser back")


async def _sso(client, browser, login_name: str, *, auth_changes: dict | None = None,
               callback_changes: dict | None = None, wait: float = 0) -> httpx.Response:
    start = await client.get("/login/sso")
    assert start.status_code in (302, 303, 307), start.text[:300]
    authorize = start.headers["location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    callback = await _at_provider(browser, _with_param(authorize, **(auth_changes or {})), login_name)
    if wait:
        await asyncio.sleep(wait)
    callback = _with_param(callback, **(callback_changes or {}))
    return await client.get(callback.removeprefix("http://testserver"))


async def test_the_login_page_offers_the_provider(client, oidc_issuer):
    page = (await client.get("/login")).text
    assert 'href="/login/sso"' in page and "Log in with 127.0.0.1" in page
    assert "Sign up with 127.0.0.1" in (await client.get("/signup")).text


async def test_a_first_login_creates_a_verified_member_without_password(client, provider_browser):
    response = await _sso(client, provider_browser, "grace")
    assert response.status_code == 303 and response.headers["location"] == "/"
    member = await Member.get(email="grace@example.org")
    assert member.is_verified and member.password_hash is None and member.display_name == "Test grace"
    link = await SsoLink.get(member_id=member.pk)
    assert link.subject == "grace" and link.issuer.startswith("http://127.0.0.1:")
    assert (await Session.get(member_id=member.pk)).via == "sso"
    privacy = await client.get("/me/privacy")
    assert privacy.status_code == 200 and "grace@example.org" in privacy.text


async def test_a_vote_clicked_before_signing_on_is_cast_right_after(client, provider_browser):
    from ideas import board
    from ideas.models import Idea

    idea = await board.submit(await make_member("author@example.org"), "Dark mode", "")
    await post_form(client, f"/ideas/{idea.pk}/vote", {"next": "/ideas"}, token_from="/ideas")
    response = await _sso(client, provider_browser, "hedy")
    assert response.status_code == 303 and response.headers["location"] == f"/ideas#vote-{idea.pk}"
    assert (await Idea.get(id=idea.pk)).vote_count == 1


async def test_a_wrong_state_is_refused(client, provider_browser, caplog):
    response = await _sso(client, provider_browser, "mallory", callback_changes={"state": "forged"})
    assert response.status_code == 400 and "Single sign-on did not work" in response.text
    assert "MismatchingStateError" in caplog.text
    assert not await Member.filter(email="mallory@example.org").exists()


async def test_a_wrong_nonce_is_refused(client, provider_browser, caplog):
    response = await _sso(client, provider_browser, "mallory", auth_changes={"nonce": "replayed-nonce"})
    assert response.status_code == 400 and "nonce" in caplog.text
    assert not await Member.filter(email="mallory@example.org").exists()
    assert await Session.all().count() == 0


async def test_an_expired_code_is_refused(client, provider_browser, caplog):
    response = await _sso(client, provider_browser, "slow-sam", wait=2.5)
    assert response.status_code == 400 and "invalid_grant" in caplog.text
    assert not await Member.filter(email="slow-sam@example.org").exists()


async def test_an_unverified_email_is_refused(client, provider_browser):
    response = await _sso(client, provider_browser, "unverified-una")
    assert response.status_code == 403 and "has not confirmed your email address" in response.text
    assert not await Member.filter(email="unverified-una@example.org").exists()


async def test_an_existing_member_links_only_after_proving_the_password(client, provider_browser):
    alice = await make_member("alice@example.org", name="Alice")
    response = await _sso(client, provider_browser, "alice")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert await SsoLink.all().count() == 0
    assert (await client.get("/me")).status_code == 303  # not logged in
    await login(client, "alice@example.org")
    assert await SsoLink.filter(member_id=alice.pk, subject="alice").exists()
    await post_form(client, "/logout")
    again = await _sso(client, provider_browser, "alice")
    assert again.status_code == 303 and again.headers["location"] == "/"
    assert (await client.get("/me")).status_code == 200


async def test_a_member_removes_a_linked_login_but_not_their_only_way_in(client, provider_browser):
    await _sso(client, provider_browser, "grace")
    grace = await Member.get(email="grace@example.org")
    link = await SsoLink.get(member_id=grace.pk)
    refused = await post_form(client, f"/me/logins/{link.pk}/remove", token_from="/me/privacy")
    assert refused.status_code == 303 and await SsoLink.filter(id=link.pk).exists()
    with pytest.raises(Exception):
        await sso.remove_link(grace, link.pk)
    await Member.filter(id=grace.pk).update(password_hash="set")
    await post_form(client, f"/me/logins/{link.pk}/remove", token_from="/me/privacy")
    assert not await SsoLink.filter(id=link.pk).exists()


async def test_without_configuration_there_is_no_sso(client, settings):
    settings_module.configure(dataclasses.replace(settings, oidc_issuer=None))
    assert (await client.get("/login/sso")).status_code == 404
    assert 'href="/login/sso"' not in (await client.get("/login")).text
