"""Signing in: visitors by their codename key, members by password key plus a one-time TOTP code."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from crypto.auth import verify_challenge
from crypto.encoding import h16
from crypto.errors import SignatureError
from crypto.keys import KdfParams
from portal.auth.errors import MemberRemoved, SignInFailed
from portal.auth.tokens import IssuedToken, issue_token
from portal.auth.totp import totp_step_accepted, unseal_secret
from portal.cases.service import find_case_by_visitor
from portal.cases.tombstones import explain_destroyed
from portal.deps import Deps
from portal.members.models import Member
from portal.members.service import member_by_username
from portal.office.service import GrantedKey, get_office, grants_of
from portal.passkeys.errors import PasskeyRefused
from portal.passkeys.models import Passkey
from portal.passkeys.service import check_assertion, has_passkey


@dataclass(frozen=True)
class MemberSalt:
    salt: bytes
    kdf: KdfParams


@dataclass(frozen=True)
class VisitorSession:
    token: IssuedToken
    case_id: str


@dataclass(frozen=True)
class MemberSession:
    token: IssuedToken
    member: Member
    grants: list[GrantedKey]
    passkey_required: bool  # the office requires a passkey and this member has none yet: register one now
    unlock: Passkey | None = None  # signed in by a passkey that stands in for the password: its sealed bundle


def member_salt(session: Session, deps: Deps, username: str) -> MemberSalt:
    """The member's salt, or for an unknown username a stable decoy, so the two look alike."""
    kdf = get_office(session).member_kdf
    member = member_by_username(session, username)
    if member is not None:
        return MemberSalt(member.salt, kdf)
    return MemberSalt(h16(deps.secrets.subkey("decoy-salt") + username.encode("utf-8")), kdf)


def visitor_session(session: Session, deps: Deps, sign_pk: bytes, challenge: bytes, sig: bytes) -> VisitorSession:
    office = get_office(session)
    case = find_case_by_visitor(session, sign_pk)
    try:
        verify_challenge(sign_pk, office.office_id, challenge, sig)
    except SignatureError:
        raise SignInFailed() from None
    if case is None:
        # Only now, the key proven theirs: a case the office or time destroyed is explained.
        explain_destroyed(session, deps, sign_pk)
        raise SignInFailed()
    return VisitorSession(issue_token(session, deps, "visitor", case_id=case.case_id), case.case_id)


def password_proven(session: Session, username: str, challenge: bytes, sig: bytes | None) -> bool:
    """Whether the challenge is signed by the key the member's password derives (no second factor
    yet): sign-in limits count wrong passwords apart from wrong codes."""
    member = member_by_username(session, username)
    if member is None or sig is None:
        return False
    try:
        verify_challenge(member.auth_pk, get_office(session).office_id, challenge, sig)
    except SignatureError:
        return False
    return True


def spend_presented_code(session: Session, deps: Deps, username: str, totp: str | None) -> bool:
    """Spend the code if it is valid, whatever else the attempt got wrong; whether it was. Past the
    limit on wrong passwords, whoever watched one code being typed cannot try password after
    password with it; past the limit on wrong codes, a valid one says so without signing in."""
    member = member_by_username(session, username, lock=True)
    if member is None or totp is None:
        return False
    step = totp_step_accepted(unseal_secret(deps, member.totp_secret_sealed), totp, deps.now(), member.totp_last_step)
    if step is None:
        return False
    member.totp_last_step = step
    return True


def member_session(
    session: Session,
    deps: Deps,
    username: str,
    challenge: bytes,
    sig: bytes | None,
    totp: str | None,
    passkey: object = None,
) -> MemberSession:
    """The password's key signs the challenge; the second factor is a TOTP code or a passkey's
    assertion over the same challenge (which the caller has spent already, so it serves once).
    With no signature, a passkey that unlocks the member's keys, with its user verified, stands
    in for both (docs/passkeys.md)."""
    office = get_office(session)
    member = member_by_username(session, username, lock=True)
    if member is None:
        raise SignInFailed()
    if sig is None:
        return _unlocked_by_passkey(session, deps, member, challenge, passkey)
    try:
        verify_challenge(member.auth_pk, office.office_id, challenge, sig)
    except SignatureError:
        raise SignInFailed() from None
    required = deps.settings.passkeys_required
    if passkey is not None:
        try:
            check_assertion(session, deps, member.member_id, passkey, challenge)
        except PasskeyRefused:
            raise SignInFailed() from None
    else:
        if required and has_passkey(session, member.member_id):
            raise SignInFailed()  # (the office requires the passkey this member has: a code no longer does)
        step = totp_step_accepted(
            unseal_secret(deps, member.totp_secret_sealed), totp or "", deps.now(), member.totp_last_step
        )
        if step is None:
            raise SignInFailed()
        member.totp_last_step = step
    if not member.active:
        raise MemberRemoved()  # (only now: both factors were this member's)
    token = issue_token(session, deps, "member", member_id=member.member_id)
    needs = required and passkey is None and not has_passkey(session, member.member_id)
    return MemberSession(token, member, grants_of(session, member.member_id), needs)


def _unlocked_by_passkey(
    session: Session, deps: Deps, member: Member, challenge: bytes, passkey: object
) -> MemberSession:
    if passkey is None:
        raise SignInFailed()
    try:
        used = check_assertion(session, deps, member.member_id, passkey, challenge, verified_user=True)
    except PasskeyRefused:
        raise SignInFailed() from None
    if used.unlock_ciphertext is None:
        raise SignInFailed()  # (this passkey does not stand in for the password)
    if not member.active:
        raise MemberRemoved()
    token = issue_token(session, deps, "member", member_id=member.member_id)
    return MemberSession(token, member, grants_of(session, member.member_id), False, used)
