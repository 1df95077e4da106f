"""Random identifiers, tokens and their stored hashes."""

import hashlib
import secrets

from crypto.encoding import b64u_encode

# Crockford's base32 without I, L, O, U: easy to read off a screenshot and type back.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(prefix: str, nbytes: int = 12) -> str:
    return prefix + b64u_encode(secrets.token_bytes(nbytes))


def new_token() -> str:
    """A 256-bit bearer token."""
    return b64u_encode(secrets.token_bytes(32))


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii", "replace")).digest()


def new_view_code() -> str:
    """Ten base32 characters (50 bits), shown as XXXXX-XXXXX on a watermark."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"
