"""Office members: password-derived keys and the wrapped key bundle (PROTOCOL.md section 6)."""

import json
import unicodedata
from dataclasses import dataclass

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_scalarmult_base,
)
from nacl.exceptions import CryptoError
from nacl.signing import SigningKey
from nacl.utils import random

from crypto import strict_json
from crypto.encoding import DOMAIN, b64u_decode, b64u_encode
from crypto.errors import DecodeError, EnvelopeError
from crypto.keys import MEMBER_FLOOR, KdfParams, derive_seed

SALT_BYTES = 16
NONCE_BYTES = 24


@dataclass(frozen=True)
class PasswordKeys:
    auth_seed: bytes
    auth_pk: bytes
    wrapping_key: bytes


@dataclass(frozen=True)
class MemberBundle:
    sign_seed: bytes
    box_sk: bytes

    @property
    def sign_pk(self) -> bytes:
        return bytes(SigningKey(self.sign_seed).verify_key)

    @property
    def box_pk(self) -> bytes:
        return crypto_scalarmult_base(self.box_sk)


def password_keys(password: str, salt: bytes, kdf: KdfParams, *, enforce_floor: bool = True) -> PasswordKeys:
    if enforce_floor:
        kdf.check_floor(MEMBER_FLOOR)
    seed = derive_seed(unicodedata.normalize("NFKC", password).encode("utf-8"), salt, kdf)
    auth = SigningKey(seed[:32])
    return PasswordKeys(seed[:32], bytes(auth.verify_key), seed[32:64])


def _bundle_ad(member_id: str) -> bytes:
    return DOMAIN + b"bundle\0" + member_id.encode("utf-8")


def new_bundle() -> MemberBundle:
    return MemberBundle(random(32), random(32))


def wrap_bundle(bundle: MemberBundle, wrapping_key: bytes, member_id: str) -> dict[str, str]:
    return seal_bundle(bundle, wrapping_key, _bundle_ad(member_id))


def unwrap_bundle(wrapped: dict[str, str], wrapping_key: bytes, member_id: str) -> MemberBundle:
    return open_bundle(wrapped, wrapping_key, _bundle_ad(member_id), "the key bundle does not open with this password")


def seal_bundle(bundle: MemberBundle, key: bytes, ad: bytes, nonce: bytes | None = None) -> dict[str, str]:
    """The bundle as JSON, sealed with XChaCha20-Poly1305 under ``key`` and ``ad``: {nonce, ciphertext}."""
    nonce = nonce if nonce is not None else random(NONCE_BYTES)
    plain = json.dumps(
        {"sign_seed": b64u_encode(bundle.sign_seed), "box_sk": b64u_encode(bundle.box_sk)},
        separators=(",", ":"),
    ).encode("utf-8")
    sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(plain, ad, nonce, key)
    return {"nonce": b64u_encode(nonce), "ciphertext": b64u_encode(sealed)}


def open_bundle(wrapped: dict[str, str], key: bytes, ad: bytes, failure: str) -> MemberBundle:
    """The bundle back; any failure is one EnvelopeError saying ``failure``."""
    try:
        nonce = b64u_decode(wrapped["nonce"], NONCE_BYTES)
        sealed = b64u_decode(wrapped["ciphertext"])
        plain = crypto_aead_xchacha20poly1305_ietf_decrypt(sealed, ad, nonce, key)
        fields = strict_json.loads(plain, unique_keys=False)  # as JSON.parse reads it
        return MemberBundle(b64u_decode(fields["sign_seed"], 32), b64u_decode(fields["box_sk"], 32))
    except (CryptoError, DecodeError, KeyError, TypeError, ValueError) as exc:
        raise EnvelopeError(failure) from exc
