"""The OpenAPI document (portal/openapi) names every /api/v1 route and method the app serves,
and nothing else; it is served, public and cacheable."""

import re

from flask import Flask

from portal.openapi import document
from tests.factories import Office


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
