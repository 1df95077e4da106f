"""Invitations and enrolment of office members (PROTOCOL.md sections 6 and 8)."""

import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crypto.keys import KdfParams
from portal.auth.totp import new_sealed_secret, provisioning_uri, totp_step_accepted, unseal_secret
from portal.deps import Deps
from portal.ids import new_token, token_hash
from portal.log.errors import EntryRefused
from portal.log.service import append, check_genesis
from portal.members.errors import (
    AlreadyTaken,
    EnrolmentNotStarted,
    InvalidBundle,
    InvalidDisplayName,
    InvalidUsername,
    InvitationInvalid,
    OfficeKeyExists,
    OfficeKeyRequired,
    TotpInvalid,
)
from portal.members.models import Invitation, Member
from portal.office.models import OfficeKey
from portal.office.service import create_first_key, current_key, get_office

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
DISPLAY_NAME_MAX = 80
BUNDLE_CIPHERTEXT_MAX = 300  # bytes: the sealed bundle JSON (two b64u keys) is about 120


@dataclass(frozen=True)
class NewInvitation:
    token: str
    member_id: str
    expires_at: int


@dataclass(frozen=True)
class EnrolmentStart:
    member_id: str
    totp_secret: str
    otpauth_uri: str
    member_kdf: KdfParams
    first: bool  # the office has no key yet: this member draws it


@dataclass(frozen=True)
class FirstOfficeKey:
    box_pk: bytes
    grant: bytes


@dataclass(frozen=True)
class Enrolment:
    """What a new member's browser sends to finish: public keys, the wrapped bundle, a TOTP code."""

    token: str
    member_id: str
    username: str
    display_name: str
    salt: bytes
    auth_pk: bytes
    sign_pk: bytes
    box_pk: bytes
    bundle_nonce: bytes
    bundle_ciphertext: bytes
    totp: str
    office_key: FirstOfficeKey | None
    log_entry: object | None = None  # the first member's genesis of the office log (protocol v2)


@dataclass(frozen=True)
class Enrolled:
    member_id: str
    granted: bool


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
        raise InvitationInvalid()
    return inv


def start_enrolment(session: Session, deps: Deps, token: str) -> EnrolmentStart:
    inv = _live_invitation(session, deps, token)
    office = get_office(session)
    if inv.totp_secret_sealed is None:
        inv.totp_secret_sealed = new_sealed_secret(deps)
    secret = unseal_secret(deps, inv.totp_secret_sealed)
    uri = provisioning_uri(secret, inv.member_id, f"Sottovoce {office.name}")
    return EnrolmentStart(inv.member_id, secret, uri, office.member_kdf, current_key(session) is None)


def display_name_of(raw: str) -> str:
    """The name as colleagues will see it: NFKC, single spaces, printable, 1 to 80 characters."""
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not 1 <= len(name) <= DISPLAY_NAME_MAX or any(unicodedata.category(c).startswith("C") for c in name):
        raise InvalidDisplayName()
    return name


def finish_enrolment(session: Session, deps: Deps, e: Enrolment) -> Enrolled:
    inv = _live_invitation(session, deps, e.token)
    if e.member_id != inv.member_id or inv.totp_secret_sealed is None:
        raise EnrolmentNotStarted()
    if USERNAME.fullmatch(e.username) is None:
        raise InvalidUsername()
    display_name = display_name_of(e.display_name)
    if not 16 < len(e.bundle_ciphertext) <= BUNDLE_CIPHERTEXT_MAX:
        raise InvalidBundle()
    now = deps.now()
    step = totp_step_accepted(unseal_secret(deps, inv.totp_secret_sealed), e.totp, now, 0)
    if step is None:
        raise TotpInvalid()
    first = current_key(session) is None
    if first and e.office_key is None:
        raise OfficeKeyRequired()
    if not first and e.office_key is not None:
        raise OfficeKeyExists()
    session.add(
        Member(
            member_id=inv.member_id,
            username=e.username,
            display_name=display_name,
            salt=e.salt,
            auth_pk=e.auth_pk,
            sign_pk=e.sign_pk,
            box_pk=e.box_pk,
            bundle_nonce=e.bundle_nonce,
            bundle_ciphertext=e.bundle_ciphertext,
            totp_secret_sealed=inv.totp_secret_sealed,
            totp_last_step=step,
            active=True,
            created_at=now,
        )
    )
    inv.spent_at = now
    inv.totp_secret_sealed = None
    if e.log_entry is not None and e.office_key is None:
        raise EntryRefused("Only the first member's enrolment starts the office log.")
    try:
        session.flush()
        if e.office_key is not None:
            key = create_first_key(session, deps, e.office_key.box_pk, inv.member_id, e.office_key.grant)
            session.flush()
    except IntegrityError:
        raise AlreadyTaken() from None
    if e.office_key is not None and e.log_entry is not None:
        _start_log(session, deps, e.log_entry, inv.member_id, key)
    return Enrolled(inv.member_id, granted=e.office_key is not None)


def _start_log(session: Session, deps: Deps, raw: object, member_id: str, key: OfficeKey) -> None:
    """The genesis the first member signed: this office, this member, the key they drew."""
    member = session.get(Member, member_id)
    assert member is not None  # (just added)
    entry, _ = append(session, deps, None, raw, member_id, {"genesis"})
    check_genesis(entry, get_office(session), [member], [], [key])


def find_member(session: Session, member_id: str) -> Member | None:
    return session.get(Member, member_id)


def member_by_username(session: Session, username: str, *, lock: bool = False) -> Member | None:
    query = select(Member).where(Member.username == username)
    return session.scalar(query.with_for_update() if lock else query)


def is_active_member(session: Session, member_id: str) -> bool:
    member = session.get(Member, member_id)
    return member is not None and member.active
