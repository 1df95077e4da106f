"""Signing in and out (PROTOCOL.md section 5), and the proof-of-work puzzle (section 7)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Response, jsonify
from sqlalchemy.orm import Session

from crypto.auth import CHALLENGE_BYTES
from crypto.encoding import b64u_encode
from portal.auth.challenges import consume_auth_challenge, issue_auth_challenge, issue_pow
from portal.auth.errors import SignInFailed
from portal.auth.signin import (
    MemberSession,
    member_salt,
    member_session,
    password_proven,
    spend_presented_code,
    visitor_session,
)
from portal.auth.tokens import revoke
from portal.errors import DomainError
from portal.office.api import granted_json
from portal.passkeys.models import Passkey
from portal.web.body import Body, InvalidField, bytes_field, parsed, text_field
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction
from portal.web.limits import (
    ANONYMOUS_CHALLENGE,
    ANONYMOUS_POW,
    SIGN_IN_CODES,
    SIGN_IN_MEMBERS,
    SIGN_IN_PER_SUBJECT,
    SIGN_IN_VISITORS,
    Held,
    hold,
    rate_limited,
)

bp = Blueprint("auth", __name__, url_prefix="/api/v1")

ROLES = ("visitor", "member")
USERNAME_MAX = 64


@dataclass(frozen=True)
class Who:
    """Who is signing in: a visitor by signing key, a member by username."""

    role: str
    subject: bytes  # the visitor's sign_pk, or the member's username in UTF-8

    @classmethod
    def parse(cls, body: Body) -> "Who":
        role = body.get("role")
        if role not in ROLES:
            raise InvalidField("role must be visitor or member.")
        if role == "visitor":
            return cls("visitor", bytes_field(body, "sign_pk", 32))
        return cls("member", text_field(body, "username", USERNAME_MAX).encode("utf-8"))

    @property
    def username(self) -> str:
        return self.subject.decode("utf-8")


@dataclass(frozen=True)
class SessionRequest:
    who: Who
    challenge: bytes
    sig: bytes | None  # None: a passkey that unlocks the member's keys stands in for the password
    totp: str | None
    passkey: object = None  # a member's WebAuthn assertion over the challenge, instead of the TOTP code

    @property
    def subject(self) -> bytes:
        return self.who.subject

    @classmethod
    def parse(cls, body: Body) -> "SessionRequest":
        who = Who.parse(body)
        challenge = bytes_field(body, "challenge", CHALLENGE_BYTES)
        totp = body.get("totp") if who.role == "member" else None
        passkey = body.get("passkey") if who.role == "member" else None
        unlocking = who.role == "member" and passkey is not None and body.get("unlock") is True
        sig = None if unlocking else bytes_field(body, "sig", 64)
        if who.role == "member" and passkey is None and not isinstance(totp, str):
            raise InvalidField("totp must be the 6-digit code from your authenticator.")
        if passkey is not None and not isinstance(passkey, dict):
            raise InvalidField("passkey must be the passkey's answer, as the browser gives it.")
        return cls(who, challenge, sig, totp if isinstance(totp, str) else None, passkey)


def unlock_json(passkey: Passkey | None) -> dict[str, str] | None:
    """The member's bundle sealed under the passkey's PRF output, when the passkey stood in for the password."""
    if passkey is None or passkey.unlock_nonce is None or passkey.unlock_ciphertext is None:
        return None
    return {"nonce": b64u_encode(passkey.unlock_nonce), "ciphertext": b64u_encode(passkey.unlock_ciphertext)}


@bp.post("/pow")
@rate_limited(ANONYMOUS_POW)
def post_pow() -> Response:
    with transaction() as s:
        pow_ = issue_pow(s, deps())
    return jsonify(
        {"challenge": b64u_encode(pow_.challenge), "difficulty": pow_.difficulty, "expires_at": pow_.expires_at}
    )


@bp.post("/auth/challenge")
@parsed(Who.parse)
@rate_limited(ANONYMOUS_CHALLENGE, key=lambda who, **_: who.role.encode())  # visitors and members apart
def post_challenge(who: Who) -> Response:
    with transaction() as s:
        issued = issue_auth_challenge(s, deps(), who.role, who.subject)
        answer: dict[str, Any] = {"challenge": b64u_encode(issued.challenge), "expires_at": issued.expires_at}
        if who.role == "member":
            salt = member_salt(s, deps(), who.username)
            answer |= {"salt": b64u_encode(salt.salt), "kdf": salt.kdf.as_json()}
    return jsonify(answer)


@bp.post("/auth/session")
@parsed(SessionRequest.parse)
def post_session(req: SessionRequest) -> Response:
    # Spend the challenge in its own commit, so a failed attempt cannot reuse it.
    with transaction() as s:
        live = consume_auth_challenge(s, deps(), req.challenge, req.who.role, req.subject)
    if not live:
        raise SignInFailed()
    subject = req.who.role.encode() + b"\0" + req.subject
    if req.who.role == "visitor":
        held = hold((SIGN_IN_PER_SUBJECT, subject), (SIGN_IN_VISITORS, b""))
        v = judged(held, lambda s: visitor_session(s, deps(), req.subject, req.challenge, req.sig or b""))
        return jsonify({"token": v.token.token, "expires_at": v.token.expires_at, "case_id": v.case_id})
    return member_json(member_signs_in(req, subject))


T = TypeVar("T")


def judged(held: Held, attempt: Callable[[Session], T], refused_as: Held | None = None) -> T:
    """Run a sign-in attempt counted in ``held``: given back if it succeeds; a failure is answered
    "too many attempts" past the limits of ``refused_as`` (``held`` unless given), else as failed."""
    try:
        with transaction() as s:
            result = attempt(s)
    except SignInFailed as failed:
        raise (refused_as or held).refusal(failed) from None
    except DomainError:
        held.give_back()  # both factors were right; the answer says why they are not enough
        raise
    held.give_back()
    return result


def member_signs_in(req: SessionRequest, subject: bytes) -> MemberSession:
    """Wrong passwords count per username and for members together, wrong codes after the right
    password per username apart: a flood of guesses on a username without its password is
    refused, and its owner, with the right password and code, still gets in."""
    passwords = hold((SIGN_IN_PER_SUBJECT, subject), (SIGN_IN_MEMBERS, b""))

    def signs_in(s: Session) -> MemberSession:
        return member_session(s, deps(), req.who.username, req.challenge, req.sig, req.totp, req.passkey)

    if req.sig is None:  # a passkey standing in for the password: it is the one factor judged
        return judged(passwords, signs_in)
    with transaction() as s:
        proven = password_proven(s, req.who.username, req.challenge, req.sig)
    if not proven:
        if passwords.over is not None:
            with transaction() as s:
                spend_presented_code(s, deps(), req.who.username, req.totp)
        raise passwords.refusal(SignInFailed())
    passwords.give_back()
    codes = hold((SIGN_IN_CODES, subject))
    if codes.over is not None:
        # Only the right code is told to wait; a wrong one is answered as a wrong password is, so
        # that this limit (reached only with the right password) does not show the password right.
        with transaction() as s:
            valid = spend_presented_code(s, deps(), req.who.username, req.totp)
        raise codes.refusal(SignInFailed()) if valid else passwords.refusal(SignInFailed())
    # Past the limit on wrong passwords, a wrong code is answered as a wrong password is, so that
    # guesses made then say nothing of whether the password was right.
    return judged(codes, signs_in, refused_as=passwords)


def member_json(m: MemberSession) -> Response:
    return jsonify(
        {
            "token": m.token.token,
            "expires_at": m.token.expires_at,
            "member_id": m.member.member_id,
            "bundle": {
                "nonce": b64u_encode(m.member.bundle_nonce),
                "ciphertext": b64u_encode(m.member.bundle_ciphertext),
            },
            "office_grants": granted_json(m.grants),
            "passkey_required": m.passkey_required,
            "unlock": None
            if m.unlock is None
            else {
                "nonce": b64u_encode(m.unlock.unlock_nonce or b""),
                "ciphertext": b64u_encode(m.unlock.unlock_ciphertext or b""),
            },
        }
    )


@bp.delete("/auth/session")
@signed_in()
def delete_session() -> Response:
    principal = caller()
    with transaction() as s:
        sockets = revoke(s, principal)
    announcer().cut(sockets)
    response = jsonify({"signed_out": True})
    # Nothing of the session may linger in the browser's caches or storage after signing out.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
