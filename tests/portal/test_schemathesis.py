"""schemathesis against the app in process (WSGI), as a member and as a visitor: every operation
of the OpenAPI document with a few generated requests each (and a few malformed ones), and every
answer is no server error, a documented status and a body of its documented schema
(portal/openapi)."""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from portal.openapi import document
from tests.factories import Office, Visitor, bearer, new_office

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Signing out, or destroying the case, would end the token or case every later request uses:
# both have their own tests.
SKIPPED = {("DELETE", "/api/v1/auth/session"), ("DELETE", "/api/v1/cases/{case_id}")}


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path) -> Iterator[Office]:
    """One office on SQLite for the whole module: a signed-in member holding the office key, and
    a visitor with an open case."""
    instance = tmp_path_factory.mktemp("schemathesis") / "instance"
    instance.mkdir()
    shutil.copy(migrated_sqlite, instance / "sottovoce.db")
    office = new_office(instance)
    office.sign_in_member(office.enrol("alice"))
    yield office
    office.app.extensions["sottovoce"]["engine"].dispose()


@pytest.fixture(scope="module")
def visitor(portal: Office) -> Visitor:
    return portal.open_case()


FEW = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def every_operation_answers_as_documented(office: Office, headers: dict[str, str], case_id: str) -> None:
    """Each operation in turn, a few generated requests each (schemathesis's own pytest lazy
    loader does not run on this pytest: its subtests break on ``_nodeid``, hence the loop).
    A ``case_id`` is the visitor's real case, so the requests reach past "no such case" (a
    random one is the hostile input sweep's)."""
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", office.app)
    operations = []
    for result in api.get_all_operations():
        assert isinstance(result, Ok), result.err()  # the document itself is valid
        operations.append(result.ok())
    assert len(operations) > 50
    for operation in operations:
        if (operation.method.upper(), operation.path) in SKIPPED:
            continue
        for mode in modes_for(operation.method, operation.path):

            @FEW
            @given(case=operation.as_strategy(mode))
            def answers_as_documented(case: schemathesis.Case[Any]) -> None:
                if case.path_parameters and "case_id" in case.path_parameters:
                    case.path_parameters["case_id"] = case_id
                case.call_and_validate(headers=headers, checks=CHECKS)

            answers_as_documented()


def modes_for(method: str, path: str) -> list[GenerationMode]:
    """Requests of the document's forms, and, where there is a body or a query to get wrong, some
    not of their forms (answered 400, documented as such; a path alone has nothing to negate)."""
    operation = document()["paths"][path][method.lower()]
    has_input = "requestBody" in operation or any(p["in"] == "query" for p in operation["parameters"])
    return [GenerationMode.POSITIVE, GenerationMode.NEGATIVE] if has_input else [GenerationMode.POSITIVE]


def test_the_api_answers_a_member_as_documented(portal: Office, visitor: Visitor) -> None:
    every_operation_answers_as_documented(portal, bearer(portal.members[0].token), visitor.case_id)


def test_the_api_answers_a_visitor_as_documented(portal: Office, visitor: Visitor) -> None:
    every_operation_answers_as_documented(portal, bearer(visitor.token), visitor.case_id)
