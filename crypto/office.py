"""The office box key (PROTOCOL.md section 6): drawing a version, and the grants that hand its
secret half to each member, sealed to the member's own box key."""

from dataclasses import dataclass

from nacl.bindings import crypto_box_keypair, crypto_box_seal, crypto_box_seal_open
from nacl.exceptions import CryptoError

from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import DecodeError, EnvelopeError

KEY_BYTES = 32
GRANT_BYTES = KEY_BYTES + 48  # crypto_box_seal adds an ephemeral key and a MAC


@dataclass(frozen=True)
class OfficeKeyPair:
    box_pk: bytes
    box_sk: bytes


def new_office_key() -> OfficeKeyPair:
    """A fresh X25519 key pair: the first version at an office's creation, or the next at a rotation."""
    box_pk, box_sk = crypto_box_keypair()
    return OfficeKeyPair(box_pk, box_sk)


def seal_grant(office_box_sk: bytes, member_box_pk: bytes) -> str:
    """The office secret key sealed to a member's box key, as it travels (b64u)."""
    return b64u_encode(crypto_box_seal(office_box_sk, member_box_pk))


def open_grant(grant: str, member_box_pk: bytes, member_box_sk: bytes) -> bytes:
    try:
        office_sk = crypto_box_seal_open(b64u_decode(grant, GRANT_BYTES), member_box_pk, member_box_sk)
    except (CryptoError, DecodeError) as exc:
        raise EnvelopeError("the grant does not open with this key") from exc
    if len(office_sk) != KEY_BYTES:
        raise EnvelopeError("the grant does not hold a box key")
    return office_sk
