"""Headers, payloads, log bodies and sealed bundles are read as strictly as the browser reads
them: no NaN or Infinity anywhere (neither JSON.parse nor strict-json.js takes them), UTF-8
only, and no key twice where strict-json.js refuses it (headers and log bodies)."""

import json
import time
from typing import Any

import pytest
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt, crypto_box_keypair, crypto_box_seal
from nacl.signing import SigningKey
from nacl.utils import random

from crypto import strict_json
from crypto.encoding import b64u_encode
from crypto.envelope import ID_BYTES, KEY_BYTES, NONCE_BYTES, open_envelope, parse_envelope, signed_bytes
from crypto.errors import DecodeError, EnvelopeError, LogError
from crypto.keys import kid
from crypto.log import parse_body

NOT_JSON = ["NaN", "Infinity", "-Infinity"]


@pytest.mark.parametrize("constant", NOT_JSON)
@pytest.mark.parametrize("unique_keys", [True, False])
def test_nan_and_infinity_are_not_json(constant: str, unique_keys: bool) -> None:
    for text in (constant, f'{{"a":{constant}}}', f'{{"a":[1,{{"b":{constant}}}]}}'):
        with pytest.raises(DecodeError):
            strict_json.loads(text.encode(), unique_keys=unique_keys)


def test_a_key_twice_is_refused_only_where_the_browser_refuses_it() -> None:
    with pytest.raises(DecodeError):
        strict_json.loads(b'{"a":1,"b":{"c":1,"c":2}}', unique_keys=True)
    # JSON.parse keeps the last: so does Python's json.
    assert strict_json.loads(b'{"a":1,"a":2}', unique_keys=False) == {"a": 2}


@pytest.mark.parametrize(
    "data",
    [
        '{"a":1}'.encode("utf-16"),  # Python's json.loads(bytes) would read UTF-16 and UTF-32
        '{"a":1}'.encode("utf-32-le"),
        b"\xef\xbb\xbf{}",  # a BOM is not JSON whitespace
        b'{"a":"\xed\xa0\x80"}',  # a surrogate in UTF-8 bytes
        b'{"a":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"a":' + b"9" * 5000 + b"}",  # past the digits Python's int() takes
        b'{"a":1} x',
        b"",
    ],
)
def test_anything_else_is_one_decode_error(data: bytes) -> None:
    with pytest.raises(DecodeError):
        strict_json.loads(data, unique_keys=False)


def test_floats_only_when_asked() -> None:
    assert strict_json.loads(b'{"a":1.5}', unique_keys=True) == {"a": 1.5}
    with pytest.raises(DecodeError):
        strict_json.loads(b'{"a":1.5}', unique_keys=True, floats=False)
    with pytest.raises(DecodeError):
        strict_json.loads(b'{"a":1e3}', unique_keys=True, floats=False)


def sealed_by_hand(header_text: str, payload: bytes) -> tuple[dict[str, str], bytes, bytes]:
    """A well-sealed, well-signed envelope with this exact header text and payload bytes: what a
    sender writing NaN would send. Returns the wire form, the sender's key and the office's."""
    seed = bytes(range(32))
    signing = SigningKey(seed)
    office_pk, office_sk = crypto_box_keypair()
    key, nonce = random(KEY_BYTES), random(NONCE_BYTES)
    fields = {
        "v": 1,
        "id": b64u_encode(random(ID_BYTES)),
        "case": "c_strict",
        "kind": "message",
        "sender": b64u_encode(bytes(signing.verify_key)),
        "sent_at": int(time.time()),
        "ttl": None,
        "view_once": False,
        "nonce": b64u_encode(nonce),
        "recipients": [{"kid": kid(office_pk), "key": b64u_encode(crypto_box_seal(key, office_pk))}],
    }
    header = header_text.replace("FIELDS", json.dumps(fields, separators=(",", ":"))[1:-1]).encode()
    ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(payload, header, nonce, key)
    sig = signing.sign(signed_bytes(header, ciphertext)).signature
    wire = {"header": b64u_encode(header), "ciphertext": b64u_encode(ciphertext), "sig": b64u_encode(sig)}
    return wire, bytes(signing.verify_key), office_sk


PAYLOAD = b'{"format":"plain","body":"hi","pad":"' + b" " * 200 + b'"}'


def test_a_well_formed_envelope_sealed_by_hand_opens() -> None:
    wire, sender, office_sk = sealed_by_hand("{FIELDS}", PAYLOAD)
    assert open_envelope(wire, office_sk, {sender}, "c_strict").payload["body"] == "hi"


@pytest.mark.parametrize("constant", NOT_JSON)
@pytest.mark.parametrize("where", ['{FIELDS,"x":%s}', '{FIELDS,"x":[{"y":%s}]}'])
def test_a_header_with_nan_or_infinity_is_refused(constant: str, where: str) -> None:
    wire, sender, office_sk = sealed_by_hand(where % constant, PAYLOAD)
    with pytest.raises(DecodeError):
        parse_envelope(wire)
    with pytest.raises(EnvelopeError):
        open_envelope(wire, office_sk, {sender}, "c_strict")


@pytest.mark.parametrize("constant", NOT_JSON)
def test_a_payload_with_nan_or_infinity_does_not_open(constant: str) -> None:
    wire, sender, office_sk = sealed_by_hand("{FIELDS}", b'{"format":"plain","body":"hi","n":%s}' % constant.encode())
    with pytest.raises(EnvelopeError):
        open_envelope(wire, office_sk, {sender}, "c_strict")


def test_a_payload_naming_a_key_twice_opens_as_json_parse_reads_it() -> None:
    wire, sender, office_sk = sealed_by_hand("{FIELDS}", b'{"format":"plain","body":"first","body":"last"}')
    assert open_envelope(wire, office_sk, {sender}, "c_strict").payload["body"] == "last"


@pytest.mark.parametrize("constant", NOT_JSON)
def test_a_log_body_with_nan_or_infinity_is_refused(constant: str) -> None:
    body: dict[str, Any] = {"v": 2, "seq": 0, "at": 1, "prev": None, "type": "office_key"}
    text = json.dumps(body)[:-1] + f',"office_key":{constant}}}'
    with pytest.raises(LogError, match="not strict UTF-8 JSON"):
        parse_body(text.encode())
