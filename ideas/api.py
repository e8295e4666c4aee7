"""The idea board's JSON API under /api/v1 (bearer token, or session + X-CSRF-Token).

Thin: reads the request, calls ideas/service.py, answers JSON. An idea in JSON has id, title,
body, status, tags, vote_count, comment_count, follower_count, voted (for the caller), author,
campaign_id, merged_into, created_at and url."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ideas import service
from ideas.models import STATUSES
from portal import api
from portal.errors import N_, Invalid
from portal.web.pagination import page_number

PER_PAGE = 50


def idea_json(idea, voted: bool) -> dict:
    return {
        "id": idea.pk, "title": idea.title, "body": idea.body, "status": idea.status,
        "tags": [t.slug for t in idea.tags], "vote_count": idea.vote_count,
        "comment_count": idea.comment_count, "follower_count": idea.follower_count, "voted": voted,
        "author": ({"display_name": idea.author.display_name, "handle": idea.author.handle}
                   if idea.author and idea.author.status != "erased" else None),
        "campaign_id": idea.campaign_id, "merged_into": idea.merged_into_id,
        "created_at": idea.created_at.isoformat(), "url": f"/ideas/{idea.pk}",
    }


def _reader(request: Request):
    """Reading the board needs no login; with credentials, the token must hold `read`."""
    if getattr(request.state, "member", None) is None and not getattr(request.state, "bad_credentials", False):
        return None
    return api.caller(request, "read")


async def _one(request: Request, idea_id: int) -> JSONResponse:
    member = getattr(request.state, "member", None)
    idea = await service.get_idea(member, idea_id)
    return JSONResponse(idea_json(idea, idea.pk in await service.voted_ids(member, [idea])))


async def list_ideas(request: Request):
    member = _reader(request)
    params = request.query_params
    page_no = page_number(params.get("cursor"))
    page = await service.list_ideas(member, sort=params.get("sort", "trending"), status=params.get("status", ""),
                                    tag=params.get("tag", ""), q=params.get("q", "").strip()[:200],
                                    page=page_no, per_page=PER_PAGE)
    voted = await service.voted_ids(member, page.items)
    return JSONResponse({
        "items": [idea_json(i, i.pk in voted) for i in page.items],
        "total": page.total,
        "next_cursor": str(page_no + 1) if page.has_next else None,
    })


async def create_idea(request: Request):
    member = api.caller(request, "write")
    body = await api.json_body(request)
    tags = body.get("tags", [])
    if not isinstance(tags, list):
        raise Invalid("tags", N_("Please choose tags from the list."))
    idea = await service.submit(member, str(body.get("title", "")), str(body.get("body", "")),
                                [str(t) for t in tags], campaign_id=body.get("campaign_id"))
    response = await _one(request, idea.pk)
    response.status_code = 201
    response.headers["Location"] = f"/api/v1/ideas/{idea.pk}"
    return response


async def get_idea(request: Request):
    _reader(request)
    return await _one(request, request.path_params["idea_id"])


async def patch_idea(request: Request):
    """The author edits title/body/tags while new; staff change status (with note), tags, owner."""
    member = api.caller(request, "write")
    idea_id = request.path_params["idea_id"]
    body = await api.json_body(request)
    if "status" in body:
        await service.change_status(member, idea_id, body["status"], str(body.get("note", "")))
    if "owner" in body:
        owner = body["owner"]
        if owner is not None and not isinstance(owner, int):
            raise Invalid("owner", N_("Please choose a staff member."))
        await service.set_owner(member, idea_id, owner)
    if "title" in body or "body" in body:
        current = await service.get_idea(member, idea_id)
        await service.edit(member, idea_id, title=str(body.get("title", current.title)),
                           body=str(body.get("body", current.body)),
                           tag_slugs=body.get("tags", [t.slug for t in current.tags]))
    elif "tags" in body:
        if not isinstance(body["tags"], list):
            raise Invalid("tags", N_("Please choose tags from the list."))
        await service.set_tags(member, idea_id, [str(t) for t in body["tags"]])
    return await _one(request, idea_id)


async def put_vote(request: Request):
    member = api.caller(request, "write")
    idea, voted = await service.set_vote(member, request.path_params["idea_id"], request.method == "PUT")
    return JSONResponse({"vote_count": idea.vote_count, "voted": voted})


async def list_comments(request: Request):
    member = _reader(request)
    idea = await service.get_idea(member, request.path_params["idea_id"])
    return JSONResponse({"items": [_comment_json(c) for c in await service.comments_of(idea)]})


def _comment_json(comment) -> dict:
    return {"id": comment.pk, "body": comment.body, "official": comment.official,
            "author": comment.author.display_name if comment.author and comment.author.status != "erased" else None,
            "created_at": comment.created_at.isoformat()}


async def create_comment(request: Request):
    member = api.caller(request, "write")
    body = await api.json_body(request)
    comment = await service.add_comment(member, request.path_params["idea_id"], str(body.get("body", "")))
    await comment.fetch_related("author")
    return JSONResponse(_comment_json(comment), status_code=201)


async def merge(request: Request):
    member = api.caller(request, "staff")
    body = await api.json_body(request)
    into = body.get("into")
    if not isinstance(into, int):
        raise Invalid("into", N_("Please enter the number of the idea to merge into."))
    source = await service.merge(member, request.path_params["idea_id"], into, str(body.get("note", "")))
    return await _one(request, source.merged_into_id)


routes = [
    Route("/ideas", list_ideas, methods=["GET"]),
    Route("/ideas", create_idea, methods=["POST"]),
    Route("/ideas/{idea_id:int}", get_idea, methods=["GET"]),
    Route("/ideas/{idea_id:int}", patch_idea, methods=["PATCH"]),
    Route("/ideas/{idea_id:int}/vote", put_vote, methods=["PUT", "DELETE"]),
    Route("/ideas/{idea_id:int}/comments", list_comments, methods=["GET"]),
    Route("/ideas/{idea_id:int}/comments", create_comment, methods=["POST"]),
    Route("/ideas/{idea_id:int}/merge", merge, methods=["POST"]),
]

_IDEA = {"$ref": "#/components/schemas/Idea"}
_ERR = {"$ref": "#/components/schemas/Error"}


def _responses(ok: str, schema: dict | None = None, code: str = "200") -> dict:
    content = {"content": {"application/json": {"schema": schema}}} if schema else {}
    errors = {c: {"description": d, "content": {"application/json": {"schema": _ERR}}}
              for c, d in (("401", "No valid credentials"), ("403", "Not allowed"), ("404", "No such idea"),
                           ("409", "Not possible in the idea's state"), ("422", "Invalid input"))}
    return {code: {"description": ok, **content}, **errors}


api.register({
    "/ideas": {
        "get": {"summary": "The board", "parameters": [
            {"name": n, "in": "query", "schema": {"type": "string"}} for n in ("sort", "status", "tag", "q", "cursor")],
            "responses": _responses("A page of ideas", {"type": "object", "properties": {
                "items": {"type": "array", "items": _IDEA}, "total": {"type": "integer"},
                "next_cursor": {"type": ["string", "null"]}}})},
        "post": {"summary": "Propose an idea", "security": [{"bearer": ["write"]}],
                 "requestBody": {"content": {"application/json": {"schema": {
                     "type": "object", "required": ["title"], "properties": {
                         "title": {"type": "string", "maxLength": 200}, "body": {"type": "string"},
                         "tags": {"type": "array", "items": {"type": "string"}},
                         "campaign_id": {"type": "integer"}}}}}},
                 "responses": _responses("The new idea", _IDEA, "201")},
    },
    "/ideas/{id}": {
        "get": {"summary": "One idea", "responses": _responses("The idea", _IDEA)},
        "patch": {"summary": "Edit (author, while new) or triage (staff: status with note, tags, owner)",
                  "security": [{"bearer": ["write"]}],
                  "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                      "title": {"type": "string"}, "body": {"type": "string"},
                      "tags": {"type": "array", "items": {"type": "string"}},
                      "status": {"type": "string", "enum": [s for s in STATUSES if s != "merged"]},
                      "note": {"type": "string"}, "owner": {"type": ["integer", "null"]}}}}}},
                  "responses": _responses("The changed idea", _IDEA)},
    },
    "/ideas/{id}/vote": {
        "put": {"summary": "Vote (idempotent)", "security": [{"bearer": ["write"]}],
                "responses": _responses("The count and your vote", {"$ref": "#/components/schemas/VoteState"})},
        "delete": {"summary": "Take the vote back (idempotent)", "security": [{"bearer": ["write"]}],
                   "responses": _responses("The count and your vote", {"$ref": "#/components/schemas/VoteState"})},
    },
    "/ideas/{id}/comments": {
        "get": {"summary": "Comments of an idea", "responses": _responses("The comments")},
        "post": {"summary": "Comment (staff comments are official)", "security": [{"bearer": ["write"]}],
                 "requestBody": {"content": {"application/json": {"schema": {
                     "type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}}}}},
                 "responses": _responses("The comment", None, "201")},
    },
    "/ideas/{id}/merge": {
        "post": {"summary": "Merge this idea into another (staff)", "security": [{"bearer": ["staff"]}],
                 "requestBody": {"content": {"application/json": {"schema": {
                     "type": "object", "required": ["into"], "properties": {
                         "into": {"type": "integer"}, "note": {"type": "string"}}}}}},
                 "responses": _responses("The idea it was merged into", _IDEA)},
    },
}, {
    "Idea": {"type": "object", "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"}, "body": {"type": "string"},
        "status": {"type": "string", "enum": list(STATUSES)},
        "tags": {"type": "array", "items": {"type": "string"}}, "vote_count": {"type": "integer"},
        "comment_count": {"type": "integer"}, "follower_count": {"type": "integer"}, "voted": {"type": "boolean"},
        "author": {"type": ["object", "null"]}, "campaign_id": {"type": ["integer", "null"]},
        "merged_into": {"type": ["integer", "null"]}, "created_at": {"type": "string", "format": "date-time"},
        "url": {"type": "string"}}},
    "VoteState": {"type": "object", "properties": {"vote_count": {"type": "integer"}, "voted": {"type": "boolean"}}},
})
