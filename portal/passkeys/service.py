"""Passkeys and security keys as members' second factor (WebAuthn, through py_webauthn): registering
one, listing and removing them, and checking an assertion at sign-in. Bound to the portal's public
origin and relying-party id (settings ``passkeys.*``). The password still derives the member's keys:
end-to-end encryption does not change."""

import json
from dataclasses import dataclass

import webauthn
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from crypto.encoding import b64u_decode, b64u_encode
from crypto.errors import DecodeError
from portal.auth.challenges import consume_auth_challenge, issue_auth_challenge
from portal.deps import Deps
from portal.ids import new_id
from portal.members.models import Member
from portal.office.service import office_name
from portal.passkeys.errors import InvalidPasskeyName, LastPasskey, PasskeyNotFound, PasskeyRefused
from portal.passkeys.models import Passkey

REGISTRATION = "passkey-reg"  # the challenges' role: single use, short-lived, this member's
NAME_MAX = 60
# Malformed answers raise more than the library's own errors: all are one refusal.
_BAD_ANSWER = (WebAuthnException, DecodeError, ValueError, TypeError, KeyError, AttributeError)


@dataclass(frozen=True)
class RegistrationOptions:
    options_json: str  # for navigator.credentials.create (PublicKeyCredential.parseCreationOptionsFromJSON)
    challenge: bytes


def _uv(deps: Deps) -> UserVerificationRequirement:
    return UserVerificationRequirement(deps.settings.passkeys_user_verification)


def passkeys_of(session: Session, member_id: str) -> list[Passkey]:
    return list(session.scalars(select(Passkey).where(Passkey.member_id == member_id).order_by(Passkey.created_at)))


def has_passkey(session: Session, member_id: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Passkey).where(Passkey.member_id == member_id)))


def registration_options(session: Session, deps: Deps, member: Member) -> RegistrationOptions:
    challenge = issue_auth_challenge(session, deps, REGISTRATION, member.member_id.encode())
    mine = passkeys_of(session, member.member_id)  # (not registered twice)
    s = deps.settings
    options = webauthn.generate_registration_options(
        rp_id=s.rp_id,
        rp_name=office_name(session),
        user_name=member.username,
        user_id=member.member_id.encode(),
        user_display_name=member.display_name,
        challenge=challenge.challenge,
        attestation=AttestationConveyancePreference.NONE,
        # Discoverable, so that signing in names no credential before the member has proved anything.
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED, user_verification=_uv(deps)
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=p.credential_id) for p in mine],
    )
    return RegistrationOptions(webauthn.options_to_json(options), challenge.challenge)


def register(session: Session, deps: Deps, member_id: str, name: str, credential: object, challenge: bytes) -> Passkey:
    name = " ".join(name.split())
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidPasskeyName()
    if not consume_auth_challenge(session, deps, challenge, REGISTRATION, member_id.encode()):
        raise PasskeyRefused("This registration has expired or was used already. Start again.")
    s = deps.settings
    try:
        verified = webauthn.verify_registration_response(
            credential=_as_json(credential),
            expected_challenge=challenge,
            expected_rp_id=s.rp_id,
            expected_origin=s.public_origin,
            require_user_verification=s.passkeys_user_verification == "required",
        )
    except _BAD_ANSWER:
        raise PasskeyRefused() from None
    now = deps.now()
    passkey = Passkey(
        passkey_id=new_id("pk_", 9),
        member_id=member_id,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name,
        created_at=now,
        last_used_at=None,
    )
    session.add(passkey)
    try:
        session.flush()
    except IntegrityError:
        raise PasskeyRefused("This passkey is registered already.") from None
    return passkey


def remove(session: Session, deps: Deps, member_id: str, passkey_id: str) -> None:
    passkey = session.get(Passkey, passkey_id)
    if passkey is None or passkey.member_id != member_id:
        raise PasskeyNotFound()
    if deps.settings.passkeys_required and len(passkeys_of(session, member_id)) == 1:
        raise LastPasskey()
    session.delete(passkey)


def check_assertion(
    session: Session, deps: Deps, member_id: str, credential: object, challenge: bytes, *, verified_user: bool = False
) -> Passkey:
    """The member's passkey that made ``credential``, an assertion over ``challenge`` (the sign-in
    challenge, spent by the caller) with a counter that moved on; PasskeyRefused otherwise.
    ``verified_user``: the authenticator must have verified its user (a PIN, a fingerprint), as
    when the passkey stands in for the password too."""
    try:
        raw_id = b64u_decode(credential.get("rawId") if isinstance(credential, dict) else None)
    except DecodeError:
        raise PasskeyRefused() from None
    passkey = session.scalar(select(Passkey).where(Passkey.credential_id == raw_id, Passkey.member_id == member_id))
    if passkey is None:
        raise PasskeyRefused()
    s = deps.settings
    try:
        verified = webauthn.verify_authentication_response(
            credential=_as_json(credential),
            expected_challenge=challenge,
            expected_rp_id=s.rp_id,
            expected_origin=s.public_origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=verified_user or s.passkeys_user_verification == "required",
        )
    except _BAD_ANSWER:
        raise PasskeyRefused() from None
    passkey.sign_count, passkey.last_used_at = verified.new_sign_count, deps.now()
    return passkey


def set_unlock(
    session: Session, member_id: str, passkey_id: str, nonce: bytes | None, ciphertext: bytes | None
) -> None:
    """Keeps (or with None, drops) the member's bundle sealed under this passkey's PRF output."""
    passkey = session.get(Passkey, passkey_id)
    if passkey is None or passkey.member_id != member_id:
        raise PasskeyNotFound()
    passkey.unlock_nonce, passkey.unlock_ciphertext = nonce, ciphertext


def _as_json(credential: object) -> str:
    if not isinstance(credential, dict):
        raise ValueError("a credential is an object")
    return json.dumps(credential)


def credential_id_text(passkey: Passkey) -> str:
    return b64u_encode(passkey.credential_id)
