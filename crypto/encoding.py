"""Strict base64url, the domain prefix and the hash shorthands of PROTOCOL.md section 1."""

import base64
import binascii
import re

from nacl.bindings import crypto_generichash_blake2b_salt_personal

from crypto.errors import DecodeError

DOMAIN = b"ombuds-e2e/v1/"
DOMAIN_V2 = b"ombuds-e2e/v2/"  # docs/protocol/v2.md: the office log, fingerprints, pins

_B64U = re.compile(r"[A-Za-z0-9_-]*")


def b64u_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_decode(text: object, length: int | None = None) -> bytes:
    """Decode unpadded base64url; anything else (padding, +, /, spaces) is refused."""
    if not isinstance(text, str) or _B64U.fullmatch(text) is None or len(text) % 4 == 1:
        raise DecodeError("not unpadded base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise DecodeError("not unpadded base64url") from exc
    # Non-canonical trailing bits would give two spellings of one value.
    if b64u_encode(data) != text:
        raise DecodeError("not canonical base64url")
    if length is not None and len(data) != length:
        raise DecodeError(f"expected {length} bytes")
    return data


def le64(n: int) -> bytes:
    return n.to_bytes(8, "little")


def h16(data: bytes) -> bytes:
    return crypto_generichash_blake2b_salt_personal(data, digest_size=16)


def h32(data: bytes) -> bytes:
    return crypto_generichash_blake2b_salt_personal(data, digest_size=32)


def tagged(tag: str, *parts: bytes) -> bytes:
    """``D || tag || "\\0" || parts...``: one domain-separation tag per purpose."""
    return DOMAIN + tag.encode("ascii") + b"\0" + b"".join(parts)


def tagged_v2(tag: str, *parts: bytes) -> bytes:
    """``D2 || tag || "\\0" || parts...`` (docs/protocol/v2.md section 1)."""
    return DOMAIN_V2 + tag.encode("ascii") + b"\0" + b"".join(parts)
