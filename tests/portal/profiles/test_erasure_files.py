"""Erasure leaves no byte of the person in the files: the SQLite database and its write-ahead log,
the search index segments and the dev mail spool.

SQLite only, by nature: it reads the raw files of a database kept in a FILE in WAL mode, as in
production (tests elsewhere use SQLite in memory or PostgreSQL, whose files are not ours to read;
the README says what an operator of PostgreSQL does instead). It runs on every test run, whatever
VOX_TEST_DB says."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.transactions import in_transaction

from ideas import board, comments
from portal import i18n, ratelimit, search
from portal import settings as settings_module
from portal.accounts.models import Member
from portal.app import create_app
from portal.db import tortoise_config
from portal.notify import mail
from portal.profiles import service as profiles
from portal.settings import Settings
from tests.conftest import drain, login, make_member, post_form

PASSWORD = "correct horse battery"
EMAIL = "qwzmailbox.trvx@example.org"
NAME = "Zyxwqa Brunnhvek"
HANDLE = "vlokhandle"
BIO = "Ich sammle **Quaxelbirnen** und pflege Mirpolbaeume."
# The bio as its stored HTML holds it (profile.bio_html, rendered when it was saved).
BIO_HTML = "<strong>quaxelbirnen</strong>"
# What must not remain, lowercased: each distinctive word's first letters, so its stemmed and
# lowercased forms in the index count too (stemmers only cut endings), and the bio's HTML.
TRACES = ["qwzmailbox", "zyxwqa", "brunnhv", "vlokhan", "quaxelb", "mirpolb", BIO_HTML]


@pytest.fixture
async def file_site(tmp_path: Path):
    """A site on a SQLite FILE (WAL mode) inside the data folder, as in production."""
    data = tmp_path / "data"
    data.mkdir()
    settings = settings_module.configure(Settings(
        database_url=f"sqlite://{data / 'vox.sqlite3'}", data_dir=data,
        secret_key="test-secret-key-" + "x" * 32, manage_db=False, run_dispatcher=False,
        log_requests=False))
    # Tortoise caches each model's INSERT by connection name, not by dialect: on a PostgreSQL test
    # run, neither side may reuse the other's SQL.
    EXECUTOR_CACHE.clear()
    ctx = TortoiseContext()
    async with ctx:
        await ctx.init(config=tortoise_config(settings.database_url), _create_db=True)
        await ctx.generate_schemas(safe=False)
        await ratelimit.reset_all()
        search.reset_for_tests()
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(settings)),
                                     base_url="http://testserver") as client:
            yield settings, client
    search.reset_for_tests()
    EXECUTOR_CACHE.clear()


def _traces_in_files(folder: Path) -> dict[str, list[str]]:
    """{file: traces found in its raw bytes} for every file under the folder (database, -wal,
    -shm, index segments, mail)."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes().lower()
        hits = [trace for trace in TRACES if trace.encode() in raw]
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


async def _person_with_content(settings) -> Member:
    """The person with a profile in the index, an idea, a comment on someone else's idea that
    notifies its author, and mail to them and about them, all handled by the consumers."""
    bob = await make_member("bob@example.org", name="Bob Builder")
    bobs = await board.submit(bob, "Longer battery life for the cargo bike", "Winter rides drain it.")
    member = await make_member(EMAIL, PASSWORD, name=NAME)
    await profiles.update_profile(member, {"handle": HANDLE, "bio": BIO, "company": "Brunnhvek GmbH",
                                           "visibility": {"company": "staff"}})
    await board.submit(member, "A rack for two crates", "Two crates would fit behind the seat.")
    await comments.add_comment(member, bobs.pk, "Yes please, for night rides.")
    async with in_transaction():
        await mail.queue(EMAIL, "mail/notification.txt", {"member": member, "text": "Welcome!", "url": "/"},
                         language="en", member=member, kind="idea_status")
        await mail.queue("bob@example.org", "mail/notification.txt",
                         {"member": bob, "text": f"{NAME} (@{HANDLE}) replied.", "url": "/"},
                         language="en", member=bob, kind="idea_comment")
    await drain()
    return member


async def _erase_self(client, member) -> None:
    await login(client, EMAIL, PASSWORD)
    response = await post_form(client, "/me/delete", {"password": PASSWORD, "understood": "on"},
                               token_from="/me/delete")
    assert response.status_code == 303, response.text[:500]


async def _erase_by_admin(client, member) -> None:
    await make_member("admin@example.org", "admin password 123", role="admin", name="Ana Admin")
    await login(client, "admin@example.org", "admin password 123")
    response = await post_form(client, f"/staff/members/{member.pk}/erase",
                               {"understood": "on", "reason": "asked by mail on 20 November"},
                               token_from=f"/staff/members/{member.pk}")
    assert response.status_code == 303, response.text[:500]


@pytest.mark.parametrize("erase", [_erase_self, _erase_by_admin], ids=["self", "admin"])
async def test_no_byte_of_the_erased_person_is_left_in_the_data_files(file_site, erase):
    settings, client = file_site
    member = await _person_with_content(settings)
    before = _traces_in_files(settings.data_dir)
    # The test can see the person where they were: the database (file or log), the index, the mail.
    assert any(name.startswith("vox.sqlite3") for name in before), before
    assert any(name.startswith("vox.sqlite3") and BIO_HTML in hits for name, hits in before.items()), before
    assert any(name.startswith("search/") for name in before), before
    assert any(name.startswith("mail/") for name in before), before

    await erase(client, member)
    await drain()

    assert (await Member.get(id=member.pk)).status == "erased"
    assert _traces_in_files(settings.data_dir) == {}
    # The conversation stays readable, and the index still finds it.
    assert [hit.title for hit in (await search.search(None, "crates")).hits] == ["A rack for two crates"]
