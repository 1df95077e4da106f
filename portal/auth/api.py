"""Signing in and out (PROTOCOL.md section 5), and the proof-of-work puzzle (section 7)."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify

from crypto.auth import CHALLENGE_BYTES
from crypto.encoding import b64u_encode
from portal.auth.challenges import consume_auth_challenge, issue_auth_challenge, issue_pow
from portal.auth.errors import SignInFailed
from portal.auth.signin import member_salt, member_session, visitor_session
from portal.auth.tokens import revoke
from portal.office.api import granted_json
from portal.passkeys.models import Passkey
from portal.web.body import Body, InvalidField, bytes_field, parsed, text_field
from portal.web.caller import caller, signed_in
from portal.web.context import announcer, deps, transaction
from portal.web.limits import (
    ANONYMOUS_CHALLENGE,
    ANONYMOUS_POW,
    SIGN_IN_ALL,
    SIGN_IN_PER_SUBJECT,
    rate_limited,
    subject_of,
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
@rate_limited(ANONYMOUS_CHALLENGE)
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
@rate_limited(SIGN_IN_PER_SUBJECT, key=subject_of)
@rate_limited(SIGN_IN_ALL)
def post_session(req: SessionRequest) -> Response:
    # Spend the challenge in its own commit, so a failed attempt cannot reuse it.
    with transaction() as s:
        live = consume_auth_challenge(s, deps(), req.challenge, req.who.role, req.subject)
    if not live:
        raise SignInFailed()
    with transaction() as s:
        if req.who.role == "visitor":
            v = visitor_session(s, deps(), req.subject, req.challenge, req.sig or b"")
            return jsonify({"token": v.token.token, "expires_at": v.token.expires_at, "case_id": v.case_id})
        m = member_session(s, deps(), req.who.username, req.challenge, req.sig, req.totp, req.passkey)
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
