"""Tortoise setup: the apps (one per package) and their model modules, in dependency order."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from typing import Any

from tortoise import fields
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.connection import get_connections
from tortoise.exceptions import DBConnectionError, OperationalError

log = logging.getLogger("portal.db")

# The core and each feature are Tortoise apps: label -> (model modules, migrations package).
# Order matters: an app's foreign keys point only to apps listed before it (features point only to
# the core), and its migrations name those apps' migrations as dependencies. Filled from the
# feature declarations at install (portal/features.py).
APPS: dict[str, tuple[list[str], str | None]] = {}


class TsVectorField(fields.Field[str]):
    """A PostgreSQL `tsvector` column (written by SQL only, see portal/search/postgres_backend.py);
    TEXT on other databases. Always nullable."""

    SQL_TYPE = "TEXT"
    field_type = str  # asyncpg reads a tsvector as its text form

    class _db_postgres:
        SQL_TYPE = "TSVECTOR"

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("null", True)
        super().__init__(**kwargs)


# PostgreSQL full-text search analyses English with the original Porter stemmer, as the Whoosh
# backend does (PostgreSQL's own `english` uses Porter2, which leaves "akkus" unlike "akku"):
# `vox_english` is `english` (parser, stop words) with that one dictionary replaced. German uses
# PostgreSQL's `german`. Made by migration 0007, and by the tests after generate_schemas.
PG_TEXT_SEARCH_SETUP = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'vox_porter') THEN
    CREATE TEXT SEARCH DICTIONARY vox_porter (TEMPLATE = snowball, Language = porter, StopWords = english);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vox_english') THEN
    CREATE TEXT SEARCH CONFIGURATION vox_english (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION vox_english ALTER MAPPING REPLACE english_stem WITH vox_porter;
  END IF;
END $$;
"""


# The GIN indexes the PostgreSQL search reads (one per vector of `search_document`), made by
# migration 0007 and by the tests after generate_schemas (Tortoise cannot declare them).
PG_SEARCH_INDEXES = "".join(
    f'CREATE INDEX IF NOT EXISTS "search_document_{column}_gin" ON "search_document" USING GIN ("{column}");'
    for column in ("title_tsv", "public_tsv", "members_tsv", "staff_tsv"))


def install(apps: dict[str, tuple[list[str], str | None]]) -> None:
    """Replace the database apps with the installed features' (the core's first)."""
    APPS.clear()
    APPS.update(apps)


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
                **({"migrations": migrations} if migrations else {}),
                "default_connection": "default",
            }
            for label, (modules, migrations) in APPS.items()
        },
        "use_tz": True,
        "timezone": "UTC",
    }


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
    rows: Sequence[Any]  # sqlite3.Row here, though execute_query is annotated as returning dicts
    try:
        _, rows = await connection.execute_query("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:
        rows = [("locked",)]
    if rows and rows[0][0]:
        # Another process held the database past the busy timeout: the erasure stands, and the
        # old pages are overwritten by a later checkpoint (or truncated by the next erasure).
        log.warning("after an erasure the SQLite log could not be truncated: %s", tuple(rows[0]))



async def refresh_statistics(*, thorough: bool = False) -> None:
    """Tell the query planner how big each table is and how its values spread, so it picks the
    indexes (without statistics PostgreSQL guessed 259 rows for 50,017 ideas). Run by `portal
    migrate` and after `portal seed`, which load rows in bulk.

    PostgreSQL: `ANALYZE` (its autovacuum keeps the statistics fresh afterwards). SQLite (which
    never gathers them by itself): `ANALYZE` over a sample of each index (`analysis_limit`), or
    over every row when `thorough` (after a bulk load), then `PRAGMA optimize`."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect != "sqlite":
        await connection.execute_script("ANALYZE")
        return
    await connection.execute_script(f"PRAGMA analysis_limit = {0 if thorough else 1000}")
    await connection.execute_script("ANALYZE")
    await connection.execute_script("PRAGMA optimize")


async def estimated_rows(table: str) -> int | None:
    """How many rows `table` holds by the planner's statistics (read in one lookup, not counted),
    or None when there are none yet. PostgreSQL keeps them fresh (autovacuum); SQLite's are as of
    the last `refresh_statistics` (`portal migrate`, `portal seed`)."""
    connection = get_connections().get("default")
    if connection.capabilities.dialect == "sqlite":
        try:
            rows = await connection.execute_query_dict(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx IS NOT NULL LIMIT 1", [table])
        except OperationalError:  # no ANALYZE has ever run: the table does not exist
            return None
        return int(rows[0]["stat"].split()[0]) if rows else None
    rows = await connection.execute_query_dict(
        "SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)", [table])
    # -1: never analyzed or vacuumed (PostgreSQL 14 and later), 0 before that.
    return int(rows[0]["reltuples"]) if rows and rows[0]["reltuples"] > 0 else None


# How long a client should wait before trying again while the database is away (a restart or a
# failover takes seconds; the pool reconnects by itself on the next request).
RETRY_AFTER_SECONDS = 5
_SQLITE_AWAY = ("database is locked", "unable to open database file", "disk i/o error")


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` (or what caused it) says the database cannot be reached right now, as
    opposed to a bug: a refused or dropped connection, PostgreSQL starting up or shutting down,
    SQLite locked past its busy timeout. Pages answer 503 then, not 500."""
    import asyncpg

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (ConnectionError, TimeoutError, DBConnectionError,
                                asyncpg.PostgresConnectionError, asyncpg.CannotConnectNowError,
                                asyncpg.AdminShutdownError, asyncpg.CrashShutdownError)):
            return True
        if isinstance(current, asyncpg.InterfaceError) and "closed" in str(current).lower():
            return True  # a pooled connection the server dropped
        if isinstance(current, (OperationalError, sqlite3.OperationalError)) and any(
                text in str(current).lower() for text in _SQLITE_AWAY):
            return True
        current = current.__cause__ or current.__context__
    return False
