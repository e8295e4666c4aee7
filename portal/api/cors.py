"""CORS for /api/v1 only, off unless PORTAL_CORS_ORIGINS lists origins.

Bearer calls only: no credentials (cookies) cross origins, so a listed origin can never ride on a
member's browser session."""
from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp


def allow(app: ASGIApp, origins: tuple[str, ...]) -> ASGIApp:
    """`app`, answering CORS requests from `origins` (unchanged when there are none)."""
    if not origins:
        return app
    return CORSMiddleware(
        app, allow_origins=list(origins), allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        expose_headers=["ETag", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining",
                        "RateLimit-Reset"],
        max_age=600)
