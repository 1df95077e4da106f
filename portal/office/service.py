"""The office: creation, its public description, its key versions and grants."""

import secrets
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crypto.encoding import b64u_encode
from crypto.keys import fingerprint, kid
from portal.deps import Deps
from portal.errors import Conflict, Forbidden, NotFound
from portal.members.models import Member
from portal.office.models import Grant, Office, OfficeKey

GRANT_LENGTH = 80  # crypto_box_seal of a 32-byte key


class OfficeMissing(NotFound):
    code = "no_office"


def create_office(
    session: Session, deps: Deps, name: str, visitor_kdf: tuple[int, int], member_kdf: tuple[int, int]
) -> Office:
    if session.scalar(select(func.count()).select_from(Office)):
        raise Conflict("This portal already has an office.", "office_exists")
    office = Office(
        office_id="office-" + secrets.token_hex(4),
        name=name,
        visitor_kdf_ops=visitor_kdf[0],
        visitor_kdf_mem=visitor_kdf[1],
        member_kdf_ops=member_kdf[0],
        member_kdf_mem=member_kdf[1],
        created_at=deps.now(),
    )
    session.add(office)
    return office


def find_office(session: Session) -> Office | None:
    return session.scalar(select(Office))


def office_name(session: Session) -> str:
    """The office's name for page headers; a neutral one before the office exists."""
    office = find_office(session)
    return office.name if office else "Ombuds office"


def get_office(session: Session) -> Office:
    office = find_office(session)
    if office is None:
        raise OfficeMissing("No office has been set up on this portal yet.")
    return office


def current_key(session: Session) -> OfficeKey | None:
    return session.scalar(select(OfficeKey).order_by(OfficeKey.version.desc()).limit(1))


def key_json(key: OfficeKey) -> dict[str, Any]:
    return {
        "version": key.version,
        "box_pk": b64u_encode(key.box_pk),
        "kid": kid(key.box_pk),
        "fingerprint": fingerprint(key.box_pk),
    }


def member_json(member: Member) -> dict[str, Any]:
    return {
        "member_id": member.member_id,
        "display_name": member.display_name,
        "sign_pk": b64u_encode(member.sign_pk),
        "box_pk": b64u_encode(member.box_pk),
        "active": member.active,
    }


def describe_office(session: Session, deps: Deps) -> dict[str, Any]:
    office = get_office(session)
    key = current_key(session)
    s = deps.settings
    members = session.scalars(select(Member).order_by(Member.created_at, Member.member_id))
    return {
        "office_id": office.office_id,
        "name": office.name,
        "visitor_kdf": {"alg": "argon2id13", "ops": office.visitor_kdf_ops, "mem": office.visitor_kdf_mem},
        "member_kdf": {"alg": "argon2id13", "ops": office.member_kdf_ops, "mem": office.member_kdf_mem},
        "office_key": key_json(key) if key else None,
        "members": [member_json(m) for m in members],
        "pow": {"difficulty": s.pow_difficulty},
        "covenant_version": s.covenant_version,
        "limits": {
            "max_padded_bytes": s.messages_max_padded_bytes,
            "ttl_min_seconds": s.messages_ttl_min_seconds,
            "ttl_max_seconds": s.messages_ttl_max_seconds,
            "ttl_choices": list(s.messages_ttl_choices),
            "clock_skew_seconds": s.auth_clock_skew_seconds,
            "retention_idle_days": s.retention_idle_days,
            "retention_closed_days": s.retention_closed_days,
            "session_idle_minutes": s.auth_idle_minutes,
        },
    }


def pending_members(session: Session) -> list[dict[str, Any]]:
    key = current_key(session)
    granted = select(Grant.member_id).where(Grant.version == (key.version if key else -1))
    rows = session.scalars(
        select(Member).where(Member.active.is_(True), Member.member_id.not_in(granted)).order_by(Member.created_at)
    )
    return [{**member_json(m), "username": m.username, "created_at": m.created_at} for m in rows]


def add_grant(session: Session, deps: Deps, granter_id: str, member_id: str, version: int, grant: str) -> None:
    if session.get(Grant, (granter_id, version)) is None:
        raise Forbidden("You hold no grant for that office key version, so you cannot pass it on.", "no_grant")
    member = session.get(Member, member_id)
    if member is None or not member.active:
        raise NotFound("No such member.", "no_member")
    if session.get(Grant, (member_id, version)) is not None:
        raise Conflict("That member already holds this office key.", "already_granted")
    session.add(Grant(member_id=member_id, version=version, grant=grant, created_at=deps.now()))
    try:
        session.flush()
    except IntegrityError:
        raise Conflict("That member already holds this office key.", "already_granted") from None
