"""The ASGI app for uvicorn (the Procfile's `web`).

Here the web processes only write events; `portal worker` dispatches them. Set
PORTAL_DISPATCHER=inprocess to run the dispatcher inside a single web process instead."""
from __future__ import annotations

import logging
import os

from portal.app import create_app
from portal.settings import load_settings

logging.basicConfig(level=logging.INFO, format="%(message)s")
app = create_app(load_settings({"PORTAL_DISPATCHER": "worker", **os.environ}))
