"""The `portal` command: serve, work, migrate, seed, manage users and tokens, rebuild derived state."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from tortoise import Tortoise

from portal import settings as settings_module
from portal import site_key
from portal.db import tortoise_config


def _install_site() -> None:
    """Install the site's features (their tables, consumers, search documents and seeders)."""
    from portal import core, features

    features.install(core.installed(settings_module.current().features))


@asynccontextmanager
async def database():
    """Open the configured database for a command, with the site's features installed."""
    _install_site()
    settings = settings_module.current()
    await Tortoise.init(config=tortoise_config(settings.database_url))
    try:
        await site_key.configure()
        yield
    finally:
        await Tortoise.close_connections()


async def _migrate() -> None:
    from tortoise.migrations.api.migrate import migrate

    from portal.db import refresh_statistics

    _install_site()
    settings = settings_module.current()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        await migrate(config=tortoise_config(settings.database_url))
        await refresh_statistics()
    finally:
        await Tortoise.close_connections()
    print("Database is up to date.")
    from portal import search

    async with database():
        rebuilt = await search.reindex_if_outdated()
    if rebuilt is not None:
        print(f"Rebuilt the search index, which an earlier version wrote: {rebuilt} documents.")


async def _seed(args) -> None:
    from portal import seed

    async with database():
        if args.demo:
            created = await seed.seed_demo()
            print("Demo community created." if created else "Demo community already there: nothing changed.")
        if args.scale:
            made = await seed.seed_scale(args.scale)
            print(f"Created {made} members for benchmarks.")


async def _users_create(args) -> None:
    from portal.accounts import service
    from portal.errors import Invalid

    async with database():
        try:
            member = await service.create_member(args.email, args.password, display_name=args.name,
                                                 role=args.role)
        except Invalid as exc:
            sys.exit("; ".join(f"{field}: {message}" for field, message in exc.errors.items()))
        await _drain_quietly()
        print(f"Created {member.email} ({', '.join(member.roles)}), verified.")


async def _tokens_create(args) -> None:
    from portal.accounts import api_tokens
    from portal.accounts.models import Member
    from portal.accounts.service import normalize_email
    from portal.errors import DomainError

    async with database():
        member = await Member.get_or_none(email=normalize_email(args.email), status="active")
        if member is None:
            sys.exit(f"No active member with the email {args.email}.")
        try:
            _, raw = await api_tokens.create(member, args.name, args.scope or ["read"])
        except DomainError as exc:
            errors = getattr(exc, "errors", None)
            sys.exit("; ".join(errors.values()) if errors else str(exc))
        print(f"Token for {member.email} with scopes {', '.join(sorted(set(args.scope or ['read'])))}:")
        print(raw)


async def _drain_quietly() -> None:
    """Let the consumers see what a command just did (search, mail), as the worker would."""
    from portal import events

    await events.drain()


async def _reindex() -> None:
    from portal import search

    async with database():
        count = await search.reindex()
        print(f"Indexed {count} documents.")


async def _replay(args) -> None:
    from portal import events

    async with database():
        if args.consumer not in events.consumers():
            sys.exit(f"Unknown consumer {args.consumer!r}; known: {', '.join(sorted(events.consumers()))}.")
        count = await events.replay(args.consumer)
        print(f"Replayed {count} events through {args.consumer}.")


def site_catalogue() -> str:
    """The Markdown catalogue of the site's event kinds, each with the feature that declares it."""
    from portal import core, features
    from portal.events import catalogue

    site = core.installed(settings_module.current().features)
    features.install(site)
    declared_by = {kind.name: feature.name for feature in site for kind in feature.events}
    return catalogue.markdown([kind for feature in site for kind in feature.events], declared_by)


def _catalogue(args) -> None:
    from portal.events import catalogue

    text = site_catalogue()
    if args.readme:
        path = Path(args.readme)
        path.write_text(catalogue.into_readme(path.read_text(encoding="utf-8"), text), encoding="utf-8")
        print(f"Wrote the catalogue of event kinds into {args.readme}.")
    elif args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Wrote the catalogue of event kinds to {args.output}.")
    else:
        print(text, end="")


async def _worker() -> None:
    from portal import worker

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with database():
        print("Vox worker: dispatching events (Ctrl+C to stop).")
        await worker.run(stop)


def _run(args) -> None:
    import uvicorn

    from portal import seed
    from portal.app import create_app

    asyncio.run(_migrate())
    if not args.no_demo:
        asyncio.run(_seed(argparse.Namespace(demo=True, scale=0)))
    settings = settings_module.current()
    port = args.port or settings.port
    print(f"\nVox is running at http://127.0.0.1:{port}\n\nDemo logins:")
    for role, email, password in seed.demo_logins():
        print(f"  {role:<10} {email:<26} {password}")
    print()
    # Our own request log (one JSON line with a request id) replaces uvicorn's access log.
    logging.getLogger("portal.requests").setLevel(logging.INFO)
    uvicorn.run(create_app(settings.with_(run_dispatcher=True)), host=args.host, port=port,
                log_level="info", access_log=False, proxy_headers=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portal", description="Vox, the customer co-creation portal.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="migrate, seed the demo community once, and serve (dev)")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=None, help="default: $PORT or 8000")
    run.add_argument("--no-demo", action="store_true", help="do not seed the demo community")

    sub.add_parser("worker", help="dispatch events to their consumers (production)")
    sub.add_parser("migrate", help="bring the database schema up to date")

    seed = sub.add_parser("seed", help="create demo or benchmark data")
    seed.add_argument("--demo", action="store_true", help="the demo community (idempotent)")
    seed.add_argument("--scale", type=int, default=0, metavar="N", help="N members for benchmarks")

    users = sub.add_parser("users", help="manage accounts").add_subparsers(dest="action", required=True)
    create = users.add_parser("create", help="create a verified account")
    create.add_argument("email")
    create.add_argument("--role", default="member", choices=["member", "moderator", "product", "service", "admin"])
    create.add_argument("--password", required=True)
    create.add_argument("--name", default=None, help="display name (default: from the email)")

    tokens = sub.add_parser("tokens", help="manage API tokens").add_subparsers(dest="action", required=True)
    token = tokens.add_parser("create", help="create an API token; prints it alone on the last line")
    token.add_argument("email")
    token.add_argument("--scope", action="append", choices=["read", "write", "staff"])
    token.add_argument("--name", default="CLI token")

    sub.add_parser("reindex", help="rebuild the search index from the database")
    replay = sub.add_parser("replay", help="run one consumer over every event again")
    replay.add_argument("consumer")
    events_cmd = sub.add_parser("events", help="the event spine").add_subparsers(dest="action", required=True)
    catalogue = events_cmd.add_parser("catalogue", help="write the Markdown catalogue of event kinds")
    catalogue.add_argument("--output", "-o", default=None, help="a file (default: print it)")
    catalogue.add_argument("--readme", default=None, help="replace the catalogue section of this README")
    return parser


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=os.environ.get("PORTAL_LOG_LEVEL", "WARNING"), format="%(message)s")
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "events":
        return _catalogue(args)
    commands = {
        "worker": lambda: _worker(),
        "migrate": lambda: _migrate(),
        "seed": lambda: _seed(args),
        "users": lambda: _users_create(args),
        "tokens": lambda: _tokens_create(args),
        "reindex": lambda: _reindex(),
        "replay": lambda: _replay(args),
    }
    asyncio.run(commands[args.command]())


if __name__ == "__main__":
    main()
