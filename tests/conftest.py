"""Shared fixtures: a fresh database per test (SQLite in memory, or PostgreSQL when
VOX_TEST_DB=postgres and TEST_DATABASE_URL are set), the app talked to through httpx, and helpers
that act as a browser would (CSRF token from the page, log in through the form)."""
from __future__ import annotations

import contextlib
import email
import email.message
import email.policy
import os
import re
from pathlib import Path

import httpx
import pytest
from tortoise.context import TortoiseContext

from portal import core, events, features, i18n, ratelimit, search
from portal import db as portal_db
from portal import settings as settings_module
from portal.app import create_app
from portal.db import tortoise_config
from portal.settings import Settings

ON_POSTGRES = os.environ.get("VOX_TEST_DB") == "postgres"
DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "") if ON_POSTGRES else "sqlite://:memory:"
if ON_POSTGRES and not DATABASE_URL:
    raise RuntimeError("VOX_TEST_DB=postgres needs TEST_DATABASE_URL")

# The search backends a test run can exercise: the PostgreSQL leg runs search tests on both.
SEARCH_BACKENDS = ("whoosh", "postgres") if ON_POSTGRES else ("whoosh",)

_schema_apps: frozenset[str] = frozenset()  # the apps whose tables the PostgreSQL schema holds


async def _fresh_postgres(ctx: TortoiseContext) -> None:
    """Build the schema once per run, then empty every table before each test (much faster than
    a new database per test, and just as isolated)."""
    global _schema_apps
    connection = ctx.connections.get("default")
    apps = frozenset(portal_db.APPS)
    if not apps <= _schema_apps:
        await connection.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await ctx.generate_schemas(safe=False)
        await connection.execute_script(portal_db.PG_TEXT_SEARCH_SETUP)  # as migration 0007 does
        await connection.execute_script(portal_db.PG_SEARCH_INDEXES)
        _schema_apps = apps
        return
    rows = await connection.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = ", ".join(f'"{row["tablename"]}"' for row in rows)
    await connection.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE;")
    # Idempotent and cheap: a module that rebuilt the schema itself (api/test_fuzz.py) dropped them.
    await connection.execute_script(portal_db.PG_TEXT_SEARCH_SETUP)
    await connection.execute_script(portal_db.PG_SEARCH_INDEXES)


@pytest.fixture(autouse=True)
def retry_at_once(monkeypatch):
    """A failed event is retried at the next drain (the backoff is tested on its own)."""
    from portal.events import dispatch

    monkeypatch.setattr(dispatch, "RETRY_BASE_SECONDS", 0.0)


@pytest.fixture
def search_backend() -> str:
    """The search backend of a test: the production default for the test database. A search test
    runs on every backend of the run with `@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)`."""
    return "postgres" if ON_POSTGRES else "whoosh"


@pytest.fixture
def settings(tmp_path: Path, search_backend: str) -> Settings:
    return settings_module.configure(Settings(
        database_url=DATABASE_URL, data_dir=tmp_path / "data", secret_key="test-secret-key-" + "x" * 32,
        manage_db=False, run_dispatcher=False, log_requests=False, search_backend=search_backend,
        # Tests change data through the services and read the page at once; the page cache is
        # switched on by its own tests (tests/portal/web/test_page_cache.py).
        page_cache_seconds=0,
    ))


@contextlib.asynccontextmanager
async def fresh_database(settings: Settings, site=None):
    """A fresh, empty database with the tables of `site` (default: the core and every installed
    feature), which is installed first."""
    features.install(site if site is not None else core.installed(None))
    ctx = TortoiseContext()
    async with ctx:
        await ctx.init(config=tortoise_config(settings.database_url), _create_db=not ON_POSTGRES)
        if ON_POSTGRES:
            await _fresh_postgres(ctx)
        else:
            await ctx.generate_schemas(safe=False)
        await ratelimit.reset_all()
        search.reset_for_tests()
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
        yield ctx
    search.reset_for_tests()


@pytest.fixture
async def db(settings):
    """A fresh, empty database for one test, with every model of every package."""
    async with fresh_database(settings) as ctx:
        yield ctx


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
async def client(db, app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 5000)),
                                 base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def other_client(db, app):
    """A second browser (another person, or another device of the same person)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("127.0.0.2", 5000)),
                                 base_url="http://testserver") as c:
        yield c


# -- helpers -------------------------------------------------------------------------------------

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


async def csrf_token(client: httpx.AsyncClient, path: str = "/") -> str:
    """The CSRF token as a browser gets it: from the page's meta tag."""
    response = await client.get(path)
    match = CSRF_META.search(response.text)
    assert match, f"no csrf-token meta tag on {path} ({response.status_code})"
    return match.group(1)


async def post_form(client: httpx.AsyncClient, path: str, data: dict | None = None, *,
                    token_from: str = "/", **kwargs) -> httpx.Response:
    """Submit a form with the page's CSRF token, as a browser would."""
    fields = {"csrf_token": await csrf_token(client, token_from), **(data or {})}
    return await client.post(path, data=fields, **kwargs)


async def make_member(email_address: str = "ada@example.org", password: str = "correct horse battery",
                      *, role: str = "member", name: str | None = None, verified: bool = True,
                      language: str = "en"):
    """A member created through the service, verified unless asked otherwise."""
    from portal.accounts import service
    from portal.accounts.models import Member

    member = await service.create_member(email_address, password, display_name=name, role=role,
                                         language=language)
    if not verified:
        await Member.filter(id=member.pk).update(email_verified_at=None)
        member = await Member.get(id=member.pk)
    return member


async def login(client: httpx.AsyncClient, email_address: str = "ada@example.org",
                password: str = "correct horse battery") -> httpx.Response:
    response = await post_form(client, "/login", {"email": email_address, "password": password},
                               token_from="/login")
    assert response.status_code == 303, response.text[:500]
    return response


async def drain() -> int:
    """Let every consumer catch up, as the worker would after the commit."""
    return await events.drain()


def mailbox(settings: Settings) -> list[email.message.EmailMessage]:
    """The mails the app wrote to the dev spool (PORTAL_SMTP_URL unset), oldest first."""
    folder = settings.data_dir / "mail"
    if not folder.exists():
        return []
    return [email.message_from_bytes(path.read_bytes(), _class=email.message.EmailMessage,
                                     policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))]


def link_in(message, prefix: str) -> str:
    """The first link in a mail's body that starts with `prefix` (a path like /verify/)."""
    body = message.get_content()
    match = re.search(r"https?://[^\s/]+(" + re.escape(prefix) + r"[^\s]+)", body)
    assert match, f"no {prefix} link in: {body}"
    return match.group(1)
