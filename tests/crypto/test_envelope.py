import json
import time

import pytest
from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey

from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import Envelope, encode_payload, open_envelope, parse_envelope, seal_envelope, verify_envelope
from crypto.errors import DecodeError, EnvelopeError, SignatureError, VersionError


def _seal(body: str = "hello", **extra: object) -> tuple[dict[str, str], bytes, bytes, bytes]:
    seed = b"\x01" * 32
    office_pk, office_sk = crypto_box_keypair()
    visitor_pk, _ = crypto_box_keypair()
    env = seal_envelope(
        {"format": "plain", "body": body},
        case="c_test",
        kind="message",
        sender_seed=seed,
        recipient_box_pks=[office_pk, visitor_pk],
        sent_at=int(time.time()),
        **extra,  # type: ignore[arg-type]
    )
    return env.to_json(), bytes(SigningKey(seed).verify_key), office_pk, office_sk


def test_sealed_envelope_opens_with_recipient_key_and_carries_padding() -> None:
    env, sender, _, office_sk = _seal("Été 🙂" * 30, keep=True)
    opened = open_envelope(env, office_sk, {sender}, "c_test")
    assert opened.payload["body"] == "Été 🙂" * 30
    assert opened.header["keep"] is True
    assert parse_envelope(env).padded_size == 512


@pytest.mark.parametrize("length", [0, 1, 200, 256, 1000, 5000])
def test_payload_encoding_always_lands_on_a_power_of_two(length: int) -> None:
    encoded = encode_payload({"format": "plain", "body": "x" * length})
    assert len(encoded) >= 256
    assert len(encoded) & (len(encoded) - 1) == 0


def test_open_refuses_wrong_case_and_wrong_sender() -> None:
    env, sender, _, office_sk = _seal()
    with pytest.raises(EnvelopeError):
        open_envelope(env, office_sk, {sender}, "c_other")
    with pytest.raises(EnvelopeError):
        open_envelope(env, office_sk, {b"\x02" * 32}, "c_test")


def test_verify_refuses_a_swapped_signature() -> None:
    env, _, _, _ = _seal()
    other, _, _, _ = _seal()
    tampered = parse_envelope({**env, "sig": other["sig"]})
    with pytest.raises(SignatureError):
        verify_envelope(tampered)


@pytest.mark.parametrize("text", ["AA==", "A+B/", "AB CD", "ÀB", "A", "AB="])
def test_strict_base64url_refuses_other_spellings(text: str) -> None:
    with pytest.raises(DecodeError):
        b64u_decode(text)


def test_base64url_roundtrip() -> None:
    for n in range(40):
        data = bytes(range(n))
        assert b64u_decode(b64u_encode(data)) == data


def test_parse_refuses_other_versions_and_extra_parts() -> None:
    env, _, _, _ = _seal()
    header = b64u_decode(env["header"]).replace(b'"v":1', b'"v":2')
    with pytest.raises(VersionError):
        parse_envelope({**env, "header": b64u_encode(header)})
    with pytest.raises(DecodeError):
        parse_envelope({**env, "extra": "x"})
    dup = b64u_decode(env["header"]).replace(b'{"v":1', b'{"v":1,"v":1')
    with pytest.raises(DecodeError):
        parse_envelope({**env, "header": b64u_encode(dup)})


def test_deeply_nested_header_is_a_decode_error_not_a_crash() -> None:
    env, _, _, _ = _seal()
    deep = b'{"v":1,"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(DecodeError):
        parse_envelope({**env, "header": b64u_encode(deep)})


def test_seal_refuses_an_id_that_is_not_16_bytes() -> None:
    with pytest.raises(DecodeError):
        _seal(envelope_id="")


def test_member_password_keys_refuse_weak_parameters() -> None:
    from crypto.errors import ParameterError
    from crypto.keys import KdfParams
    from crypto.member import password_keys

    with pytest.raises(ParameterError):
        password_keys("pw", bytes(16), KdfParams(ops=2, mem=19_922_944))


def test_a_sender_may_say_which_office_log_it_saw_and_a_malformed_view_is_refused() -> None:
    office_pk, _ = crypto_box_keypair()
    seed = bytes(range(32))
    env = seal_envelope(
        {"format": "plain", "body": "hi"},
        case="c_1",
        kind="message",
        sender_seed=seed,
        recipient_box_pks=[office_pk],
        sent_at=1,
        log=(3, bytes(32)),
    )
    assert parse_envelope(env.to_json()).header["log"] == {"length": 3, "head": b64u_encode(bytes(32))}
    for bad in ({"length": 0, "head": b64u_encode(bytes(32))}, {"length": 3}, {"length": 3, "head": "x"}, [3]):
        header = {**env.header, "log": bad}
        forged = Envelope(json.dumps(header).encode(), header, env.ciphertext, env.sig)
        with pytest.raises(DecodeError):
            parse_envelope(forged.to_json())
