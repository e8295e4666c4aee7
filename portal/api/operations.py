"""One API operation, declared once: method, typed path, operationId, tag, summary, required scope,
request and response models, the errors it can give. `routes()` turns the declarations into
Starlette routes; portal/api/openapi.py turns the same declarations into the OpenAPI document.

What every operation gets from here, so no handler repeats it: who is calling and with which
scope (401 / 403), the per-caller rate limit (429, RateLimit-* headers), the query and the JSON
body checked against the declared models (415 / 400 / 422), the response serialised through its
model, and an ETag on GETs (304 for a matching If-None-Match)."""
from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from portal import ratelimit, settings
from portal.accounts.models import ApiToken, Member
from portal.errors import N_, DomainError, Forbidden, Throttled, Unauthenticated

from . import problems
from .types import Input, Output

JSON = "application/json"
B = TypeVar("B", bound=Input)
Q = TypeVar("Q", bound=BaseModel)


class UnsupportedMediaType(DomainError):
    status = 415
    message = N_("Please send the body as JSON (Content-Type: application/json).")


class BadRequest(DomainError):
    status = 400
    message = problems.NOT_JSON


@dataclass
class Call:
    """What a handler gets: the caller, the checked input, and room for extra response headers."""

    request: Request
    member: Member | None
    token: ApiToken | None
    params: dict
    query: BaseModel | None = None
    body: Input | None = None
    headers: dict = field(default_factory=dict)

    def require(self, *scopes: str) -> Member:
        """The calling member, holding every one of `scopes` when they came with a token (a browser
        session holds every scope; its role still decides in the service). 401 without
        credentials, 403 without a scope."""
        if self.member is None:
            raise Unauthenticated(N_("Please send a valid API token (Authorization: Bearer …)."))
        for scope in scopes:
            if self.token is not None and scope not in (self.token.scopes or ()):
                raise Forbidden(N_("This token lacks the %(scope)s scope."), scope=scope)
        return self.member

    def body_as(self, model: type[B]) -> B:
        """The checked body, as the operation's declared model (`Operation(body=model)`)."""
        if not isinstance(self.body, model):
            raise TypeError(f"this operation's body is not a {model.__name__}")
        return self.body

    def query_as(self, model: type[Q]) -> Q:
        """The checked query, as the operation's declared model (`Operation(query=model)`)."""
        if not isinstance(self.query, model):
            raise TypeError(f"this operation's query is not a {model.__name__}")
        return self.query

    @property
    def token_label(self) -> str:
        """How a member's access log names this call's token ("" for a browser session)."""
        return f"API token “{self.token.name}”" if self.token is not None else ""


Handler = Callable[[Call], Awaitable[Output | None]]


@dataclass(frozen=True)
class Operation:
    """One method on one path. `path` uses Starlette's typed parameters ("/ideas/{idea_id:int}").
    `scopes`: what a token needs (every unsafe operation needs write; staff actions staff too).
    `public`: callers without credentials may use it too (with credentials, `scopes` still count).
    `errors`: the statuses beyond those every operation can give (see openapi.common_errors)."""

    method: str
    path: str
    handler: Handler
    operation_id: str
    tag: str
    summary: str
    scopes: tuple[str, ...] = ("read",)
    public: bool = False
    query: type[BaseModel] | None = None
    body: type[Input] | None = None
    response: type[Output] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()
    description: str = ""


def routes(operations: list[Operation]) -> list[Route]:
    """One Starlette route per path (so a 405 names every allowed method in Allow)."""
    by_path: dict[str, dict[str, Operation]] = {}
    for op in operations:
        methods = by_path.setdefault(op.path, {})
        assert op.method not in methods, f"{op.method} {op.path} is declared twice"
        methods[op.method] = op
    return [Route(path, _endpoint(methods), methods=list(methods)) for path, methods in by_path.items()]


def _endpoint(methods: dict[str, Operation]):
    async def endpoint(request: Request) -> Response:
        op = methods.get(request.method) or methods["GET"]  # HEAD is answered as GET
        return await run(op, request)
    return endpoint


async def run(op: Operation, request: Request) -> Response:
    """Check, call and answer one operation; domain errors become problem details here so that
    they carry the rate-limit headers too."""
    from portal.web import errors  # the one renderer of errors (pages and problem details)

    state = request.state
    call = Call(request, getattr(state, "member", None), getattr(state, "api_token", None),
                dict(request.path_params))
    limit_headers: dict[str, str] = {}
    try:
        if getattr(state, "bad_credentials", False):
            raise Unauthenticated(N_("This API token is not valid (revoked, expired or mistyped)."))
        if call.member is not None or not op.public:
            call.require(*op.scopes)
        limit_headers, retry_after = await _count(call)
        if retry_after:
            raise Throttled(retry_after)
        call.query = _query(op, request)
        call.body = await _body(op, request)
        result = await op.handler(call)
        response = _answer(op, call, result)
    except DomainError as exc:
        response = await errors.domain_error(request, exc)
    response.headers.update(limit_headers)
    return response


async def _count(call: Call) -> tuple[dict[str, str], int]:
    """Count the call against its caller's budget per minute: a token, else a member's session,
    else the client address. Returns the RateLimit-* headers, and the seconds to wait when the
    budget is used up (0 when it is not)."""
    if call.token is not None:
        key = f"token:{call.token.pk}"
    elif call.member is not None:
        key = f"member:{call.member.pk}"
    else:
        key = f"ip:{call.request.client.host if call.request.client else '-'}"
    per_minute = settings.current().api_calls_per_minute
    allowed, remaining, reset = await ratelimit.api_call(key, per_minute)
    headers = {"RateLimit-Limit": str(per_minute), "RateLimit-Remaining": str(remaining),
               "RateLimit-Reset": str(reset)}
    return headers, (0 if allowed else reset)


def _query(op: Operation, request: Request) -> BaseModel | None:
    if op.query is None:
        return None
    try:
        return op.query.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise problems.from_validation(exc, "query") from None


async def _body(op: Operation, request: Request) -> Input | None:
    if op.body is None:
        return None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != JSON and not (media_type.startswith("application/") and media_type.endswith("+json")):
        raise UnsupportedMediaType()
    try:
        # pydantic parses the JSON itself: strict types, a depth limit, no lone surrogates.
        return op.body.model_validate_json(await request.body())
    except ValidationError as exc:
        if problems.is_not_json(exc):
            raise BadRequest() from None
        raise problems.from_validation(exc, "body") from None


def _answer(op: Operation, call: Call, result: Output | None) -> Response:
    if result is None:
        return Response(status_code=204, headers=call.headers)
    content = result.model_dump_json().encode()
    headers = dict(call.headers)
    if call.request.method in ("GET", "HEAD") and op.status == 200:
        etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
        headers.update({"ETag": etag, "Vary": "Authorization, Cookie"})
        wanted = [tag.strip() for tag in call.request.headers.get("if-none-match", "").split(",")]
        if etag in wanted or f"W/{etag}" in wanted or "*" in wanted:
            return Response(status_code=304, headers=headers)
    return Response(content, status_code=op.status, headers=headers, media_type=JSON)
