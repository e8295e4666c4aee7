"""For the `tortoise` command line (makemigrations): the database apps of the installed features.
See [tool.tortoise] in pyproject.toml."""
from __future__ import annotations

import os

from portal import core, features
from portal.db import tortoise_config
from portal.settings import features_named

features.install(core.installed(features_named(os.environ)))
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL", "sqlite://data/vox.sqlite3"))
