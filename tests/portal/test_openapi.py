"""The OpenAPI document (portal/openapi) names every /api/v1 route and method the app serves,
and nothing else; it is served, public and cacheable."""

import re

import jsonschema_rs
from flask import Flask
from werkzeug.test import TestResponse

from portal.openapi import document
from tests.factories import Office, Visitor, bearer


def served_operations(app: Flask) -> set[tuple[str, str]]:
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        operations |= {(method, path) for method in rule.methods or () if method not in {"HEAD", "OPTIONS"}}
    return operations


def documented_operations() -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document()["paths"].items() for method in item}


def test_every_route_is_documented_and_every_documented_path_is_a_route(office: Office) -> None:
    served = served_operations(office.app)
    documented = documented_operations()
    assert served - documented == set(), "routes missing from portal/openapi"
    assert documented - served == set(), "documented operations the app does not serve"


def test_the_document_is_served_public_and_cacheable(office: Office) -> None:
    answer = office.client.get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert answer.json == document()
    assert answer.json["openapi"].startswith("3.1")
    assert "public" in answer.headers["Cache-Control"]
    assert answer.json["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_each_path_parameter_is_declared(office: Office) -> None:
    for path, item in document()["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for operation in item.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == names, path


def conforms(answer: TestResponse, method: str, path: str) -> None:
    """The answer's status is documented for the operation, and its body is of that status's schema."""
    document_ = document()
    responses = document_["paths"][path][method]["responses"]
    assert str(answer.status_code) in responses, (answer.status_code, answer.json)
    schema = responses[str(answer.status_code)]
    if "$ref" in schema:
        schema = document_["components"]["responses"][schema["$ref"].rsplit("/", 1)[1]]
    body_schema = schema["content"]["application/json"]["schema"]
    jsonschema_rs.validate({**body_schema, "components": document_["components"]}, answer.json)


def test_real_answers_schemathesis_cannot_reach_are_of_their_schemas(office: Office, visitor: Visitor) -> None:
    """A signed envelope is beyond what schemathesis can forge: a real one, posted twice."""
    envelope = office.visitor_envelope(visitor).to_json()
    path = "/api/v1/cases/{case_id}/messages"
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    first = office.client.post(url, json=envelope, headers=bearer(visitor.token))
    assert first.status_code == 201
    conforms(first, "post", path)
    again = office.client.post(url, json=envelope, headers=bearer(visitor.token))
    assert again.status_code == 200
    conforms(again, "post", path)
    for token in (visitor.token, office.members[0].token):
        listing = office.client.get(url, headers=bearer(token))
        assert listing.json is not None
        assert len(listing.json["items"]) == 1
        conforms(listing, "get", path)
    conforms(office.client.get("/api/v1/office"), "get", "/api/v1/office")
    inbox = office.client.get("/api/v1/cases", headers=bearer(office.members[0].token))
    conforms(inbox, "get", "/api/v1/cases")
