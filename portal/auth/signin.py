"""Signing in: visitors by their codename key, members by password key plus a one-time TOTP code."""

import hmac
from dataclasses import dataclass
from typing import Any

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from crypto.auth import verify_challenge
from crypto.encoding import b64u_encode, h16
from crypto.errors import SignatureError
from portal.auth.tokens import issue_token
from portal.cases.models import Case
from portal.deps import Deps
from portal.errors import sign_in_failed
from portal.members.models import Member
from portal.office.models import Grant, OfficeKey
from portal.office.service import get_office

TOTP_STEP = 30
TOTP_PURPOSE = "totp-secret"


@dataclass(frozen=True)
class MemberSalt:
    salt: bytes
    kdf: dict[str, object]


def member_salt(session: Session, deps: Deps, username: str) -> MemberSalt:
    """The member's salt, or for an unknown username a stable decoy, so the two look alike."""
    office = get_office(session)
    kdf = {"alg": "argon2id13", "ops": office.member_kdf_ops, "mem": office.member_kdf_mem}
    member = session.scalar(select(Member).where(Member.username == username))
    if member is not None:
        return MemberSalt(member.salt, kdf)
    return MemberSalt(h16(deps.secrets.subkey("decoy-salt") + username.encode("utf-8")), kdf)


def totp_step_accepted(secret: str, code: str, now: int, last_step: int) -> int | None:
    """The time step ``code`` belongs to (this one or a neighbour), if it is newer than ``last_step``."""
    totp = pyotp.TOTP(secret)
    for offset in (-1, 0, 1):
        step = now // TOTP_STEP + offset
        if step > last_step and hmac.compare_digest(totp.at(step * TOTP_STEP), code):
            return step
    return None


def visitor_session(session: Session, deps: Deps, sign_pk: bytes, challenge: bytes, sig: bytes) -> dict[str, Any]:
    office = get_office(session)
    case = session.scalar(select(Case).where(Case.visitor_sign_pk == sign_pk))
    try:
        verify_challenge(sign_pk, office.office_id, challenge, sig)
    except SignatureError:
        raise sign_in_failed() from None
    if case is None:
        raise sign_in_failed()
    token, expires_at = issue_token(session, deps, "visitor", case_id=case.case_id)
    return {"token": token, "expires_at": expires_at, "case_id": case.case_id}


def office_grants(session: Session, member_id: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Grant, OfficeKey).join(OfficeKey, OfficeKey.version == Grant.version).where(Grant.member_id == member_id)
    ).all()
    return [
        {"version": key.version, "box_pk": b64u_encode(key.box_pk), "grant": grant.grant}
        for grant, key in sorted(rows, key=lambda r: r[1].version)
    ]


def member_session(
    session: Session, deps: Deps, username: str, challenge: bytes, sig: bytes, totp: str
) -> dict[str, Any]:
    office = get_office(session)
    member = session.scalar(select(Member).where(Member.username == username).with_for_update())
    if member is None or not member.active:
        raise sign_in_failed()
    try:
        verify_challenge(member.auth_pk, office.office_id, challenge, sig)
    except SignatureError:
        raise sign_in_failed() from None
    secret = deps.secrets.unseal(TOTP_PURPOSE, member.totp_secret_sealed).decode()
    step = totp_step_accepted(secret, totp, deps.now(), member.totp_last_step)
    if step is None:
        raise sign_in_failed()
    member.totp_last_step = step
    token, expires_at = issue_token(session, deps, "member", member_id=member.member_id)
    return {
        "token": token,
        "expires_at": expires_at,
        "member_id": member.member_id,
        "bundle": {"nonce": member.bundle_nonce, "ciphertext": member.bundle_ciphertext},
        "office_grants": office_grants(session, member.member_id),
    }
