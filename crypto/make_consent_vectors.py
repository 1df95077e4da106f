"""The vectors of docs/protocol/v2.md section 13 (consent): a member's request, the visitor's
answers to it, answers a reader must refuse, and states. An envelope seals with random keys, so
the vectors' envelopes are built here from fixed seeds instead, through the same steps
(PROTOCOL.md section 4): a rerun writes the same bytes, and any reader opens them as usual."""

import json
from typing import Any

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_encrypt,
    crypto_box,
    crypto_box_seed_keypair,
    crypto_generichash_blake2b_salt_personal,
)
from nacl.signing import SigningKey

from crypto.consent import ANSWER_KIND, REQUEST_KIND, ConsentAnswer, ConsentRequest, consent_digest, consent_state
from crypto.encoding import b64u_encode, h32
from crypto.envelope import Envelope, encode_payload, signed_bytes
from crypto.keys import kid

CASE = "c_consent0vector"
SENT_AT = 1_780_000_000
UNTIL = SENT_AT + 30 * 86400


def _seed(what: str) -> bytes:
    return h32(f"consent vector {what}".encode())


def _sealed_box(message: bytes, pk: bytes, ephemeral_seed: bytes) -> bytes:
    """``crypto_box_seal`` with a given ephemeral key: ``epk || box(m, H24(epk || pk), pk, esk)``."""
    epk, esk = crypto_box_seed_keypair(ephemeral_seed)
    nonce = crypto_generichash_blake2b_salt_personal(epk + pk, digest_size=24)
    return epk + crypto_box(message, nonce, pk, esk)


def _envelope(
    payload: dict[str, Any], *, name: str, kind: str, sender: bytes, recipients: list[bytes], **header: Any
) -> Envelope:
    """An envelope sealed as a sender would, every random draw taken from ``name``."""
    key, nonce = _seed(f"{name} key"), _seed(f"{name} nonce")[:24]
    signing = SigningKey(sender)
    fields: dict[str, Any] = {
        "v": 1,
        "id": b64u_encode(_seed(f"{name} id")[:16]),
        "case": CASE,
        "kind": kind,
        "sender": b64u_encode(bytes(signing.verify_key)),
        "sent_at": SENT_AT,
        "ttl": None,
        "view_once": False,
        "nonce": b64u_encode(nonce),
        "recipients": [
            {"kid": kid(pk), "key": b64u_encode(_sealed_box(key, pk, _seed(f"{name} ephemeral {i}")))}
            for i, pk in enumerate(recipients)
        ],
    }
    fields.update(header)
    header_bytes = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()
    ciphertext = crypto_aead_xchacha20poly1305_ietf_encrypt(encode_payload(payload), header_bytes, nonce, key)
    sig = signing.sign(signed_bytes(header_bytes, ciphertext)).signature
    return Envelope(header_bytes, fields, ciphertext, sig)


def consent_vectors() -> dict[str, Any]:
    office_pk, office_sk = crypto_box_seed_keypair(_seed("office box"))
    visitor_pk, visitor_sk = crypto_box_seed_keypair(_seed("visitor box"))
    visitor_seed, member_seed = _seed("visitor sign"), _seed("member sign")
    both = [office_pk, visitor_pk]

    request = ConsentRequest(
        "Trainees on the night shift are told to skip the lock-out procedure to save time.",
        "Senior group leader, Cryogenics",
        False,
        UNTIL,
    )
    req = _envelope(request.payload(), name="request", kind=REQUEST_KIND, sender=member_seed, recipients=both)
    digest = consent_digest(req)
    other = ConsentRequest(request.body, "Head of department", True, UNTIL)
    other_req = _envelope(other.payload(), name="other request", kind=REQUEST_KIND, sender=member_seed, recipients=both)

    def answer(name: str, payload: dict[str, Any], *, sender: bytes = visitor_seed, **header: Any) -> Envelope:
        fields = {"kind": ANSWER_KIND, "sent_at": SENT_AT + 3600, **header}
        return _envelope(payload, name=name, sender=sender, recipients=both, **fields)

    accept = ConsentAnswer(req.id, digest, "accept").payload()
    by_visitor = _envelope(
        request.payload(), name="visitor request", kind=REQUEST_KIND, sender=visitor_seed, recipients=both
    )
    valid = [
        ("accept", answer("accept", accept, sent_at=SENT_AT + 3600)),
        ("withdraw", answer("withdraw", {**accept, "decision": "withdraw"}, sent_at=SENT_AT + 7200)),
        ("decline", answer("decline", {**accept, "decision": "decline"}, sent_at=SENT_AT + 3600)),
    ]
    refused = [
        (
            "bound to another request's bytes",
            req,
            answer("r1", {**accept, "digest": b64u_encode(consent_digest(other_req))}),
        ),
        ("names another request", req, answer("r2", {**accept, "request": other_req.id})),
        ("signed by a member, not the visitor", req, answer("r3", accept, sender=member_seed)),
        ("a decision that is none of the three", req, answer("r4", {**accept, "decision": "maybe"})),
        ("a field too many", req, answer("r5", {**accept, "note": "ok"})),
        ("of another case", req, answer("r6", accept, case="c_other")),
        ("not of kind consent-answer", req, answer("r7", accept, kind="message")),
        (
            "a request the visitor signed",
            by_visitor,
            answer("r8", ConsentAnswer(by_visitor.id, consent_digest(by_visitor), "accept").payload()),
        ),
    ]

    def state(answers: list[tuple[Any, int]], now: int) -> dict[str, Any]:
        s = consent_state(request, answers, now)
        return {"answers": [list(a) for a in answers], "now": now, "state": s.state, "at": s.at}

    a, d, w = SENT_AT + 10, SENT_AT + 20, SENT_AT + 30
    states = [
        state([], SENT_AT),
        state([("accept", a)], SENT_AT + 100),
        state([("decline", d)], SENT_AT + 100),
        state([("accept", a), ("withdraw", w)], SENT_AT + 100),
        state([("withdraw", w)], SENT_AT + 100),
        state([("decline", d), ("accept", a)], SENT_AT + 100),
        state([("withdraw", w), ("accept", a)], SENT_AT + 100),
        state([("decline", a), ("accept", a)], SENT_AT + 100),
        state([("accept", a), ("accept", d), ("decline", w)], SENT_AT + 100),
        state([("accept", UNTIL + 1)], UNTIL + 2),
        state([], UNTIL),
        state([], UNTIL + 1),
        state([("accept", a)], UNTIL + 1),
        state([("accept", a), ("withdraw", w)], UNTIL + 1),
        state([("decline", d)], UNTIL + 1),
    ]
    return {
        "about": "Consent to disclose (docs/protocol/v2.md section 13). 'request' opens, with either box key, "
        "to its fields, and its digest is as given; each of 'answers' verifies against it (signature, request id, "
        "digest) to its decision and time; each of 'refused' must not verify against its own request; each of "
        "'states' folds its answers (decision, sent_at) at 'now' to that state and time.",
        "case": CASE,
        "office_box_sk": b64u_encode(office_sk),
        "visitor_box_sk": b64u_encode(visitor_sk),
        "visitor_sign_pk": b64u_encode(bytes(SigningKey(visitor_seed).verify_key)),
        "member_sign_pks": [b64u_encode(bytes(SigningKey(member_seed).verify_key))],
        "request": {
            "envelope": req.to_json(),
            "id": req.id,
            "digest": b64u_encode(digest),
            "body": request.body,
            "with": request.with_,
            "named": request.named,
            "until": request.until,
        },
        "answers": [
            {"decision": decision, "answered_at": env.header["sent_at"], "envelope": env.to_json()}
            for decision, env in valid
        ],
        "refused": [{"why": why, "request": r.to_json(), "envelope": env.to_json()} for why, r, env in refused],
        "states": states,
    }
