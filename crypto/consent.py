"""Consent to disclose (docs/protocol/v2.md section 13): a member asks, in a case's thread, whether
the office may share precise words with someone, named or anonymously, until a date; the visitor
accepts, declines, or later withdraws, each answer signed by the visitor's own key and bound to
the exact bytes of the request it answers. So the office holds proof of what was agreed, and a
server that swapped the request under an answer is caught.

Both items are ordinary envelopes (PROTOCOL.md section 4) of kinds ``consent-request`` and
``consent-answer``; this module builds and reads their payloads, computes the request's digest,
verifies an answer against its request, and folds a request's answers into its state."""

from dataclasses import dataclass
from typing import Any, Literal

from crypto.encoding import b64u_decode, b64u_encode, h32, le64, tagged_v2
from crypto.envelope import ID_BYTES, Envelope, open_envelope, parse_envelope, verify_envelope
from crypto.errors import ConsentError, DecodeError, ProtocolError

REQUEST_KIND = "consent-request"
ANSWER_KIND = "consent-answer"
DECISIONS = ("accept", "decline", "withdraw")
BODY_MAX = 4000  # code points: what may be shared, in the member's words
WITH_MAX = 200  # code points: a role or a person
UNTIL_MAX = 2**53 - 1  # a time JavaScript holds exactly
DIGEST_BYTES = 32
REQUEST_FIELDS = {"format", "body", "with", "named", "until", "pad"}
ANSWER_FIELDS = {"format", "request", "digest", "decision", "pad"}

Decision = Literal["accept", "decline", "withdraw"]
State = Literal["waiting", "accepted", "declined", "withdrawn", "expired"]


@dataclass(frozen=True)
class ConsentRequest:
    body: str  # what may be shared
    with_: str  # with whom: a role or a person
    named: bool  # True: the visitor may be named; False: anonymously
    until: int  # Unix seconds: the consent ends then

    def __post_init__(self) -> None:
        if not 1 <= len(self.body) <= BODY_MAX or self.body.strip() == "":
            raise ValueError(f"what may be shared is 1 to {BODY_MAX} characters")
        if not 1 <= len(self.with_) <= WITH_MAX or self.with_.strip() == "":
            raise ValueError(f"with whom is 1 to {WITH_MAX} characters")
        if not 1 <= self.until <= UNTIL_MAX:
            raise ValueError("until is a time in Unix seconds")

    def payload(self) -> dict[str, Any]:
        return {"format": REQUEST_KIND, "body": self.body, "with": self.with_, "named": self.named, "until": self.until}


@dataclass(frozen=True)
class ConsentAnswer:
    request: str  # the request item's id
    digest: bytes  # consent_digest of the request envelope
    decision: Decision

    def __post_init__(self) -> None:
        b64u_decode(self.request, ID_BYTES)
        if len(self.digest) != DIGEST_BYTES:
            raise ValueError("a digest is 32 bytes")
        if self.decision not in DECISIONS:
            raise ValueError("a decision is accept, decline or withdraw")

    def payload(self) -> dict[str, Any]:
        return {
            "format": ANSWER_KIND,
            "request": self.request,
            "digest": b64u_encode(self.digest),
            "decision": self.decision,
        }


@dataclass(frozen=True)
class VerifiedAnswer:
    request_id: str
    request: ConsentRequest
    decision: Decision
    answered_at: int  # the answer's sent_at, by the visitor's clock


@dataclass(frozen=True)
class ConsentState:
    state: State
    at: int | None  # when it became so: the answer's sent_at, or until once expired; None while waiting


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    # A lone surrogate (possible through JSON's \\u escapes) is no text: refused as in the log.
    return isinstance(value, str) and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)


def parse_request(payload: object) -> ConsentRequest:
    """The request in an opened payload, if it is exactly one; DecodeError otherwise."""
    if not isinstance(payload, dict) or set(payload) != REQUEST_FIELDS or payload["format"] != REQUEST_KIND:
        raise DecodeError("a consent request holds format, body, with, named, until and pad")
    body, with_, named, until = payload["body"], payload["with"], payload["named"], payload["until"]
    if not _is_text(body) or not _is_text(with_) or not isinstance(named, bool) or not _is_int(until):
        raise DecodeError("body and with are text, named a boolean, until an integer")
    try:
        return ConsentRequest(body, with_, named, until)
    except ValueError as exc:
        raise DecodeError(str(exc)) from exc


def parse_answer(payload: object) -> ConsentAnswer:
    """The answer in an opened payload, if it is exactly one; DecodeError otherwise."""
    if not isinstance(payload, dict) or set(payload) != ANSWER_FIELDS or payload["format"] != ANSWER_KIND:
        raise DecodeError("a consent answer holds format, request, digest, decision and pad")
    decision = payload["decision"]
    if decision not in DECISIONS:
        raise DecodeError("a decision is accept, decline or withdraw")
    try:
        return ConsentAnswer(payload["request"], b64u_decode(payload["digest"], DIGEST_BYTES), decision)
    except ValueError as exc:
        raise DecodeError(str(exc)) from exc


def _envelope(obj: object) -> Envelope:
    """An Envelope, or one decoded from its wire form."""
    return obj if isinstance(obj, Envelope) else parse_envelope(obj)


def consent_digest(request: object) -> bytes:
    """``H32(T2("consent-request", LE64(len(H)) || H || LE64(len(C)) || C || S))`` over the request
    envelope's three parts as its sender signed them (decoded from the wire's base64url): any other
    request, or this one re-encoded, gives another digest."""
    env = _envelope(request)
    return h32(
        tagged_v2(
            "consent-request",
            le64(len(env.header_bytes)),
            env.header_bytes,
            le64(len(env.ciphertext)),
            env.ciphertext,
            env.sig,
        )
    )


def verify_answer(
    request_envelope: object,
    answer_envelope: object,
    visitor_sign_pk: bytes,
    *,
    box_sk: bytes,
    member_sign_pks: set[bytes],
) -> VerifiedAnswer:
    """Checks that ``answer_envelope`` is the visitor's signed answer to exactly
    ``request_envelope``, a member's request of the same case, both opened with ``box_sk`` (the
    office's or the visitor's box secret key); each is an Envelope or its wire form. ConsentError
    names the first check that fails."""
    try:
        req_env = _envelope(request_envelope)
        ans_env = _envelope(answer_envelope)
    except ProtocolError as exc:
        raise ConsentError("an envelope is malformed") from exc
    if req_env.header["kind"] != REQUEST_KIND or ans_env.header["kind"] != ANSWER_KIND:
        raise ConsentError("not a consent request and its answer")
    case = req_env.header["case"]
    if ans_env.header["case"] != case:
        raise ConsentError("the answer belongs to another case")
    if ans_env.sender != visitor_sign_pk:
        raise ConsentError("the answer is not signed by the case's visitor")
    if req_env.sender not in member_sign_pks:
        raise ConsentError("the request is not signed by a member of the office")
    try:
        verify_envelope(ans_env)
    except ProtocolError as exc:
        raise ConsentError("the answer's signature does not verify") from exc
    try:
        request = parse_request(open_envelope(req_env.to_json(), box_sk, member_sign_pks, case).payload)
        answer = parse_answer(open_envelope(ans_env.to_json(), box_sk, {visitor_sign_pk}, case).payload)
    except ProtocolError as exc:
        raise ConsentError("an envelope does not open, or does not hold what its kind says") from exc
    if answer.request != req_env.id:
        raise ConsentError("the answer names another request")
    if answer.digest != consent_digest(req_env):
        raise ConsentError("the answer binds other request bytes")
    return VerifiedAnswer(req_env.id, request, answer.decision, ans_env.header["sent_at"])


def consent_state(request: ConsentRequest, answers: list[tuple[Decision, int]], now: float) -> ConsentState:
    """The state of a request from its verified answers ``(decision, sent_at)`` in the thread's
    order, at time ``now``. They are taken in the order of their signed ``sent_at`` (ties in the
    thread's order), which the server cannot change as it could the order it lists them in. While
    waiting, the first accept or decline sent before ``until`` counts; once accepted, the first
    withdraw; anything else is ignored. A waiting or accepted consent is expired once ``until``
    has passed."""
    state: State = "waiting"
    at: int | None = None
    for decision, sent_at in sorted(answers, key=lambda answer: answer[1]):  # sorted() is stable
        if state == "waiting" and decision in ("accept", "decline") and sent_at <= request.until:
            state, at = ("accepted" if decision == "accept" else "declined"), sent_at
        elif state == "accepted" and decision == "withdraw":
            state, at = "withdrawn", sent_at
    if state in ("waiting", "accepted") and now > request.until:
        return ConsentState("expired", request.until)
    return ConsentState(state, at)
