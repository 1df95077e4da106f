"""Every server-side check of PROTOCOL.md section 8 refuses a bad envelope, answers a JSON
4xx error, and stores nothing."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey

from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import seal_envelope, signed_bytes
from tests.factories import Member, Office, Visitor, bearer

Mutation = Callable[[Office, Visitor], Any]


def _count(office: Office, visitor: Visitor, member: Member) -> int:
    listing = office.client.get(f"/api/v1/cases/{visitor.case_id}/messages", headers=bearer(member.token)).json
    assert listing is not None
    return len(listing["items"])


def _resign(office: Office, visitor: Visitor, header: dict[str, Any]) -> dict[str, str]:
    """An envelope whose header was changed and signed again by the visitor (so only the change is wrong)."""
    env = office.visitor_envelope(visitor)
    header_bytes = json.dumps({**env.header, **header}, separators=(",", ":")).encode()
    sig = SigningKey(visitor.keys.sign_seed).sign(signed_bytes(header_bytes, env.ciphertext)).signature
    return {"header": b64u_encode(header_bytes), "ciphertext": b64u_encode(env.ciphertext), "sig": b64u_encode(sig)}


def _flip_sig(o: Office, v: Visitor) -> Any:
    env = o.visitor_envelope(v).to_json()
    sig = bytearray(b64u_decode(env["sig"]))
    sig[0] ^= 1
    return {**env, "sig": b64u_encode(bytes(sig))}


def _other_signer(o: Office, v: Visitor) -> Any:
    stranger = SigningKey.generate()
    return seal_envelope(
        {"format": "plain", "body": "x"},
        case=v.case_id,
        kind="message",
        sender_seed=stranger.encode(),
        recipient_box_pks=[o.office_pk, v.keys.box_pk],
        sent_at=o.clock.now(),
    ).to_json()


def _padding(o: Office, v: Visitor) -> Any:
    env = o.visitor_envelope(v)
    ciphertext = env.ciphertext + b"\0" * 16
    sig = SigningKey(v.keys.sign_seed).sign(signed_bytes(env.header_bytes, ciphertext)).signature
    return {"header": b64u_encode(env.header_bytes), "ciphertext": b64u_encode(ciphertext), "sig": b64u_encode(sig)}


BAD: dict[str, tuple[Mutation, int, str]] = {
    "signature": (_flip_sig, 400, "bad_signature"),
    "signed by another key": (_other_signer, 400, "wrong_sender"),
    "other case": (lambda o, v: o.visitor_envelope(v, case="c_someoneelse0000").to_json(), 400, "wrong_case"),
    "clock too far back": (
        lambda o, v: o.visitor_envelope(v, sent_at=o.clock.now() - 3600).to_json(),
        400,
        "clock_skew",
    ),
    "clock ahead": (lambda o, v: o.visitor_envelope(v, sent_at=o.clock.now() + 3600).to_json(), 400, "clock_skew"),
    "ttl too short": (lambda o, v: o.visitor_envelope(v, ttl=1).to_json(), 400, "ttl_out_of_range"),
    "ttl too long": (lambda o, v: o.visitor_envelope(v, ttl=10**9).to_json(), 400, "ttl_out_of_range"),
    "missing office": (
        lambda o, v: o.visitor_envelope(v, recipient_box_pks=[v.keys.box_pk]).to_json(),
        400,
        "bad_recipients",
    ),
    "missing visitor": (
        lambda o, v: o.visitor_envelope(v, recipient_box_pks=[o.office_pk]).to_json(),
        400,
        "bad_recipients",
    ),
    "extra recipient": (
        lambda o, v: o.visitor_envelope(
            v, recipient_box_pks=[o.office_pk, v.keys.box_pk, crypto_box_keypair()[0]]
        ).to_json(),
        400,
        "bad_recipients",
    ),
    "visitor writes a note": (lambda o, v: o.visitor_envelope(v, kind="note").to_json(), 400, "kind_not_allowed"),
    "padding": (_padding, 400, "bad_padding"),
    "too large": (lambda o, v: o.visitor_envelope(v, "x" * 70000).to_json(), 413, "too_large"),
    "version": (lambda o, v: _resign(o, v, {"v": 2}), 400, "unsupported_version"),
    "base64 padding": (
        lambda o, v: {**o.visitor_envelope(v).to_json(), "sig": o.visitor_envelope(v).to_json()["sig"] + "=="},
        400,
        "invalid_envelope",
    ),
    "base64 alphabet": (
        lambda o, v: {
            **o.visitor_envelope(v).to_json(),
            "ciphertext": o.visitor_envelope(v).to_json()["ciphertext"].replace("_", "/").replace("-", "+") + "+/",
        },
        400,
        "invalid_envelope",
    ),
    "header not json": (
        lambda o, v: {**o.visitor_envelope(v).to_json(), "header": b64u_encode(b"{not json")},
        400,
        "invalid_envelope",
    ),
    "id not 16 bytes": (lambda o, v: _resign(o, v, {"id": "short"}), 400, "invalid_envelope"),
    "missing part": (lambda o, v: {"header": o.visitor_envelope(v).to_json()["header"]}, 400, "invalid_envelope"),
    "not an object": (lambda o, v: ["header", "ciphertext", "sig"], 400, "malformed_json"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_envelope_is_refused_and_nothing_stored(
    office: Office, member: Member, visitor: Visitor, name: str
) -> None:
    make, status, code = BAD[name]
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages", json=make(office, visitor), headers=bearer(visitor.token)
    )
    assert answer.status_code == status, answer.json
    assert answer.json is not None
    assert answer.json["error"]["code"] == code
    assert answer.json["error"]["message"]
    assert _count(office, visitor, member) == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{", "application/json"),
        (b"[]", "application/json"),
        (b"\xff\xfe", "application/json"),
        (b"header=x", "text/plain"),
    ],
)
def test_malformed_bodies_answer_json_400(
    office: Office, member: Member, visitor: Visitor, body: bytes, content_type: str
) -> None:
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages",
        data=body,
        headers={**bearer(visitor.token), "Content-Type": content_type},
    )
    assert answer.status_code == 400
    assert answer.json is not None
    assert answer.json["error"]["code"] in {"malformed_json", "not_json"}
    assert _count(office, visitor, member) == 0


def test_oversized_request_answers_json_413(office: Office, visitor: Visitor) -> None:
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages",
        data=b"{" + b" " * 1_000_000 + b"}",
        headers={**bearer(visitor.token), "Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json is not None
    assert answer.json["error"]["code"] == "too_large"


def test_member_may_write_an_office_only_note_that_the_visitor_never_sees(
    office: Office, member: Member, visitor: Visitor
) -> None:
    note = office.member_envelope(member, visitor, "internal", kind="note", recipient_box_pks=[office.office_pk])
    url = f"/api/v1/cases/{visitor.case_id}/messages"
    assert office.client.post(url, json=note.to_json(), headers=bearer(member.token)).status_code == 201
    assert _count(office, visitor, member) == 1
    listing = office.client.get(url, headers=bearer(visitor.token)).json
    assert listing is not None
    assert listing["items"] == []
    assert office.client.post(f"{url}/{note.id}/open", headers=bearer(visitor.token)).status_code == 404
    # A note sealed to the visitor too is refused: notes are the office's alone.
    leaky = office.member_envelope(member, visitor, "internal", kind="note")
    assert office.client.post(url, json=leaky.to_json(), headers=bearer(member.token)).status_code == 400


def test_deeply_nested_json_body_is_a_400_not_a_crash(office: Office, member: Member, visitor: Visitor) -> None:
    body = b"[" * 20_000 + b"]" * 20_000
    answer = office.client.post(
        f"/api/v1/cases/{visitor.case_id}/messages",
        data=body,
        headers={**bearer(visitor.token), "Content-Type": "application/json"},
    )
    assert answer.status_code == 400
    assert _count(office, visitor, member) == 0
