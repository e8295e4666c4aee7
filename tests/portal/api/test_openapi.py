"""/api/v1/openapi.json: valid OpenAPI 3.1, generated from the declared operations and models."""
import re

from openapi_spec_validator import validate

from portal.api import ID_MAX

METHODS = {"get", "post", "put", "patch", "delete"}


async def _spec(client):
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield path, method, op


async def test_the_document_is_valid_openapi_3_1(client, db):
    spec = await _spec(client)
    assert spec["openapi"] == "3.1.0"
    validate(spec)


async def test_every_path_parameter_is_declared_as_a_bounded_integer(client, db):
    spec = await _spec(client)
    for path, method, op in _operations(spec):
        names = set(re.findall(r"{(\w+)}", path))
        declared = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "path"}
        assert set(declared) == names, (method, path)
        for param in declared.values():
            assert param["required"] and param["schema"] == {"type": "integer", "minimum": 1, "maximum": ID_MAX}


async def test_operations_have_ids_tags_scopes_and_their_errors(client, db):
    spec = await _spec(client)
    ids = [op["operationId"] for _, _, op in _operations(spec)]
    assert len(ids) == len(set(ids)) == 26
    tags = {t["name"] for t in spec["tags"]}
    for path, method, op in _operations(spec):
        assert op["tags"] and set(op["tags"]) <= tags and op["summary"]
        scopes = [s["bearer"] for s in op["security"] if "bearer" in s]
        assert scopes and set(scopes[0]) <= {"read", "write", "staff"}
        if method != "get":
            assert "write" in scopes[0], (method, path)
        expected = {"400", "401", "403", "422", "429"} | ({"404"} if "{" in path else set())
        if "requestBody" in op:
            assert op["requestBody"]["required"] is True
            expected |= {"413", "415"}
        assert expected <= set(op["responses"]), (method, path)
        for status in expected:
            assert set(op["responses"][status]["content"]) == {"application/problem+json"}
    assert spec["paths"]["/ideas/{idea_id}/merge"]["post"]["security"] == [{"bearer": ["write", "staff"]}]
    assert {"409"} <= set(spec["paths"]["/ideas/{idea_id}/vote"]["put"]["responses"])


async def test_the_models_are_components(client, db):
    spec = await _spec(client)
    schemas = spec["components"]["schemas"]
    comments = spec["paths"]["/ideas/{idea_id}/comments"]
    assert comments["post"]["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Comment"}
    assert set(schemas["Comment"]["required"]) >= {"id", "body", "official", "author", "created_at"}
    assert schemas["NewIdea"]["additionalProperties"] is False
    assert schemas["NewIdea"]["properties"]["title"]["maxLength"] == 200
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail"]
    board = {p["name"]: p for p in spec["paths"]["/ideas"]["get"]["parameters"]}
    assert board["limit"]["schema"]["maximum"] == 100 and board["tag"]["schema"]["anyOf"][0]["maxLength"] == 24
