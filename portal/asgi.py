"""The ASGI app for uvicorn (the Procfile's `web`).

Here the web processes only write events; `portal worker` dispatches them. Set
PORTAL_DISPATCHER=inprocess to run the dispatcher inside a single web process instead."""
from __future__ import annotations

import logging
import os

from portal.app import create_app
from portal.settings import load_settings

logging.basicConfig(level=logging.INFO, format="%(message)s")
settings = load_settings({"PORTAL_DISPATCHER": "worker", **os.environ})
if settings.ratelimit_url.startswith("memory:") and int(os.environ.get("WEB_CONCURRENCY") or 1) > 1:
    # Each process would keep its own counters: a login throttle of 5 would allow 5 per process.
    logging.getLogger("portal").warning(
        "several web processes count throttles apart: set PORTAL_RATELIMIT_URL=redis://… to share them")
app = create_app(settings)
