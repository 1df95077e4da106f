"""Consent to disclose (docs/protocol/v2.md section 13) in Python: the payloads, the request's
digest, an answer verified against exactly its request, and a request's state from its answers;
vectors/consent.json holds both languages to the same bytes."""

from typing import Any

import pytest
from nacl.bindings import crypto_box_keypair
from nacl.signing import SigningKey

from crypto.consent import (
    ANSWER_KIND,
    REQUEST_KIND,
    ConsentAnswer,
    ConsentRequest,
    consent_digest,
    consent_state,
    parse_answer,
    parse_request,
    verify_answer,
)
from crypto.encoding import b64u_decode, b64u_encode
from crypto.envelope import Envelope, seal_envelope
from crypto.errors import ConsentError, DecodeError

CASE = "c_jane"
NOW = 1_790_000_000
OFFICE_PK, OFFICE_SK = crypto_box_keypair()
VISITOR_PK, VISITOR_SK = crypto_box_keypair()
VISITOR_SEED, MEMBER_SEED = SigningKey.generate().encode(), SigningKey.generate().encode()
VISITOR_SIGN_PK = bytes(SigningKey(VISITOR_SEED).verify_key)
MEMBERS = {bytes(SigningKey(MEMBER_SEED).verify_key)}
REQUEST = ConsentRequest(
    "Safety rules are skipped on the night shift.", "Senior group leader", named=False, until=NOW + 86400
)


def _seal(payload: dict[str, Any], kind: str, seed: bytes, case: str = CASE) -> Envelope:
    return seal_envelope(
        payload, case=case, kind=kind, sender_seed=seed, recipient_box_pks=[OFFICE_PK, VISITOR_PK], sent_at=NOW
    )


def _request() -> Envelope:
    return _seal(REQUEST.payload(), REQUEST_KIND, MEMBER_SEED)


def _answer(request: Envelope, decision: str = "accept", seed: bytes = VISITOR_SEED) -> Envelope:
    answer = ConsentAnswer(request.id, consent_digest(request), decision)  # type: ignore[arg-type]
    return _seal(answer.payload(), ANSWER_KIND, seed)


@pytest.mark.parametrize("box_sk", [OFFICE_SK, VISITOR_SK], ids=["office", "visitor"])
def test_the_visitor_s_answer_verifies_against_its_request_for_either_side(box_sk: bytes) -> None:
    request = _request()
    for decision in ("accept", "decline", "withdraw"):
        got = verify_answer(
            request.to_json(),
            _answer(request, decision).to_json(),
            VISITOR_SIGN_PK,
            box_sk=box_sk,
            member_sign_pks=MEMBERS,
        )
        assert (got.request_id, got.request, got.decision, got.answered_at) == (request.id, REQUEST, decision, NOW)


def test_an_answer_does_not_verify_against_another_request_even_with_the_same_words() -> None:
    first, second = _request(), _request()
    with pytest.raises(ConsentError, match="names another request"):
        verify_answer(second, _answer(first), VISITOR_SIGN_PK, box_sk=OFFICE_SK, member_sign_pks=MEMBERS)


def test_the_digest_is_over_the_exact_bytes_of_the_request() -> None:
    request = _request()
    wire = request.to_json()
    assert consent_digest(wire) == consent_digest(request)
    tampered = bytearray(request.sig)
    tampered[0] ^= 1
    assert consent_digest(Envelope(request.header_bytes, request.header, request.ciphertext, bytes(tampered))) != (
        consent_digest(request)
    )
    # The same request under another id is another request: an answer to the first binds to it only
    swapped = _seal(REQUEST.payload(), REQUEST_KIND, MEMBER_SEED)
    assert consent_digest(swapped) != consent_digest(request)


def test_an_answer_signed_by_anyone_but_the_visitor_is_refused() -> None:
    request = _request()
    for answer, why in [(_answer(request, seed=MEMBER_SEED), "not signed by the case's visitor")]:
        with pytest.raises(ConsentError, match=why):
            verify_answer(request, answer, VISITOR_SIGN_PK, box_sk=OFFICE_SK, member_sign_pks=MEMBERS)
    with pytest.raises(ConsentError, match="not signed by a member"):
        verify_answer(request, _answer(request), VISITOR_SIGN_PK, box_sk=OFFICE_SK, member_sign_pks=set())


def test_payloads_hold_exactly_their_fields() -> None:
    assert parse_request({**REQUEST.payload(), "pad": ""}) == REQUEST
    bad_requests: list[dict[str, Any]] = [
        {**REQUEST.payload()},  # no pad
        {**REQUEST.payload(), "pad": "", "extra": 1},
        {**REQUEST.payload(), "pad": "", "named": "no"},
        {**REQUEST.payload(), "pad": "", "until": "1"},
        {**REQUEST.payload(), "pad": "", "until": 1.5},
        {**REQUEST.payload(), "pad": "", "body": ""},
        {**REQUEST.payload(), "pad": "", "with": "   "},
        {**REQUEST.payload(), "pad": "", "body": "x" * 4001},
        {**REQUEST.payload(), "pad": "", "with": "\ud800"},
        {**REQUEST.payload(), "pad": "", "format": "plain"},
    ]
    for payload in bad_requests:
        with pytest.raises(DecodeError):
            parse_request(payload)
    good = ConsentAnswer(b64u_encode(bytes(16)), bytes(32), "decline")
    assert parse_answer({**good.payload(), "pad": ""}) == good
    for payload in [
        {**good.payload(), "pad": "", "decision": "maybe"},
        {**good.payload(), "pad": "", "digest": b64u_encode(bytes(31))},
        {**good.payload(), "pad": "", "request": "short"},
        {**good.payload()},
    ]:
        with pytest.raises(DecodeError):
            parse_answer(payload)


def test_states_follow_the_answers_and_the_date() -> None:
    until = REQUEST.until
    assert consent_state(REQUEST, [], NOW).state == "waiting"
    assert consent_state(REQUEST, [("accept", NOW + 1)], NOW + 2) == consent_state(
        REQUEST, [("accept", NOW + 1)], until
    )
    assert consent_state(REQUEST, [("accept", NOW + 1)], until).state == "accepted"
    assert (s := consent_state(REQUEST, [("accept", NOW + 1), ("withdraw", NOW + 5)], NOW + 9)).state == "withdrawn"
    assert s.at == NOW + 5
    assert consent_state(REQUEST, [("accept", NOW + 1)], until + 1).state == "expired"
    assert consent_state(REQUEST, [("decline", NOW + 1), ("accept", NOW + 2)], NOW + 3).state == "declined"


def test_a_request_is_checked_before_it_is_sealed() -> None:
    with pytest.raises(ValueError, match="with whom"):
        ConsentRequest("words", "", named=True, until=NOW)
    with pytest.raises(ValueError, match="until"):
        ConsentRequest("words", "HR", named=True, until=0)
    assert b64u_decode(ConsentAnswer(b64u_encode(bytes(16)), bytes(32), "accept").payload()["digest"]) == bytes(32)
