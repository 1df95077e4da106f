"""Invitations and enrolment of office members (PROTOCOL.md sections 6 and 8)."""

import re
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

import pyotp
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crypto.encoding import b64u_decode
from crypto.errors import DecodeError
from portal.auth.signin import TOTP_PURPOSE, totp_step_accepted
from portal.deps import Deps
from portal.errors import BadInput, Conflict, NotFound
from portal.ids import new_token, token_hash
from portal.members.models import Invitation, Member
from portal.office.models import Grant, OfficeKey
from portal.office.service import GRANT_LENGTH, current_key, get_office

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
DISPLAY_NAME_MAX = 80
BUNDLE_CIPHERTEXT_MAX = 400


@dataclass(frozen=True)
class NewInvitation:
    token: str
    member_id: str
    expires_at: int


class InvitationInvalid(NotFound):
    code = "invitation_invalid"


def create_invitation(session: Session, deps: Deps) -> NewInvitation:
    get_office(session)
    now = deps.now()
    token = new_token()
    member_id = "m_" + secrets.token_hex(6)
    expires_at = now + deps.settings.invitations_valid_hours * 3600
    session.add(Invitation(token_hash=token_hash(token), member_id=member_id, created_at=now, expires_at=expires_at))
    return NewInvitation(token, member_id, expires_at)


def _live_invitation(session: Session, deps: Deps, token: str) -> Invitation:
    inv = session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)).with_for_update())
    if inv is None or inv.spent_at is not None or inv.expires_at <= deps.now():
        raise InvitationInvalid("This invitation is unknown, already used or expired. Ask for a new one.")
    return inv


def start_enrolment(session: Session, deps: Deps, token: str) -> dict[str, Any]:
    inv = _live_invitation(session, deps, token)
    office = get_office(session)
    if inv.totp_secret_sealed is None:
        inv.totp_secret_sealed = deps.secrets.seal(TOTP_PURPOSE, pyotp.random_base32(32).encode())
    secret = deps.secrets.unseal(TOTP_PURPOSE, inv.totp_secret_sealed).decode()
    return {
        "member_id": inv.member_id,
        "totp_secret": secret,
        "otpauth_uri": pyotp.TOTP(secret).provisioning_uri(name=inv.member_id, issuer_name=f"Sottovoce {office.name}"),
        "member_kdf": {"alg": "argon2id13", "ops": office.member_kdf_ops, "mem": office.member_kdf_mem},
        "first": current_key(session) is None,
    }


def _key(body: dict[str, Any], name: str, length: int) -> bytes:
    try:
        return b64u_decode(body.get(name), length)
    except DecodeError:
        raise BadInput(f"{name} must be {length} bytes in unpadded base64url.", "invalid_field") from None


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise BadInput(f"{name} must be a string.", "invalid_field")
    return value


def _display_name(raw: str) -> str:
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not 1 <= len(name) <= DISPLAY_NAME_MAX or any(unicodedata.category(c).startswith("C") for c in name):
        raise BadInput(f"The display name must be 1 to {DISPLAY_NAME_MAX} printable characters.", "invalid_field")
    return name


def finish_enrolment(session: Session, deps: Deps, body: dict[str, Any]) -> dict[str, Any]:
    inv = _live_invitation(session, deps, _text(body, "token"))
    if _text(body, "member_id") != inv.member_id or inv.totp_secret_sealed is None:
        raise BadInput("Start the enrolment before finishing it.", "enrolment_not_started")
    username = _text(body, "username")
    if USERNAME.fullmatch(username) is None:
        raise BadInput("A username is 3 to 32 lowercase letters, digits, dots, dashes or underscores.", "invalid_field")
    display_name = _display_name(_text(body, "display_name"))
    salt = _key(body, "salt", 16)
    auth_pk, sign_pk, box_pk = _key(body, "auth_pk", 32), _key(body, "sign_pk", 32), _key(body, "box_pk", 32)
    bundle = body.get("bundle")
    if not isinstance(bundle, dict):
        raise BadInput("bundle must be an object with nonce and ciphertext.", "invalid_field")
    _key(bundle, "nonce", 24)
    try:
        wrapped = b64u_decode(bundle.get("ciphertext"))
    except DecodeError:
        raise BadInput("bundle.ciphertext must be unpadded base64url.", "invalid_field") from None
    if not 16 < len(wrapped) <= BUNDLE_CIPHERTEXT_MAX * 3 // 4:
        raise BadInput("bundle.ciphertext has an impossible length.", "invalid_field")

    now = deps.now()
    secret = deps.secrets.unseal(TOTP_PURPOSE, inv.totp_secret_sealed).decode()
    step = totp_step_accepted(secret, _text(body, "totp"), now, 0)
    if step is None:
        raise BadInput("That authenticator code is not right. Check the clock of your device.", "totp_invalid")

    office_key = body.get("office_key")
    key = current_key(session)
    if key is None and not isinstance(office_key, dict):
        raise BadInput("The first member must create the office key.", "office_key_required")
    if key is not None and office_key is not None:
        raise BadInput("The office key exists already; a member will grant it to you.", "office_key_exists")

    member = Member(
        member_id=inv.member_id,
        username=username,
        display_name=display_name,
        salt=salt,
        auth_pk=auth_pk,
        sign_pk=sign_pk,
        box_pk=box_pk,
        bundle_nonce=bundle["nonce"],
        bundle_ciphertext=bundle["ciphertext"],
        totp_secret_sealed=inv.totp_secret_sealed,
        totp_last_step=step,
        active=True,
        created_at=now,
    )
    session.add(member)
    granted = False
    if isinstance(office_key, dict):
        office_pk = _key(office_key, "box_pk", 32)
        _key(office_key, "grant", GRANT_LENGTH)
        session.add(OfficeKey(version=1, box_pk=office_pk, created_at=now))
        session.flush()
        session.add(Grant(member_id=member.member_id, version=1, grant=office_key["grant"], created_at=now))
        granted = True
    inv.spent_at = now
    inv.totp_secret_sealed = None
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("That username or key is taken, or the office key was just created.", "taken") from None
    return {"member_id": member.member_id, "granted": granted}
