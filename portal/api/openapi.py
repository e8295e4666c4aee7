"""The OpenAPI 3.1 document, generated from the operations' declarations and their pydantic
models (nothing here is written by hand per route)."""
from __future__ import annotations

from http import HTTPStatus

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from starlette.routing import compile_path

from portal.web.convertors import IdConvertor
from portal.web.problems import MEDIA_TYPE

from .operations import JSON, Operation
from .types import ID_MAX, Output

REF = "#/components/schemas/{model}"


class ProblemField(Output):
    detail: str
    pointer: str | None = None
    parameter: str | None = None


class Problem(Output):
    """RFC 9457 problem details; `errors` lists the fields that were wrong."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None


def common_errors(op: Operation) -> set[int]:
    """What any operation can answer: a broken request (400), credentials (401, 403), input that
    does not fit (422), too many calls (429); 404 where the path names something; 413 and 415 where
    a body is read."""
    found = {400, 401, 403, 422, 429, *op.errors}
    if "{" in op.path:
        found.add(404)
    if op.body is not None:
        found |= {413, 415}
    return found


def _path(op: Operation) -> tuple[str, list[dict]]:
    """The OpenAPI path ("/ideas/{idea_id}") and its declared path parameters."""
    _, template, convertors = compile_path(op.path)
    params = []
    for name, convertor in convertors.items():
        schema = ({"type": "integer", "minimum": 1, "maximum": ID_MAX} if isinstance(convertor, IdConvertor)
                  else {"type": "string"})
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return template, params


def _query(op: Operation) -> list[dict]:
    if op.query is None:
        return []
    schema = op.query.model_json_schema(ref_template=REF)
    required = set(schema.get("required", ()))
    return [{"name": name, "in": "query", "required": name in required, "schema": prop,
             **({"description": prop["description"]} if "description" in prop else {})}
            for name, prop in schema["properties"].items()]


def _responses(op: Operation, refs: dict) -> dict:
    ok: dict = {"description": HTTPStatus(op.status).phrase}
    if op.response is not None:
        ok["content"] = {JSON: {"schema": refs[(op.response, "serialization")]}}
    responses = {str(op.status): ok}
    if op.method == "GET":
        responses["304"] = {"description": "Not modified: the ETag sent in If-None-Match still holds"}
    problem = {"content": {MEDIA_TYPE: {"schema": refs[(Problem, "serialization")]}}}
    for status in sorted(common_errors(op)):
        responses[str(status)] = {"description": HTTPStatus(status).phrase, **problem}
    responses["401"]["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "integer"},
                                                   "description": "Seconds to wait"}}
    return responses


def document(operations: list[Operation], *, version: str, description: str) -> dict:
    """The OpenAPI 3.1 document for these operations (served under /api/v1/openapi.json)."""
    wanted: set[tuple[type[BaseModel], JsonSchemaMode]] = {(Problem, "serialization")}
    for op in operations:
        if op.body is not None:
            wanted.add((op.body, "validation"))
        if op.response is not None:
            wanted.add((op.response, "serialization"))
    keys, schemas = models_json_schema(sorted(wanted, key=lambda pair: (pair[0].__name__, pair[1])),
                                       ref_template=REF)
    paths: dict[str, dict] = {}
    for op in operations:
        template, path_params = _path(op)
        entry = {
            "operationId": op.operation_id, "tags": [op.tag], "summary": op.summary,
            "security": ([{}] if op.public else []) + [{"bearer": list(op.scopes)}],
            "responses": _responses(op, keys),
        }
        if op.description:
            entry["description"] = op.description
        parameters = path_params + _query(op)
        if parameters:
            entry["parameters"] = parameters
        if op.body is not None:
            entry["requestBody"] = {"required": True,
                                    "content": {JSON: {"schema": keys[(op.body, "validation")]}}}
        paths.setdefault(template, {})[op.method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "Vox API", "version": version, "description": description},
        "servers": [{"url": "/api/v1"}],
        "tags": [{"name": tag} for tag in dict.fromkeys(op.tag for op in operations)],
        "paths": paths,
        "components": {
            "schemas": schemas.get("$defs", {}),
            "securitySchemes": {"bearer": {
                "type": "http", "scheme": "bearer",
                "description": "A token from /me/tokens or `portal tokens create`, with the scopes "
                               "read, write and staff (staff actions need the staff scope and a staff role)."}},
        },
    }
