"""One site on two machines: two web processes with their own data dirs, two workers, one
PostgreSQL database and one Redis, run as real processes, behave as one site.

Nothing here sets PORTAL_SECRET_KEY: the key is shared through the database."""
from __future__ import annotations

import asyncio
import re
import time
import uuid

import asyncpg
import httpx
import pytest

from tests.conftest import DATABASE_URL
from tests.portal.deploy.sites import BIN, REDIS_URL, Site

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
PASSWORD = "correct horse battery"


@pytest.fixture
async def site(tmp_path):
    import redis.asyncio as redis

    name = f"vox_two_{uuid.uuid4().hex[:8]}"
    server = DATABASE_URL.rsplit("/", 1)[0]
    admin = await asyncpg.connect(DATABASE_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    client = redis.from_url(REDIS_URL)
    await client.flushdb()
    await client.aclose()
    running = Site(tmp_path, f"{server}/{name}")
    try:
        running.run("setup", "migrate")
        running.run("setup", "users", "create", "ada@example.org", "--password", PASSWORD, "--name", "Ada")
        running.start_web("web-a")
        running.start_web("web-b")
        running.start("worker-1", [str(BIN / "portal"), "worker"])
        running.start("worker-2", [str(BIN / "portal"), "worker"])
        yield running
    finally:
        running.stop()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _token(client: httpx.AsyncClient, url: str) -> str:
    match = CSRF_META.search((await client.get(url)).text)
    assert match, f"no CSRF token at {url}"
    return match.group(1)


async def _login(client: httpx.AsyncClient, base: str, password: str = PASSWORD) -> httpx.Response:
    token = await _token(client, base + "/login")
    return await client.post(base + "/login", data={"csrf_token": token, "email": "ada@example.org",
                                                    "password": password})


async def _eventually(check, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while True:
        result = await check()
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.2)


async def test_two_web_processes_and_two_workers_behave_as_one_site(site):
    a, b = site.web
    async with httpx.AsyncClient(timeout=10) as browser:  # one cookie jar: the same browser
        assert (await _login(browser, a)).status_code == 303
        me = await browser.get(b + "/api/v1/me")  # the session started on A, on B
        assert me.status_code == 200, site.logs()
        assert me.json()["email"] == "ada@example.org"

        # A form read on A is posted to B: B accepts A's CSRF token; the flash B sets shows on A.
        token = await _token(browser, a + "/ideas/new")
        posted = await browser.post(b + "/ideas/new", data={
            "csrf_token": token, "title": "Ladegrenze für den Akku einstellen",
            "body": "Bitte eine einstellbare Ladegrenze, damit der Akku länger hält."})
        assert posted.status_code == 303, posted.text[:500]
        idea_path = posted.headers["location"]
        assert "Thank you! Your idea is on the board." in (await browser.get(a + idea_path)).text

        # The worker indexes it in the database (PORTAL_SEARCH defaults to postgres there): A
        # finds what was posted through B within 5 seconds.
        async def found_on_a():
            return idea_path in (await browser.get(a + "/search", params={"q": "Ladegrenze"})).text

        assert await _eventually(found_on_a), site.logs()

        # A vote through A is counted on B.
        idea_id = int(idea_path.rsplit("/", 1)[1])
        voted = await browser.post(a + f"/ideas/{idea_id}/vote",
                                   data={"csrf_token": await _token(browser, b + idea_path)})
        assert voted.status_code == 303
        detail = (await browser.get(b + f"/api/v1/ideas/{idea_id}")).json()
        assert detail["vote_count"] == 1 and detail["voted"] is True

        # A signed link from A (the API's next-page cursor) is accepted by B.
        await browser.post(a + "/ideas/new", data={"csrf_token": token, "title": "Dunkles Design für die App",
                                                   "body": "Nachts blendet die helle Oberfläche sehr."})
        first = (await browser.get(a + "/api/v1/ideas?limit=1&sort=newest")).json()
        assert first["next"]
        second = await browser.get(b + first["next"])
        assert second.status_code == 200 and second.json()["items"][0]["title"] == "Ladegrenze für den Akku einstellen"

    # Failed logins count across both machines: 3 on A and 2 on B use up the account's 5.
    async with httpx.AsyncClient(timeout=10) as stranger:
        for base in (a, a, a, b, b):
            assert (await _login(stranger, base, "wrong password")).status_code == 422
        refused = await _login(stranger, a)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0

    # Two workers, one mail: the welcome-back reset link is mailed once.
    async with httpx.AsyncClient(timeout=10) as forgetful:
        asked = await forgetful.post(b + "/password/forgot", data={
            "csrf_token": await _token(forgetful, b + "/password/forgot"), "email": "ada@example.org"})
        assert asked.status_code in (200, 303)

    async def reset_mails():
        return [m for m in site.mails() if "/password/reset/" in m]

    assert len(await _eventually(reset_mails)) == 1, site.logs()
    await asyncio.sleep(1.0)  # give the other worker every chance to send it again
    assert len(await reset_mails()) == 1
