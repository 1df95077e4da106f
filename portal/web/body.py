"""Reading a request: the JSON body, typed fields, query numbers. A view parses its body into a
frozen dataclass with these, through ``@parsed``, before it calls a service."""

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from flask import request

from crypto.encoding import b64u_decode
from crypto.errors import DecodeError
from portal.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
Body = dict[str, Any]


class NotJson(DomainError):
    message = "Send a JSON object with Content-Type: application/json."


class MalformedJson(DomainError):
    message = "The body must be a JSON object."


class UnstorableText(DomainError):
    message = "A string in the body holds a character no text may hold here: NUL, or a lone surrogate (\\ud800)."


class InvalidField(DomainError):
    """A field of the body is missing or not of its form; the message names it."""


class InvalidQuery(DomainError):
    """A query parameter is missing or not of its form; the message names it."""


def json_body() -> Body:
    if not request.is_json:
        raise NotJson()
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        body = None  # nested deeper than the parser goes: not a body anyone honest sends
    if not isinstance(body, dict):
        raise MalformedJson()
    if not _storable(body):
        raise UnstorableText()
    return body


def _storable(value: object) -> bool:
    """No string in it, key or value, holds a lone surrogate or NUL. JSON's \\ud800 escapes
    parse to lone surrogates, which UTF-8 (a hash, the database) refuses; PostgreSQL text refuses
    NUL (SQLite takes it: refused on both, so both engines answer alike). A loop, not recursion:
    as deep as the parser went."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\0" in item:
                return False
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def parsed(parse: Callable[[Body], T]) -> Callable[[Callable[Concatenate[T, P], R]], Callable[P, R]]:
    """The view receives the request body parsed by ``parse``, as its first argument."""

    def decorate(view: Callable[Concatenate[T, P], R]) -> Callable[P, R]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            return view(parse(json_body()), *args, **kwargs)

        return wrapper

    return decorate


def text_field(body: Body, name: str, max_length: int = 200) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise InvalidField(f"{name} must be a non-empty string of at most {max_length} characters.")
    return value


def string_field(body: Body, name: str) -> str:
    """A string, possibly empty, whose form the domain checks."""
    value = body.get(name)
    if not isinstance(value, str):
        raise InvalidField(f"{name} must be a string.")
    return value


def bytes_field(body: Body, name: str, length: int | None = None) -> bytes:
    try:
        return b64u_decode(body.get(name), length)
    except DecodeError:
        size = f"{length} bytes in " if length else ""
        raise InvalidField(f"{name} must be {size}unpadded base64url.") from None


def int_field(body: Body, name: str, low: int, high: int) -> int:
    value = body.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value < high:
        raise InvalidField(f"{name} must be an integer from {low} to {high - 1}.")
    return value


def object_field(body: Body, name: str, what: str) -> Body:
    value = body.get(name)
    if not isinstance(value, dict):
        raise InvalidField(f"{name} must be an object {what}.")
    return value


def ascii_digits(text: str) -> bool:
    """Only 0-9: ``str.isdigit`` and ``int`` also take other scripts' digits (and isdigit "²",
    which int then refuses)."""
    return text.isascii() and text.isdigit()


def query_int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    digits = raw.lstrip("0") or "0"
    # Bounded before int(): past 4300 digits int() raises rather than answer.
    if not ascii_digits(raw) or len(digits) > len(str(high)) or not low <= int(digits) <= high:
        raise InvalidQuery(f"{name} must be an integer from {low} to {high}.")
    return int(digits)
