"""Schemathesis over the whole API: every operation, as a member and as staff, with data that
fits the schema and data that does not. No 5xx, no undocumented status, no response outside its
schema or content type. Bounded (derandomized, a fixed number of examples per operation), so it
runs inside `make test` on SQLite and again on PostgreSQL."""
from __future__ import annotations

import asyncio
import os
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (allow_header_conformance, content_type_conformance,
                                               negative_data_rejection, response_headers_conformance,
                                               response_schema_conformance, status_code_conformance,
                                               unsupported_method)
from tortoise.context import TortoiseContext

from forums import api as forum_api
from forums.models import Post, Thread
from ideas import api as idea_api
from portal import api, core, features
from portal import settings as settings_module
from portal.clock import now
from portal.app import create_app
from portal.db import PG_TEXT_SEARCH_SETUP, tortoise_config
from portal.settings import Settings
from tests.conftest import DATABASE_URL, ON_POSTGRES

EXAMPLES = int(os.environ.get("VOX_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance, allow_header_conformance, unsupported_method]
BOTH = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
OPERATIONS = [f"{op.method} /api/v1{op.path.replace(':int', '')}"
              for op in [*api.core_operations, *idea_api.operations, *forum_api.operations]]


async def _seed(database_url: str) -> dict:
    """A fresh database with tags, a campaign, ideas, forum categories with a thread and an answer
    for each caller, and two tokens, made through the services."""
    from forums import categories, posts, threads
    from ideas import board, campaigns
    from ideas.models import Tag
    from portal.accounts import api_tokens
    from portal.accounts import service as accounts

    features.install(core.installed(None))  # every installed feature's tables, also when run alone
    ctx = TortoiseContext()
    async with ctx:
        await ctx.init(config=tortoise_config(database_url), _create_db=not ON_POSTGRES)
        if ON_POSTGRES:
            await ctx.connections.get("default").execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        await ctx.generate_schemas(safe=False)
        if ON_POSTGRES:  # the text-search configuration of migration 0007 (PostgreSQL search)
            await ctx.connections.get("default").execute_script(PG_TEXT_SEARCH_SETUP)
        member = await accounts.create_member("member@example.org", "correct horse battery", display_name="Mia")
        staff = await accounts.create_member("pm@example.org", "correct horse battery", display_name="Pat",
                                             role="product")
        for slug in ("app", "battery", "navigation"):
            await Tag.create(slug=slug, name_en=slug.title(), name_de=slug.title())
        campaign = await campaigns.create_campaign(staff, "Where next?", "", now() + timedelta(days=30), 3)
        mine = await board.submit(member, "Mine", "A member's idea", ["app"], campaign_id=campaign.pk)
        theirs = await board.submit(staff, "Theirs", "", ["battery"])
        for i in range(3):
            await board.submit(member, f"More {i}", "", [])
        admin = await accounts.create_member("root@example.org", "correct horse battery", display_name="Ann",
                                             role="admin")
        await categories.create_category(admin, name="Help", slug="help")
        await categories.create_category(admin, name="Team room", slug="team", read="staff", post="staff")
        # Each caller's thread holds the other's answer (to like, to accept, to try to edit).
        asked = await threads.start_thread(member, "help", "Battery drains", "Why?", ["battery"])
        answered = await posts.reply(staff, asked.pk, "Turn off sync.")
        internal = await threads.start_thread(staff, "team", "Roadmap", "Internal.")
        for thread in (asked, internal):
            await posts.reply(staff, thread.pk, "More")
        theirs_asked = await threads.start_thread(staff, "help", "Charging", "How fast?")
        # The member asked a moment ago: their next post would be too soon (forums/trust.py).
        await Post.filter(author_id=member.pk).update(created_at=now() - timedelta(hours=1))
        await Thread.filter(author_id=member.pk).update(created_at=now() - timedelta(hours=1))
        replied = await posts.reply(member, theirs_asked.pk, "Two hours.")
        _, member_token = await api_tokens.create(member, "fuzz", ["read", "write"])
        _, staff_token = await api_tokens.create(staff, "fuzz", ["read", "write", "staff"])
    return {"member": ({"Authorization": f"Bearer {member_token}"},
                       {"idea_id": mine.pk, "thread_id": asked.pk, "post_id": answered.pk}),
            "staff": ({"Authorization": f"Bearer {staff_token}"},
                      {"idea_id": theirs.pk, "thread_id": theirs_asked.pk, "post_id": replied.pk})}


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    """The app on its own database, served by schemathesis' ASGI client (in its own thread)."""
    data_dir = tmp_path_factory.mktemp("fuzz")
    database_url = DATABASE_URL if ON_POSTGRES else f"sqlite://{data_dir / 'fuzz.sqlite3'}"
    callers = asyncio.run(_seed(database_url))
    settings = Settings(database_url=database_url, data_dir=data_dir, secret_key="fuzz-secret-" + "x" * 32,
                        manage_db=True, run_dispatcher=False, log_requests=False,
                        # Its own limiter (the others' lives on another event loop), and room for the run.
                        ratelimit_url="memory://fuzz", api_calls_per_minute=1_000_000)
    app = create_app(settings)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    yield schema, callers
    asgi.shutdown_lifespans()
    settings_module.configure(Settings())


def _coverage(schema, operation, headers: dict) -> None:
    """Schemathesis' coverage phase: boundaries (just inside and outside every limit), wrong
    types, missing fields, unexpected methods. Deterministic."""
    config = schema.config.generation_for(operation=operation, phase="coverage")
    for case in schema.iter_coverage_cases(operation, generation_modes=BOTH, generation_config=config):
        case.call_and_validate(headers=dict(headers), checks=CHECKS + [negative_data_rejection])


def _run(operation, headers: dict, mode: GenerationMode, **fixed) -> None:
    try:
        strategy = operation.as_strategy(generation_mode=mode, **fixed)
    except Exception as exc:  # noqa: BLE001 - nothing to negate in this operation
        if mode is GenerationMode.NEGATIVE:
            return
        raise exc
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])

    @given(case=strategy)
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers=dict(headers), checks=checks)

    try:
        check()
    except Unsatisfiable:
        if mode is not GenerationMode.NEGATIVE:  # nothing to make wrong with the path fixed
            raise


@pytest.mark.parametrize("who", ["member", "staff"])
@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_keeps_its_schema(fuzzed, label, who):
    schema, callers = fuzzed
    headers, ids = callers[who]
    method, path = label.split(" ")
    operation = schema[path.removeprefix("/api/v1")][method]
    _coverage(schema, operation, headers)
    known = {name: value for name, value in ids.items() if "{" + name + "}" in path}
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        _run(operation, headers, mode)
        if known:
            _run(operation, headers, mode, path_parameters=known)
