"""The JSON API under /api/v1: who is calling, the OpenAPI description, and the core's own routes.

A caller is a bearer token (with scopes) or a logged-in browser session (which must send the
X-CSRF-Token header on unsafe requests, enforced by the CSRF middleware). Features add their routes
and their OpenAPI paths here through `register()`; the rules stay in their services."""
from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from portal.accounts.models import Member
from portal.errors import N_, Forbidden, Invalid, Unauthenticated
from portal.profiles import access_log, consents, export
from portal.profiles import service as profiles
from portal.profiles.fields import CHOOSABLE, EDITABLE, visibility_of

API_VERSION = "1.0.0"


def caller(request: Request, scope: str) -> Member:
    """The member calling the API, holding `scope` when they came with a token.

    Raises Unauthenticated (401) without valid credentials and Forbidden (403) for a token
    without the scope. A browser session holds every scope its member's role allows."""
    member = getattr(request.state, "member", None)
    if member is None:
        raise Unauthenticated(N_("Please send a valid API token (Authorization: Bearer …)."))
    token = getattr(request.state, "api_token", None)
    if token is not None and scope not in (token.scopes or ()):
        raise Forbidden(N_("This token lacks the %(scope)s scope."), scope=scope)
    return member


async def json_body(request: Request) -> dict:
    """The request's JSON object, or Invalid (422) for anything else."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Invalid("body", N_("The request body must be a JSON object.")) from None
    if not isinstance(body, dict):
        raise Invalid("body", N_("The request body must be a JSON object."))
    return body


# -- /api/v1/me --------------------------------------------------------------------------------

async def me_json(member: Member) -> dict:
    profile = await profiles.get_profile(member)
    return {
        "id": member.pk,
        "email": member.email,
        "email_verified": member.is_verified,
        "display_name": member.display_name,
        "handle": member.handle,
        "bio": profile.bio,
        "company": profile.company,
        "country": profile.country,
        "interests": list(profile.interests or []),
        "language": member.language,
        "roles": list(member.roles or []),
        "visibility": {name: visibility_of(profile, name) for name in CHOOSABLE},
        "digest": profile.digest,
        "consents": {name: at is not None for name, at in (await consents.current(member)).items()},
        "created_at": member.created_at.isoformat(),
    }


def token_label(request: Request) -> str:
    """How a member's access log names the API token of this request ("" for a browser session)."""
    token = getattr(request.state, "api_token", None)
    return f"API token “{token.name}”" if token is not None else ""


async def get_me(request: Request):
    member = caller(request, "read")
    label = token_label(request)
    if label:
        await access_log.record(member.pk, "api.read", actor=member, actor_label=label)
    return JSONResponse(await me_json(member))


async def patch_me(request: Request):
    member = caller(request, "write")
    body = await json_body(request)
    # Only the editable profile fields and the visibility choices pass; role, status, email and
    # anything unknown are ignored, as documented.
    changes = {k: v for k, v in body.items() if k in EDITABLE or k in ("visibility", "digest")}
    # Checked before anything is saved, so a bad request changes nothing.
    wanted = consents.clean(body.get("consents", {}))
    await profiles.update_profile(member, changes)
    if wanted:
        await consents.set_consents(member, wanted, via="api")
    return JSONResponse(await me_json(member))


async def get_my_export(request: Request):
    member = caller(request, "read")
    return JSONResponse(await export.build(member, member.pk, token_label=token_label(request)))


# -- OpenAPI -----------------------------------------------------------------------------------

_ERROR = {"$ref": "#/components/schemas/Error"}
_ERRORS = {
    "401": {"description": "No valid credentials", "content": {"application/json": {"schema": _ERROR}}},
    "403": {"description": "Not allowed (scope or role)", "content": {"application/json": {"schema": _ERROR}}},
    "422": {"description": "Invalid input", "content": {"application/json": {"schema": _ERROR}}},
}
_ME = {"$ref": "#/components/schemas/Me"}

SCHEMAS: dict[str, dict] = {
    "Error": {"type": "object", "required": ["error", "status"], "properties": {
        "error": {"type": "string"}, "status": {"type": "integer"},
        "errors": {"type": "object", "additionalProperties": {"type": "string"}}}},
    "Me": {"type": "object", "properties": {
        "id": {"type": "integer"}, "email": {"type": "string"}, "email_verified": {"type": "boolean"},
        "display_name": {"type": "string", "maxLength": 80}, "handle": {"type": "string"},
        "bio": {"type": "string", "maxLength": 500}, "company": {"type": "string", "maxLength": 100},
        "country": {"type": "string", "description": "ISO 3166 alpha-2 code, or empty"},
        "interests": {"type": "array", "items": {"type": "string"}, "maxItems": 8},
        "language": {"type": "string", "enum": ["en", "de"]},
        "roles": {"type": "array", "items": {"type": "string"}, "readOnly": True},
        "visibility": {"type": "object", "additionalProperties": {
            "type": "string", "enum": ["public", "members", "staff", "private"]}},
        "digest": {"type": "string", "enum": ["off", "daily", "weekly"]},
        "consents": {"type": "object", "additionalProperties": {"type": "boolean"},
                     "description": "contact, surveys, name_to_product, newsletter: true while given"},
        "created_at": {"type": "string", "format": "date-time", "readOnly": True}}},
}
PATHS: dict[str, dict] = {
    "/me/export": {
        "get": {"summary": "Everything Vox holds about you (format vox.member-export, see the README)",
                "security": [{"bearer": ["read"]}],
                "responses": {"200": {"description": "The export",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              **_ERRORS}},
    },
    "/me": {
        "get": {"summary": "Your own profile", "security": [{"bearer": ["read"]}],
                "responses": {"200": {"description": "Your profile",
                                      "content": {"application/json": {"schema": _ME}}}, **_ERRORS}},
        "patch": {"summary": "Change your own profile (unknown and read-only fields are ignored)",
                  "security": [{"bearer": ["write"]}],
                  "requestBody": {"content": {"application/json": {"schema": _ME}}},
                  "responses": {"200": {"description": "The changed profile",
                                        "content": {"application/json": {"schema": _ME}}}, **_ERRORS}},
    },
}


def register(paths: dict[str, dict], schemas: dict[str, dict] | None = None) -> None:
    """A feature adds its API paths (and their schemas) to the OpenAPI description."""
    PATHS.update(paths)
    SCHEMAS.update(schemas or {})


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Vox API", "version": API_VERSION,
                 "description": "Bearer tokens come from /me/tokens or `portal tokens create`."},
        "servers": [{"url": "/api/v1"}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


async def openapi(request: Request):
    return JSONResponse(openapi_document())


routes = [
    Route("/openapi.json", openapi),
    Route("/me", get_me, methods=["GET"]),
    Route("/me", patch_me, methods=["PATCH"]),
    Route("/me/export", get_my_export, methods=["GET"]),
]
