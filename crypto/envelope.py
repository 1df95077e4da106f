"""Sealed envelopes: sealing, strict parsing, verifying and opening (PROTOCOL.md section 4)."""

import json
from dataclasses import dataclass
from typing import Any

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_box_seal,
    crypto_box_seal_open,
    crypto_scalarmult_base,
)
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey
from nacl.utils import random

from crypto import strict_json
from crypto.encoding import b64u_decode, b64u_encode, le64, tagged
from crypto.errors import DecodeError, EnvelopeError, ProtocolError, SignatureError, VersionError
from crypto.keys import kid

VERSION = 1
ID_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 24
SEALED_KEY_BYTES = KEY_BYTES + 48  # crypto_box_seal adds an ephemeral key and a MAC
TAG_BYTES = 16
MIN_PADDED = 256


@dataclass(frozen=True)
class Envelope:
    """An envelope as it travels, its three parts decoded and the header parsed and typed."""

    header_bytes: bytes
    header: dict[str, Any]
    ciphertext: bytes
    sig: bytes

    @property
    def id(self) -> str:
        return str(self.header["id"])

    @property
    def sender(self) -> bytes:
        return b64u_decode(self.header["sender"])

    @property
    def recipient_kids(self) -> list[str]:
        return [r["kid"] for r in self.header["recipients"]]

    @property
    def padded_size(self) -> int:
        return len(self.ciphertext) - TAG_BYTES

    def to_json(self) -> dict[str, str]:
        return envelope_json(self.header_bytes, self.ciphertext, self.sig)


def envelope_json(header_bytes: bytes, ciphertext: bytes, sig: bytes) -> dict[str, str]:
    """An envelope's wire form, from its three parts as stored."""
    return {"header": b64u_encode(header_bytes), "ciphertext": b64u_encode(ciphertext), "sig": b64u_encode(sig)}


@dataclass(frozen=True)
class Opened:
    header: dict[str, Any]
    payload: dict[str, Any]


def padded_length(unpadded: int) -> int:
    """The smallest power of two that is at least 256 and at least ``unpadded``."""
    size = MIN_PADDED
    while size < unpadded:
        size *= 2
    return size


def is_padded_length(n: int) -> bool:
    return n >= MIN_PADDED and n & (n - 1) == 0


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def encode_payload(payload: dict[str, Any]) -> bytes:
    """Serialise ``payload`` with ``pad`` set so its length is a padded length."""
    fields = {k: v for k, v in payload.items() if k != "pad"}
    bare = len(_dumps({**fields, "pad": ""}))
    return _dumps({**fields, "pad": " " * (padded_length(bare) - bare)})


def signed_bytes(header_bytes: bytes, ciphertext: bytes) -> bytes:
    return tagged("envelope", le64(len(header_bytes)), header_bytes, ciphertext)


def seal_envelope(
    payload: dict[str, Any],
    *,
    case: str,
    kind: str,
    sender_seed: bytes,
    recipient_box_pks: list[bytes],
    sent_at: int,
    ttl: int | None = None,
    view_once: bool = False,
    keep: bool | None = None,
    log: tuple[int, bytes] | None = None,
    envelope_id: str | None = None,
) -> Envelope:
    if envelope_id is not None:
        b64u_decode(envelope_id, ID_BYTES)  # raises DecodeError: an id is 16 bytes, as the header check wants
    key = random(KEY_BYTES)
    nonce = random(NONCE_BYTES)
    signing = SigningKey(sender_seed)
    header: dict[str, Any] = {
        "v": VERSION,
        "id": envelope_id if envelope_id is not None else b64u_encode(random(ID_BYTES)),
        "case": case,
        "kind": kind,
        "sender": b64u_encode(bytes(signing.verify_key)),
        "sent_at": sent_at,
        "ttl": ttl,
        "view_once": view_once,
        "nonce": b64u_encode(nonce),
        "recipients": [{"kid": kid(pk), "key": b64u_encode(crypto_box_seal(key, pk))} for pk in recipient_box_pks],
    }
    if keep is not None:
        header["keep"] = keep
    if log is not None:
        # The office log as the sender verified it (docs/protocol/v2.md section 4): readers on a
        # log that forked from it see so.
        header["log"] = {"length": log[0], "head": b64u_encode(log[1])}
    header_bytes = _dumps(header)
    ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(encode_payload(payload), header_bytes, nonce, key)
    sig = signing.sign(signed_bytes(header_bytes, ciphertext)).signature
    return Envelope(header_bytes, header, ciphertext, sig)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_header(header: Any) -> dict[str, Any]:
    if not isinstance(header, dict):
        raise DecodeError("header is not a JSON object")
    if header.get("v") != VERSION or not _is_int(header.get("v")):
        raise VersionError("unknown protocol version")
    b64u_decode(header.get("id"), ID_BYTES)
    b64u_decode(header.get("sender"), 32)
    b64u_decode(header.get("nonce"), NONCE_BYTES)
    if not isinstance(header.get("case"), str) or not isinstance(header.get("kind"), str):
        raise DecodeError("case and kind must be strings")
    if not _is_int(header.get("sent_at")):
        raise DecodeError("sent_at must be an integer")
    ttl = header.get("ttl")
    if ttl is not None and not _is_int(ttl):
        raise DecodeError("ttl must be an integer or null")
    if not isinstance(header.get("view_once"), bool):
        raise DecodeError("view_once must be a boolean")
    if "keep" in header and not isinstance(header["keep"], bool):
        raise DecodeError("keep must be a boolean")
    if "log" in header:
        seen = header["log"]
        if (
            not isinstance(seen, dict)
            or set(seen) != {"length", "head"}
            or not _is_int(seen["length"])
            or seen["length"] < 1
        ):
            raise DecodeError("log must be {length, head}")
        b64u_decode(seen["head"], 32)
    recipients = header.get("recipients")
    if not isinstance(recipients, list) or not recipients:
        raise DecodeError("recipients must be a non-empty list")
    for r in recipients:
        if not isinstance(r, dict):
            raise DecodeError("a recipient must be an object")
        b64u_decode(r.get("kid"), 16)
        b64u_decode(r.get("key"), SEALED_KEY_BYTES)
    return header


def parse_envelope(obj: Any) -> Envelope:
    """Decode an envelope strictly and type its header; the signature is not checked here."""
    if not isinstance(obj, dict) or set(obj) != {"header", "ciphertext", "sig"}:
        raise DecodeError("an envelope is an object with header, ciphertext and sig")
    header_bytes = b64u_decode(obj["header"])
    ciphertext = b64u_decode(obj["ciphertext"])
    sig = b64u_decode(obj["sig"], 64)
    if len(ciphertext) < TAG_BYTES:
        raise DecodeError("ciphertext too short")
    try:
        header = strict_json.loads(header_bytes, unique_keys=True)
    except DecodeError as exc:
        raise DecodeError(f"header is not strict UTF-8 JSON ({exc})") from exc
    return Envelope(header_bytes, _check_header(header), ciphertext, sig)


def verify_envelope(env: Envelope) -> None:
    """Raise SignatureError unless the envelope is signed by the key its header names."""
    try:
        VerifyKey(env.sender).verify(signed_bytes(env.header_bytes, env.ciphertext), env.sig)
    except (BadSignatureError, ValueError) as exc:
        raise SignatureError("envelope signature does not verify") from exc


def open_envelope(obj: Any, box_sk: bytes, expected_senders: set[bytes], expected_case: str) -> Opened:
    """Open as a client does, in the spec's order; every failure is one EnvelopeError."""
    try:
        env = parse_envelope(obj)
        if env.sender not in expected_senders:
            raise EnvelopeError("unexpected sender")
        if env.header["case"] != expected_case:
            raise EnvelopeError("envelope of another case")
        verify_envelope(env)
        own = kid(crypto_scalarmult_base(box_sk))
        sealed = next((r["key"] for r in env.header["recipients"] if r["kid"] == own), None)
        if sealed is None:
            raise EnvelopeError("not a recipient")
        key = crypto_box_seal_open(b64u_decode(sealed), crypto_scalarmult_base(box_sk), box_sk)
        nonce = b64u_decode(env.header["nonce"])
        plain = crypto_aead_xchacha20poly1305_ietf_decrypt(env.ciphertext, env.header_bytes, nonce, key)
        payload = strict_json.loads(plain, unique_keys=False)  # as JSON.parse reads it
        if not isinstance(payload, dict):
            raise EnvelopeError("payload is not an object")
    except EnvelopeError:
        raise
    except (ProtocolError, CryptoError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise EnvelopeError("the envelope does not open") from exc
    return Opened(env.header, payload)
