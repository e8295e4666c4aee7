"""The app factory: builds the site from the list of features (see portal/features.py)."""
from __future__ import annotations

import asyncio
import gc
import contextlib
from pathlib import Path
from collections.abc import Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount, Router
from starlette.staticfiles import StaticFiles
from tortoise.contrib.starlette import RegisterTortoise

from portal import api, core, features, search, site_key, worker
from portal import settings as settings_module
from portal.api import cors
from portal.db import tortoise_config
from portal.errors import DomainError
from portal.features import Feature
from portal.settings import Settings
from portal.web import errors
from portal.web.page_cache import PageCache
from portal.web.middleware import (CSRF, BodyLimit, FlashSession, Identity, RequestLog, SecurityHeaders,
                                   cookie_name)

STATIC_DIR = Path(__file__).parent / "static"


def _routes(site: Sequence[Feature], settings: Settings) -> list:
    """Every feature's pages, /api/v1 with every feature's operations (described by
    /api/v1/openapi.json), and the static files."""
    operations = [operation for feature in site for operation in feature.api]
    return [
        *(route for feature in site for route in feature.routes),
        Mount("/api/v1", app=cors.allow(Router(routes=api.routes(operations)), settings.cors_origins)),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(settings: Settings | None = None, site: Sequence[Feature] | None = None) -> Starlette:
    """Build the site from the core and the features the settings name (PORTAL_FEATURES, default:
    every installed one), or from `site` when a test passes its own list. Tests pass their own
    settings too (manage_db=False: they own the database)."""
    settings = settings_module.configure(settings or settings_module.load_settings())
    site = list(site) if site is not None else core.installed(settings.features)
    features.install(site)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        async with contextlib.AsyncExitStack() as stack:
            if settings.manage_db:
                await stack.enter_async_context(
                    RegisterTortoise(app, config=tortoise_config(settings.database_url)))
            await site_key.configure()
            stack.callback(search.close)
            # What start-up built (models, templates, catalogues, the search schema) lives as long
            # as the process: moved out of the collector's sight, a full collection no longer walks
            # it, which took 30-40 ms now and then and made the slowest requests (p99) 3x slower.
            gc.collect()
            gc.freeze()
            if settings.run_dispatcher:
                stop = asyncio.Event()
                task = asyncio.create_task(worker.run(stop))
                yield
                stop.set()
                await task
            else:
                yield

    return Starlette(
        routes=_routes(site, settings),
        middleware=[
            Middleware(RequestLog),
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, on_too_large=errors.too_large),
            # Only short flash messages live in this signed cookie; the login itself is server-side.
            Middleware(FlashSession, session_cookie=cookie_name("vox_flash"), https_only=settings.https,
                       max_age=None),
            Middleware(Identity),
            Middleware(CSRF, on_failure=errors.csrf_failed),
            # Inside Identity and CSRF: it serves visitors only, each with their own CSRF token.
            Middleware(PageCache, seconds=settings.page_cache_seconds),
        ],
        exception_handlers={
            # Starlette picks the handler by the exception's class, but types every handler as
            # taking any Exception: a handler for a narrower class does not fit that signature.
            DomainError: errors.domain_error,  # type: ignore[dict-item]
            HTTPException: errors.http_error,  # type: ignore[dict-item]
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
