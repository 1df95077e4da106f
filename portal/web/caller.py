"""Who is calling: the bearer token, authenticated once per request."""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import g, request

from portal.auth.errors import MembersOnly, NoToken, VisitorsOnly
from portal.auth.tokens import Principal, authenticate
from portal.web.context import deps, transaction

P = ParamSpec("P")
R = TypeVar("R")


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise NoToken()
    return token.strip()


def caller(role: str | None = None) -> Principal:
    """The signed-in caller; with ``role``, refused unless it has that role."""
    principal: Principal | None = g.get("principal")
    if principal is None:
        with transaction() as session:
            principal = authenticate(session, deps(), bearer_token())
        g.principal = principal
    if role is not None and principal.role != role:
        raise MembersOnly() if role == "member" else VisitorsOnly()
    return principal


def signed_in(role: str | None = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The view is for signed-in callers (of ``role``, if given), checked before its body is read."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            caller(role)
            return view(*args, **kwargs)

        return wrapper

    return decorate
