"""For the `tortoise` command line (makemigrations): the database apps of the installed features.
See [tool.tortoise] in pyproject.toml."""
from __future__ import annotations

import os

from portal import core, features
from portal.db import tortoise_config
from portal.settings import _names

features.install(core.installed(_names(os.environ["PORTAL_FEATURES"]) if "PORTAL_FEATURES" in os.environ else None))
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", "sqlite://data/vox.sqlite3"))
