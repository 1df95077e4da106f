"""The thin glue every view uses: the request's dependencies, transactions, input and the caller."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, g, request
from sqlalchemy.orm import Session, sessionmaker

from crypto.encoding import b64u_decode
from crypto.errors import DecodeError
from portal.auth.tokens import Principal, authenticate
from portal.db import session_scope
from portal.deps import Deps
from portal.errors import BadInput, Forbidden, Unauthorized
from portal.realtime.events import Announcer

EXTENSION = "sottovoce"


def deps() -> Deps:
    return current_app.extensions[EXTENSION]["deps"]  # type: ignore[no-any-return]


def announcer() -> Announcer:
    return current_app.extensions[EXTENSION]["announcer"]  # type: ignore[no-any-return]


def session_factory() -> sessionmaker[Session]:
    return current_app.extensions[EXTENSION]["sessions"]  # type: ignore[no-any-return]


@contextmanager
def transaction() -> Iterator[Session]:
    """Commit before the view answers, so whatever the answer acknowledges is stored."""
    with session_scope(session_factory()) as session:
        yield session


def json_body() -> dict[str, Any]:
    if not request.is_json:
        raise BadInput("Send a JSON object with Content-Type: application/json.", "not_json")
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None  # nested deeper than the parser goes: not an envelope anyone honest sends
    if not isinstance(body, dict):
        raise BadInput("The body must be a JSON object.", "malformed_json")
    return body


def text_field(body: dict[str, Any], name: str, max_length: int = 200) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise BadInput(f"{name} must be a non-empty string of at most {max_length} characters.", "invalid_field")
    return value


def bytes_field(body: dict[str, Any], name: str, length: int | None = None) -> bytes:
    try:
        return b64u_decode(body.get(name), length)
    except DecodeError:
        size = f"{length} bytes in " if length else ""
        raise BadInput(f"{name} must be {size}unpadded base64url.", "invalid_field") from None


def int_field(body: dict[str, Any], name: str, low: int, high: int) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value < high:
        raise BadInput(f"{name} must be an integer from {low} to {high - 1}.", "invalid_field")
    return value


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Sign in first.", "no_token")
    return token.strip()


def caller(role: str | None = None) -> Principal:
    """The signed-in caller, authenticated once per request."""
    principal: Principal | None = g.get("principal")
    if principal is None:
        with transaction() as session:
            principal = authenticate(session, deps(), bearer_token())
        g.principal = principal
    if role is not None and principal.role != role:
        raise Forbidden("This is for office members only." if role == "member" else "Not for you.", "wrong_role")
    return principal
