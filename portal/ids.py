"""Random identifiers, tokens and their stored hashes."""

import hashlib
import secrets

from crypto.encoding import b64u_encode


def new_id(prefix: str, nbytes: int = 12) -> str:
    return prefix + b64u_encode(secrets.token_bytes(nbytes))


def new_token() -> str:
    """A 256-bit bearer token."""
    return b64u_encode(secrets.token_bytes(32))


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii", "replace")).digest()
