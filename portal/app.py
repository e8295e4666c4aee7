"""The app factory: the one place that knows every feature and puts the site together."""
from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

# First: route paths compile their `{id:int}` parameters when the route modules are imported, and
# must get the bounded convertor (huge ids are a 404, not a database error).
import portal.web.convertors  # noqa: F401, I001

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Router
from starlette.staticfiles import StaticFiles
from tortoise.contrib.starlette import RegisterTortoise

import ideas.listeners
import ideas.personal  # noqa: F401 - declares the board's personal data and its customer-view part
from ideas import api as idea_api
from ideas import demo as idea_demo
from ideas import routes as idea_routes
from ideas import scale as idea_scale
from ideas import staff as idea_staff
from ideas.events import IDEA_KINDS
from portal import events, search, seed, worker
from portal.event_kinds import CORE_KINDS
from portal.events import routes as event_routes
from portal.notify import mail as notify_mail
from portal.notify import service as notify_service
from portal import settings as settings_module
from portal.accounts import routes as account_routes
from portal.accounts import sso_routes
from portal import api
from portal.api import cors
from portal.db import tortoise_config
from portal.errors import DomainError
from portal.notify import newsletter_routes
from portal.notify import routes as notify_routes
from portal.profiles import privacy_routes
from portal.profiles import routes as profile_routes
from portal.profiles import staff_routes as member_staff_routes
from portal.settings import Settings
from portal.web import errors, pages
from portal.web.middleware import CSRF, BodyLimit, Identity, RequestLog, SecurityHeaders, cookie_name

STATIC_DIR = Path(__file__).parent / "static"
seed.register_demo(idea_demo.seed_demo)
seed.register_scale(idea_scale.seed_scale)


def install_events() -> None:
    """Declare every event kind and consumer: the one place, until the feature list does it
    (portal/features.py). Called by create_app and by the CLI's database opener."""
    events.install([*CORE_KINDS, *IDEA_KINDS],
                   [notify_service.NOTIFY, notify_mail.MAIL, ideas.listeners.NOTIFY, *search.subscriptions()])


def _api(settings: Settings):
    """/api/v1: the core's operations and each feature's, described by /api/v1/openapi.json."""
    return cors.allow(Router(routes=api.routes([*api.core_operations, *idea_api.operations])),
                      settings.cors_origins)


def _routes(settings: Settings) -> list:
    return [
        *pages.routes,
        *account_routes.routes,
        *sso_routes.routes,
        *profile_routes.routes,
        *privacy_routes.routes,
        *member_staff_routes.routes,
        *notify_routes.routes,
        *newsletter_routes.routes,
        *event_routes.routes,
        *idea_routes.routes,
        *idea_staff.routes,
        Mount("/api/v1", app=_api(settings)),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the site. Tests pass their own settings (manage_db=False: they own the database)."""
    settings = settings_module.configure(settings or settings_module.load_settings())
    install_events()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        async with contextlib.AsyncExitStack() as stack:
            if settings.manage_db:
                await stack.enter_async_context(
                    RegisterTortoise(app, config=tortoise_config(settings.database_url)))
            if settings.run_dispatcher:
                stop = asyncio.Event()
                task = asyncio.create_task(worker.run(stop))
                yield
                stop.set()
                await task
            else:
                yield

    return Starlette(
        routes=_routes(settings),
        middleware=[
            Middleware(RequestLog),
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, on_too_large=errors.too_large),
            # Only short flash messages live in this signed cookie; the login itself is server-side.
            Middleware(SessionMiddleware, secret_key=settings.secret_key,
                       session_cookie=cookie_name("vox_flash"), https_only=settings.https,
                       max_age=None),
            Middleware(Identity),
            Middleware(CSRF, on_failure=errors.csrf_failed),
        ],
        exception_handlers={
            DomainError: errors.domain_error,
            HTTPException: errors.http_error,
            Exception: errors.server_error,
        },
        lifespan=lifespan,
    )
