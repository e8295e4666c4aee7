"""Tortoise setup: the apps (one per package) and their model modules, in dependency order."""
from __future__ import annotations

import os

from tortoise.backends.base.config_generator import expand_db_url

# Each feature is its own Tortoise app. Order matters: an app's foreign keys point only to apps
# listed before it, and its migrations name those apps' migrations as dependencies.
APPS: dict[str, list[str]] = {
    "portal": [
        "portal.accounts.models",
        "portal.profiles.models",
        "portal.events",
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


# For the `tortoise` command line (makemigrations), see [tool.tortoise] in pyproject.toml.
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", "sqlite://data/vox.sqlite3"))
