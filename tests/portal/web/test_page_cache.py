"""Pages every visitor sees alike are kept a few seconds (portal/web/page_cache.py): what a visitor,
a member and a second visitor see, through the whole app with the cache switched on."""
import asyncio
import base64
import json
import re

import httpx
import itsdangerous
import pytest

from ideas import board
from ideas.models import Idea
from portal.app import create_app
from portal.settings import load_settings
from tests.conftest import CSRF_META, login, make_member, post_form


@pytest.fixture
def cached_app(settings):
    return create_app(settings.with_(page_cache_seconds=30))


def browser(app, address: str, **headers) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 5000)),
                             base_url="http://testserver", headers=headers)


async def an_idea(title: str = "Offline maps for the tour app") -> Idea:
    author = await make_member("author@example.org", name="Ines")
    return await board.submit(author, title, "So that routes work in the mountains.", [])


async def test_visitors_share_a_page_until_a_write_through_this_process(db, cached_app):
    idea = await an_idea()
    path = f"/ideas/{idea.pk}"
    await make_member()
    async with browser(cached_app, "10.0.0.1") as first, browser(cached_app, "10.0.0.2") as second, \
            browser(cached_app, "10.0.0.3") as member:
        fresh = await first.get(path)
        assert fresh.status_code == 200 and "Offline maps" in fresh.text and "age" not in fresh.headers
        # Changed by another machine: this one's visitors see it once the kept page is old.
        await Idea.filter(id=idea.pk).update(title="Maps that work offline")
        kept = await second.get(path)
        assert kept.status_code == 200 and "Offline maps" in kept.text and "age" in kept.headers
        # A member never gets a kept page, and their page is never kept for others.
        await login(member)
        own = await member.get(path)
        assert "Maps that work offline" in own.text and "age" not in own.headers
        assert "Log out" not in (await second.get(path)).text
        # A write through this process (the member's vote) is seen by the next visitor at once.
        voted = await post_form(member, f"{path}/vote", token_from=path)
        assert voted.status_code == 303
        after = await first.get(path)
        assert "age" not in after.headers and "Maps that work offline" in after.text
        assert re.search(r'class="vote-count">1<', after.text)


async def test_each_visitor_gets_their_own_csrf_token_in_a_kept_page(db, cached_app):
    await make_member()
    async with browser(cached_app, "10.0.0.1") as first, browser(cached_app, "10.0.0.2") as second:
        first_token = CSRF_META.search((await first.get("/ideas")).text).group(1)
        kept = await second.get("/ideas")
        assert "age" in kept.headers
        second_token = CSRF_META.search(kept.text).group(1)
        assert second_token != first_token and first_token not in kept.text
        # The kept page's forms work for the second visitor, and the first visitor's token does not.
        borrowed = await second.post("/login", data={"csrf_token": first_token, "email": "ada@example.org",
                                                     "password": "correct horse battery"})
        assert borrowed.status_code == 403
        own = await second.post("/login", data={"csrf_token": second_token, "email": "ada@example.org",
                                                "password": "correct horse battery"})
        assert own.status_code == 303


async def test_language_flash_and_htmx_get_their_own_answer(db, cached_app, settings):
    async with browser(cached_app, "10.0.0.1") as english, \
            browser(cached_app, "10.0.0.2", **{"Accept-Language": "de"}) as german:
        assert '<html lang="en">' in (await english.get("/")).text
        in_german = await german.get("/")
        assert '<html lang="de">' in in_german.text and "age" not in in_german.headers
        assert "age" in (await german.get("/")).headers

        # A visitor with a message waiting (here: set by an earlier answer) sees it on that page.
        signer = itsdangerous.TimestampSigner(settings.secret_key)
        cookie = signer.sign(base64.b64encode(json.dumps(
            {"flashes": [{"message": "We sent you a new confirmation link.", "kind": "success"}]}).encode()))
        english.cookies.set("vox_flash", cookie.decode())
        flashed = await english.get("/")
        assert "We sent you a new confirmation link." in flashed.text and "age" not in flashed.headers
        assert "We sent you a new confirmation link." not in (await german.get("/")).text

        # htmx asks for the board's list alone: never answered with a kept whole page.
        await english.get("/ideas")
        partial = await english.get("/ideas", headers={"HX-Request": "true"})
        assert "<html" not in partial.text and "age" not in partial.headers


async def test_only_shared_pages_are_kept_and_only_for_a_while(db, settings):
    app = create_app(settings.with_(page_cache_seconds=0.2))
    async with browser(app, "10.0.0.1") as visitor:
        await visitor.get("/login")
        assert "age" not in (await visitor.get("/login")).headers  # a form page is not marked shared
        await visitor.get("/ideas")
        assert "age" in (await visitor.get("/ideas")).headers
        await asyncio.sleep(0.3)
        assert "age" not in (await visitor.get("/ideas")).headers


async def test_a_refused_write_does_not_empty_the_cache(db, cached_app):
    async with browser(cached_app, "10.0.0.1") as visitor:
        await visitor.get("/ideas")
        token = CSRF_META.search((await visitor.get("/ideas")).text).group(1)
        refused = await visitor.post("/login", data={"csrf_token": token, "email": "nobody@example.org",
                                                     "password": "wrong"})
        assert refused.status_code == 422 and "age" not in refused.headers
        assert "age" in (await visitor.get("/ideas")).headers


def test_the_setting_is_a_number_of_seconds():
    assert load_settings({}).page_cache_seconds == 3.0
    assert load_settings({"PORTAL_PAGE_CACHE_SECONDS": "0"}).page_cache_seconds == 0
    assert load_settings({"PORTAL_PAGE_CACHE_SECONDS": "1.5"}).page_cache_seconds == 1.5
    for wrong in ("soon", "-1", "nan"):
        with pytest.raises(ValueError, match="PORTAL_PAGE_CACHE_SECONDS"):
            load_settings({"PORTAL_PAGE_CACHE_SECONDS": wrong})
