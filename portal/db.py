"""Tortoise setup: the apps (one per package) and their model modules, in dependency order."""
from __future__ import annotations

import logging
import os

from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError

log = logging.getLogger("portal.db")

# Each feature is its own Tortoise app. Order matters: an app's foreign keys point only to apps
# listed before it, and its migrations name those apps' migrations as dependencies.
APPS: dict[str, list[str]] = {
    "portal": [
        "portal.accounts.models",
        "portal.profiles.models",
        "portal.events.models",
        "portal.notify.models",
    ],
    "ideas": ["ideas.models"],
}


def tortoise_config(database_url: str) -> dict:
    """The Tortoise configuration for a database URL (SQLite or PostgreSQL)."""
    if database_url.startswith("postgresql://"):
        database_url = "postgres://" + database_url.removeprefix("postgresql://")
    connection: str | dict = database_url
    if database_url.startswith("sqlite:"):
        # Our engine: write transactions take the lock when they begin (see portal/sqlite_engine.py).
        connection = {**expand_db_url(database_url), "engine": "portal.sqlite_engine"}
    return {
        "connections": {"default": connection},
        "apps": {
            label: {
                "models": modules,
                "migrations": f"{label}.migrations",
                "default_connection": "default",
            }
            for label, modules in APPS.items()
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def model_modules() -> list[str]:
    return [module for modules in APPS.values() for module in modules]


async def drop_old_copies() -> None:
    """Call after an erasure has committed. On SQLite, the write-ahead log still holds the pages
    as they were before (with the person in them): write the latest pages into the database file
    and truncate the log, so no old copy stays readable (deleted content in the pages themselves
    is zeroed by secure_delete, see portal/sqlite_engine.py). On PostgreSQL, nothing: dead rows
    stay until VACUUM, which the operator runs (see the README)."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect != "sqlite":
        return
    if isinstance(connection, TransactionalDBClient):
        # SQLite refuses a checkpoint inside a transaction; the caller's commit is still to come.
        log.warning("erasure inside an outer transaction: the SQLite log keeps old pages until the "
                    "next checkpoint")
        return
    try:
        _, rows = await connection.execute_query("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:
        rows = [("locked",)]
    if rows and rows[0][0]:
        # Another process held the database past the busy timeout: the erasure stands, and the
        # old pages are overwritten by a later checkpoint (or truncated by the next erasure).
        log.warning("after an erasure the SQLite log could not be truncated: %s", tuple(rows[0]))


# For the `tortoise` command line (makemigrations), see [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", "sqlite://data/vox.sqlite3"))
