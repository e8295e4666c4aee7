"""The JSON API under /api/v1, typed from pydantic models.

A feature declares its API next to its routes, in `<feature>/api.py`: request and response models
(subclasses of `Input` and `Output`, built from the field types in portal/api/types.py) and a list
`operations` of `Operation`s. portal/app.py hands every feature's operations to `routes()`, which
also serves /openapi.json generated from the same declarations. The rules stay in the services.

A caller is a bearer token (with scopes: read, write, staff) or a logged-in browser session (which
must send the X-CSRF-Token header on unsafe requests, enforced by the CSRF middleware)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from . import me, openapi
from .operations import Call, Operation
from .operations import routes as operation_routes
from .types import ID_MAX, Id, Input, Line, Omittable, Output, Slug, Text

__all__ = ["Call", "Operation", "Input", "Output", "Line", "Text", "Id", "Slug", "Omittable", "ID_MAX",
           "routes", "core_operations"]

API_VERSION = "2.0.0"
DESCRIPTION = ("Bearer tokens come from /me/tokens or `portal tokens create`. Errors are "
               "application/problem+json (RFC 9457). Lists page with opaque cursors: follow `next`.")

core_operations = me.operations


def routes(operations: list[Operation]) -> list[Route]:
    """The routes of these operations, and /openapi.json describing exactly them."""
    document = openapi.document(operations, version=API_VERSION, description=DESCRIPTION)

    async def openapi_json(request: Request) -> JSONResponse:
        return JSONResponse(document)

    return [Route("/openapi.json", openapi_json, methods=["GET"]), *operation_routes(operations)]
