"""JSON read as the browser reads it. Headers and log bodies go through the strict parser of
static/js/crypto/strict-json.js (RFC 8259 only, no key twice), payloads and sealed bundles
through JSON.parse (RFC 8259, the last of two equal keys kept). Python's json is laxer than
both: it takes NaN, Infinity and -Infinity, and bytes in UTF-16 or UTF-32. What one side
refuses, the other must refuse too, or a sender could write what only some readers accept."""

import json
from typing import Any

from crypto.errors import DecodeError


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise DecodeError("duplicate key")
    return obj


def _no_constant(name: str) -> Any:
    raise DecodeError(f"{name} is not JSON")


def _no_float(text: str) -> Any:
    raise DecodeError("a number that is not an integer")


def loads(data: bytes, *, unique_keys: bool, floats: bool = True) -> Any:
    """``data`` as UTF-8 JSON (a BOM is not whitespace); with ``unique_keys``, no object may
    name a key twice; without ``floats``, every number is an integer literal. Any failure,
    however deep or long the input, is one DecodeError."""
    try:
        return json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_unique_keys if unique_keys else None,
            parse_constant=_no_constant,
            parse_float=None if floats else _no_float,
        )
    except DecodeError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # ValueError: JSONDecodeError, and int() past 4300 digits.
        raise DecodeError("not strict UTF-8 JSON") from exc
